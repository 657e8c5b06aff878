#!/usr/bin/env python3
"""A text browser for the guide, for simulated users: shows what a person sees on a guide page.

    walk.py start BASE "text" [status] [platform]   # the first screen's form; prints the page
    walk.py open BASE "/guide/?..."                 # any guide address; prints the page
Prints the question (with its help), the numbered answers and their addresses, or the result
(the first causes with their shares). Only what the page shows; nothing else.
"""

import html
import re
import sys
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar


def fetch(url, data=None):
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))
    request = urllib.request.Request(url, data=data)
    try:
        with opener.open(request, timeout=30) as response:
            return response.geturl(), response.read().decode()
    except urllib.error.HTTPError as error:
        return url, error.read().decode()


def text(fragment):
    fragment = re.sub(r"<(script|style)[^>]*>.*?</\1>", "", fragment, flags=re.S)
    fragment = re.sub(r"<br\s*/?>|</p>|</li>|</h\d>", "\n", fragment)
    return html.unescape(re.sub(r"<[^>]+>", "", fragment)).strip()


def show(base, url, page):
    path = url[len(base) :] if url.startswith(base) else url
    print("ADDRESS:", path)
    panel = re.search(r'<div id="guide-panel".*', page, re.S)
    page = panel.group(0) if panel else page
    for note in re.findall(r'<ul class="notes"[^>]*>(.*?)</ul>', page, re.S):
        print("NOTE:", text(note))
    fromtext = re.search(r'<section class="from-text".*?</section>', page, re.S)
    if fromtext:
        print("FROM YOUR TEXT:")
        for item in re.findall(r"<li>(.*?)</li>", fromtext.group(0), re.S):
            link = re.search(r'<a href="(\?[^"]+)"', item)
            where = f"  ->  /guide/{html.unescape(link.group(1))}" if link else ""
            print("  -", " ".join(text(item).split()) + where)
    question = re.search(r'<section class="question".*?</section>', page, re.S)
    if question:
        q = question.group(0)
        title = re.search(r"<h2[^>]*>(.*?)</h2>", q, re.S)
        print("QUESTION:", text(title.group(1)) if title else "?")
        helptext = re.search(r'<div class="prose help">(.*?)</div>', q, re.S)
        if helptext:
            print("HELP:", " ".join(text(helptext.group(1)).split())[:600])
        if 'class="status-form"' in q:
            print(
                "THIS IS THE STATUS QUESTION: answer with  open BASE '<address>&s=<number or phrase>'  (type the status),"
            )
            hidden = re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', q)
            query = urllib.parse.urlencode([(n, html.unescape(v)) for n, v in hidden])
            print("  typed-status address: /guide/?" + query + "&s=<status>")
        for n, (href, label) in enumerate(
            re.findall(r'<a class="answer[^"]*" href="([^"]+)"[^>]*>(.*?)</a>', q, re.S), 1
        ):
            print(f"  [{n}] {text(label)}  ->  /guide/{html.unescape(href)}")
        for href, label in re.findall(r'<p class="show-now">.*?</p>', q, re.S) and re.findall(
            r'<a href="(\?[^"]+)"[^>]*>(.*?)</a>',
            re.search(r'<p class="show-now">.*?</p>', q, re.S).group(0),
        ):
            print(f"  [-] {text(label)}  ->  /guide/{html.unescape(href)}")
        return
    result = re.search(r'<section class="result".*', page, re.S)
    if result:
        r = result.group(0)
        conf = re.search(r'<p class="step-count confidence[^"]*">(.*?)</p>', r, re.S)
        title = re.search(r'<h2 id="result-title"[^>]*>(.*?)</h2>', r, re.S)
        print(
            "RESULT:",
            text(conf.group(1)) if conf else "",
            "|",
            " ".join(text(title.group(1)).split()) if title else "",
        )
        slug = re.search(r'Read all about.*?href="/(\d+)/#([a-z0-9-]+)"', r, re.S) or re.search(
            r"About it: [^\n]*/(\d+)/#([a-z0-9-]+)", r
        )
        if slug:
            print("RESULT CAUSE KEY:", f"{slug.group(1)}/{slug.group(2)}")
        more = re.search(r'<a href="(\?[^"]+)"[^>]*>Ask me more questions</a>', r)
        if more:
            print("  [more] Ask me more questions  ->  /guide/" + html.unescape(more.group(1)))
        for check in re.findall(r'<section class="check".*?</section>', r, re.S):
            heading = re.search(r"<h3[^>]*>(.*?)</h3>", check, re.S)
            print("CHECK:", " ".join(text(heading.group(1)).split()) if heading else "")
            body = check[heading.end() :] if heading else check
            print("  ", " ".join(text(body).split())[:700])
        ups = re.search(r'<ul class="runners-up">(.*?)</ul>', r, re.S)
        if ups:
            for li in re.findall(r"<li>(.*?)</li>", ups.group(1), re.S):
                print("  ALSO:", " ".join(text(li).split()))
        return
    print("PAGE:", " ".join(text(page).split())[:800])


def main():
    if len(sys.argv) < 3 or sys.argv[1] not in ("start", "open"):
        sys.exit(__doc__)
    command, base = sys.argv[1], sys.argv[2].rstrip("/")
    if command == "start":
        fields = {
            "text": sys.argv[3],
            "status": sys.argv[4] if len(sys.argv) > 4 else "",
            "platform": sys.argv[5] if len(sys.argv) > 5 else "",
        }
        url, page = fetch(base + "/guide/start/", urllib.parse.urlencode(fields).encode())
    else:
        url, page = fetch(base + sys.argv[3])
    show(base, url, page)


main()
