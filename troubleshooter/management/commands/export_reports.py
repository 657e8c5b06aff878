"""manage.py export_reports: write the dev split of the case library as the reports the
diagnosis learns from (troubleshooter/engine/reports.jsonl)."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from troubleshooter.engine import reports
from troubleshooter.evaluation import cases as evaluation


def dev_reports(folder):
    """A report per dev case, with its text and, when it shows a status, the text without it
    (how the same failure reads to someone who never saw the number)."""
    found = []
    for case in evaluation.read_cases(folder):
        if case.split != "dev" or not case.causes:
            continue
        text = case.symptom
        if case.symptom_no_status:
            text = f"{text}\n{case.symptom_no_status}"
        found.append(reports.Report(case.id, case.causes, text))
    return found


class Command(BaseCommand):
    help = (
        "Export the dev split of tests/cases as the diagnosis' example reports "
        "(troubleshooter/engine/reports.jsonl). Never the test or blind splits."
    )

    def add_arguments(self, parser):
        parser.add_argument("--cases", default=settings.BASE_DIR / "tests" / "cases")
        parser.add_argument("--output", default=reports.PATH)

    def handle(self, *args, cases, output, **options):
        try:
            found = dev_reports(cases)
        except evaluation.CaseError as error:
            raise CommandError(str(error)) from None
        with open(output, "w", encoding="utf-8") as out:
            out.write(reports.dump(found))
        self.stdout.write(f"{len(found)} reports written to {output}")
