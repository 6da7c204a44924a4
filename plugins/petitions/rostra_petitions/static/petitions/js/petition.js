/* The live counter (polls the petition's count.json, itself cached one counting
   interval) and the "copy the link" button. */
(function () {
  "use strict";
  var counter = document.querySelector("[data-petition-counter]");
  if (counter) {
    var url = counter.getAttribute("data-count-url");
    var interval = Math.max(2, parseInt(counter.getAttribute("data-interval"), 10) || 5) * 1000;
    var number = counter.querySelector("[data-count]");
    var bar = counter.querySelector("[data-progress]");
    var format = new Intl.NumberFormat(document.documentElement.lang || "fr");
    var poll = function () {
      if (document.hidden) return;
      fetch(url, { credentials: "omit" })
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (data) {
          if (!data) return;
          number.textContent = format.format(data.signatures);
          if (bar) bar.value = Math.min(data.signatures, data.goal);
        })
        .catch(function () {});
    };
    setInterval(poll, interval);
    document.addEventListener("visibilitychange", poll);
  }
  var copy = document.querySelector("[data-copy]");
  if (copy && navigator.clipboard) {
    copy.hidden = false;
    copy.addEventListener("click", function () {
      navigator.clipboard.writeText(copy.getAttribute("data-copy")).then(function () {
        copy.setAttribute("aria-pressed", "true");
      });
    });
  }
})();
