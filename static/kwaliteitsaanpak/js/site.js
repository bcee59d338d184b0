// Behaviour every page shares; loaded at the end of <body> by base.html. No inline script anywhere (the Content
// Security Policy forbids it): pages mark what they need with ids and data attributes.
(function () {
  "use strict";

  // A form with errors: its error summary takes the focus, so a screen reader reads the problems first.
  function focusErrorSummary(root) {
    var summary = (root || document).querySelector("#error-summary");
    if (summary) summary.focus();
  }

  focusErrorSummary(document);
  // A form swapped in by htmx brings its own summary.
  document.body.addEventListener("htmx:afterSwap", function (event) {
    focusErrorSummary(event.target);
  });
})();
