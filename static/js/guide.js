// The guide works without this file. With htmx, move focus to the new question or result
// after each swap, so keyboard and screen-reader users continue from there.
(function () {
  function focusStep() {
    var target = document.querySelector("#guide-panel [data-autofocus]");
    if (target) {
      target.focus();
    }
  }
  document.addEventListener("htmx:afterSettle", function (event) {
    if (event.target && event.target.id === "guide-panel") {
      focusStep();
    }
  });
  document.addEventListener("htmx:historyRestore", focusStep);
})();
