/* "Was this helpful?": sends a vote with navigator.sendBeacon (JSON as text/plain) to the
 * configured endpoint, when Yes or No is clicked. One vote per answer per browser, remembered in
 * localStorage with a random id and changeable; no cookies and no personal data. Hidden when
 * JavaScript cannot run it. */
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

  // One vote per answer per browser, under an id of its own: the reason and comment sent after a
  // No, or a changed answer, complete that vote (the endpoint updates its row), never a second one.
  function remember(key, record) {
    try { localStorage.setItem(key, JSON.stringify(record)); } catch (e) { /* private mode */ }
  }

  function recall(key) {
    var text = null;
    try { text = localStorage.getItem(key); } catch (e) { return {}; }
    if (text === "yes" || text === "no") return { helpful: text === "yes" };  // before votes had ids
    try { return JSON.parse(text) || {}; } catch (e) { return {}; }
  }

  function newVoteId() {
    var bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
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
    var record = recall(key);

    function vote(helpful, reason, comment) {
      record = { id: record.id || newVoteId(), helpful: helpful };
      var event = { type: "vote", id: record.id, page: page, helpful: helpful, locale: config.language };
      if (question) event.question = question;
      if (reason) event.reason = reason;
      if (comment) event.comment = comment.slice(0, 1000);
      send(event);
      remember(key, record);
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
          vote(false);  // counted now: a reader who leaves without the form said No all the same
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
      record = { id: record.id };  // the next answer replaces this vote
      remember(key, record);
      thanks.hidden = true;
      ask.hidden = false;
      widget.querySelector("[data-helpful]").focus();
    });

    if (typeof record.helpful === "boolean") showThanks(record.helpful);
    widget.hidden = false;
  });
})();
