/* kbgen default theme behaviour. Pages work without it; it only adds comfort. */
(function () {
  "use strict";

  // Sends one event of the feedback contract to the endpoint: sendBeacon (JSON as text/plain, so
  // no CORS preflight), else fetch with keepalive. Losing an event must never break the page.
  window.kbgenSendEvent = function (endpoint, event) {
    var body = JSON.stringify(event);
    try {
      if (navigator.sendBeacon && navigator.sendBeacon(endpoint, body)) return;
    } catch (e) { /* fall through to fetch */ }
    try {
      fetch(endpoint, { method: "POST", body: body, keepalive: true, headers: { "Content-Type": "text/plain" } });
    } catch (e) { /* dropped */ }
  };

  // A FAQ link such as /billing/faq/#can-i-get-a-refund opens that question.
  function openTargetedQuestion() {
    var id = decodeURIComponent(location.hash.slice(1));
    if (!id) return;
    var target = document.getElementById(id);
    if (!target) return;
    var details = target.closest("details");
    if (details && !details.open) {
      details.open = true;
      target.scrollIntoView();
    }
  }

  // Printed FAQ pages show every answer.
  function openAllForPrint() {
    var closed = document.querySelectorAll("details:not([open])");
    closed.forEach(function (d) { d.open = true; d.setAttribute("data-kb-print-opened", ""); });
  }
  function restoreAfterPrint() {
    document.querySelectorAll("details[data-kb-print-opened]").forEach(function (d) {
      d.open = false;
      d.removeAttribute("data-kb-print-opened");
    });
  }

  // The language chooser at / sends a browser whose preferred languages (in their order) include a published
  // one straight to it: the full tag first (pt-BR), then its primary subtag (es-MX -> es, zh-Hans-CN -> zh).
  // A reader who came from a page of this help center chose the chooser, and stays on it, as does one
  // whose languages match none. Without JavaScript the chooser is a list of links.
  function primarySubtag(tag) { return tag.split("-")[0]; }

  function preferredChoice(preferences, choices) {
    for (var i = 0; i < preferences.length; i++) {
      var wanted = String(preferences[i] || "").toLowerCase();
      if (!wanted) continue;
      var exact = null, primary = null, sibling = null;
      choices.forEach(function (choice) {
        var tag = (choice.getAttribute("data-language") || "").toLowerCase();
        if (!tag) return;
        if (tag === wanted) exact = exact || choice;
        else if (tag === primarySubtag(wanted)) primary = primary || choice;
        else if (primarySubtag(tag) === primarySubtag(wanted)) sibling = sibling || choice;
      });
      if (exact || primary || sibling) return exact || primary || sibling;
    }
    return null;
  }

  function cameFromThisSite() {
    if (!document.referrer) return false;
    try { return new URL(document.referrer).origin === location.origin; } catch (e) { return false; }
  }

  function redirectFromChooser() {
    if (!document.body || !document.body.classList.contains("page-languages") || cameFromThisSite()) return;
    var preferences = navigator.languages && navigator.languages.length ? navigator.languages : [navigator.language];
    var choice = preferredChoice(preferences, Array.prototype.slice.call(document.querySelectorAll("a.language-choice[data-language]")));
    if (choice && choice.href) location.replace(choice.href);
  }

  // The language switcher is a <details> menu that needs no script; this only closes it on Escape (focus back
  // on its button) and on a click or focus outside it.
  function switcherMenus() { return document.querySelectorAll(".language-switcher details[open]"); }
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    switcherMenus().forEach(function (menu) {
      var hadFocus = menu.contains(document.activeElement);
      menu.open = false;
      if (hadFocus) menu.querySelector("summary").focus();
    });
  });
  function closeIfOutside(event) {
    switcherMenus().forEach(function (menu) { if (!menu.contains(event.target)) menu.open = false; });
  }
  document.addEventListener("click", closeIfOutside);
  document.addEventListener("focusin", closeIfOutside);

  function ready() {
    redirectFromChooser();
    openTargetedQuestion();
  }

  window.addEventListener("hashchange", openTargetedQuestion);
  window.addEventListener("beforeprint", openAllForPrint);
  window.addEventListener("afterprint", restoreAfterPrint);
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", ready);
  } else {
    ready();
  }
})();
