/* The close buttons CKAN's scripts draw, named in the page's language.
 *
 * CKAN 2.12's toast.js (the flash messages) and confirm.js (the
 * confirmation dialog) write aria-label="Close" into their HTML without
 * passing it through ckan.i18n, so a screen reader and the button's tooltip
 * say "Close" on an Indonesian page. base.html gives the translated word in
 * <html data-satudata-close="…">; this relabels every such button as it
 * appears. */
(function () {
  'use strict';
  var label = document.documentElement.getAttribute('data-satudata-close');
  if (!label || !window.MutationObserver) { return; }
  function relabel(root) {
    if (!root.querySelectorAll) { return; }
    root.querySelectorAll('.btn-close[aria-label="Close"]').forEach(function (button) {
      button.setAttribute('aria-label', label);
    });
  }
  relabel(document);
  new MutationObserver(function (changes) {
    changes.forEach(function (change) {
      change.addedNodes.forEach(function (node) {
        if (node.nodeType === 1) { relabel(node.parentNode || node); }
      });
    });
  }).observe(document.documentElement, {childList: true, subtree: true});
})();
