"""manage.py build_redaction_js: write static/js/redact-rules.js, the browser's copy of the
redaction rules (troubleshooter/engine/redact.py), after a change to those rules."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from troubleshooter.engine import redact_table

TARGET = Path("static") / "js" / "redact-rules.js"


class Command(BaseCommand):
    help = "Write static/js/redact-rules.js from the redaction rules in engine/redact.py."

    def add_arguments(self, parser):
        parser.add_argument(
            "--check",
            action="store_true",
            help="only say whether the file is up to date (exit status 1 if not)",
        )

    def handle(self, *args, check=False, **options):
        path = Path(settings.BASE_DIR) / TARGET
        wanted = redact_table.javascript()
        current = path.read_text(encoding="utf-8") if path.exists() else ""
        if check:
            if current != wanted:
                self.stderr.write(f"{TARGET} is out of date: run manage.py build_redaction_js")
                raise SystemExit(1)
            self.stdout.write(f"{TARGET} is up to date.")
            return
        if current == wanted:
            self.stdout.write(f"{TARGET} was already up to date.")
            return
        path.write_text(wanted, encoding="utf-8")
        self.stdout.write(f"Wrote {TARGET} ({len(wanted):,} characters).")
