/* The RSVP form: fetch a CSRF token and a proof-of-work challenge from the
   site (the page itself stays cacheable), solve the challenge in a worker, then
   let the form go. No request leaves the site. */
(function () {
  "use strict";
  var form = document.querySelector("[data-rsvp-form]");
  if (!form) return;
  var status = form.querySelector("[data-pow-status]");
  var csrf = form.querySelector("[data-csrf]");
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

  var errors = form.querySelector("[data-errors]");
  if (errors) errors.focus();

  function say(text) { if (status) status.textContent = text; }

  function encode(challenge, solution) {
    var json = JSON.stringify({ challenge: challenge, solution: solution });
    return btoa(unescape(encodeURIComponent(json)));
  }

  fetch(form.getAttribute("data-token-url"), { credentials: "same-origin", cache: "no-store", headers: { "Accept": "application/json" } })
    .then(function (response) { if (!response.ok) throw new Error(response.status); return response.json(); })
    .then(function (data) {
      csrf.value = data.csrf;
      var worker = new Worker(form.getAttribute("data-worker-url"));
      worker.onmessage = function (event) {
        worker.terminate();
        if (event.data.error) { say(t.failed); return; }
        payload.value = encode(data.challenge, { counter: event.data.counter, derivedKey: event.data.derivedKey });
        ready = true;
        say(t.ready);
        if (waiting) { button.disabled = false; form.requestSubmit ? form.requestSubmit() : form.submit(); }
      };
      worker.postMessage(data.challenge);
    })
    .catch(function () { say(t.failed); });

  form.addEventListener("submit", function (event) {
    if (ready) { button.disabled = true; return; }
    event.preventDefault();
    waiting = true;
    button.disabled = true;
    say(t.wait);
  });
})();
