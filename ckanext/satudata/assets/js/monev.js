/* The monev dashboard's charts (templates/satudata/monev.html), drawn by
 * Chart.js (served by the portal, assets/vendor/chartjs) from the figures
 * the page carries as JSON: per-OPD bars stacked by quality rating, the
 * monthly publication trend, the schedule's and the quality's shares. */
this.ckan.module('satudata-monev', function ($) {
  var COLOURS = {quality: ['#1e6b34', '#1f5f8b', '#8a5300', '#a4262c'],
                 schedule: ['#1e6b34', '#8a5300', '#c05600', '#a4262c', '#595959']};
  function doughnut(canvas, part, colours) {
    return new Chart(canvas, {type: 'doughnut',
      data: {labels: part.labels, datasets: [{data: part.values, backgroundColor: colours}]},
      options: {responsive: true, maintainAspectRatio: false, animation: false,
                plugins: {legend: {position: 'bottom'}}}});
  }
  return {
    options: {source: ''},
    initialize: function () {
      var data = JSON.parse($(this.options.source).text());
      var el = this.el;
      var ratings = Object.keys(data.opd.ratings);
      el.find('canvas[data-chart=opd]').each(function () {
        new Chart(this, {type: 'bar',
          data: {labels: data.opd.labels, datasets: ratings.map(function (name, i) {
            return {label: name, data: data.opd.ratings[name], backgroundColor: COLOURS.quality[i]};
          })},
          options: {indexAxis: 'y', responsive: true, maintainAspectRatio: false, animation: false,
                    scales: {x: {stacked: true, beginAtZero: true, ticks: {precision: 0}},
                             y: {stacked: true, ticks: {autoSkip: false}}},
                    plugins: {legend: {position: 'bottom'}}}});
      });
      el.find('canvas[data-chart=monthly]').each(function () {
        new Chart(this, {type: 'line',
          data: {labels: data.monthly.labels,
                 datasets: [{label: data.monthly.label, data: data.monthly.values,
                             borderColor: '#1f5f8b', backgroundColor: '#1f5f8b'}]},
          options: {responsive: true, maintainAspectRatio: false, animation: false,
                    scales: {y: {beginAtZero: true, ticks: {precision: 0}}},
                    plugins: {legend: {display: false}}}});
      });
      el.find('canvas[data-chart=schedule]').each(function () { doughnut(this, data.schedule, COLOURS.schedule); });
      el.find('canvas[data-chart=quality]').each(function () { doughnut(this, data.quality, COLOURS.quality); });
      el.attr('data-drawn', 'true');
    }
  };
});
