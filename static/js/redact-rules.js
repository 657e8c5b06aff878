// Generated from troubleshooter/engine/redact.py by `manage.py build_redaction_js`: do not
// edit. static/js/redact.js runs these rules in the browser, as redact.py does on the server.
window.StatusFixRedactRules = {
 "authSchemes": [
  "api-key",
  "apikey",
  "aws",
  "aws4-hmac-sha256",
  "basic",
  "bearer",
  "client-id",
  "digest",
  "dpop",
  "gitlab-ci-token",
  "googlelogin",
  "hmac",
  "hoba",
  "key",
  "mac",
  "negotiate",
  "ntlm",
  "oauth",
  "sharedkey",
  "sharedkeylite",
  "signature",
  "splunk",
  "ssws",
  "token"
 ],
 "extraDigits": [
  [
   178,
   179
  ],
  [
   185,
   185
  ],
  [
   4969,
   4977
  ],
  [
   6618,
   6618
  ],
  [
   8304,
   8304
  ],
  [
   8308,
   8313
  ],
  [
   8320,
   8329
  ],
  [
   9312,
   9320
  ],
  [
   9332,
   9340
  ],
  [
   9352,
   9360
  ],
  [
   9450,
   9450
  ],
  [
   9461,
   9469
  ],
  [
   9471,
   9471
  ],
  [
   10102,
   10110
  ],
  [
   10112,
   10120
  ],
  [
   10122,
   10130
  ],
  [
   68160,
   68163
  ],
  [
   69216,
   69224
  ],
  [
   69714,
   69722
  ],
  [
   127232,
   127242
  ]
 ],
 "kinds": {
  "api key": [
   "an API key",
   "API keys"
  ],
  "aws key id": [
   "an AWS access key ID",
   "AWS access key IDs"
  ],
  "aws secret": [
   "an AWS secret key",
   "AWS secret keys"
  ],
  "azure account": [
   "an Azure account key",
   "Azure account keys"
  ],
  "azure sas": [
   "an Azure shared access key",
   "Azure shared access keys"
  ],
  "basic": [
   "a basic auth credential",
   "basic auth credentials"
  ],
  "bearer": [
   "a bearer token",
   "bearer tokens"
  ],
  "bot": [
   "a bot token",
   "bot tokens"
  ],
  "command password": [
   "a password in a command",
   "passwords in commands"
  ],
  "cookie": [
   "a cookie",
   "cookies"
  ],
  "credential": [
   "a credential",
   "credentials"
  ],
  "github": [
   "a GitHub token",
   "GitHub tokens"
  ],
  "gitlab": [
   "a GitLab token",
   "GitLab tokens"
  ],
  "google": [
   "a Google API key",
   "Google API keys"
  ],
  "google secret": [
   "a Google client secret",
   "Google client secrets"
  ],
  "header": [
   "a credential header",
   "credential headers"
  ],
  "jwt": [
   "a JWT",
   "JWTs"
  ],
  "mailchimp": [
   "a Mailchimp key",
   "Mailchimp keys"
  ],
  "npm": [
   "an npm token",
   "npm tokens"
  ],
  "oauth code": [
   "an OAuth code",
   "OAuth codes"
  ],
  "oauth state": [
   "an OAuth state",
   "OAuth states"
  ],
  "password": [
   "a password",
   "passwords"
  ],
  "private key": [
   "a private key",
   "private keys"
  ],
  "private key id": [
   "a private key ID",
   "private key IDs"
  ],
  "pypi": [
   "a PyPI token",
   "PyPI tokens"
  ],
  "secret": [
   "a secret",
   "secrets"
  ],
  "sendgrid": [
   "a SendGrid key",
   "SendGrid keys"
  ],
  "session": [
   "a session ID",
   "session IDs"
  ],
  "signature": [
   "a signature",
   "signatures"
  ],
  "slack": [
   "a Slack token",
   "Slack tokens"
  ],
  "stripe": [
   "a Stripe key",
   "Stripe keys"
  ],
  "token": [
   "a token",
   "tokens"
  ],
  "twilio": [
   "a Twilio key",
   "Twilio keys"
  ],
  "url password": [
   "a password in a URL",
   "passwords in URLs"
  ],
  "webhook": [
   "a webhook token",
   "webhook tokens"
  ]
 },
 "mark": "[REDACTED]",
 "nameChars": "-.0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz",
 "notAValue": [
  "arn",
  "count",
  "created",
  "description",
  "endpoint",
  "error",
  "errors",
  "expiration",
  "expires",
  "expiry",
  "field",
  "file",
  "format",
  "header",
  "hint",
  "invalid",
  "label",
  "len",
  "length",
  "limit",
  "location",
  "manager",
  "max",
  "message",
  "method",
  "min",
  "mode",
  "name",
  "names",
  "param",
  "path",
  "placeholder",
  "policy",
  "prefix",
  "provider",
  "ref",
  "remaining",
  "required",
  "reset",
  "rotation",
  "scope",
  "scopes",
  "size",
  "status",
  "store",
  "ttl",
  "type",
  "types",
  "updated",
  "uri",
  "url",
  "usage",
  "used",
  "valid",
  "version"
 ],
 "notSecretKeys": [
  "cache",
  "completion",
  "dedup",
  "foreign",
  "hash",
  "idempotency",
  "input",
  "lookup",
  "max",
  "next",
  "object",
  "output",
  "page",
  "partition",
  "primary",
  "prompt",
  "public",
  "range",
  "routing",
  "row",
  "s3",
  "sec",
  "shard",
  "sign",
  "signed",
  "sort",
  "ssh",
  "total",
  "unique"
 ],
 "oneTokenSchemes": [
  "api-key",
  "apikey",
  "basic",
  "bearer",
  "dpop",
  "key",
  "ssws",
  "token"
 ],
 "patterns": {
  "BARE_VALUE_RE": {
   "flags": "u",
   "source": "[^\\t-\\r\\x1c-\\x20\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000&;,\"'`<>()\\[\\]{}\\\\]{1,1000}"
  },
  "CAMEL_RE": {
   "flags": "u",
   "source": "(?<=[a-z0-9])(?=[A-Z])"
  },
  "CODE_CALL_RE": {
   "flags": "u",
   "source": "^[A-Za-z_][\\p{L}\\p{N}_.]*\\([^\\n]*\\)[;,]?(?=\\n?(?![\\s\\S]))"
  },
  "CODE_REF_RE": {
   "flags": "u",
   "source": "^[a-z]{2,}(?:\\.[A-Za-z_][A-Za-z0-9_]*)+(?=\\n?(?![\\s\\S]))"
  },
  "COOKIE_PAIR_RE": {
   "flags": "u",
   "source": "([^=;,\\t-\\r\\x1c-\\x20\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]+)[ \\t]*=[ \\t]*(\"[^\"]*\"|[^;]*?)[ \\t]*(?=;|(?=\\n?(?![\\s\\S])))"
  },
  "ERROR_CODE_RE": {
   "flags": "u",
   "source": "^(?:[A-Z]{1,10}[-_]?\\p{Nd}{1,8}|0x[0-9A-Fa-f]{1,16}|[A-Z]\\p{Nd}{1,3}[A-Z]?)(?=\\n?(?![\\s\\S]))"
  },
  "HEADER_QUOTE_RE": {
   "flags": "u",
   "source": "\\\\?([\"'])"
  },
  "HEADER_RE": {
   "flags": "u",
   "source": "(?:proxy-authorization|authorization|set-cookie|cookie|x-api-key|api-key|apikey|x-auth-token|x-access-token|x-amz-security-token|x-goog-api-key|ocp-apim-subscription-key|x-csrf-token|x-xsrf-token|private-token|x-shopify-access-token|x-vault-token|x-functions-key|x-api-token|x-auth-key|x-figma-token|x-postmark-server-token|x-gitlab-token|x-hub-signature-256|x-hub-signature|stripe-signature|x-slack-signature)(?<close>[\"']?)[ \\t]*(?<sep>=>|[:=])[ \\t]*"
  },
  "KEY_RE": {
   "flags": "u",
   "source": "(?:pass|pwd|secret|token|key|sig|sess|sid|auth|cred|code|state|contrase)(?=(?<atomic1>[a-z0-9_.-]{0,80}))\\k<atomic1>(?<close>\\\\?[\"'`]?\\]?)[ \\t]*(?<sep>=>|:=|==?|:)[ \\t]*"
  },
  "LINE_PREFIX_RE": {
   "flags": "u",
   "source": "(?:^|\\n)[ \\t]*(?:(?:export|set)[ \\t]+|-[ \\t]+)?(?=\\n?(?![\\s\\S]))"
  },
  "LINE_START_RE": {
   "flags": "u",
   "source": "(?:^|\\n)[<>]?[ \\t]*(?=\\n?(?![\\s\\S]))"
  },
  "LINE_VALUE_RE": {
   "flags": "u",
   "source": "[^\\t-\\r\\x1c-\\x20\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\"'`][^\\t-\\r\\x1c-\\x20\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]{0,1000}(?=[ \\t]*(?:[ \\t]#[^\\r\\n]*)?\\r?(?:\\n|(?=\\n?(?![\\s\\S]))))"
  },
  "NUMBER_RE": {
   "flags": "u",
   "source": "^[\\p{Nd}.:-]+(?=\\n?(?![\\s\\S]))"
  },
  "PATH_RE": {
   "flags": "u",
   "source": "^[\\p{L}\\p{N}_.-]+(?:/[\\p{L}\\p{N}_.-]+)+/?(?=\\n?(?![\\s\\S]))"
  },
  "PEM_CUT_RE": {
   "flags": "u",
   "source": "(?:(?:[ \\t]*(?:\\r?\\n|\\\\r\\\\n|\\\\n))+[ \\t]*(?:[A-Za-z0-9+/=]{1,100}|[A-Za-z-]{1,30}: [^\\r\\n\\\\]{1,200})(?=[ \\t]*(?:\\r?\\n|\\\\n|\\\\r|[\"']|(?=\\n?(?![\\s\\S])))))*"
  },
  "PEM_MARKER_RE": {
   "flags": "u",
   "source": "----[- ](BEGIN|END) ([A-Z0-9 ]{0,30}PRIVATE KEY(?: BLOCK)?)[ -]----(?:-(?!-))?"
  },
  "PIECE_SPLIT_RE": {
   "flags": "u",
   "source": "[\\t-\\r\\x1c-\\x20\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000_.:/#=@,;+()'\"!?-]+"
  },
  "PLACEHOLDER_RE": {
   "flags": "ui",
   "source": "^(?:null|none|nil|true|false|undefined|empty|redacted|filtered|hidden|masked|removed|omitted|sensitive|secret|password|pass|token|\\**|x{3,}|\\.{3,}|\u2026|-+|_+|<[^<>]*>|\\$\\{[^}]*\\}|\\{\\{?[^{}]*\\}\\}?|%s|%d|%\\([^)]*\\)s|\\$[A-Za-z_][\\p{L}\\p{N}_]*|\\$\\([^\\n]*|your[_-][\\p{L}\\p{N}_-]*|\\[[A-Za-z _-]*\\])(?=\\n?(?![\\s\\S]))"
  },
  "QUERY_PAIR_RE": {
   "flags": "u",
   "source": "&[\\p{L}\\p{N}_.-]+="
  },
  "QUOTED_AT_RE": {
   "flags": "u",
   "source": "\\\\?([\"'`])"
  },
  "REMOVED_RE": {
   "flags": "u",
   "source": "^([2-9]|[1-9]\\p{Nd}{1,3}) ([^\\n]+)(?=\\n?(?![\\s\\S]))"
  },
  "SCHEME_RE": {
   "flags": "u",
   "source": "([A-Za-z][\\p{L}\\p{N}_-]{0,30})[ \\t]+(?=[^\\t-\\r\\x1c-\\x20\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000])"
  },
  "URL_OR_PATH_RE": {
   "flags": "u",
   "source": "^(?:[a-z][a-z0-9+.-]*://|/|\\.{1,2}/|~/|[A-Za-z]:\\\\)"
  },
  "WORD_RE": {
   "flags": "u",
   "source": "^(?:[A-Z]*[a-z]*(?:[A-Z][a-z]+)*[A-Z]*s?)(?=\\n?(?![\\s\\S]))"
  }
 },
 "pemMax": 20000,
 "rules": [
  {
   "lower": false,
   "needles": [
    "private key"
   ],
   "scan": "private_keys"
  },
  {
   "lower": false,
   "needles": [
    "putty-user-key-file"
   ],
   "pattern": {
    "flags": "u",
    "source": "Private-Lines: \\p{Nd}+\\r?\\n(?:[A-Za-z0-9+/=]+(?:\\r?\\n|(?![\\s\\S])))+(?:Private-MAC: [\\p{L}\\p{N}_]+)?"
   },
   "pick": {
    "check": null,
    "group": 0,
    "kind": "private key",
    "pick": "span"
   }
  },
  {
   "lower": true,
   "needles": [
    "bearer"
   ],
   "pattern": {
    "flags": "u",
    "source": "bearer[ \\t]+((?=(?<atomic1>[a-z0-9\\-._~+/]{8,}))\\k<atomic1>(?=(?<atomic2>=*))\\k<atomic2>)(?![\\p{L}\\p{N}_\"'=[-])"
   },
   "pick": {
    "inner": {
     "check": {
      "check": "random",
      "min": 8,
      "skip": 0
     },
     "group": 1,
     "kind": "bearer",
     "pick": "span"
    },
    "pick": "bounded"
   }
  },
  {
   "lower": true,
   "needles": [
    "basic"
   ],
   "pattern": {
    "flags": "u",
    "source": "basic[ \\t]+([a-z0-9+/]{6,}={0,2})(?![\\p{L}\\p{N}_\"'=+/[])"
   },
   "pick": {
    "inner": {
     "check": {
      "check": "basic"
     },
     "group": 1,
     "kind": "basic",
     "pick": "span"
    },
    "pick": "bounded"
   }
  },
  {
   "lower": false,
   "needles": [
    "eyj"
   ],
   "pattern": {
    "flags": "u",
    "source": "eyJ[A-Za-z0-9_-]{8,}={0,2}(?:\\.[A-Za-z0-9_-]{2,}={0,2}){1,4}"
   },
   "pick": {
    "inner": {
     "check": null,
     "group": 0,
     "kind": "jwt",
     "pick": "span"
    },
    "pick": "bounded"
   }
  },
  {
   "lower": false,
   "needles": [
    "akia",
    "asia",
    "abia",
    "acca",
    "a3t"
   ],
   "pattern": {
    "flags": "u",
    "source": "A(?:3T[A-Z0-9]|BIA|CCA|KIA|SIA)[0-9A-Z]{16}(?![A-Za-z0-9])"
   },
   "pick": {
    "inner": {
     "check": null,
     "group": 0,
     "kind": "aws key id",
     "pick": "span"
    },
    "pick": "bounded"
   }
  },
  {
   "lower": true,
   "needles": [
    "aws"
   ],
   "pattern": {
    "flags": "u",
    "source": "aws[^\\n]{0,20}?(?:key|pwd|pw|password|pass|token)[^\\n]{0,20}?['\"]([0-9a-z/+]{40})['\"]"
   },
   "pick": {
    "check": {
     "check": "random",
     "min": 40,
     "skip": 0
    },
    "group": 1,
    "kind": "aws secret",
    "pick": "span"
   }
  },
  {
   "lower": true,
   "needles": [
    "accountkey="
   ],
   "pattern": {
    "flags": "u",
    "source": "accountkey=([a-z0-9+/]{20,}={0,2})"
   },
   "pick": {
    "check": null,
    "group": 1,
    "kind": "azure account",
    "pick": "span"
   }
  },
  {
   "lower": true,
   "needles": [
    "sharedaccesskey="
   ],
   "pattern": {
    "flags": "u",
    "source": "sharedaccesskey=([a-z0-9+/]{20,}={0,2})"
   },
   "pick": {
    "check": null,
    "group": 1,
    "kind": "azure sas",
    "pick": "span"
   }
  },
  {
   "lower": true,
   "needles": [
    "sharedaccesssignature="
   ],
   "pattern": {
    "flags": "u",
    "source": "sharedaccesssignature=([^;\\t-\\r\\x1c-\\x20\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\"']{8,})"
   },
   "pick": {
    "check": null,
    "group": 1,
    "kind": "azure sas",
    "pick": "span"
   }
  },
  {
   "lower": false,
   "needles": [
    "aiza"
   ],
   "pattern": {
    "flags": "u",
    "source": "AIza[0-9A-Za-z_-]{35}(?![\\p{L}\\p{N}_-])"
   },
   "pick": {
    "inner": {
     "check": null,
     "group": 0,
     "kind": "google",
     "pick": "span"
    },
    "pick": "bounded"
   }
  },
  {
   "lower": false,
   "needles": [
    "gocspx-"
   ],
   "pattern": {
    "flags": "u",
    "source": "GOCSPX-[\\p{L}\\p{N}_-]{20,}"
   },
   "pick": {
    "inner": {
     "check": null,
     "group": 0,
     "kind": "google secret",
     "pick": "span"
    },
    "pick": "bounded"
   }
  },
  {
   "lower": false,
   "needles": [
    "gh",
    "github_pat_"
   ],
   "pattern": {
    "flags": "u",
    "source": "g(?:h[pousr]_[A-Za-z0-9_]{20,255}|ithub_pat_[A-Za-z0-9_]{22,255})(?:(?<=[\\p{L}\\p{N}_])(?![\\p{L}\\p{N}_])|(?<![\\p{L}\\p{N}_])(?=[\\p{L}\\p{N}_]))"
   },
   "pick": {
    "inner": {
     "check": {
      "check": "random",
      "min": 20,
      "skip": 4
     },
     "group": 0,
     "kind": "github",
     "pick": "span"
    },
    "pick": "bounded"
   }
  },
  {
   "lower": false,
   "needles": [
    "gl"
   ],
   "pattern": {
    "flags": "u",
    "source": "gl(?:pat|dt|ft|soat|rt|imt|ptt|agent|oas|cbt)-(?:[0-9a-fA-F]{2}_)?[A-Za-z0-9_-]{20,1024}(?![\\p{L}\\p{N}_-])"
   },
   "pick": {
    "inner": {
     "check": null,
     "group": 0,
     "kind": "gitlab",
     "pick": "span"
    },
    "pick": "bounded"
   }
  },
  {
   "lower": false,
   "needles": [
    "gr1348941"
   ],
   "pattern": {
    "flags": "u",
    "source": "GR1348941[A-Za-z0-9_-]{20,50}(?![\\p{L}\\p{N}_-])"
   },
   "pick": {
    "inner": {
     "check": null,
     "group": 0,
     "kind": "gitlab",
     "pick": "span"
    },
    "pick": "bounded"
   }
  },
  {
   "lower": true,
   "needles": [
    "xox",
    "xapp-"
   ],
   "pattern": {
    "flags": "u",
    "source": "x(?:ox[abposr]-(?:\\p{Nd}+-)*[a-z0-9-]{10,}|app-\\p{Nd}-[a-z0-9-]{10,})"
   },
   "pick": {
    "inner": {
     "check": null,
     "group": 0,
     "kind": "slack",
     "pick": "span"
    },
    "pick": "bounded"
   }
  },
  {
   "lower": true,
   "needles": [
    "hooks.slack.com",
    "/api/webhooks/"
   ],
   "pattern": {
    "flags": "u",
    "source": "(?:hooks\\.slack\\.com/(?:services|workflows|triggers)/t[a-z0-9_]+/[a-z0-9_]+/|discord(?:app)?\\.com/api/webhooks/\\p{Nd}+/)([a-z0-9_-]{8,})"
   },
   "pick": {
    "check": null,
    "group": 1,
    "kind": "webhook",
    "pick": "span"
   }
  },
  {
   "lower": false,
   "needles": [
    "_live_",
    "_test_"
   ],
   "pattern": {
    "flags": "u",
    "source": "k_(?:live|test)_[0-9A-Za-z]{10,}(?:(?<=[\\p{L}\\p{N}_])(?![\\p{L}\\p{N}_])|(?<![\\p{L}\\p{N}_])(?=[\\p{L}\\p{N}_]))"
   },
   "pick": {
    "pick": "stripe"
   }
  },
  {
   "lower": false,
   "needles": [
    "whsec_"
   ],
   "pattern": {
    "flags": "u",
    "source": "whsec_[0-9A-Za-z+/=]{20,}"
   },
   "pick": {
    "inner": {
     "check": null,
     "group": 0,
     "kind": "stripe",
     "pick": "span"
    },
    "pick": "bounded"
   }
  },
  {
   "lower": false,
   "needles": [
    "sg."
   ],
   "pattern": {
    "flags": "u",
    "source": "SG\\.[A-Za-z0-9_-]{16,32}\\.[A-Za-z0-9_-]{30,64}(?![\\p{L}\\p{N}_-])"
   },
   "pick": {
    "inner": {
     "check": null,
     "group": 0,
     "kind": "sendgrid",
     "pick": "span"
    },
    "pick": "bounded"
   }
  },
  {
   "lower": false,
   "needles": [
    "ac",
    "sk"
   ],
   "pattern": {
    "flags": "u",
    "source": "(?:AC|SK)[0-9a-f]{32}(?:(?<=[\\p{L}\\p{N}_])(?![\\p{L}\\p{N}_])|(?<![\\p{L}\\p{N}_])(?=[\\p{L}\\p{N}_]))"
   },
   "pick": {
    "inner": {
     "check": null,
     "group": 0,
     "kind": "twilio",
     "pick": "span"
    },
    "pick": "bounded"
   }
  },
  {
   "lower": false,
   "needles": [
    "-us"
   ],
   "pattern": {
    "flags": "u",
    "source": "-us\\p{Nd}{1,2}(?:(?<=[\\p{L}\\p{N}_])(?![\\p{L}\\p{N}_])|(?<![\\p{L}\\p{N}_])(?=[\\p{L}\\p{N}_]))(?<=[0-9a-f]{32}-us\\p{Nd})|-us\\p{Nd}{1,2}(?:(?<=[\\p{L}\\p{N}_])(?![\\p{L}\\p{N}_])|(?<![\\p{L}\\p{N}_])(?=[\\p{L}\\p{N}_]))(?<=[0-9a-f]{32}-us\\p{Nd}\\p{Nd})"
   },
   "pick": {
    "kind": "mailchimp",
    "length": 32,
    "pick": "before_hex"
   }
  },
  {
   "lower": false,
   "needles": [
    "npm_"
   ],
   "pattern": {
    "flags": "u",
    "source": "npm_[A-Za-z0-9]{36,}(?:(?<=[\\p{L}\\p{N}_])(?![\\p{L}\\p{N}_])|(?<![\\p{L}\\p{N}_])(?=[\\p{L}\\p{N}_]))"
   },
   "pick": {
    "inner": {
     "check": null,
     "group": 0,
     "kind": "npm",
     "pick": "span"
    },
    "pick": "bounded"
   }
  },
  {
   "lower": false,
   "needles": [
    "pypi-"
   ],
   "pattern": {
    "flags": "u",
    "source": "pypi-[A-Za-z0-9_-]{50,}"
   },
   "pick": {
    "inner": {
     "check": null,
     "group": 0,
     "kind": "pypi",
     "pick": "span"
    },
    "pick": "bounded"
   }
  },
  {
   "lower": false,
   "needles": [
    ":aa"
   ],
   "pattern": {
    "flags": "u",
    "source": ":AA[0-9A-Za-z_-]{33}(?![\\p{L}\\p{N}_-])"
   },
   "pick": {
    "pick": "telegram"
   }
  },
  {
   "lower": false,
   "needles": [
    "sk-"
   ],
   "pattern": {
    "flags": "u",
    "source": "sk-(?:proj-|ant-|svcacct-|admin-)?[A-Za-z0-9_-]{20,}(?![\\p{L}\\p{N}_-])"
   },
   "pick": {
    "inner": {
     "check": {
      "check": "random",
      "min": 20,
      "skip": 3
     },
     "group": 0,
     "kind": "api key",
     "pick": "span"
    },
    "pick": "bounded"
   }
  },
  {
   "lower": false,
   "needles": [
    "hf_",
    "shp",
    "sq0",
    "xai-",
    "dop_v1_",
    "lin_api_"
   ],
   "pattern": {
    "flags": "u",
    "source": "(?:hf_[A-Za-z0-9]{30,}|shp(?:at|ss|ca|pa)_[a-fA-F0-9]{32}|sq0(?:csp|atp)-[0-9A-Za-z_-]{22,43}|xai-[A-Za-z0-9]{40,}|dop_v1_[a-f0-9]{64}|lin_api_[A-Za-z0-9]{40})(?![\\p{L}\\p{N}_-])"
   },
   "pick": {
    "inner": {
     "check": {
      "check": "random",
      "min": 20,
      "skip": 3
     },
     "group": 0,
     "kind": "api key",
     "pick": "span"
    },
    "pick": "bounded"
   }
  },
  {
   "lower": true,
   "needles": [
    "authorization",
    "cookie",
    "key",
    "token",
    "signature"
   ],
   "pattern": {
    "flags": "u",
    "source": "(?:proxy-authorization|authorization|set-cookie|cookie|x-api-key|api-key|apikey|x-auth-token|x-access-token|x-amz-security-token|x-goog-api-key|ocp-apim-subscription-key|x-csrf-token|x-xsrf-token|private-token|x-shopify-access-token|x-vault-token|x-functions-key|x-api-token|x-auth-key|x-figma-token|x-postmark-server-token|x-gitlab-token|x-hub-signature-256|x-hub-signature|stripe-signature|x-slack-signature)(?<close>[\"']?)[ \\t]*(?<sep>=>|[:=])[ \\t]*"
   },
   "pick": {
    "pick": "header"
   }
  },
  {
   "lower": false,
   "needles": [
    "-b",
    "--cookie"
   ],
   "pattern": {
    "flags": "u",
    "source": "-(?:b|-cookie)(?:[ \\t]+|=)([\"'])([^\"'\\r\\n]*=[^\"'\\r\\n]*)\\1"
   },
   "pick": {
    "pick": "curl_cookie"
   }
  },
  {
   "lower": false,
   "needles": [
    "://"
   ],
   "pattern": {
    "flags": "u",
    "source": "://(?<=[A-Za-z0-9]://)[^\\t-\\r\\x1c-\\x20\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000:/@\"'<>]*:([^\\t-\\r\\x1c-\\x20\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000/?#\"'<>]+)@(?=[\\p{L}\\p{N}_\\[.-])"
   },
   "pick": {
    "check": null,
    "group": 1,
    "kind": "url password",
    "pick": "span"
   }
  },
  {
   "lower": false,
   "needles": [
    "-u",
    "--user",
    "--proxy-user"
   ],
   "pattern": {
    "flags": "u",
    "source": "-(?:u|U|-user|-proxy-user)(?:[ \\t]+|=)?(?:\"(?<user>[^\"\\r\\n:]*):(?<password>[^\"\\r\\n]*)\"|'(?<user2>[^'\\r\\n:]*):(?<password2>[^'\\r\\n]*)'|(?<user3>[^\\t-\\r\\x1c-\\x20\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000:'\"`]*):(?<password3>[^\\t-\\r\\x1c-\\x20\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000'\"`]+))"
   },
   "pick": {
    "pick": "curl_user"
   }
  },
  {
   "lower": true,
   "needles": [
    "auth"
   ],
   "pattern": {
    "flags": "u",
    "source": "auth[a-z0-9_]*[ \\t]*(?:=|\\()[ \\t]*\\(?[ \\t]*([\"'])[^\"'\\r\\n]*\\1[ \\t]*,[ \\t]*([\"'])([^\"'\\r\\n]+)\\2"
   },
   "pick": {
    "check": {
     "check": "password"
    },
    "group": 3,
    "kind": "password",
    "pick": "span"
   }
  },
  {
   "lower": true,
   "needles": [
    "requirepass",
    "masterauth"
   ],
   "pattern": {
    "flags": "u",
    "source": "(?:requirepass|masterauth)[ \\t]+([^\\t-\\r\\x1c-\\x20\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]+)"
   },
   "pick": {
    "check": {
     "check": "password"
    },
    "group": 1,
    "kind": "password",
    "pick": "span"
   }
  },
  {
   "lower": false,
   "needles": [
    "=",
    ":"
   ],
   "scan": "key_values"
  },
  {
   "lower": true,
   "needles": [
    "</"
   ],
   "pattern": {
    "flags": "u",
    "source": "</([a-z_][\\p{L}\\p{N}_.-]{0,80})>"
   },
   "pick": {
    "pick": "xml_value"
   }
  }
 ],
 "secretHeaders": [
  "proxy-authorization",
  "authorization",
  "set-cookie",
  "cookie",
  "x-api-key",
  "api-key",
  "apikey",
  "x-auth-token",
  "x-access-token",
  "x-amz-security-token",
  "x-goog-api-key",
  "ocp-apim-subscription-key",
  "x-csrf-token",
  "x-xsrf-token",
  "private-token",
  "x-shopify-access-token",
  "x-vault-token",
  "x-functions-key",
  "x-api-token",
  "x-auth-key",
  "x-figma-token",
  "x-postmark-server-token",
  "x-gitlab-token",
  "x-hub-signature-256",
  "x-hub-signature",
  "stripe-signature",
  "x-slack-signature"
 ],
 "unicodeVersion": "15.1.0"
};
