/* Catalog pages: the few behaviours beyond htmx. No inline scripts (CSP). */
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    // an HS code suggestion fills the HS code box
    var suggestion = event.target.closest("[data-hs-code]");
    if (suggestion) {
      event.preventDefault();
      var input = document.getElementById("id_hs_code");
      if (input) { input.value = suggestion.getAttribute("data-hs-code"); input.focus(); }
      return;
    }
    // share: the phone's share sheet where there is one, else copy the link
    var share = event.target.closest("[data-share]");
    if (share) {
      var url = share.getAttribute("data-share");
      if (navigator.share) {
        event.preventDefault();
        navigator.share({ title: document.title, url: url }).catch(function () {});
      } else if (navigator.clipboard) {
        event.preventDefault();
        navigator.clipboard.writeText(url).then(function () {
          share.textContent = share.getAttribute("data-copied") || share.textContent;
        });
      }
    }
  });
  // facet and sort choices submit the search form at once
  document.addEventListener("change", function (event) {
    var field = event.target.closest("[data-autosubmit]");
    if (field && field.form) { field.form.submit(); }
  });
})();
