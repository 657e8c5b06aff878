"""manage.py learn_ranking: fit the diagnosis' ranker to the dev split of the case library
(troubleshooter/engine/rerank.json)."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from troubleshooter import snapshot
from troubleshooter.engine import rerank
from troubleshooter.evaluation import cases as evaluation


class Command(BaseCommand):
    help = (
        "Fit the ranker that reorders the diagnosis' first candidates to the dev split of "
        "tests/cases (never the test or blind splits) and write troubleshooter/engine/rerank.json."
    )

    def add_arguments(self, parser):
        parser.add_argument("--cases", default=settings.BASE_DIR / "tests" / "cases")
        parser.add_argument("--output", default=rerank.PATH)

    def handle(self, *args, cases, output, **options):
        try:
            library = evaluation.read_cases(cases)
        except evaluation.CaseError as error:
            raise CommandError(str(error)) from None
        groups = evaluation.ranking_groups(library, snapshot.current().diagnose)
        model = rerank.fit(groups)
        if model is None:
            raise CommandError("The dev split has no case whose cause the diagnosis reaches.")
        with open(output, "w", encoding="utf-8") as out:
            out.write(model.dump())
        self.stdout.write(f"fitted to {len(groups)} texts of the dev split; written to {output}")
