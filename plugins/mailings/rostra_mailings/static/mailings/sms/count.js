// The SMS part count shown while an SMS is written: the same rules as
// rostra_mailings/sms/segments.py and text.py (the tests compare both).
// Self-hosted, no inline script (CSP): the textarea carries its settings and
// its translated phrases in data attributes (rostra_mailings.sms.forms).
(function (root) {
  "use strict";

  var GSM_BASIC =
    "@£$¥èéùìòÇ\nØøÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?" +
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
  var GSM_EXTENDED = "^{}\\[~]|€";
  var FIELD = /\{\{\s*(\w+)\s*(?:\|\s*default\s*:\s*"([^"{}]*)"\s*)?\}\}/g;

  function count(text) {
    var chars = Array.from(text || "");
    var gsm = chars.every(function (c) {
      return GSM_BASIC.indexOf(c) >= 0 || GSM_EXTENDED.indexOf(c) >= 0;
    });
    var single = gsm ? 160 : 70;
    var perPart = gsm ? 153 : 67;
    var units = chars.map(function (c) {
      if (gsm) return GSM_EXTENDED.indexOf(c) >= 0 ? 2 : 1;
      return c.codePointAt(0) > 0xffff ? 2 : 1;
    });
    var total = units.reduce(function (a, b) { return a + b; }, 0);
    var parts = 0;
    if (total > 0 && total <= single) {
      parts = 1;
    } else if (total > single) {
      parts = 1;
      var room = perPart;
      units.forEach(function (unit) {
        if (unit > room) { parts += 1; room = perPart; }
        room -= unit;
      });
    }
    var unicodeChars = [];
    if (!gsm) {
      chars.forEach(function (c) {
        if (GSM_BASIC.indexOf(c) < 0 && GSM_EXTENDED.indexOf(c) < 0 && unicodeChars.indexOf(c) < 0) {
          unicodeChars.push(c);
        }
      });
    }
    return {
      encoding: gsm ? "gsm" : "ucs2",
      units: total,
      parts: parts,
      per_part: parts <= 1 ? single : perPart,
      unicode_chars: unicodeChars,
    };
  }

  function counted(text, fieldRoom) {
    return count(
      (text || "").replace(FIELD, function (match, name, fallback) {
        return "x".repeat(Math.max(fieldRoom, (fallback || "").length));
      })
    );
  }

  function phrase(format, values) {
    return format.replace(/\{(\w+)\}/g, function (match, name) {
      return name in values ? String(values[name]) : match;
    });
  }

  function attach(textarea) {
    var output = document.getElementById(textarea.dataset.smsOutput);
    if (!output) return;
    var room = parseInt(textarea.dataset.smsFieldRoom, 10) || 0;
    var max = parseInt(textarea.dataset.smsMaxParts, 10) || 1;
    function update() {
      var found = counted(textarea.value, room);
      var format = found.encoding === "gsm" ? textarea.dataset.smsGsm : textarea.dataset.smsUcs2;
      var text = phrase(format, {
        parts: found.parts,
        units: found.units,
        per_part: found.per_part,
        chars: found.unicode_chars.join(" "),
      });
      if (found.parts > max) text += " " + phrase(textarea.dataset.smsTooLong, { max: max });
      output.textContent = text;
      output.classList.toggle("error-message", found.parts > max);
    }
    textarea.addEventListener("input", update);
    update();
  }

  root.RostraSms = { count: count, counted: counted };
  if (typeof document !== "undefined") {
    var start = function () {
      document.querySelectorAll("textarea[data-sms-output]").forEach(attach);
    };
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
    else start();
  }
  if (typeof module !== "undefined") module.exports = root.RostraSms;
})(typeof window !== "undefined" ? window : globalThis);
