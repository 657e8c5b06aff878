"""Lighthouse on the main pages, in the light and the dark colour scheme, served as production
serves them (gunicorn, production settings, WhiteNoise, SQLite). `make lighthouse` runs it.

Needs Node and Debian's Chromium; Lighthouse itself comes from npm into LIGHTHOUSE_DIR
(default ~/.cache/statusfix-lighthouse) on first use, at the version pinned below. Prints one
line per page and scheme with the four category scores, and the failing audits of any category
under 100. Only loopback addresses are used. Exits non-zero when a score is under
LIGHTHOUSE_MIN (default 0.9), so it can gate a run.
"""

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.servers import Site, prepare_database, site_environment  # noqa: E402

VERSION = "12.8.2"
FOLDER = Path(os.environ.get("LIGHTHOUSE_DIR", Path.home() / ".cache/statusfix-lighthouse"))
MINIMUM = float(os.environ.get("LIGHTHOUSE_MIN", "0.9"))
PAGES = [
    "/",
    "/403/",
    "/401/",
    "/502/",
    "/guide/?a=status%3A502",
    "/diagnose/?text=HTTP%2F1.1+502+Bad+Gateway%0Aserver%3A+nginx%0A%0Aupstream+prematurely+closed",
    "/har/",
    "/timeouts/",
    "/search/?q=cors",
]
FLAGS = "--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage"


def lighthouse():
    binary = FOLDER / "node_modules/.bin/lighthouse"
    if not binary.exists():
        FOLDER.mkdir(parents=True, exist_ok=True)
        subprocess.run(["npm", "install", "--silent", "--prefix", str(FOLDER),
                        f"lighthouse@{VERSION}"], check=True)  # fmt: skip
    return binary


def audit(binary, url, dark, output):
    flags = FLAGS + (" --force-dark-mode --blink-settings=preferredColorScheme=0" if dark else "")
    for attempt in range(3):  # Lighthouse now and then fails to record a trace (NO_NAVSTART)
        done = subprocess.run(
            [str(binary), url, "--quiet", "--output=json", f"--output-path={output}",
             f"--chrome-flags={flags}",
             "--only-categories=performance,accessibility,best-practices,seo"],
            env={**os.environ, "CHROME_PATH": "/usr/bin/chromium"},
        )  # fmt: skip
        if done.returncode == 0:
            break
        if attempt == 2:
            raise SystemExit(f"lighthouse failed three times on {url}")
    report = json.loads(Path(output).read_text())
    scores = {name: category["score"] for name, category in report["categories"].items()}
    failing = []
    for name, category in report["categories"].items():
        if category["score"] is not None and category["score"] < 1:
            for ref in category["auditRefs"]:
                result = report["audits"][ref["id"]]
                if ref["weight"] and result["score"] is not None and result["score"] < 1:
                    failing.append(f"{name}: {ref['id']} ({result.get('displayValue', '')})")
    return scores, failing


def main():
    if not shutil.which("npm") or not Path("/usr/bin/chromium").exists():
        print("lighthouse: needs npm and /usr/bin/chromium (apt-get install chromium npm)")
        return 1
    binary = lighthouse()
    folder = Path(tempfile.mkdtemp(prefix="lighthouse-"))
    env = site_environment(f"sqlite:///{folder / 'db.sqlite3'}")
    prepare_database(env)
    site = Site(env, workers=2, threads=2)
    worst = 1.0
    try:
        for page in PAGES:
            site.get(page)  # warm the page cache, as a visitor after the first would find it
            for dark in (False, True):
                scores, failing = audit(binary, site.base + page, dark, folder / "report.json")
                worst = min([worst, *(s for s in scores.values() if s is not None)])
                shown = "  ".join(f"{name} {round(s * 100)}" for name, s in scores.items())
                print(f"{page[:60]:<62} {'dark ' if dark else 'light'}  {shown}", flush=True)
                for line in failing:
                    print(f"    {line}")
    finally:
        site.close()
        shutil.rmtree(folder, ignore_errors=True)
    return 0 if worst >= MINIMUM else 1


if __name__ == "__main__":
    sys.exit(main())
