/* Proof of work for the public forms of the core and the plugins
   (rostra.antibot; ALTCHA v2 protocol, SHA-256 with cost 1): find the counter
   whose SHA-256(salt + nonce + uint32 counter) starts with the challenge's key
   prefix. Runs in a worker so the page stays responsive. */
"use strict";

function hexToBytes(hex) {
  var out = new Uint8Array(hex.length / 2);
  for (var i = 0; i < out.length; i++) out[i] = parseInt(hex.substr(i * 2, 2), 16);
  return out;
}

function bytesToHex(bytes) {
  var hex = "";
  for (var i = 0; i < bytes.length; i++) hex += (bytes[i] < 16 ? "0" : "") + bytes[i].toString(16);
  return hex;
}

self.onmessage = async function (event) {
  var p = event.data.parameters;
  var salt = hexToBytes(p.salt);
  var nonce = hexToBytes(p.nonce);
  var prefix = hexToBytes(p.keyPrefix);
  var keyLength = p.keyLength || 32;
  var data = new Uint8Array(salt.length + nonce.length + 4);
  data.set(salt, 0);
  data.set(nonce, salt.length);
  var view = new DataView(data.buffer);
  var counterAt = salt.length + nonce.length;
  var started = Date.now();
  for (var counter = 0; counter <= 0xffffffff; counter++) {
    view.setUint32(counterAt, counter, false);
    var key = new Uint8Array(await crypto.subtle.digest("SHA-256", data));
    var match = true;
    for (var i = 0; i < prefix.length; i++) {
      if (key[i] !== prefix[i]) { match = false; break; }
    }
    if (match) {
      self.postMessage({ counter: counter, derivedKey: bytesToHex(key.slice(0, keyLength)), time: Date.now() - started });
      return;
    }
  }
  self.postMessage({ error: "not found" });
};
