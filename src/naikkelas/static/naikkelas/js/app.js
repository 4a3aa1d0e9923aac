/* NaikKelas: the little behaviour pages need beyond htmx. No inline scripts (CSP). */
(function () {
  "use strict";

  function onRegionOption(button) {
    var targetId = button.getAttribute("data-target");
    var results = button.closest(".region-results");
    if (results && results.hasAttribute("data-region-links")) {
      window.location.href = "/regions/" + encodeURIComponent(button.dataset.code) + "/";
      return;
    }
    var picker = document.getElementById(targetId);
    var root = picker ? picker.closest("[data-region-picker]") : null;
    if (!root) { return; }
    root.querySelector("[data-region-code]").value = button.dataset.code;
    var chosen = root.querySelector("[data-region-chosen]");
    chosen.textContent = button.dataset.label + " (" + button.dataset.code + ")";
    picker.value = "";
    root.querySelector(".region-results").innerHTML = "";
    picker.focus();
  }

  document.addEventListener("click", function (event) {
    var option = event.target.closest("[data-region-option]");
    if (option) {
      event.preventDefault();
      onRegionOption(option);
    }
  });

  // Arrow keys move between the search box and the options.
  document.addEventListener("keydown", function (event) {
    var target = event.target;
    if (event.key !== "ArrowDown" && event.key !== "ArrowUp") { return; }
    var container = null;
    if (target.matches("input[type=search]")) {
      container = document.getElementById(target.getAttribute("hx-target").slice(1));
      if (container && event.key === "ArrowDown") {
        var first = container.querySelector("[data-region-option]");
        if (first) { event.preventDefault(); first.focus(); }
      }
      return;
    }
    if (target.matches("[data-region-option]")) {
      var options = Array.prototype.slice.call(
        target.closest(".region-results").querySelectorAll("[data-region-option]"));
      var index = options.indexOf(target) + (event.key === "ArrowDown" ? 1 : -1);
      if (index >= 0 && index < options.length) { event.preventDefault(); options[index].focus(); }
    }
  });

  // Confirm before a destructive form is sent (data-confirm on the form).
  document.addEventListener("submit", function (event) {
    var message = event.target.getAttribute("data-confirm");
    if (message && !window.confirm(message)) { event.preventDefault(); }
  });
})();
