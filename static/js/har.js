// The HAR page with JavaScript: the file is read and sanitized here, in the browser
// (har-sanitize.js, the same rules as the server's), and only the sanitized entries are sent.
// The page works without this file: the form then sends the file itself, and the server
// sanitizes it first.
(function () {
  "use strict";
  var form = document.getElementById("har-form");
  var H = window.StatusFixHar;
  if (!form || !H || !window.fetch || !window.FormData || !window.Blob) {
    return;
  }
  var BODY_SENT = 4096; // characters of a failing response's body the analysis reads
  var MAX = Number(form.dataset.browserMax);
  var input = document.getElementById("har-file");
  var bodies = document.getElementById("har-bodies");
  var zone = document.getElementById("drop-zone");
  var progress = document.getElementById("har-progress");
  var downloadUrl = null;

  document.querySelectorAll("[data-when-scripted]").forEach(function (element) {
    element.hidden = false;
  });
  document.querySelectorAll("[data-when-unscripted]").forEach(function (element) {
    element.hidden = true;
  });
  input.required = false; // a dropped file counts too; handle() says when there is none

  function say(text) {
    progress.textContent = text;
  }

  function megabytes(bytes) {
    if (bytes < 1024 * 1024) {
      return Math.max(1, Math.round(bytes / 1024)) + " KB";
    }
    return (bytes / 1024 / 1024).toFixed(1) + " MB";
  }

  function duration(ms) {
    return ms < 1000 ? Math.round(ms) + " ms" : (ms / 1000).toFixed(1) + " s";
  }

  function showError(message) {
    var result = document.getElementById("har-result");
    var section = document.createElement("section");
    section.setAttribute("aria-labelledby", "har-title");
    var title = document.createElement("h2");
    title.id = "har-title";
    title.tabIndex = -1;
    title.textContent = "This file could not be read";
    var note = document.createElement("p");
    note.className = "notes";
    note.setAttribute("role", "alert");
    note.textContent = message;
    section.append(title, note);
    result.replaceChildren(section);
    say("");
    title.focus();
  }

  function cut(text, limit) {
    if (text.length <= limit) {
      return text;
    }
    return Array.from(text.slice(0, limit * 2)).slice(0, limit).join("");
  }

  // What the analysis reads: the sanitized entries, with bodies only for failing responses
  // (their start) and never the request bodies.
  function payloadOf(har) {
    var log = Object.assign({}, har.log);
    log.entries = har.log.entries.map(function (entry) {
      var copy = Object.assign({}, entry);
      var status = entry.response.status;
      var failing = !(status >= 100 && status < 400);
      if (entry.response.content.text !== undefined) {
        var content = Object.assign({}, entry.response.content);
        if (failing) {
          content.text = cut(content.text, BODY_SENT);
        } else {
          delete content.text;
        }
        copy.response = Object.assign({}, entry.response, { content: content });
      }
      if (entry.request.postData && entry.request.postData.text) {
        var post = Object.assign({}, entry.request.postData, { text: "" });
        copy.request = Object.assign({}, entry.request, { postData: post });
      }
      return copy;
    });
    return { log: log };
  }

  function later() {
    return new Promise(function (resolve) {
      window.setTimeout(resolve, 0);
    });
  }

  async function handle(file) {
    if (!file) {
      showError("Choose a HAR file first.");
      return;
    }
    if (file.size > MAX) {
      showError(
        "The file is " + megabytes(file.size) + "; this page reads HAR files up to " +
          megabytes(MAX) + ". Save a HAR of fewer requests (clear the network panel, then " +
          "repeat only what fails)."
      );
      return;
    }
    var started = performance.now();
    say("Reading " + file.name + " (" + megabytes(file.size) + ")…");
    await later();
    var sanitized;
    var json;
    try {
      var data = H.parse(await file.text());
      say("Removing secrets from " + data.log.entries.length + " requests…");
      await later();
      sanitized = H.sanitize(data, bodies.checked);
      data = null;
      json = JSON.stringify(sanitized.har, null, 1);
    } catch (error) {
      showError(error instanceof H.HarError ? error.message : "This file could not be read: " + error);
      return;
    }
    var browserMs = performance.now() - started;
    var meta = {
      bodies: bodies.checked,
      file_name: file.name,
      file_size: file.size,
      removed: H.removedLabels(sanitized.removed).join("\n"),
      bodies_removed: sanitized.bodies,
      dropped: sanitized.dropped.join("\n"),
    };
    var payload = JSON.stringify({ meta: meta, har: payloadOf(sanitized.har) });
    say("Sending the sanitized entries (" + megabytes(payload.length) + ")…");
    var response;
    try {
      response = await fetch(form.action, {
        method: "POST",
        body: payload,
        headers: {
          "Content-Type": "application/json",
          "X-CSRFToken": form.elements.csrfmiddlewaretoken.value,
          "HX-Request": "true",
        },
        credentials: "same-origin",
      });
    } catch (error) {
      showError("The server could not be reached; nothing was sent. Try again in a moment.");
      return;
    }
    if (response.status === 429) {
      showError(
        "Too many HAR files from your address for now: try again in " +
          (response.headers.get("Retry-After") || "a few") + " seconds."
      );
      return;
    }
    if (response.status >= 500 || response.status === 403) {
      showError("The server could not read it (status " + response.status + "). Try again.");
      return;
    }
    var html = await response.text();
    document.getElementById("har-result").outerHTML = html;
    var result = document.getElementById("har-result");
    result.dataset.browserMs = String(Math.round(browserMs));
    var time = result.querySelector("[data-browser-time]");
    if (time) {
      time.textContent = " in " + duration(browserMs);
    }
    var link = document.getElementById("har-download");
    if (link) {
      if (downloadUrl) {
        URL.revokeObjectURL(downloadUrl);
      }
      downloadUrl = URL.createObjectURL(new Blob([json], { type: "application/json" }));
      link.href = downloadUrl;
      link.download = file.name.replace(/\.har$/i, "").replace(/[^\w.-]+/g, "-") + ".sanitized.har";
      link.textContent = "Download the sanitized HAR (" + megabytes(json.length) + ")";
      link.hidden = false;
      var missing = result.querySelector("[data-download-missing]");
      if (missing) {
        missing.hidden = true;
      }
    }
    say("");
    var title = document.getElementById("har-title");
    if (title) {
      title.focus();
    }
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    handle(input.files[0]);
  });

  ["dragenter", "dragover"].forEach(function (name) {
    zone.addEventListener(name, function (event) {
      event.preventDefault();
      zone.classList.add("dragging");
    });
  });
  ["dragleave", "drop"].forEach(function (name) {
    zone.addEventListener(name, function () {
      zone.classList.remove("dragging");
    });
  });
  zone.addEventListener("drop", function (event) {
    event.preventDefault();
    var file = event.dataTransfer && event.dataTransfer.files[0];
    if (file) {
      handle(file);
    }
  });
})();
