// pdflet admin: the few behaviours htmx does not cover. A static file, so the CSP needs no 'unsafe-inline'.
(function () {
  "use strict";

  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text);
    }
    return new Promise(function (resolve, reject) {
      var area = document.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.className = "visually-hidden";
      document.body.appendChild(area);
      area.select();
      try { document.execCommand("copy") ? resolve() : reject(new Error("copy refused")); }
      catch (err) { reject(err); }
      finally { document.body.removeChild(area); }
    });
  }

  // Copy buttons: <button data-copy="#input-id">; delegated, so buttons swapped in by htmx work too.
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-copy]");
    if (!button) { return; }
    var source = document.querySelector(button.getAttribute("data-copy"));
    if (!source) { return; }
    var label = button.textContent;
    copyText(source.value || source.textContent).then(function () {
      button.textContent = button.getAttribute("data-copied-text") || "Copied";
    }, function () {
      source.focus();
      source.select();
      button.textContent = "Press Ctrl+C";
    }).finally(function () {
      setTimeout(function () { button.textContent = label; }, 2500);
    });
  });

  // Read-only key fields select their whole value on focus, ready to copy by hand.
  document.addEventListener("focusin", function (event) {
    if (event.target.matches && event.target.matches("[data-select-on-focus]")) { event.target.select(); }
  });

  // A new key must not survive leaving the page: wipe it before the page may enter the
  // back/forward cache, so "Back" cannot bring it back either.
  window.addEventListener("pagehide", function () {
    var panel = document.getElementById("key-created");
    if (panel) { panel.replaceChildren(); panel.className = ""; }
  });

  // After htmx shows a new key, move focus to it so keyboard and screen-reader users notice it.
  document.addEventListener("htmx:afterSettle", function () {
    var panel = document.querySelector("#key-created.key-created");
    if (panel && !panel.dataset.focused) {
      panel.dataset.focused = "1";
      var input = panel.querySelector("input");
      (input || panel).focus();
    }
  });
})();
