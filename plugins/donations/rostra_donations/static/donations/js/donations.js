// Donation form: show the amounts of the chosen frequency, and the free amount
// field only when "Other" is picked. The form works without this script.
(function () {
  "use strict";
  var form = document.querySelector(".donation-form");
  if (!form) { return; }
  var sets = form.querySelectorAll(".donation-amounts");
  var other = form.querySelector("[name=other_amount]");
  var otherField = other ? other.closest(".field") : null;

  function frequency() {
    var checked = form.querySelector("[name=frequency]:checked");
    return checked ? checked.value : "one_off";
  }
  function update() {
    var current = frequency();
    sets.forEach(function (set) {
      var active = set.getAttribute("data-frequency") === current;
      set.classList.toggle("js-hidden", !active);
      set.querySelectorAll("input").forEach(function (input) {
        input.disabled = !active;
        if (!active) { input.checked = false; }
      });
    });
    var choice = form.querySelector("[name=amount_choice]:checked");
    var showOther = !choice || choice.value === "other" || (other && other.value);
    if (otherField) { otherField.classList.toggle("js-hidden", !showOther); }
  }
  form.addEventListener("change", update);
  update();
  var errors = document.getElementById("donation-errors");
  if (errors) { errors.focus(); }
})();
