/* "Was this helpful?": sends a vote with navigator.sendBeacon (JSON as text/plain) to the
 * configured endpoint. One vote per answer per browser, remembered in localStorage and
 * changeable; no cookies and no personal data. Hidden when JavaScript cannot run it. */
(function () {
  "use strict";

  var configNode = document.getElementById("kb-search-config");
  if (!configNode) return;
  var config = JSON.parse(configNode.textContent);
  if (!config.endpoint) return;
  var strings = JSON.parse(document.getElementById("kb-feedback-strings").textContent);

  function send(event) {
    window.kbgenSendEvent(config.endpoint, event);  // kb.js, loaded before this script
  }

  function remember(key, value) {
    try { if (value === null) localStorage.removeItem(key); else localStorage.setItem(key, value); } catch (e) { /* private mode */ }
  }

  function recall(key) {
    try { return localStorage.getItem(key); } catch (e) { return null; }
  }

  document.querySelectorAll("[data-kb-feedback]").forEach(function (widget) {
    var page = widget.getAttribute("data-page");
    var question = widget.getAttribute("data-question");
    var key = "kb-vote:" + page + (question ? "#" + question : "");
    var ask = widget.querySelector(".feedback-ask");
    var why = widget.querySelector(".feedback-why");
    var thanks = widget.querySelector(".feedback-thanks");
    var thanksText = widget.querySelector(".feedback-thanks-text");
    var contact = widget.querySelector(".feedback-contact");

    function vote(helpful, reason, comment) {
      var event = { type: "vote", page: page, helpful: helpful, locale: config.language };
      if (question) event.question = question;
      if (reason) event.reason = reason;
      if (comment) event.comment = comment.slice(0, 1000);
      send(event);
      remember(key, helpful ? "yes" : "no");
    }

    function showThanks(helpful) {
      ask.hidden = true;
      why.hidden = true;
      thanks.hidden = false;
      thanksText.textContent = helpful ? strings.thanksYes : strings.thanksNo;
      if (contact) contact.hidden = helpful;
    }

    widget.querySelectorAll("[data-helpful]").forEach(function (button) {
      button.addEventListener("click", function () {
        if (button.getAttribute("data-helpful") === "true") {
          vote(true);
          showThanks(true);
        } else {
          ask.hidden = true;
          why.hidden = false;
          var first = why.querySelector("input");
          if (first) first.focus();
        }
      });
    });

    why.addEventListener("submit", function (event) {
      event.preventDefault();
      var picked = why.querySelector("input[name=reason]:checked");
      vote(false, picked ? picked.value : null, why.querySelector("textarea").value.trim());
      showThanks(false);
      thanks.querySelector(".feedback-change").focus();
    });

    widget.querySelector(".feedback-change").addEventListener("click", function () {
      remember(key, null);
      thanks.hidden = true;
      ask.hidden = false;
      widget.querySelector("[data-helpful]").focus();
    });

    var earlier = recall(key);
    if (earlier) showThanks(earlier === "yes");
    widget.hidden = false;
  });
})();
