"""manage.py learn_ranking: fit the diagnosis' ranker to the dev split of the case library
(troubleshooter/engine/rerank.json)."""

from django.core.management.base import CommandError

from troubleshooter import snapshot
from troubleshooter.engine import rerank
from troubleshooter.evaluation import cases as evaluation
from troubleshooter.management.library import LibraryCommand


class Command(LibraryCommand):
    help = (
        "Fit the ranker that reorders the diagnosis' first candidates to the dev split of "
        "tests/cases (never the test or blind splits) and write troubleshooter/engine/rerank.json."
    )
    output = rerank.PATH

    def handle(self, *args, cases, output, **options):
        groups = evaluation.ranking_groups(self.library(cases), snapshot.current().diagnose)
        model = rerank.fit(groups)
        if model is None:
            raise CommandError("The dev split has no case whose cause the diagnosis reaches.")
        self.write(output, model.dump(), f"fitted to {len(groups)} texts of the dev split")
