// pdflet admin: the few behaviours htmx does not cover. A static file, so the CSP needs no 'unsafe-inline'.
(function () {
  "use strict";
  document.documentElement.classList.add("js");  // shows the controls that need this script (.js-only)

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

  // Times: the server writes <time datetime="…Z"> in UTC; show them relative ("3 days ago") in the
  // browser's own time zone, with the exact local time on hover. Without JavaScript the UTC text stays.
  var UNITS = [["year", 31536000], ["month", 2592000], ["week", 604800], ["day", 86400], ["hour", 3600],
               ["minute", 60]];
  var relative = window.Intl && Intl.RelativeTimeFormat ?
    new Intl.RelativeTimeFormat(document.documentElement.lang || "en", { numeric: "auto" }) : null;
  var exact = window.Intl ? new Intl.DateTimeFormat(undefined, {
    year: "numeric", month: "short", day: "numeric", hour: "2-digit", minute: "2-digit", timeZoneName: "short"
  }) : null;

  // Whole units, rounded towards now: a grace period of 23 h 59 min reads "in 23 hours", as the server says.
  function relativeText(date) {
    var seconds = (date.getTime() - Date.now()) / 1000;
    for (var i = 0; i < UNITS.length; i++) {
      if (Math.abs(seconds) >= UNITS[i][1]) { return relative.format(Math.trunc(seconds / UNITS[i][1]), UNITS[i][0]); }
    }
    return seconds < 0 ? "just now" : "in a minute";
  }

  function showTimes(root) {
    if (!relative || !exact || !root.querySelectorAll) { return; }
    root.querySelectorAll("time[datetime]").forEach(function (el) {
      var date = new Date(el.getAttribute("datetime"));
      if (isNaN(date.getTime())) { return; }
      el.textContent = relativeText(date);
      el.title = exact.format(date);
      el.classList.add("relative");
    });
  }
  showTimes(document);
  document.addEventListener("htmx:load", function (event) { showTimes(event.detail.elt); });
  setInterval(function () { showTimes(document); }, 60000);

  // Confirmations: a styled <dialog> instead of the browser's confirm() for every hx-confirm.
  // The form names its action (data-confirm-action) so the button says what will happen.
  document.addEventListener("htmx:confirm", function (event) {
    var dialog = document.getElementById("confirm-dialog");
    if (!event.detail.question || !dialog || typeof dialog.showModal !== "function") { return; }
    event.preventDefault();
    var source = event.detail.elt.closest("[data-confirm-action]") || event.detail.elt;
    var ok = document.getElementById("confirm-ok");
    document.getElementById("confirm-text").textContent = event.detail.question;
    ok.textContent = source.getAttribute("data-confirm-action") || "Confirm";
    ok.classList.toggle("danger-solid", source.hasAttribute("data-confirm-danger"));
    ok.classList.toggle("primary", !source.hasAttribute("data-confirm-danger"));
    dialog.returnValue = "";
    dialog.addEventListener("close", function () {
      if (dialog.returnValue === "ok") { event.detail.issueRequest(true); }
    }, { once: true });
    dialog.showModal();
  });

  // "Copy as curl" on Try it: the same request for the API, the key read from $PDFLET_API_KEY.
  function shellQuote(text) { return "'" + text.replace(/'/g, "'\\''") + "'"; }

  function curlCommand(form) {
    var value = function (name) { var f = form.elements.namedItem(name); return f ? f.value.trim() : ""; };
    var body = { html: form.elements.namedItem("html").value };
    var options = {};
    if (value("css")) { body.css = form.elements.namedItem("css").value; }
    if (value("renderer")) { body.renderer = value("renderer"); }
    ["page_size", "orientation", "margin"].forEach(function (name) { if (value(name)) { options[name] = value(name); } });
    body.options = options;
    return ["curl -sS --fail-with-body -X POST " + shellQuote(window.location.origin + "/api/v1/pdf/"),
            "-H \"X-API-Key: $PDFLET_API_KEY\"", "-H 'Content-Type: application/json'",
            "--data-binary " + shellQuote(JSON.stringify(body)), "-o document.pdf"].join(" \\\n  ");
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-curl-from]");
    if (!button) { return; }
    var form = document.querySelector(button.getAttribute("data-curl-from"));
    var out = document.getElementById("curl-command");
    if (!form || !out) { return; }
    out.textContent = curlCommand(form);
    out.hidden = false;
    var label = button.textContent;
    copyText(out.textContent).then(function () { button.textContent = "Copied!"; },
      function () { button.textContent = "Select and copy it below"; })
      .finally(function () { setTimeout(function () { button.textContent = label; }, 2500); });
  });
})();
