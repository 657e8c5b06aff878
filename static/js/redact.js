// Redaction in the browser: the rules of troubleshooter/engine/redact.py, run on text that
// never leaves the browser. The patterns, word lists and what each rule picks come from
// redact-rules.js, which `manage.py build_redaction_js` writes from redact.py; this file is the
// small interpreter of that table, a line-by-line port of redact.py's functions (tests check
// that both sides redact a corpus and random texts identically). Positions are JavaScript
// string indices; where Python counts characters (lengths, sets), this counts code points.
(function (root) {
  "use strict";
  var T = root.StatusFixRedactRules;
  var MARK = T.mark;
  var compiled = new Map();

  function regex(pattern, extra) {
    var key = pattern.source + "\u0000" + pattern.flags + extra;
    var found = compiled.get(key);
    if (!found) {
      found = new RegExp(pattern.source, pattern.flags + extra);
      compiled.set(key, found);
    }
    return found;
  }

  function named(name) {
    return T.patterns[name];
  }

  // Python's pattern.match(text, pos): anchored at pos.
  function matchAt(pattern, text, pos) {
    var found = regex(pattern, "yd");
    found.lastIndex = pos || 0;
    var m = found.exec(text);
    return m ? wrap(m, text) : null;
  }

  // Python's pattern.search(text, pos, endpos).
  function searchIn(pattern, text, pos, endpos) {
    var subject = endpos === undefined ? text : text.slice(0, endpos);
    var found = regex(pattern, "gd");
    found.lastIndex = pos || 0;
    var m = found.exec(subject);
    return m ? wrap(m, subject) : null;
  }

  function finditer(pattern, text) {
    var out = [];
    for (var m of text.matchAll(regex(pattern, "gd"))) {
      out.push(wrap(m, text));
    }
    return out;
  }

  function wrap(m, string) {
    return {
      string: string,
      start: m.index,
      end: m.index + m[0].length,
      span: function (group) {
        var span = typeof group === "number" ? m.indices[group] : m.indices.groups[group];
        return span || [-1, -1];
      },
      group: function (group) {
        var value = typeof group === "number" ? m[group] : m.groups[group];
        return value === undefined ? null : value;
      },
    };
  }

  // Python's str methods, on code points --------------------------------------------------

  var SPACE_CLASS = "[\\t-\\r\\x1c-\\x20\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]";
  var SPACE_RE = new RegExp("^" + SPACE_CLASS + "$", "u");
  var SPACES_RE = new RegExp(SPACE_CLASS + "+", "u");
  var ALNUM_RE = /^[\p{L}\p{N}]$/u;
  var ALPHA_RE = /^\p{L}+$/u;
  var ND_RE = /^\p{Nd}$/u;
  var PRINTABLE_RE = /^(?:[^\p{C}\p{Z}]| )*$/u;

  function codePoints(text) {
    return Array.from(text);
  }

  function length(text) {
    var n = 0;
    for (var i = 0; i < text.length; i++) {
      var c = text.charCodeAt(i);
      if (c < 0xd800 || c > 0xdbff || i + 1 >= text.length) {
        n++;
      } else {
        var d = text.charCodeAt(i + 1);
        if (d >= 0xdc00 && d <= 0xdfff) {
          i++;
        }
        n++;
      }
    }
    return n;
  }

  // The character ending at position i (Python's text[i - 1]), and the one starting there.
  function charBefore(text, i) {
    if (i <= 0) {
      return "";
    }
    if (i >= 2) {
      var low = text.charCodeAt(i - 1);
      var high = text.charCodeAt(i - 2);
      if (low >= 0xdc00 && low <= 0xdfff && high >= 0xd800 && high <= 0xdbff) {
        return text.slice(i - 2, i);
      }
    }
    return text[i - 1];
  }

  function isSpace(c) {
    return SPACE_RE.test(c);
  }

  function isAlnumChar(c) {
    return ALNUM_RE.test(c);
  }

  function isExtraDigit(code) {
    var ranges = T.extraDigits;
    var lo = 0;
    var hi = ranges.length - 1;
    while (lo <= hi) {
      var mid = (lo + hi) >> 1;
      if (code < ranges[mid][0]) {
        hi = mid - 1;
      } else if (code > ranges[mid][1]) {
        lo = mid + 1;
      } else {
        return true;
      }
    }
    return false;
  }

  function isDigitChar(c) {
    return ND_RE.test(c) || isExtraDigit(c.codePointAt(0));
  }

  function isDigits(text) {
    if (!text) {
      return false;
    }
    for (var c of text) {
      if (!isDigitChar(c)) {
        return false;
      }
    }
    return true;
  }

  function isAscii(text) {
    return /^[\x00-\x7f]*$/.test(text);
  }

  function strip(text, chars) {
    var list = chars === undefined ? null : codePoints(chars);
    var inside = function (c) {
      return list === null ? isSpace(c) : list.indexOf(c) >= 0;
    };
    var points = codePoints(text);
    var start = 0;
    var end = points.length;
    while (start < end && inside(points[start])) {
      start++;
    }
    while (end > start && inside(points[end - 1])) {
      end--;
    }
    return points.slice(start, end).join("");
  }

  function rstrip(text) {
    var points = codePoints(text);
    var end = points.length;
    while (end > 0 && isSpace(points[end - 1])) {
      end--;
    }
    return points.slice(0, end).join("");
  }

  function splitWords(text) {
    return text.split(SPACES_RE).filter(Boolean);
  }

  // Python's text.find(sub, start, end) and text.rfind(sub, start, end).
  function find(text, sub, start, end) {
    var at = text.indexOf(sub, start);
    if (at < 0 || (end !== undefined && at + sub.length > end)) {
      return -1;
    }
    return at;
  }

  function rfind(text, sub, start, end) {
    if (end - sub.length < 0) {
      return -1;
    }
    var at = text.lastIndexOf(sub, end - sub.length);
    return at >= start ? at : -1;
  }

  function lowercase(text) {
    var lowered = text.toLowerCase();
    if (lowered.length === text.length && length(lowered) === length(text)) {
      return lowered;
    }
    return text.replace(/[A-Z]+/g, function (part) {
      return part.toLowerCase();
    });
  }

  // What a value is -------------------------------------------------------------------------

  function placeholder(value) {
    return matchAt(named("PLACEHOLDER_RE"), value, 0) !== null;
  }

  function pieces(value) {
    return value.split(regex(named("PIECE_SPLIT_RE"), "")).filter(Boolean);
  }

  function isWord(piece) {
    return (
      ALPHA_RE.test(piece) &&
      isAscii(piece) &&
      length(piece) <= 24 &&
      matchAt(named("WORD_RE"), piece, 0) !== null
    );
  }

  function isWords(value) {
    var parts = pieces(value);
    return parts.length > 0 && parts.every(isWord);
  }

  function isWordish(value) {
    var parts = pieces(value);
    return (
      parts.length > 0 &&
      parts.every(function (part) {
        return isWord(part) || (isDigits(part) && length(part) <= 4);
      })
    );
  }

  function isSentence(value) {
    var words = splitWords(value);
    if (words.length < 3) {
      return false;
    }
    var plain = words.filter(function (word) {
      return isWord(strip(word, ".,;:!?()'\""));
    }).length;
    return plain * 3 >= words.length * 2;
  }

  function isPath(value) {
    if (matchAt(named("URL_OR_PATH_RE"), value, 0)) {
      return true;
    }
    return matchAt(named("PATH_RE"), value, 0) !== null && isWordish(value);
  }

  function entropy(value) {
    var counts = new Map();
    var total = 0;
    for (var c of value) {
      counts.set(c, (counts.get(c) || 0) + 1);
      total++;
    }
    var sum = 0;
    counts.forEach(function (n) {
      sum += (n / total) * Math.log2(n / total);
    });
    return -sum;
  }

  function isEvidence(value) {
    return (
      !value ||
      value.indexOf(MARK) >= 0 ||
      placeholder(value) ||
      isWords(value) ||
      isSentence(value) ||
      matchAt(named("ERROR_CODE_RE"), value, 0) !== null ||
      matchAt(named("CODE_REF_RE"), value, 0) !== null ||
      matchAt(named("CODE_CALL_RE"), value, 0) !== null ||
      isPath(value)
    );
  }

  var randomMemo = new Map();

  function looksRandom(value, minLength) {
    if (minLength === undefined) {
      minLength = 8;
    }
    var key = minLength + "\u0000" + value;
    if (randomMemo.has(key)) {
      return randomMemo.get(key);
    }
    var answer = looksRandomNow(value, minLength);
    if (randomMemo.size > 4096) {
      randomMemo.clear();
    }
    randomMemo.set(key, answer);
    return answer;
  }

  function looksRandomNow(value, minLength) {
    var size = length(value);
    if (size < minLength || matchAt(named("NUMBER_RE"), value, 0)) {
      return false;
    }
    var chars = new Set(value);
    var lower = false;
    var upper = false;
    var digit = false;
    var other = false;
    chars.forEach(function (c) {
      if (c >= "a" && c <= "z") {
        lower = true;
      } else if (c >= "A" && c <= "Z") {
        upper = true;
      } else if (c >= "0" && c <= "9") {
        digit = true;
      } else {
        other = true;
      }
    });
    var kinds = lower + upper + digit + other;
    if (kinds < 2 && size < 20) {
      return false;
    }
    var varied = chars.size >= 12 && 2 * chars.size >= size;
    return (varied || entropy(value) >= 2.5) && !isEvidence(value) && !isWordish(value);
  }

  function looksLikePassword(value) {
    return length(value) >= 4 && !isEvidence(value);
  }

  function basicCredential(value) {
    var padded = value + "=".repeat((4 - (length(value) % 4)) % 4);
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(padded)) {
      return false;
    }
    var plain;
    try {
      var binary = atob(padded);
      var bytes = new Uint8Array(binary.length);
      for (var i = 0; i < binary.length; i++) {
        bytes[i] = binary.charCodeAt(i);
      }
      plain = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    } catch (error) {
      return false;
    }
    return plain.indexOf(":") >= 0 && PRINTABLE_RE.test(plain);
  }

  function check(spec, value) {
    if (spec.check === "random") {
      return looksRandom(value.slice(spec.skip), spec.min);
    }
    if (spec.check === "basic") {
      return basicCredential(value);
    }
    if (spec.check === "password") {
      return looksLikePassword(value);
    }
    throw new Error("unknown check " + spec.check);
  }

  // The picks -------------------------------------------------------------------------------

  function afterWord(text, start) {
    if (start <= 0) {
      return false;
    }
    var c = charBefore(text, start);
    return isAlnumChar(c) || c === "_" || c === "-";
  }

  function spanPick(spec) {
    return function (match, text) {
      var span = match.span(spec.group);
      var value = text.slice(span[0], span[1]);
      if (!value || value.indexOf(MARK) >= 0 || placeholder(value)) {
        return [];
      }
      if (spec.check && !check(spec.check, value)) {
        return [];
      }
      return [[span[0], span[1], spec.kind]];
    };
  }

  function headerValue(name, start, value) {
    if (name === "cookie" || name === "set-cookie") {
      var spans = [];
      var pairs = finditer(named("COOKIE_PAIR_RE"), value);
      for (var i = 0; i < pairs.length; i++) {
        var cookie = strip(pairs[i].group(2), '"');
        if (cookie && cookie.indexOf(MARK) < 0 && !placeholder(cookie)) {
          var span = pairs[i].span(2);
          spans.push([start + span[0], start + span[1], "cookie"]);
        }
        if (name === "set-cookie") {
          break;
        }
      }
      return spans;
    }
    if (name === "authorization" || name === "proxy-authorization") {
      var scheme = matchAt(named("SCHEME_RE"), value, 0);
      if (scheme && T.authSchemes.indexOf(scheme.group(1).toLowerCase()) >= 0) {
        start += scheme.end;
        value = value.slice(scheme.end);
        if (T.oneTokenSchemes.indexOf(scheme.group(1).toLowerCase()) >= 0) {
          value = value.split(SPACES_RE)[0].split("\\")[0];
        }
      }
    }
    if (!strip(value) || value.indexOf(MARK) >= 0 || placeholder(value)) {
      return [];
    }
    if (T.authSchemes.indexOf(strip(value).toLowerCase()) >= 0) {
      return [];
    }
    return [[start, start + value.length, "header"]];
  }

  function header(match, text) {
    var start = match.start;
    var closeAt = match.span("close")[0];
    var name = match.group(0).slice(0, closeAt - start).toLowerCase();
    var close = match.group("close");
    var sep = match.group("sep");
    var end = match.end;
    var before = start ? charBefore(text, start) : "\n";
    var lineEnd = find(text, "\n", end);
    lineEnd = lineEnd < 0 ? text.length : lineEnd;
    if (sep === ":" && !close) {
      if (searchIn(named("LINE_START_RE"), text, Math.max(0, start - 8), start)) {
        return headerValue(name, end, rstrip(text.slice(end, lineEnd)));
      }
      if (before === '"' || before === "'") {
        var stop = find(text, before, end, lineEnd);
        if (stop > 0) {
          return headerValue(name, end, text.slice(end, stop));
        }
        return [];
      }
    }
    if (close && before !== close) {
      return [];
    }
    if (!close && afterWord(text, start)) {
      return [];
    }
    var quote = matchAt(named("HEADER_QUOTE_RE"), text, end);
    if (quote === null) {
      return [];
    }
    var closing = find(text, quote.group(0), quote.end, lineEnd);
    if (closing < 0) {
      return [];
    }
    return headerValue(name, quote.end, text.slice(quote.end, closing));
  }

  function curlCookie(match, text) {
    if (afterWord(text, match.start)) {
      return [];
    }
    var span = match.span(2);
    return headerValue("cookie", span[0], text.slice(span[0], span[1]));
  }

  function curlUser(match, text) {
    if (afterWord(text, match.start)) {
      return [];
    }
    var suffix = ["", "2", "3"].find(function (s) {
      return match.group("password" + s) !== null;
    });
    var user = match.group("user" + suffix);
    var password = match.group("password" + suffix);
    if (!password || password.indexOf(MARK) >= 0 || placeholder(password)) {
      return [];
    }
    if (isDigits(user) && isDigits(password)) {
      return [];
    }
    var span = match.span("password" + suffix);
    return [[span[0], span[1], "command password"]];
  }

  function beforeHex(spec) {
    return function (match, text) {
      var start = match.start - spec.length;
      if (start < 0 || afterWord(text, start)) {
        return [];
      }
      return [[start, match.end, spec.kind]];
    };
  }

  function stripe(match, text) {
    var start = match.start - 1;
    if (start < 0 || "srp".indexOf(text[start]) < 0 || afterWord(text, start)) {
      return [];
    }
    return [[start, match.end, "stripe"]];
  }

  function telegram(match, text) {
    var start = match.start;
    var moved = 0;
    while (start > 0 && isDigitChar(charBefore(text, start)) && moved < 10) {
      start -= charBefore(text, start).length;
      moved++;
    }
    if (moved < 8) {
      return [];
    }
    var three = codePoints(text.slice(Math.max(0, start - 6), start)).slice(-3).join("");
    three = three.toLowerCase();
    if (afterWord(text, start) && three !== "bot") {
      return [];
    }
    return [[start, match.end, "bot"]];
  }

  function xmlValue(match, text) {
    var name = match.group(1);
    var close = match.start;
    var lowered = match.string;
    var opened = rfind(lowered, "<" + name + ">", Math.max(0, close - 1100), close);
    if (opened < 0) {
      return [];
    }
    var start = opened + name.length + 2;
    var value = text.slice(start, close);
    if (!value || /[<>\r\n]/.test(value) || value.indexOf(MARK) >= 0) {
      return [];
    }
    var element = text.slice(opened + 1, start - 1);
    if (element === "Key") {
      return []; // S3's error documents name the object in <Key>: a path, not a secret
    }
    var kind = keyKind(element);
    if (kind === null || kind === "oauth code" || kind === "oauth state") {
      return [];
    }
    var secret =
      kind === "password" || kind === "secret" ? looksLikePassword(value) : looksRandom(value);
    return secret ? [[start, close, kind]] : [];
  }

  function privateKeys(text) {
    var ends = new Map();
    var begins = [];
    finditer(named("PEM_MARKER_RE"), text).forEach(function (marker) {
      if (marker.group(1) === "END") {
        if (!ends.has(marker.group(2))) {
          ends.set(marker.group(2), []);
        }
        ends.get(marker.group(2)).push([marker.start, marker.end]);
      } else {
        begins.push(marker);
      }
    });
    var spans = [];
    begins.forEach(function (begin) {
      var candidates = ends.get(begin.group(2)) || [];
      var place = candidates.findIndex(function (c) {
        return c[0] >= begin.end;
      });
      if (place >= 0 && candidates[place][0] - begin.end <= T.pemMax) {
        spans.push([begin.start, candidates[place][1], "private key"]);
      } else {
        spans.push([begin.start, matchAt(named("PEM_CUT_RE"), text, begin.end).end, "private key"]);
      }
    });
    return spans;
  }

  // Keys named like a secret ----------------------------------------------------------------

  var kindMemo = new Map();

  function keyKind(name) {
    if (!kindMemo.has(name)) {
      if (kindMemo.size > 4096) {
        kindMemo.clear();
      }
      kindMemo.set(name, keyKindNow(name));
    }
    return kindMemo.get(name);
  }

  function keyKindNow(name) {
    var camel = name.replace(regex(named("CAMEL_RE"), "g"), "_").toLowerCase();
    var words = camel.split(/[^a-z0-9]+/).filter(Boolean);
    if (!words.length) {
      return null;
    }
    var joined = words.join("_");
    var last = words[words.length - 1];
    var has = function (list, word) {
      return list.indexOf(word) >= 0;
    };
    if (joined.endsWith("private_key_id")) {
      return "private key id";
    }
    if (has(T.notAValue, last)) {
      return null;
    }
    if (joined.indexOf("secret_access_key") >= 0 || joined.indexOf("secretaccesskey") >= 0) {
      return "aws secret";
    }
    if (
      words.some(function (w) {
        return (
          w.indexOf("passw") >= 0 ||
          w.indexOf("pwd") >= 0 ||
          has(["pass", "pw", "passphrase", "contrase"], w) ||
          w.endsWith("pass")
        );
      })
    ) {
      return "password";
    }
    if (
      words.some(function (w) {
        return w.indexOf("secret") >= 0;
      })
    ) {
      return "secret";
    }
    if (
      words.some(function (w) {
        return w.indexOf("token") >= 0;
      })
    ) {
      return has(T.notSecretKeys, words[0]) ? null : "token";
    }
    if (
      words.some(function (w) {
        return w.endsWith("key") && !has(["monkey", "hotkey", "turnkey"], w);
      })
    ) {
      if (has(T.notSecretKeys, words[0]) || last === "id" || last === "ids") {
        return null;
      }
      return "api key";
    }
    if (
      words.some(function (w) {
        return w.indexOf("session") >= 0 || has(["sessid", "phpsessid", "jsessionid", "sid"], w);
      })
    ) {
      return "session";
    }
    if (last === "sig" || last === "signature" || last.endsWith("signature")) {
      return "signature";
    }
    if (last.startsWith("credential")) {
      return "credential";
    }
    if (last === "auth" || last === "authkey") {
      return "credential";
    }
    if (joined === "code") {
      return "oauth code";
    }
    if (joined === "state") {
      return "oauth state";
    }
    return null;
  }

  function keyValues(text, lowered) {
    var skip = 0;
    var spans = [];
    finditer(named("KEY_RE"), lowered).forEach(function (match) {
      if (match.start < skip) {
        return;
      }
      var found = keyValue(match, text);
      skip = found[1];
      spans.push.apply(spans, found[0]);
    });
    return spans;
  }

  function keyValue(match, text) {
    var nameChars = T.nameChars;
    var start = match.start;
    while (start > 0 && nameChars.indexOf(text[start - 1]) >= 0 && match.start - start < 80) {
      start--;
    }
    if (start > 0 && text[start - 1] === "$") {
      return [[], match.end];
    }
    var close = match.group("close");
    var bare = strip(close, "\\]");
    if (bare && text.slice(Math.max(0, start - 1), start) !== bare) {
      return [[], match.end];
    }
    var name = text.slice(start, match.span("close")[0]);
    var kind = keyKind(name);
    if (kind === null) {
      return [[], match.end];
    }
    var end = match.end;
    var valueStart;
    var valueEnd;
    var after;
    var quote = matchAt(named("QUOTED_AT_RE"), text, end);
    if (quote) {
      var lineEnd = find(text, "\n", quote.end);
      var stop = find(text, quote.group(0), quote.end, lineEnd < 0 ? text.length : lineEnd);
      if (stop < 0) {
        return [[], match.end];
      }
      valueStart = quote.end;
      valueEnd = stop;
      var next = stop + quote.group(0).length;
      after = text.slice(next, next + 1);
    } else {
      var sep = match.group("sep");
      var atLineStart =
        (sep === "=" || sep === ":") &&
        searchIn(named("LINE_PREFIX_RE"), text, Math.max(0, start - 10), start);
      var found = atLineStart ? matchAt(named("LINE_VALUE_RE"), text, end) : null;
      if (found === null || searchIn(named("QUERY_PAIR_RE"), found.group(0), 0)) {
        found = matchAt(named("BARE_VALUE_RE"), text, end);
      }
      if (found === null) {
        return [[], match.end];
      }
      valueStart = found.start;
      valueEnd = found.end;
      while (valueEnd > valueStart && ".:,;!?".indexOf(text[valueEnd - 1]) >= 0) {
        valueEnd--;
      }
      after = text.slice(valueEnd, valueEnd + 1);
      if (after === "(" || after === "[") {
        return [[], valueEnd];
      }
    }
    var value = text.slice(valueStart, valueEnd);
    if (!value || value.indexOf(MARK) >= 0) {
      return [[], valueEnd];
    }
    var secret;
    if (kind === "password" || kind === "secret") {
      secret = looksLikePassword(value);
    } else if (kind === "oauth code" || kind === "oauth state") {
      var before = start ? charBefore(text, start) : "\n";
      var inQuery =
        "?&#".indexOf(before) >= 0 ||
        (after === "&" && (isSpace(before) || before === '"' || before === "'"));
      secret = inQuery && looksRandom(value, kind === "oauth code" ? 10 : 8);
    } else {
      secret = looksRandom(value);
    }
    return [secret ? [[valueStart, valueEnd, kind]] : [], valueEnd];
  }

  // The rules -------------------------------------------------------------------------------

  var PICKS = {
    header: header,
    curl_cookie: curlCookie,
    curl_user: curlUser,
    stripe: stripe,
    telegram: telegram,
    xml_value: xmlValue,
  };
  var SCANS = { private_keys: privateKeys, key_values: keyValues };

  function makePick(spec) {
    if (spec.pick === "span") {
      return spanPick(spec);
    }
    if (spec.pick === "bounded") {
      var inner = makePick(spec.inner);
      return function (match, text) {
        return afterWord(text, match.start) ? [] : inner(match, text);
      };
    }
    if (spec.pick === "before_hex") {
      return beforeHex(spec);
    }
    if (PICKS[spec.pick]) {
      return PICKS[spec.pick];
    }
    throw new Error("unknown pick " + spec.pick);
  }

  var RULES = T.rules.map(function (rule) {
    var find;
    if (rule.scan) {
      var scan = SCANS[rule.scan];
      find = function (text, lowered) {
        return scan(text, lowered);
      };
    } else {
      var pick = makePick(rule.pick);
      find = function (text, lowered) {
        var spans = [];
        finditer(rule.pattern, rule.lower ? lowered : text).forEach(function (match) {
          spans.push.apply(spans, pick(match, text));
        });
        return spans;
      };
    }
    return { needles: rule.needles, find: find };
  });

  function removal(kind, count) {
    var labels = T.kinds[kind];
    return count === 1 ? labels[0] : count + " " + labels[1];
  }

  // The text with every secret replaced by MARK, what was removed ("2 bearer tokens") and,
  // for each kind, the values removed.
  function redact(text) {
    var found = new Map();
    var lowered = lowercase(text);
    RULES.forEach(function (rule) {
      if (
        !rule.needles.some(function (needle) {
          return lowered.indexOf(needle) >= 0;
        })
      ) {
        return;
      }
      var spans = [];
      var last = 0;
      rule.find(text, lowered).forEach(function (span) {
        if (span[0] >= last) {
          spans.push(span);
          last = span[1];
        }
      });
      if (!spans.length) {
        return;
      }
      var parts = [];
      var position = 0;
      spans.forEach(function (span) {
        if (!found.has(span[2])) {
          found.set(span[2], new Set());
        }
        found.get(span[2]).add(text.slice(span[0], span[1]));
        parts.push(text.slice(position, span[0]), MARK);
        position = span[1];
      });
      parts.push(text.slice(position));
      text = parts.join("");
      lowered = lowercase(text);
    });
    var removed = [];
    found.forEach(function (values, kind) {
      removed.push(removal(kind, values.size));
    });
    return { text: text, removed: removed, found: found };
  }

  root.StatusFixRedact = {
    MARK: MARK,
    redact: redact,
    removal: removal,
    looksRandom: looksRandom,
    placeholder: placeholder,
    keyKind: keyKind,
    length: length,
    strip: strip,
    isSpace: isSpace,
  };
})(typeof window !== "undefined" ? window : globalThis);
