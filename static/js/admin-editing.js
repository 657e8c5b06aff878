// Admin helpers for content forms; every form works without this file.
// - Markdown previews update as you type (htmx posts the text to /admin/preview/), in causes
//   added on the page too, and show what is in the box when the page opens.
// - Up/down buttons order inline causes and answers instead of typing positions; a new cause
//   goes to the end.
// - Each cause says when it has unsaved changes; every length limit is counted as you type.
// - After a save that failed, the page scrolls to the first error (its fold is open).
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

  function previewTarget(textarea) {
    var row = textarea.closest(".form-multiline");
    var box = row && row.querySelector(".site-preview");
    return box && box.parentElement;
  }

  function refreshPreview(textarea) {
    var target = previewTarget(textarea);
    if (!target || !window.htmx) {
      return;
    }
    target.setAttribute("aria-live", "polite");
    window.htmx.ajax("POST", "/admin/preview/", {
      target: target,
      swap: "innerHTML",
      values: { text: textarea.value },
      headers: { "X-CSRFToken": csrfToken(textarea.form) },
    });
  }

  // One listener for the whole page, so that causes added after it loaded preview too.
  var previewTimers = new WeakMap();
  function onMarkdownInput(event) {
    var textarea = event.target;
    if (!textarea.matches || !textarea.matches("textarea.markdown-source")) {
      return;
    }
    clearTimeout(previewTimers.get(textarea));
    previewTimers.set(textarea, setTimeout(function () {
      refreshPreview(textarea);
    }, 400));
  }

  // Every limit shown as you type: the server refuses what is too long (nothing is cut).
  function addCounter(input) {
    var limit = parseInt(input.getAttribute("data-maxlength"), 10);
    if (!limit || input.hasAttribute("data-counted")) {
      return;
    }
    input.setAttribute("data-counted", "");
    var counter = document.createElement("span");
    counter.className = "length-count";
    counter.setAttribute("aria-live", "polite");
    // Beside the field's label, where it costs no line of its own.
    var label = input.id && document.querySelector("label[for='" + input.id + "']");
    if (label) {
      label.appendChild(counter);
    } else {
      input.after(counter);
    }
    function update() {
      var length = input.value.length;
      var over = length - limit;
      counter.textContent = over > 0
        ? length + " / " + limit + " characters: " + over + " too many"
        : length + " / " + limit;
      counter.classList.toggle("over-limit", over > 0);
      input.setAttribute("aria-invalid", over > 0 ? "true" : "false");
    }
    input.addEventListener("input", update);
    update();
  }

  function addCounters(root) {
    root.querySelectorAll("[data-maxlength]").forEach(function (input) {
      if (!input.closest(".empty-form")) {
        addCounter(input);
      }
    });
  }

  // Each cause says that it has unsaved changes.
  function markUnsaved(event) {
    var card = event.target.closest && event.target.closest(".cause-card");
    var state = card && card.querySelector(".save-state");
    if (!state || card.classList.contains("is-dirty")) {
      return;
    }
    card.classList.add("is-dirty");
    state.innerHTML = "";
    var note = document.createElement("span");
    note.className = "state-dirty";
    note.textContent = "Unsaved changes";
    state.appendChild(note);
  }

  function openFoldsAround(element) {
    var fold = element.closest("details");
    while (fold) {
      fold.open = true;
      fold = fold.parentElement.closest("details");
    }
  }

  // After a failed save: open what holds an error and go to the first one.
  function showFirstError() {
    var summary = document.getElementById("error-summary");
    if (!summary) {
      return;
    }
    var form = summary.closest("form");
    var errors = Array.prototype.filter.call(
      form.querySelectorAll(".errorlist, .errors"),
      function (el) { return !summary.contains(el) && !el.closest(".empty-form"); }
    );
    errors.forEach(openFoldsAround);
    var first = errors.filter(function (el) { return !el.classList.contains("nonfield") || el.closest(".inline-related"); })[0];
    var target = first ? (first.closest(".form-row, .inline-related") || first) : summary;
    target.scrollIntoView({ block: "start" });
    summary.setAttribute("tabindex", "-1");
    summary.focus({ preventScroll: true });
    summary.addEventListener("click", function (event) {
      var link = event.target.closest("a[href^='#']");
      var goal = link && document.getElementById(link.getAttribute("href").slice(1));
      if (goal) {
        openFoldsAround(goal);
      }
    });
  }

  function lastPosition(group) {
    var highest = -1;
    group.querySelectorAll(".inline-related, tr.form-row").forEach(function (row) {
      var input = positionInput(row);
      if (input && orderable(row) && input.value !== "") {
        highest = Math.max(highest, parseInt(input.value, 10) || 0);
      }
    });
    return highest;
  }

  // A cause (or answer) added on the page goes to the end, not to position 0 at the top.
  function onRowAdded(event) {
    var row = event.target;
    var input = positionInput(row);
    var group = row.closest(".inline-group");
    if (input && group) {
      input.value = String(lastPosition(group) + 1);
      addOrderButtons(row);
    }
    addCounters(row);
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
    document.addEventListener("input", onMarkdownInput);
    document.addEventListener("input", markUnsaved);
    document.addEventListener("formset:added", onRowAdded);
    // A browser that restored typed text (Back, reload) shows it in the preview too.
    document.querySelectorAll("textarea.markdown-source").forEach(function (textarea) {
      if (textarea.value !== textarea.defaultValue) {
        refreshPreview(textarea);
      }
    });
    addCounters(document);
    showFirstError();
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
