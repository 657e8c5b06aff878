"""manage.py export_reports: write the dev split of the case library as the reports the
diagnosis learns from (troubleshooter/engine/reports.jsonl)."""

from troubleshooter.engine import reports
from troubleshooter.management.library import LibraryCommand


def dev_reports(cases):
    """A report per dev case, with its text and, when it shows a status, the text without it
    (how the same failure reads to someone who never saw the number)."""
    found = []
    for case in cases:
        if case.split != "dev" or not case.causes:
            continue
        text = case.symptom
        if case.symptom_no_status:
            text = f"{text}\n{case.symptom_no_status}"
        found.append(reports.Report(case.id, case.causes, text))
    return found


class Command(LibraryCommand):
    help = (
        "Export the dev split of tests/cases as the diagnosis' example reports "
        "(troubleshooter/engine/reports.jsonl). Never the test or blind splits."
    )
    output = reports.PATH

    def handle(self, *args, cases, output, **options):
        found = dev_reports(self.library(cases))
        self.write(output, reports.dump(found), f"{len(found)} reports")
