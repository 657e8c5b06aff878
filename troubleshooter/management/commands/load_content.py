"""manage.py load_content: load the content files, keeping staff edits unless forced."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from troubleshooter.content import sync
from troubleshooter.content.files import ContentError
from troubleshooter.editorial import deletions

REMOVED_REASON = "No longer in the content files (load_content)"


class Command(BaseCommand):
    help = "Load the markdown content files into the database (all or nothing)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--path", type=Path, default=settings.CONTENT_DIR, help="content directory"
        )
        parser.add_argument(
            "--force", action="store_true", help="overwrite rows that staff edited in admin"
        )

    def handle(self, *args, path, force, **options):
        try:
            report = sync.load(path, force=force, remove=keep_restorable)
        except ContentError as error:
            raise CommandError(f"{error}\nNothing was loaded.") from None
        for name, reason in report.skipped:
            self.stderr.write(self.style.WARNING(f"Skipped {name}: {reason}"))
        counts = (
            f"{len(report.created)} created, {len(report.updated)} updated, "
            f"{len(report.deleted)} deleted, {len(report.unchanged)} unchanged, "
            f"{len(report.skipped)} skipped"
        )
        if options["verbosity"] == 0:
            return
        if report.changed:
            for label, names in (("Created", report.created), ("Updated", report.updated),
                                 ("Deleted", report.deleted)):  # fmt: skip
                if names and options["verbosity"] > 1:
                    self.stdout.write(f"{label}: {', '.join(names)}")
            self.stdout.write(self.style.SUCCESS(f"Loaded content from {path}: {counts}."))
        else:
            self.stdout.write(f"Nothing to change: the database already matches {path} ({counts}).")


def keep_restorable(row):
    """A row the files no longer hold is deleted as an editor's deletion is: kept whole under
    "Recently deleted", so a file edit that dropped it by mistake can be undone in the admin."""
    deletions.delete(row, None, REMOVED_REASON)
