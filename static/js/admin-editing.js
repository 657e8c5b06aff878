// Admin helpers for content forms; every form works without this file.
// - Markdown previews update as you type (htmx posts the text to /admin/preview/).
// - Up/down buttons order inline causes and answers instead of typing positions.
// - Leaving a page with unsaved changes asks first.
(function () {
  "use strict";

  if (window.htmx) {
    // The admin has no htmx-config meta tag; the site's CSP allows no inline <style>.
    window.htmx.config.includeIndicatorStyles = false;
  }

  function csrfToken(form) {
    var input = form && form.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function livePreview(textarea) {
    var row = textarea.closest(".form-multiline");
    var box = row && row.querySelector(".site-preview");
    var target = box && box.parentElement;
    if (!target || !window.htmx) {
      return;
    }
    target.setAttribute("aria-live", "polite");
    var timer = null;
    textarea.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        window.htmx.ajax("POST", "/admin/preview/", {
          target: target,
          swap: "innerHTML",
          values: { text: textarea.value },
          headers: { "X-CSRFToken": csrfToken(textarea.form) },
        });
      }, 400);
    });
  }

  function positionInput(row) {
    return row.querySelector("input[name$='-position']");
  }

  function orderable(row) {
    return positionInput(row) && !row.classList.contains("empty-form") && row.id.indexOf("-empty") === -1;
  }

  function move(row, step) {
    var sibling = step < 0 ? row.previousElementSibling : row.nextElementSibling;
    while (sibling && !orderable(sibling)) {
      sibling = step < 0 ? sibling.previousElementSibling : sibling.nextElementSibling;
    }
    if (!sibling) {
      return;
    }
    var mine = positionInput(row);
    var theirs = positionInput(sibling);
    var a = parseInt(mine.value || "0", 10);
    var b = parseInt(theirs.value || "0", 10);
    if (a === b) {
      b = Math.max(0, step < 0 ? a - 1 : a + 1);
    }
    mine.value = String(b);
    theirs.value = String(a);
    if (step < 0) {
      sibling.before(row);
    } else {
      sibling.after(row);
    }
    mine.dispatchEvent(new Event("input", { bubbles: true }));
    row.querySelector(".order-buttons button").focus();
  }

  function addOrderButtons(row) {
    var input = positionInput(row);
    if (!input || row.querySelector(".order-buttons")) {
      return;
    }
    input.readOnly = true;
    input.classList.add("position-readonly");
    var label = (row.querySelector(".inline_label") || {}).textContent || "this row";
    var buttons = document.createElement("span");
    buttons.className = "order-buttons";
    [["↑", -1, "Move up: "], ["↓", 1, "Move down: "]].forEach(function (spec) {
      var button = document.createElement("button");
      button.type = "button";
      button.textContent = spec[0];
      button.setAttribute("aria-label", spec[2] + label.trim());
      button.addEventListener("click", function () {
        move(row, spec[1]);
      });
      buttons.appendChild(button);
    });
    input.after(buttons);
  }

  function warnOnLeave(form) {
    var dirty = false;
    form.addEventListener("input", function (event) {
      if (event.target.name !== "change_reason") {
        dirty = true;
      }
    });
    form.addEventListener("change", function () {
      dirty = true;
    });
    form.addEventListener("submit", function (event) {
      var submitter = event.submitter;
      if (!submitter || submitter.name !== "_preview") {
        dirty = false;
      }
    });
    window.addEventListener("beforeunload", function (event) {
      if (dirty) {
        event.preventDefault();
        event.returnValue = "";
      }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("textarea.markdown-source").forEach(livePreview);
    document
      .querySelectorAll(".inline-group .inline-related, .inline-group tr.form-row")
      .forEach(function (row) {
        if (orderable(row)) {
          addOrderButtons(row);
        }
      });
    var form = document.querySelector("#content-main form[method=post]");
    if (form && document.body.classList.contains("change-form")) {
      warnOnLeave(form);
    }
  });
})();
