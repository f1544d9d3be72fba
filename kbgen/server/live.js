// kbgen serve: reload the page when the site changes. Long-polls the server's epoch; a new
// epoch means a save was built (or failed: the page then shows the error overlay).
(function () {
  "use strict";
  var me = document.currentScript;
  var epoch = me.getAttribute("data-epoch");
  var poll = me.getAttribute("data-poll");
  var key = "kbgen-scroll:" + location.pathname;
  var saved = sessionStorage.getItem(key);
  if (saved !== null) {
    sessionStorage.removeItem(key);
    window.addEventListener("load", function () { window.scrollTo(0, Number(saved)); });
  }
  function wait(delay) {
    setTimeout(function () {
      fetch(poll + "?epoch=" + encodeURIComponent(epoch), { cache: "no-store" })
        .then(function (response) {
          if (!response.ok) throw new Error("poll failed: " + response.status);
          return response.json();
        })
        .then(function (data) {
          if (data.epoch !== epoch) {
            sessionStorage.setItem(key, String(window.scrollY));
            location.reload();
          } else {
            wait(0);
          }
        })
        .catch(function () { wait(1000); });  // server restarting: keep asking
    }, delay);
  }
  wait(0);
})();
