// "Copy link" for paragraph anchors. Without JavaScript each ¶ is already a plain link
// to its paragraph; with it, a button beside it copies the permanent address.
(function () {
  "use strict";
  var canonical = document.querySelector('link[rel="canonical"]');
  if (!canonical || !navigator.clipboard) {
    return;
  }
  function announce(button, text) {
    var note = document.createElement("span");
    note.className = "copied";
    note.setAttribute("role", "status");
    note.textContent = text;
    button.after(note);
    setTimeout(function () { note.remove(); }, 2000);
  }
  document.querySelectorAll(".paragraph .para-link").forEach(function (anchor) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "copy-link";
    button.textContent = "Copy link";
    button.addEventListener("click", function () {
      var url = canonical.href + anchor.getAttribute("href");
      navigator.clipboard.writeText(url).then(
        function () { announce(button, "Copied"); },
        function () { announce(button, "Copy failed: use the ¶ link"); }
      );
    });
    anchor.parentNode.appendChild(button);
  });
})();
