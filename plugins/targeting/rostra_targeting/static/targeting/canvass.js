// The canvasser's queue: each door recorded gets an id made here and waits in
// localStorage until the server has it. The server keeps each id once, so
// sending the queue again (a lost answer, two tabs) counts nothing twice.
(function () {
  "use strict";
  var KEY = "rostra-targeting-queue";
  var body = document.body;

  function queue() {
    try { return JSON.parse(localStorage.getItem(KEY) || "[]"); } catch (e) { return []; }
  }
  function save(items) { localStorage.setItem(KEY, JSON.stringify(items)); show(); }
  function show() {
    var status = document.getElementById("queue-status");
    var count = queue().length;
    status.textContent = count ? count + " ⏳" : "✓";
    status.dataset.waiting = String(count);
  }
  function newId() {
    if (window.crypto && crypto.randomUUID) { return crypto.randomUUID(); }
    return "10000000-1000-4000-8000-100000000000".replace(/[018]/g, function (c) {
      return (c ^ (crypto.getRandomValues(new Uint8Array(1))[0] & (15 >> (c / 4)))).toString(16);
    });
  }
  var sending = false;
  function flush() {
    var items = queue();
    if (sending || !items.length || !navigator.onLine) { return; }
    sending = true;
    fetch(body.dataset.syncUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": body.dataset.csrf },
      body: JSON.stringify({ visits: items })
    }).then(function (response) {
      if (response.ok) {
        var sent = {};
        items.forEach(function (item) { sent[item.id] = true; });
        save(queue().filter(function (item) { return !sent[item.id]; }));
      }
    }).catch(function () { /* offline: the queue waits */ }).then(function () { sending = false; });
  }
  document.addEventListener("click", function (event) {
    var button = event.target.closest("button[name=outcome]");
    if (!button) { return; }
    var form = button.closest("form.door");
    var email = form.querySelector("input[name=email]");
    var consent = form.querySelector("input[name=consent]");
    var item = {
      id: newId(),
      walk_list: form.dataset.walkList,
      street: form.dataset.street,
      number: form.dataset.number,
      outcome: button.value,
      at: new Date().toISOString()
    };
    // Only these outcomes may carry an email (the server checks it too): the
    // phone's queue keeps nothing personal after any other door.
    var signsUp = ["favourable", "volunteer", "news"].indexOf(button.value) !== -1;
    if (signsUp && email && email.value && consent && consent.checked) {
      item.email = email.value;
      item.consent = true;
    }
    var items = queue();
    items.push(item);
    save(items);
    form.querySelector(".done").textContent = "✓ " + button.textContent;
    if (email) { email.value = ""; }
    if (consent) { consent.checked = false; }
    flush();
  });
  window.addEventListener("online", flush);
  setInterval(flush, 15000);
  show();
  flush();
  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.register(body.dataset.swUrl).catch(function () {});
  }
})();
