/* kbgen search UI: as-you-type results under every search box, and the /search/ page.
 * The index loads on first use, in a Worker. Results are built from DOM text nodes only:
 * no query or content text ever goes through innerHTML. */
(function () {
  "use strict";

  var forms = Array.prototype.slice.call(document.querySelectorAll("form.search-form"));
  var configNode = document.getElementById("kb-search-config");
  if (!forms.length || !configNode) return;
  var config = JSON.parse(configNode.textContent);
  var client = null;
  // An --offline site is opened from disk: addresses are found from where this script sits.
  var ownSrc = document.currentScript && document.currentScript.src;
  var root = config.offline && ownSrc ? ownSrc.replace(/assets\/search\/[^\/]*$/, "") : null;

  function resolve(url) {  // a site address including the base path -> what this page can load
    return root ? root + url.slice(config.basePath.length) : url;
  }

  // ---- the search host: a Worker, or the same code in the page where Workers are unavailable ----

  function createClient() {
    var listeners = [];
    var callbacks = {};
    var nextId = 1;
    var stage = 0;
    var failed = false;
    var send;

    function receive(message) {
      if (message.type === "ready") stage = message.stage;
      if (message.type === "error") failed = true;
      if (message.type === "results" && callbacks[message.id]) {
        callbacks[message.id](message);
        delete callbacks[message.id];
      }
      listeners.forEach(function (fn) { fn(message); });
    }

    function inPage() {
      var urls = config.scripts.concat([config.worker]).map(resolve);
      var queue = [];
      send = function (m) { queue.push(m); };
      urls.reduce(function (chain, url) {
        return chain.then(function () { return loadScript(url); });
      }, Promise.resolve()).then(function () {
        var loadData = root ? function (role, url) {
          return loadScript(resolve(url)).then(function () { return window.kbgenSearchData[role]; });
        } : null;
        var host = window.kbgenCreateSearchHost(function (m) { setTimeout(function () { receive(m); }, 0); }, function () {},
                                                loadData);
        send = function (m) { host(m); };
        queue.forEach(send);
      }).catch(function () { receive({ type: "error", message: "search could not load" }); });
    }

    try {
      if (root) throw new Error("file:// pages cannot start Workers");
      var worker = new Worker(config.worker);
      worker.onmessage = function (event) { receive(event.data); };
      worker.onerror = function (event) { event.preventDefault(); worker.terminate(); inPage(); send({ type: "init", config: config }); };
      send = function (m) { worker.postMessage(m); };
      send({ type: "init", config: config, supplied: ["scripts", "quickMeta", "fullMeta"] });
      prefetch(function (role, value) { send({ type: "supplied", role: role, value: value }); });
    } catch (e) {
      inPage();
      send({ type: "init", config: config });
    }

    return {
      query: function (q, options, callback) {
        var id = nextId++;
        callbacks[id] = callback;
        send({ type: "query", id: id, q: q, typing: !!options.typing, limit: options.limit || 8,
               offset: options.offset || 0, full: !!options.full });
      },
      onMessage: function (fn) { listeners.push(fn); },
      ready: function () { return stage > 0; },
      stage: function () { return stage; },
      failed: function () { return failed; },
    };
  }

  // What the worker needs first, fetched while the worker's own script loads: on slow 4G each
  // round trip is 150 ms or more. Each arrives as `deliver(role, value)`, null when it failed (the
  // worker then fetches it itself, and reports the error).
  function prefetch(deliver) {
    function get(url, init, read) {
      return fetch(url, init).then(function (response) { return response.ok ? read(response) : null; }).catch(function () { return null; });
    }
    Promise.all(config.scripts.map(function (url) { return get(url, undefined, function (r) { return r.text(); }); }))
      .then(function (texts) { deliver("scripts", texts.indexOf(null) < 0 ? texts : null); });
    // The meta files keep their names from build to build: the host is asked whether they changed.
    get(config.quickMeta, { cache: "no-cache" }, function (r) { return r.json(); }).then(function (meta) { deliver("quickMeta", meta); });
    get(config.fullMeta, { cache: "no-cache" }, function (r) { return r.json(); }).then(function (meta) { deliver("fullMeta", meta); });
  }

  function loadScript(url) {
    return new Promise(function (resolve, reject) {
      var script = document.createElement("script");
      script.src = url;
      script.onload = resolve;
      script.onerror = reject;
      document.head.appendChild(script);
    });
  }

  function getClient() {
    if (!client) client = createClient();
    return client;
  }

  // ---- rendering helpers (text nodes only) ----

  // A reader's query may hold "$&" or "$1": String.replace would read them as patterns.
  function substitute(template, placeholder, value) {
    return template.split(placeholder).join(value);
  }

  // "{n} results" in the page's language: CLDR plural forms picked by Intl.PluralRules.
  function countText(forms, n) {
    var text = forms;
    if (typeof forms !== "string") {
      var category = "other";
      try { category = new Intl.PluralRules(config.language).select(n); } catch (e) { /* old browser */ }
      text = forms[category] || forms.other;
    }
    var shown = String(n);
    try { shown = new Intl.NumberFormat(config.language).format(n); } catch (e) { /* old browser */ }
    return substitute(text, "{n}", shown);
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.appendChild(document.createTextNode(text));
    return node;
  }

  function marked(tag, className, text, marks) {
    var node = el(tag, className);
    var at = 0;
    (marks || []).forEach(function (range) {
      if (range[0] > at) node.appendChild(document.createTextNode(text.slice(at, range[0])));
      node.appendChild(el("mark", null, text.slice(range[0], range[1])));
      at = range[1];
    });
    if (at < text.length) node.appendChild(document.createTextNode(text.slice(at)));
    return node;
  }

  function href(url) {  // a result's site path -> a link from this page
    if (!root) return config.basePath.replace(/\/$/, "") + url;
    var hash = url.indexOf("#");
    var path = (hash < 0 ? url : url.slice(0, hash)).replace(/^\//, "");
    if (path === "" || path.slice(-1) === "/") path += "index.html";
    return root + path + (hash < 0 ? "" : url.slice(hash));
  }

  function fill(link, result) {
    link.href = href(result.url);
    link.appendChild(marked("span", "result-title", result.title, result.titleMarks));
    if (result.flow) link.appendChild(el("span", "result-kind", config.strings.flowBadge));  // a troubleshooter
    if (result.crumb) link.appendChild(el("span", "result-crumb", result.crumb));
    if (result.excerpt) link.appendChild(marked("span", "result-excerpt", result.excerpt, result.excerptMarks));
  }

  function noResults(container, q) {
    container.appendChild(el("p", "search-empty", substitute(config.strings.noResults, "{query}", q)));
    // Nothing in this language: the same query in the default language is one click away.
    if (config.fallback && !config.offline) {
      var again = el("p", "search-fallback");
      var link = el("a", null, config.fallback.text);
      link.href = config.fallback.url + "?q=" + encodeURIComponent(q);
      link.hreflang = config.fallback.language;
      again.appendChild(link);
      container.appendChild(again);
    }
    if (config.contact && config.contact.href) {
      var p = el("p", "search-contact", config.strings.contactPrompt + " ");
      var a = el("a", null, config.contact.label);
      a.href = config.contact.href;
      p.appendChild(a);
      container.appendChild(p);
    }
  }

  // ---- what readers search for, for the feedback report: each submitted search once (and each
  // suggestion picked while typing) with its result count and the result opened, if any. Kept for
  // the page and sent in one beacon when the reader leaves it, so typing costs the endpoint nothing.

  var searchLog = [];

  function logSearch(q, total) {
    if (!config.endpoint) return {};
    var entry = { query: q.slice(0, 200), results: total };
    searchLog.push(entry);
    return entry;
  }

  function sitePath(href) {  // a result's address as the site names it: no base path, decoded
    var url = new URL(href, window.location.href);
    var path = url.pathname;
    var base = config.basePath.replace(/\/$/, "");
    if (base && path.indexOf(base + "/") === 0) path = path.slice(base.length);
    try { path = decodeURI(path); } catch (e) { /* keep it encoded */ }
    return (path + url.hash).slice(0, 300);
  }

  function sendSearchLog() {
    if (!searchLog.length || !window.kbgenSendEvent) return;
    window.kbgenSendEvent(config.endpoint, { type: "searches", items: searchLog.slice(0, 20), locale: config.language });
    searchLog = [];
  }

  window.addEventListener("pagehide", sendSearchLog);
  document.addEventListener("visibilitychange", function () { if (document.visibilityState === "hidden") sendSearchLog(); });

  // ---- as-you-type results under a search box ----

  function attach(form) {
    var input = form.querySelector("input[type=search]");
    var box = form.querySelector(".search-suggest");
    var status = form.querySelector(".search-status");
    var options = [];
    var active = -1;
    var timer = null;
    var lastQuery = "";
    var lastTotal = 0;

    function picked(link) {  // a suggestion opened: a search of its own, with its result
      if (lastQuery) logSearch(lastQuery, lastTotal).clicked = sitePath(link.href);
    }
    box.addEventListener("click", function (event) {
      var link = event.target.closest("a.search-option");
      if (link) picked(link);
    });

    function close() {
      box.hidden = true;
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function setActive(index) {
      if (!options.length) return;
      if (active >= 0) options[active].setAttribute("aria-selected", "false");
      active = (index + options.length) % options.length;
      options[active].setAttribute("aria-selected", "true");
      input.setAttribute("aria-activedescendant", options[active].id);
      options[active].scrollIntoView({ block: "nearest" });
    }

    function show(message) {
      if (message.q !== input.value.trim()) return;
      box.textContent = "";
      options = [];
      active = -1;
      input.removeAttribute("aria-activedescendant");
      if (!message.results.length) {
        noResults(box, message.q);
      } else {
        message.results.forEach(function (result, i) {
          var link = el("a", "search-option");
          link.id = box.id + "-" + i;
          link.setAttribute("role", "option");
          link.setAttribute("aria-selected", "false");
          link.tabIndex = -1;
          fill(link, result);
          box.appendChild(link);
          options.push(link);
        });
        var all = el("a", "search-all", config.strings.allResults);
        all.href = form.action + "?q=" + encodeURIComponent(message.q);
        box.appendChild(all);
      }
      lastTotal = message.total;
      status.textContent = message.results.length ? countText(config.strings.resultCount, message.total)
        : substitute(config.strings.noResults, "{query}", message.q);
      box.hidden = false;
    }

    function run() {
      var q = input.value.trim();
      lastQuery = q;
      if (!q) { close(); return; }
      var search = getClient();
      if (!search.ready()) {
        box.textContent = "";
        box.appendChild(el("p", "search-loading", config.strings.loading));
        box.hidden = false;
      }
      search.query(q, { typing: true, limit: 8 }, show);
    }

    function warmUp() {
      var search = getClient();
      if (!search.ready()) {
        form.classList.add("is-loading");
        input.setAttribute("aria-busy", "true");
        search.onMessage(function (m) {
          if (m.type === "ready" || m.type === "error") {
            form.classList.remove("is-loading");
            input.removeAttribute("aria-busy");
            if (m.type === "ready" && lastQuery) run();
          }
        });
      }
    }

    input.addEventListener("focus", warmUp);
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(run, 60);
    });
    input.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown") { event.preventDefault(); if (box.hidden) run(); else setActive(active + 1); }
      else if (event.key === "ArrowUp") { event.preventDefault(); setActive(active - 1); }
      else if (event.key === "Escape") {
        if (!box.hidden) { event.preventDefault(); close(); }
        else if (input.value) { event.preventDefault(); input.value = ""; }
      } else if (event.key === "Enter" && active >= 0 && !box.hidden) {
        event.preventDefault();
        picked(options[active]);
        window.location.href = options[active].href;
      }
    });
    document.addEventListener("click", function (event) {
      if (!form.contains(event.target)) close();
    });
    form.addEventListener("focusout", function (event) {
      if (!form.contains(event.relatedTarget)) close();
    });
  }

  // ---- the /search/ page ----

  var PAGE = 10; // results per page

  function searchPage(results) {
    var params = new URLSearchParams(window.location.search);
    var q = (params.get("q") || "").trim();
    var heading = document.getElementById("search-heading");
    forms.forEach(function (form) { form.querySelector("input[type=search]").value = q; });
    if (!q) return;
    var search = getClient();
    heading.textContent = substitute(config.strings.resultsFor, "{query}", q);
    document.title = heading.textContent + " – " + config.siteTitle;
    results.setAttribute("aria-busy", "true");
    results.textContent = "";
    results.appendChild(el("p", "search-loading", config.strings.loading));

    var list = null;
    var more = null;
    var shown = 0;
    var entry = null;  // this search in the log
    results.addEventListener("click", function (event) {
      var link = event.target.closest("a.search-result");
      if (link && entry) entry.clicked = sitePath(link.href);
    });

    // The first PAGE results, then PAGE more on each press of "More results": each page fetches
    // the result stores of its own results only.
    function render(message) {
      results.removeAttribute("aria-busy");
      if (message.offset === 0) {
        results.textContent = "";
        if (!entry) entry = logSearch(q, message.total);
        if (!message.results.length) {
          noResults(results, q);
          return;
        }
        results.appendChild(el("p", "search-count", countText(config.strings.resultCount, message.total)));
        list = el("ol", "search-result-list");
        results.appendChild(list);
        shown = 0;
      }
      if (more) { more.remove(); more = null; }
      var first = null;
      message.results.forEach(function (result) {
        var item = el("li");
        var link = el("a", "search-result");
        fill(link, result);
        item.appendChild(link);
        list.appendChild(item);
        first = first || link;
      });
      shown += message.results.length;
      if (message.offset > 0 && first) first.focus(); // a keyboard reader continues where the new results start
      if (shown < message.total && message.results.length === PAGE) {
        more = el("button", "button search-more", config.strings.moreResults);
        more.type = "button";
        more.addEventListener("click", function () {
          more.disabled = true;
          results.setAttribute("aria-busy", "true");
          search.query(q, { typing: false, limit: PAGE, offset: shown, full: true }, render);
        });
        results.appendChild(more);
      }
    }

    search.query(q, { typing: false, limit: PAGE, full: true }, render);
    search.onMessage(function (m) {
      if (m.type === "error") {
        results.textContent = "";
        results.removeAttribute("aria-busy");
        results.appendChild(el("p", "search-empty", config.strings.unavailable));
      }
    });
  }

  forms.forEach(attach);
  var results = document.getElementById("search-results");
  if (results) searchPage(results);
})();
