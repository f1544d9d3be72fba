/* A troubleshooter page, enhanced. Without this script the page already works: answers are
 * links to #step, and CSS shows the step the address names. This adds
 * - the path taken so far ("question: answer" for each step), kept in the history entries, so
 *   the browser's own Back walks back through the steps and the path follows;
 * - Back and Start over buttons, and focus moved to each new question for screen readers;
 * - one report per visit when the reader leaves (pagehide), or starts over after an ending:
 *   the steps visited in order and the outcome, sent to the feedback endpoint when one is
 *   configured. */
(function () {
  "use strict";

  var root = document.querySelector("[data-kb-flow]");
  if (!root) return;
  var flowId = root.getAttribute("data-flow");
  var start = root.getAttribute("data-start");
  var steps = {};
  root.querySelectorAll(".flow-step").forEach(function (node) { steps[node.id] = node; });
  var pathNav = document.getElementById("flow-path");
  var pathList = pathNav.querySelector("ol");
  var configNode = document.getElementById("kb-search-config");
  var config = configNode ? JSON.parse(configNode.textContent) : {};

  // The visit being reported: every step shown, in order, and how it ended.
  var visit = { steps: [], outcome: "left", article: null, sent: false };

  function currentId() {
    var id = decodeURIComponent(location.hash.slice(1));
    return Object.prototype.hasOwnProperty.call(steps, id) ? id : start;
  }

  function state() {
    var value = history.state;
    return value && value.kbFlow === flowId && Array.isArray(value.path) ? value : null;
  }

  function questionOf(stepId) {
    var heading = steps[stepId] && steps[stepId].querySelector(".flow-question");
    return heading ? heading.textContent.trim() : "";
  }

  function renderPath(path) {
    pathList.textContent = "";
    path.forEach(function (entry) {
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = "#" + entry.step;
      link.textContent = questionOf(entry.step);
      var answer = document.createElement("span");
      answer.className = "flow-path-answer";
      answer.textContent = entry.answer;
      item.appendChild(link);
      item.appendChild(document.createTextNode(" "));
      item.appendChild(answer);
      pathList.appendChild(item);
    });
    pathNav.hidden = path.length === 0;
  }

  function show(focus) {
    var id = currentId();
    var path = (state() || { path: [] }).path;
    Object.keys(steps).forEach(function (key) { steps[key].classList.toggle("flow-current", key === id); });
    root.classList.add("flow-enhanced");  // CSS now shows .flow-current instead of :target
    renderPath(path);
    root.querySelectorAll(".flow-back").forEach(function (button) { button.hidden = path.length === 0; });
    if (!steps[id].classList.contains("flow-end")) {  // back among the steps: the visit goes on
      if (visit.steps[visit.steps.length - 1] !== id) visit.steps.push(id);
      visit.outcome = "left";
      visit.article = null;
    }
    if (focus) {
      var heading = steps[id].querySelector(".flow-heading");
      if (heading) heading.focus();
    }
  }

  // An answer clicked: the next entry's path is this one's plus the answer.
  root.addEventListener("click", function (event) {
    if (event.target.closest(".flow-back")) { history.back(); return; }
    var link = event.target.closest("a");
    if (!link || !root.contains(link)) return;
    if (pathNav.contains(link)) {  // a step of the path taken: back to it, the path up to it kept
      event.preventDefault();
      var index = Array.prototype.indexOf.call(pathList.children, link.closest("li"));
      history.pushState({ kbFlow: flowId, path: (state() || { path: [] }).path.slice(0, index) }, "", link.getAttribute("href"));
      show(true);
      return;
    }
    var from = link.closest(".flow-step");
    var outcome = link.getAttribute("data-outcome");
    var kind = link.getAttribute("data-kind");
    if (outcome) visit.outcome = outcome;
    if (kind === "contact") visit.outcome = "contact";
    if (kind === "article") {
      visit.outcome = "article";
      visit.article = link.getAttribute("data-article").split("#")[0];
      return;  // the browser leaves the page
    }
    if (link.classList.contains("flow-restart")) {
      event.preventDefault();
      // Starting over after an ending (solved, not solved, contact) ends that visit; a new one begins.
      if (visit.outcome !== "left") {
        report();
        visit = { steps: [], outcome: "left", article: null, sent: false };
      }
      history.pushState({ kbFlow: flowId, path: [] }, "", "#" + start);
      show(true);
      return;
    }
    var target = link.getAttribute("href");
    if (!target || target.charAt(0) !== "#" || !from) return;
    event.preventDefault();
    var path = (state() || { path: [] }).path.slice();
    if (kind === "next" || kind === "contact") path.push({ step: from.id, answer: link.textContent.trim() });
    history.pushState({ kbFlow: flowId, path: path }, "", target);
    show(true);
  });

  // The browser's Back and Forward, and links to a step from elsewhere on the page.
  window.addEventListener("popstate", function () { show(true); });
  window.addEventListener("hashchange", function () { if (!state()) show(true); });

  function report() {
    if (visit.sent || !config.endpoint || !visit.steps.length || !window.kbgenSendEvent) return;
    visit.sent = true;
    var event = { type: "flow", flow: flowId, steps: visit.steps.slice(-100), outcome: visit.outcome, locale: config.language };
    if (visit.outcome === "article" && visit.article) event.article = visit.article;
    window.kbgenSendEvent(config.endpoint, event);
  }

  window.addEventListener("pagehide", report);
  // Back from another page (the back/forward cache): a new visit starts where the reader is.
  window.addEventListener("pageshow", function (event) {
    if (event.persisted && visit.sent) {
      visit = { steps: [], outcome: "left", article: null, sent: false };
      show(false);
    }
  });

  if (!state()) history.replaceState({ kbFlow: flowId, path: [] }, "", location.href);
  show(false);
})();
