/* Select2's own messages in the page's language.
 *
 * CKAN's autocomplete module gives Select2 three of its messages (no
 * results, too short, searching); the others (the search box's label
 * "Search", "Remove item", "Loading more results…") stay Select2's English.
 * base.html puts them, translated by the portal's catalogue, in
 * <script type="application/json" id="satudata-select2-language">; this
 * makes them Select2's defaults, which CKAN's own three extend. Loaded after
 * CKAN's vendor bundle (Select2) and before CKAN initialises its modules
 * (on DOM ready). */
(function ($) {
  'use strict';
  var source = document.getElementById('satudata-select2-language');
  if (!$ || !$.fn.select2 || !$.fn.select2.defaults || !source) { return; }
  var texts;
  try { texts = JSON.parse(source.textContent); } catch (e) { return; }
  var language = {};
  Object.keys(texts).forEach(function (key) {
    language[key] = function () { return texts[key]; };
  });
  $.fn.select2.defaults.set('language', language);
})(window.jQuery);
