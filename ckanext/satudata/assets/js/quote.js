/* The review page's "Kutip di catatan" button: appends a file check's
 * findings (data-module-text) to the walidata's note (data-module-target),
 * so that a return can quote them. */
this.ckan.module('satudata-quote', function ($) {
  return {
    options: {target: '#note', text: ''},
    initialize: function () {
      var options = this.options;
      this.el.on('click', function () {
        var note = $(options.target);
        var current = note.val();
        note.val((current ? current.replace(/\s+$/, '') + '\n' : '') + options.text).trigger('focus');
      });
    }
  };
});
