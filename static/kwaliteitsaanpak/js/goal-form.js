// The goal form: choosing a core theme ticks the findings on that theme, as long as none has been ticked by hand.
(function () {
  "use strict";
  var theme = document.getElementById("id_theme");
  if (!theme) return;
  var boxes = Array.prototype.slice.call(document.querySelectorAll('input[name="findings"]'));
  theme.addEventListener("change", function () {
    if (boxes.some(function (box) { return box.checked && box.dataset.topic !== theme.dataset.previous; })) return;
    boxes.forEach(function (box) { box.checked = box.dataset.topic === theme.value; });
    theme.dataset.previous = theme.value;
  });
})();
