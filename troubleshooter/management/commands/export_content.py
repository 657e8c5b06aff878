"""manage.py export_content: write the database back to content files."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from troubleshooter.content import sync


class Command(BaseCommand):
    help = "Write the database back to markdown files (OUTPUT/codes, OUTPUT/questions)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--output", type=Path, default=settings.CONTENT_DIR, help="directory to write into"
        )

    def handle(self, *args, output, **options):
        written = sync.export(output)
        on_disk = set((output / "codes").glob("*.md")) | set((output / "questions").glob("*.md"))
        for path in sorted(on_disk - set(written)):
            self.stderr.write(self.style.WARNING(f"{path} is not in the database; left as it is."))
        if options["verbosity"]:
            self.stdout.write(self.style.SUCCESS(f"Wrote {len(written)} files to {output}."))
