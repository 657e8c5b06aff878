"""What the commands that read the case library (tests/cases) and write one file share."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from troubleshooter.evaluation import cases as evaluation


class LibraryCommand(BaseCommand):
    """--cases (the library's folder) and --output (the file written, `output` by default)."""

    output = None

    def add_arguments(self, parser):
        parser.add_argument("--cases", default=settings.BASE_DIR / "tests" / "cases")
        parser.add_argument("--output", default=self.output)

    def library(self, folder):
        """Every case in `folder`; a bad case stops the command with its file and line."""
        try:
            return evaluation.read_cases(folder)
        except evaluation.CaseError as error:
            raise CommandError(str(error)) from None

    def write(self, path, text, what):
        with open(path, "w", encoding="utf-8") as out:
            out.write(text)
        self.stdout.write(f"{what}; written to {path}")
