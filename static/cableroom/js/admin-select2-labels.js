// The admin's autocomplete (select2) adds a search box to each several-values field
// without a name, so a screen reader announces an unlabelled field. Name it after the
// field's own <label>. select2 starts from jQuery's ready handlers, which run
// asynchronously and may come after "load", and it can build a search box again later:
// so the boxes are named whenever the page's elements change, from DOMContentLoaded on.
// Without JavaScript the plain <select multiple> keeps its <label> and needs nothing.
(function () {
  "use strict";
  function nameSearchBoxes() {
    document.querySelectorAll("select.admin-autocomplete[multiple]").forEach(function (select) {
      var label = select.id && document.querySelector('label[for="' + select.id + '"]');
      var container = select.nextElementSibling;
      if (!label || !container || !container.classList.contains("select2")) {
        return;
      }
      var search = container.querySelector(".select2-search__field:not([aria-label])");
      if (search) {
        search.setAttribute("aria-label", label.textContent.replace(/:\s*$/, "").trim() + ": search");
      }
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    nameSearchBoxes();
    // Only added or removed elements: setting aria-label does not call this again.
    new MutationObserver(nameSearchBoxes).observe(document.body, { childList: true, subtree: true });
  });
})();
