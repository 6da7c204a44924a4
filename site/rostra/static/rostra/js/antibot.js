/* The proof of work of a core form (rostra.antibot): the page carries its
   challenge (data-challenge), a worker solves it, and the form goes once the
   answer is in its "altcha" field. No request leaves the site. */
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

  function say(text) { if (status) status.textContent = text; }

  var challenge;
  try { challenge = JSON.parse(form.getAttribute("data-challenge")); } catch (error) { say(t.failed); return; }
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

  form.addEventListener("submit", function (event) {
    if (ready) { button.disabled = true; return; }
    event.preventDefault();
    waiting = true;
    button.disabled = true;
    say(t.wait);
  });
})();
