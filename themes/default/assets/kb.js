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

  window.addEventListener("hashchange", openTargetedQuestion);
  window.addEventListener("beforeprint", openAllForPrint);
  window.addEventListener("afterprint", restoreAfterPrint);
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", openTargetedQuestion);
  } else {
    openTargetedQuestion();
  }
})();
