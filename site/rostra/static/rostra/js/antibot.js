/* The proof of work of a public form (rostra.antibot): the challenge comes
   with the page (data-challenge), or, for a page kept cacheable, from the site
   with a CSRF token (data-token-url); a worker solves it, and the form goes
   once the answer is in its "altcha" field. A form may word its own "ready"
   line, already translated (data-ready-text). No request leaves the site. */
(function () {
  "use strict";
  var form = document.querySelector("form[data-antibot]");
  if (!form) return;
  var status = form.querySelector("[data-pow-status]");
  var payload = form.querySelector("input[name=altcha]");
  var button = form.querySelector("button[type=submit]");
  var ready = false;
  var waiting = false;
  var texts = {
    fr: { ready: "Vérification terminée : vous pouvez envoyer.", wait: "Encore un instant, la vérification se termine…", failed: "La vérification n'a pas abouti. Rechargez la page et réessayez." },
    en: { ready: "Check complete: you can send.", wait: "One moment, the check is finishing…", failed: "The check did not complete. Reload the page and try again." }
  };
  var lang = (document.documentElement.lang || "fr").slice(0, 2);
  var t = texts[lang] || texts.fr;
  if (form.getAttribute("data-ready-text")) t.ready = form.getAttribute("data-ready-text");

  var errors = form.querySelector("[data-errors]");
  if (errors) errors.focus();

  function say(text) { if (status) status.textContent = text; }

  function solve(challenge) {
    var worker = new Worker(form.getAttribute("data-worker-url"));
    worker.onmessage = function (event) {
      worker.terminate();
      if (event.data.error) { say(t.failed); return; }
      var json = JSON.stringify({ challenge: challenge, solution: { counter: event.data.counter, derivedKey: event.data.derivedKey } });
      payload.value = btoa(unescape(encodeURIComponent(json)));
      ready = true;
      say(t.ready);
      if (waiting) { button.disabled = false; form.requestSubmit ? form.requestSubmit() : form.submit(); }
    };
    worker.postMessage(challenge);
  }

  var tokenUrl = form.getAttribute("data-token-url");
  if (tokenUrl) {
    fetch(tokenUrl, { credentials: "same-origin", cache: "no-store", headers: { "Accept": "application/json" } })
      .then(function (response) { if (!response.ok) throw new Error(response.status); return response.json(); })
      .then(function (data) { form.querySelector("[data-csrf]").value = data.csrf; solve(data.challenge); })
      .catch(function () { say(t.failed); });
  } else {
    try { solve(JSON.parse(form.getAttribute("data-challenge"))); } catch (error) { say(t.failed); }
  }

  form.addEventListener("submit", function (event) {
    if (ready) { button.disabled = true; return; }
    event.preventDefault();
    waiting = true;
    button.disabled = true;
    say(t.wait);
  });
})();
