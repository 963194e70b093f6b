/* The chart view (preview/chart.py): reads the chosen columns of the first
 * rows through datastore_search, as the Data API answers the viewer, and
 * draws them with Chart.js. On a phone the chart keeps the width of the
 * screen and a readable height (css: .satudata-chart-canvas). */
this.ckan.module('satudata-chart', function ($) {
  return {
    options: {resource: '', type: 'bar', x: '', y: '', limit: 1000, endpoint: '', error: '', skip: ''},
    initialize: function () {
      var options = this.options, el = this.el;
      var series = String(options.y).split(',').filter(function (name) { return name; });
      var x = String(options.x);
      $.ajax({
        url: options.endpoint, dataType: 'json', timeout: 20000,
        data: {resource_id: options.resource, fields: [x].concat(series).join(','),
               limit: options.limit, include_total: false}
      }).done(function (answer) {
        var skip = String(options.skip || '');
        var records = answer.result.records.filter(function (r) {
          return !skip || String(r[x]) !== skip;     // a total row is not a bar
        });
        var pie = options.type === 'pie';
        var datasets = (pie ? series.slice(0, 1) : series).map(function (name) {
          return {label: name, data: records.map(function (r) { return r[name]; })};
        });
        var chart = new Chart(el.find('canvas')[0], {
          type: options.type,
          data: {labels: records.map(function (r) { return r[x]; }), datasets: datasets},
          options: {responsive: true, maintainAspectRatio: false, animation: false,
                    plugins: {legend: {position: 'bottom'}}}
        });
        el.data('chart', chart).attr('data-drawn', records.length);
      }).fail(function () {
        el.find('.satudata-chart-canvas').replaceWith(
          $('<p class="satudata-chart-error"></p>').text(options.error));
        el.attr('data-drawn', 'error');
      });
    }
  };
});
