import sys

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from troubleshooter import evaluation, snapshot


class Command(BaseCommand):
    help = (
        "Score the diagnosis on the case library: top-1 and top-3 for the dev and test splits, "
        "by kind and by platform, and the dev split's misses."
    )

    def add_arguments(self, parser):
        parser.add_argument("--cases", default=settings.BASE_DIR / "tests" / "cases")
        parser.add_argument("--min-top1", type=float, help="fail when the test split is below")
        parser.add_argument("--min-top3", type=float, help="fail when the test split is below")
        parser.add_argument("--by-platform", action="store_true", help="also a table by platform")
        parser.add_argument(
            "--test-misses",
            action="store_true",
            help="also list the test split's misses (look, never tune on them)",
        )

    def handle(self, *args, cases, min_top1, min_top3, **options):
        try:
            library = evaluation.read_cases(cases)
        except evaluation.CaseError as error:
            raise CommandError(str(error)) from None
        report = evaluation.Report.of(evaluation.run(library, snapshot.current().diagnose))
        out = self.stdout.write
        out(f"{len(library)} cases in {cases}")
        for line in evaluation.table(report, "kind"):
            out(line)
        if options["by_platform"]:
            out("")
            for line in evaluation.table(report, "platform"):
                out(line)
        for split in ("dev", "test") if options["test_misses"] else ("dev",):
            misses = evaluation.miss_lines(report, split)
            out(f"\n{split} split: {len(misses)} cases without an acceptable code first")
            for line in misses:
                out(f"  {line}")
        test = report.tally("test")
        failures = []
        if min_top1 is not None and test.share("top1") < min_top1:
            failures.append(f"test top-1 {test.share('top1'):.1%} < {min_top1:.0%}")
        if min_top3 is not None and test.share("top3") < min_top3:
            failures.append(f"test top-3 {test.share('top3'):.1%} < {min_top3:.0%}")
        summary = (
            f"test split: top-1 {test.share('top1'):.1%}, top-3 {test.share('top3'):.1%} "
            f"({test.n} cases)"
        )
        if failures:
            self.stderr.write(f"{summary}\nFAILED: {'; '.join(failures)}")
            sys.exit(1)
        out(f"\n{summary}")
