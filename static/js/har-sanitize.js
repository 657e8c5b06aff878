// A HAR file read and sanitized in the browser: a line-by-line copy of
// troubleshooter/engine/har/read.py and sanitize.py (the same fields, the same order of
// redact() calls, the same output; tests run both on the same files). Needs redact.js.
(function (root) {
  "use strict";
  var R = root.StatusFixRedact;
  var MARK = R.MARK;

  var MAX_ENTRIES = 10000;
  var TEXT_LIMIT = 100000;
  var NAME_LIMIT = 1000;
  var BODY_LIMIT = 1000000;
  var MAX_PAGES = 1000;
  var SWEEP_MIN = 8;
  var PHASES = ["blocked", "dns", "connect", "ssl", "send", "wait", "receive"];
  var EXTRA_TIMINGS = ["_blocked_queueing"];
  var ENTRY_TEXTS = ["serverIPAddress", "connection", "_resourceType", "_priority", "_fromCache",
    "_fetchType", "_securityState"];
  var KNOWN = {
    log: ["version", "creator", "browser", "pages", "entries"],
    page: ["startedDateTime", "id", "title", "pageTimings"],
    entry: ["pageref", "startedDateTime", "time", "request", "response", "cache", "timings",
      "_initiator"].concat(ENTRY_TEXTS),
    request: ["method", "url", "httpVersion", "cookies", "headers", "queryString", "postData",
      "headersSize", "bodySize"],
    response: ["status", "statusText", "httpVersion", "cookies", "headers", "content",
      "redirectURL", "headersSize", "bodySize", "_transferSize", "_error", "_failureText"],
    content: ["size", "compression", "mimeType", "text", "encoding", "comment"],
  };
  var COMMENT =
    "Sanitized by StatusFix: cookie values, credential headers, secret query and form values " +
    "and tokens are replaced by [REDACTED]; {bodies}.";
  var BODIES_REMOVED = "request and response bodies are removed (their size and type are kept)";
  var BODIES_KEPT = "bodies are kept, with the same secrets replaced";
  var MESSAGES = {
    "not-json": "This file is not JSON, so it is not a HAR file ({detail}).",
    "not-har":
      "This JSON is not a HAR file: a HAR file holds an object \u201clog\u201d with a list " +
      "\u201centries\u201d (DevTools, Network, \u201cSave all as HAR\u201d).",
    "no-entries":
      "This HAR file holds no requests. Open the network panel first, then reload the page " +
      "and repeat what fails before saving the HAR.",
    "too-deep": "This file nests its JSON too deeply to be a HAR file.",
  };

  function HarError(key, detail) {
    this.key = key;
    this.message = MESSAGES[key].replace("{detail}", detail || "");
  }

  function isObject(value) {
    return value !== null && typeof value === "object" && !Array.isArray(value);
  }

  // read.py's parse(): the text as the browser decoded the file.
  function parse(text) {
    if (text.charCodeAt(0) === 0xfeff) {
      text = text.slice(1);
    }
    var data;
    try {
      data = JSON.parse(text);
    } catch (error) {
      if (error instanceof RangeError) {
        throw new HarError("too-deep");
      }
      throw new HarError("not-json", String(error.message).slice(0, 200));
    }
    var log = isObject(data) ? data.log : null;
    if (!isObject(log) || !Array.isArray(log.entries)) {
      throw new HarError("not-har");
    }
    if (!log.entries.some(isObject)) {
      throw new HarError("no-entries");
    }
    return data;
  }

  function Context(includeBodies) {
    this.includeBodies = includeBodies;
    this.found = new Map();
    this.dropped = new Set();
    this.bodies = 0;
    this.cut = 0;
  }

  Context.prototype.keep = function (redacted) {
    var found = this.found;
    redacted.found.forEach(function (values, kind) {
      if (!found.has(kind)) {
        found.set(kind, new Set());
      }
      values.forEach(function (value) {
        found.get(kind).add(value);
      });
    });
    return redacted.text;
  };

  Context.prototype.add = function (kind, value) {
    if (!this.found.has(kind)) {
      this.found.set(kind, new Set());
    }
    this.found.get(kind).add(value);
  };

  Context.prototype.unknown = function (where, data) {
    var self = this;
    Object.keys(data).forEach(function (key) {
      if (KNOWN[where].indexOf(key) < 0) {
        self.dropped.add(where + "." + key);
      }
    });
  };

  // Values ----------------------------------------------------------------------------------

  function wellFormed(value) {
    if (value.toWellFormed) {
      return value.toWellFormed();
    }
    return value.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, "\ufffd");
  }

  function text(value, ctx, limit) {
    if (typeof value !== "string") {
      return "";
    }
    value = wellFormed(value);
    limit = limit === undefined ? TEXT_LIMIT : limit;
    if (value.length > limit) {
      var size = R.length(value);
      if (size > limit) {
        ctx.cut++;
        return "[cut by StatusFix: " + size + " characters]";
      }
    }
    return value;
  }

  function oneLine(value, ctx, limit) {
    return text(value, ctx, limit === undefined ? NAME_LIMIT : limit).replace(/[\r\n]/g, " ");
  }

  function number(value) {
    return typeof value === "number" && isFinite(value) ? value : -1;
  }

  function mapping(value) {
    return isObject(value) ? value : {};
  }

  function items(value) {
    return Array.isArray(value) ? value.filter(isObject) : [];
  }

  function has(object, key) {
    return Object.prototype.hasOwnProperty.call(object, key);
  }

  function Block() {
    this.items = [];
  }

  Block.prototype.add = function (prefix, value, assign) {
    this.items.push([prefix, value.split("\n"), assign]);
  };

  Block.prototype.run = function (ctx) {
    var lines = [];
    this.items.forEach(function (item) {
      item[1].forEach(function (part) {
        lines.push(item[0] + part);
      });
    });
    if (!lines.length) {
      return;
    }
    var redacted = R.redact(lines.join("\n"));
    var out = redacted.text.split("\n");
    if (out.length === lines.length) {
      ctx.keep(redacted);
    } else {
      out = lines.map(function (line) {
        return ctx.keep(R.redact(line));
      });
    }
    var at = 0;
    this.items.forEach(function (item) {
      var prefix = item[0];
      var values = [];
      var intact = true;
      item[1].forEach(function () {
        var line = out[at++];
        if (line.startsWith(prefix)) {
          values.push(line.slice(prefix.length));
        } else {
          values.push(MARK);
          intact = false;
        }
      });
      item[2](values.join("\n"), intact);
    });
  };

  function setter(target, key) {
    return function (value) {
      target[key] = value;
    };
  }

  // The parts of a HAR ----------------------------------------------------------------------

  function sanitize(data, includeBodies) {
    var ctx = new Context(Boolean(includeBodies));
    var log = mapping(mapping(data).log);
    ctx.unknown("log", log);
    var out = { version: "1.2", creator: named(log.creator, ctx) };
    if (isObject(log.browser)) {
      out.browser = named(log.browser, ctx);
    }
    var pagesBlock = new Block();
    out.pages = items(log.pages)
      .slice(0, MAX_PAGES)
      .map(function (item) {
        return page(item, ctx, pagesBlock);
      });
    pagesBlock.run(ctx);
    var rawEntries = Array.isArray(log.entries) ? log.entries : [];
    var entries = items(rawEntries);
    var skipped = rawEntries.length - entries.length + Math.max(0, entries.length - MAX_ENTRIES);
    out.entries = entries.slice(0, MAX_ENTRIES).map(function (item) {
      return entry(item, ctx);
    });
    out.comment = COMMENT.replace("{bodies}", includeBodies ? BODIES_KEPT : BODIES_REMOVED);
    var har = sweep({ log: out }, ctx);
    return {
      har: har,
      removed: ctx.found,
      bodies: ctx.bodies,
      cut: ctx.cut,
      dropped: Array.from(ctx.dropped).sort(),
      entries: out.entries.length,
      skipped: skipped,
    };
  }

  function named(value, ctx) {
    value = mapping(value);
    return { name: oneLine(value.name, ctx), version: oneLine(value.version, ctx) };
  }

  function page(value, ctx, block) {
    ctx.unknown("page", value);
    var timings = mapping(value.pageTimings);
    var out = {
      startedDateTime: oneLine(value.startedDateTime, ctx),
      id: oneLine(value.id, ctx),
      title: "",
      pageTimings: { onContentLoad: number(timings.onContentLoad), onLoad: number(timings.onLoad) },
    };
    block.add("", oneLine(value.title, ctx, TEXT_LIMIT), setter(out, "title"));
    return out;
  }

  function entry(value, ctx) {
    ctx.unknown("entry", value);
    var block = new Block();
    var out = {};
    if (has(value, "pageref")) {
      out.pageref = oneLine(value.pageref, ctx);
    }
    out.startedDateTime = oneLine(value.startedDateTime, ctx);
    out.time = number(value.time);
    out.request = request(mapping(value.request), ctx, block);
    out.response = response(mapping(value.response), ctx, block);
    if (Object.keys(mapping(value.cache)).length) {
      ctx.dropped.add("entry.cache");
    }
    out.cache = {};
    var timings = mapping(value.timings);
    out.timings = {};
    PHASES.forEach(function (phase) {
      out.timings[phase] = number(timings[phase]);
    });
    EXTRA_TIMINGS.forEach(function (name) {
      if (has(timings, name)) {
        out.timings[name] = number(timings[name]);
      }
    });
    ENTRY_TEXTS.forEach(function (name) {
      if (typeof value[name] === "string") {
        out[name] = oneLine(value[name], ctx);
      }
    });
    if (isObject(value._initiator)) {
      var initiator = value._initiator;
      out._initiator = { type: oneLine(initiator.type, ctx) };
      if (typeof initiator.url === "string") {
        block.add("", oneLine(initiator.url, ctx, TEXT_LIMIT), setter(out._initiator, "url"));
      }
      if (has(initiator, "lineNumber")) {
        out._initiator.lineNumber = number(initiator.lineNumber);
      }
    }
    block.run(ctx);
    bodies(value, out, ctx);
    return out;
  }

  function request(value, ctx, block) {
    ctx.unknown("request", value);
    var out = {
      method: oneLine(value.method, ctx),
      url: "",
      httpVersion: oneLine(value.httpVersion, ctx),
    };
    block.add("", oneLine(value.url, ctx, TEXT_LIMIT), setter(out, "url"));
    out.cookies = cookies(value.cookies, ctx);
    out.headers = headers(value.headers, ctx, block);
    out.queryString = params(value.queryString, ctx, block, false);
    out.headersSize = number(value.headersSize);
    out.bodySize = number(value.bodySize);
    if (isObject(value.postData)) {
      var post = value.postData;
      out.postData = { mimeType: oneLine(post.mimeType, ctx), text: "" };
      ours(post, out.postData);
      out.postData.params = ctx.includeBodies ? params(post.params, ctx, block, true) : [];
    }
    return out;
  }

  function response(value, ctx, block) {
    ctx.unknown("response", value);
    var out = {
      status: number(value.status),
      statusText: oneLine(value.statusText, ctx),
      httpVersion: oneLine(value.httpVersion, ctx),
    };
    out.cookies = cookies(value.cookies, ctx);
    out.headers = headers(value.headers, ctx, block);
    var content = mapping(value.content);
    ctx.unknown("content", content);
    out.content = { size: number(content.size), mimeType: oneLine(content.mimeType, ctx) };
    if (has(content, "compression")) {
      out.content.compression = number(content.compression);
    }
    ours(content, out.content);
    out.redirectURL = "";
    block.add("", oneLine(value.redirectURL, ctx, TEXT_LIMIT), setter(out, "redirectURL"));
    out.headersSize = number(value.headersSize);
    out.bodySize = number(value.bodySize);
    if (has(value, "_transferSize")) {
      out._transferSize = number(value._transferSize);
    }
    var error = typeof value._error === "string" ? value._error : null;
    if (error === null && typeof value._failureText === "string") {
      error = value._failureText;
    }
    if (error !== null) {
      out._error = "";
      block.add("error: ", oneLine(error, ctx, TEXT_LIMIT), setter(out, "_error"));
    }
    return out;
  }

  var BODY_GONE_RE = /^Body removed by StatusFix \(\d+ characters\)\.$/;

  function ours(value, out) {
    if (typeof value.comment === "string" && BODY_GONE_RE.test(value.comment)) {
      out.comment = value.comment;
    }
  }

  function headers(value, ctx, block) {
    return items(value).map(function (item) {
      var name = oneLine(item.name, ctx);
      var header = { name: name, value: "" };
      block.add(name + ": ", text(item.value, ctx), function (redacted, intact) {
        header.value = redacted;
        if (!intact) {
          header.name = ctx.keep(R.redact(header.name));
        }
      });
      return header;
    });
  }

  function params(value, ctx, block, files) {
    return items(value).map(function (item) {
      var name = oneLine(item.name, ctx);
      var param = { name: name, value: "" };
      block.add("?" + name + "=", text(item.value, ctx), function (redacted, intact) {
        param.value = redacted;
        if (!intact) {
          param.name = ctx.keep(R.redact(param.name));
        }
      });
      if (files) {
        ["fileName", "contentType"].forEach(function (key) {
          if (typeof item[key] === "string") {
            param[key] = oneLine(item[key], ctx);
          }
        });
      }
      return param;
    });
  }

  function cookies(value, ctx) {
    return items(value).map(function (item) {
      var cookie = { name: oneLine(item.name, ctx) };
      var raw = text(item.value, ctx);
      if (raw && raw.indexOf(MARK) < 0 && !R.placeholder(raw)) {
        ctx.add("cookie", raw);
        raw = MARK;
      }
      cookie.value = raw;
      ["path", "domain", "expires", "sameSite"].forEach(function (key) {
        if (typeof item[key] === "string") {
          cookie[key] = oneLine(item[key], ctx);
        }
      });
      ["httpOnly", "secure"].forEach(function (key) {
        if (typeof item[key] === "boolean") {
          cookie[key] = item[key];
        }
      });
      return cookie;
    });
  }

  function bodies(value, out, ctx) {
    var kept;
    if (has(out.request, "postData")) {
      var post = mapping(mapping(value.request).postData);
      kept = body(post.text, ctx, false);
      if (kept[0] !== null) {
        out.request.postData.text = kept[0];
      } else if (kept[1]) {
        out.request.postData.comment = "Body removed by StatusFix (" + kept[1] + " characters).";
      }
    }
    var content = mapping(mapping(value.response).content);
    kept = body(content.text, ctx, content.encoding === "base64");
    if (kept[0] !== null) {
      out.response.content.text = kept[0];
    } else if (kept[1]) {
      out.response.content.comment = "Body removed by StatusFix (" + kept[1] + " characters).";
    }
  }

  function body(value, ctx, binary) {
    if (typeof value !== "string" || !value) {
      return [null, 0];
    }
    var size = R.length(value);
    if (ctx.includeBodies && !binary && size <= BODY_LIMIT) {
      return [ctx.keep(R.redact(wellFormed(value))), size];
    }
    ctx.bodies++;
    return [null, size];
  }

  // A removed value wherever else it appears ------------------------------------------------

  var UNRESERVED = /^[A-Za-z0-9\-._~]$/;
  var PERCENT_RE = /%[0-9A-Fa-f]{2}/g;

  function percentEncoded(value) {
    var bytes = new TextEncoder().encode(value);
    var out = "";
    for (var i = 0; i < bytes.length; i++) {
      var c = String.fromCharCode(bytes[i]);
      out += UNRESERVED.test(c) ? c : "%" + (bytes[i] < 16 ? "0" : "") + bytes[i].toString(16).toUpperCase();
    }
    return out;
  }

  function percentDecoded(value) {
    if (!/%[0-9A-Fa-f]{2}/.test(value)) {
      return null;
    }
    var encoder = new TextEncoder();
    var parts = [];
    var at = 0;
    value.replace(PERCENT_RE, function (found, offset) {
      parts.push(encoder.encode(value.slice(at, offset)));
      parts.push(Uint8Array.of(parseInt(found.slice(1), 16)));
      at = offset + found.length;
      return found;
    });
    parts.push(encoder.encode(value.slice(at)));
    var total = parts.reduce(function (sum, part) {
      return sum + part.length;
    }, 0);
    var bytes = new Uint8Array(total);
    var position = 0;
    parts.forEach(function (part) {
      bytes.set(part, position);
      position += part.length;
    });
    try {
      return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    } catch (error) {
      return null;
    }
  }

  function sweepValues(found) {
    var values = new Set();
    found.forEach(function (kindValues) {
      kindValues.forEach(function (value) {
        if (R.length(value) < SWEEP_MIN || !R.looksRandom(value)) {
          return;
        }
        [value, percentEncoded(value), percentDecoded(value)].forEach(function (variant) {
          if (variant !== null && R.length(variant) >= SWEEP_MIN) {
            values.add(variant);
          }
        });
      });
    });
    return values;
  }

  function sweep(har, ctx) {
    var values = Array.from(sweepValues(ctx.found));
    if (!values.length) {
      return har;
    }
    values.sort(function (a, b) {
      return b.length - a.length || (a < b ? -1 : a > b ? 1 : 0);
    });
    var pattern = new RegExp(
      values
        .map(function (value) {
          return value.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
        })
        .join("|"),
      "g"
    );
    function walk(node) {
      if (typeof node === "string") {
        return node.replace(pattern, MARK);
      }
      if (Array.isArray(node)) {
        return node.map(walk);
      }
      if (isObject(node)) {
        var out = {};
        Object.keys(node).forEach(function (key) {
          out[key] = walk(node[key]);
        });
        return out;
      }
      return node;
    }
    return walk(har);
  }

  // What was removed, as the page says it ("3 cookies, a bearer token").
  function removedLabels(found) {
    var labels = [];
    found.forEach(function (values, kind) {
      labels.push(R.removal(kind, values.size));
    });
    return labels;
  }

  root.StatusFixHar = {
    MAX_ENTRIES: MAX_ENTRIES,
    HarError: HarError,
    parse: parse,
    sanitize: sanitize,
    removedLabels: removedLabels,
  };
})(typeof window !== "undefined" ? window : globalThis);
