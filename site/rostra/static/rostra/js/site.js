// Behaviour shared by every theme. Served by the site itself; no inline script.
(function () {
  "use strict";

  // Videos: the host's player is created only when the visitor asks for it.
  document.querySelectorAll("[data-video-embed]").forEach(function (figure) {
    var button = figure.querySelector(".video__play");
    if (!button) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      var frame = document.createElement("iframe");
      frame.src = figure.getAttribute("data-video-embed");
      frame.title = figure.getAttribute("data-video-title") || "";
      frame.allow = "autoplay; fullscreen; picture-in-picture";
      frame.setAttribute("allowfullscreen", "");
      frame.className = "video__frame";
      var placeholder = figure.querySelector(".video__placeholder");
      placeholder.replaceWith(frame);
      frame.focus();
    });
  });

  // Small screens: the main menu folds behind a button (Escape closes it).
  var toggle = document.querySelector(".site-header__toggle");
  var menu = document.getElementById("main-menu");
  if (toggle && menu) {
    var setOpen = function (open) {
      toggle.setAttribute("aria-expanded", String(open));
      menu.classList.toggle("is-open", open);
    };
    toggle.hidden = false;
    document.documentElement.classList.add("has-menu-toggle");
    toggle.addEventListener("click", function () {
      setOpen(toggle.getAttribute("aria-expanded") !== "true");
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && toggle.getAttribute("aria-expanded") === "true") {
        setOpen(false);
        toggle.focus();
      }
    });
  }
})();
