/* The page editor's unnamed parts get a name (loaded by rostra.pages.wagtail_hooks):
 * - each rich text box (Draftail's contenteditable, role="textbox") is named by its
 *   field's label, or by its block's type in a StreamField (wagtail/wagtail#14205);
 * - the minimap's list, while its links are out of the tab order (collapsed),
 *   can take the focus so keyboard users can scroll it when it scrolls. */
(function () {
  "use strict";
  var counter = 0;

  function labelOf(box) {
    var field = box.closest("[data-field-wrapper], .w-field__wrapper, .w-field");
    var label = field && field.querySelector("label, .w-field__label");
    if (label && label.textContent.trim()) {
      return label;
    }
    var block = box.closest("[data-streamfield-child], [data-contentpath]");
    var type = block && block.querySelector(".c-sf-block__type");
    return type && type.textContent.trim() ? type : null;
  }

  function nameTextBoxes(root) {
    root.querySelectorAll('[contenteditable="true"][role="textbox"]').forEach(function (box) {
      if (box.hasAttribute("aria-label") || box.hasAttribute("aria-labelledby")) {
        return;
      }
      var label = labelOf(box);
      if (label) {
        if (!label.id) {
          counter += 1;
          label.id = "rostra-editor-label-" + counter;
        }
        box.setAttribute("aria-labelledby", label.id);
      } else {
        box.setAttribute("aria-label", document.title);
      }
    });
  }

  function focusableMinimap(root) {
    root.querySelectorAll(".w-minimap__list").forEach(function (list) {
      // Whether it scrolls changes with the layout (fonts, the window's size)
      // without any change to the page's elements: decide by its links alone.
      var reachable = list.querySelector("a:not([tabindex='-1']), button:not([tabindex='-1'])");
      if (!reachable) {
        if (list.getAttribute("tabindex") !== "0") {
          list.setAttribute("tabindex", "0");
        }
      } else if (list.getAttribute("tabindex") === "0") {
        list.removeAttribute("tabindex");
      }
    });
  }

  function update() {
    nameTextBoxes(document);
    focusableMinimap(document);
  }

  var pending = false;
  new MutationObserver(function () {
    if (!pending) {
      pending = true;
      window.requestAnimationFrame(function () {
        pending = false;
        update();
      });
    }
  }).observe(document.body, {
    childList: true,
    subtree: true,
    attributes: true,
    attributeFilter: ["tabindex"],
  });
  update();
})();
