"""manage.py evaluate: score the diagnosis and walk the guide on the case library."""

import sys

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from troubleshooter import snapshot
from troubleshooter.evaluation import cases as evaluation
from troubleshooter.evaluation import walks


class Command(BaseCommand):
    help = (
        "Score the diagnosis on the case library: top-1 and top-3 for the dev and test splits, "
        "by kind and by platform, and the dev split's misses; then scripted walks through the "
        "guide for every description case."
    )

    def add_arguments(self, parser):
        parser.add_argument("--cases", default=settings.BASE_DIR / "tests" / "cases")
        parser.add_argument("--min-top1", type=float, help="fail when the test split is below")
        parser.add_argument("--min-top3", type=float, help="fail when the test split is below")
        parser.add_argument("--by-platform", action="store_true", help="also a table by platform")
        parser.add_argument(
            "--min-walk-first",
            type=float,
            help="fail when fewer test walks end with an acceptable code first",
        )
        parser.add_argument(
            "--max-walk-median", type=float, help="fail when test walks ask more questions (median)"
        )
        parser.add_argument(
            "--blind",
            action="store_true",
            help="also score the blind split (gathered unseen, never tuned on): tables only",
        )
        for name, what in (
            ("cause1", "cases with a usable cause first"),
            ("cause3", "cases with a usable cause in the first three"),
            ("code1-shown", "cases with an acceptable code first, the status in the text"),
            ("code1-hidden", "cases with an acceptable code first, the status not in the text"),
        ):
            parser.add_argument(
                f"--min-blind-{name}", type=float, help=f"fail when fewer blind {what}"
            )
        parser.add_argument(
            "--test-misses",
            action="store_true",
            help="also list the test split's misses (look, never tune on them)",
        )

    def handle(self, *args, cases, min_top1, min_top3, min_walk_first, max_walk_median, **options):
        try:
            library = evaluation.read_cases(cases)
        except evaluation.CaseError as error:
            raise CommandError(str(error)) from None
        content = snapshot.current()
        report = evaluation.Report.of(evaluation.run_fair(library, content.diagnose))
        out = self.stdout.write
        out(f"{len(library)} cases in {cases}")
        out(
            "Diagnosis: a usable cause first and in the first three, an acceptable code first "
            "and in the first three"
        )
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
        out(
            f"\ncauses (a cause whose fix would work) dev/test: first "
            f"{report.tally('dev').share('cause1'):.1%} / {test.share('cause1'):.1%}, "
            f"in the first three {report.tally('dev').share('cause3'):.1%} / "
            f"{test.share('cause3'):.1%}"
        )
        gates = {
            key: options.get(f"min_blind_{key.replace('-', '_')}")
            for key in ("cause1", "cause3", "code1-shown", "code1-hidden")
        }
        if options["blind"] or any(value is not None for value in gates.values()):
            failures += self.blind(report, gates, show=options["blind"])
        walked = walks.run(library, content, wrong_share=walks.WRONG_SHARE)
        out(
            f"\nScripted guide walks ({len(walked)} description cases): each answer from what the "
            f'case says, "Not sure" where it is silent, one known answer in '
            f"{round(1 / walks.WRONG_SHARE)} wrong"
        )
        for line in walks.table(walked, "platform" if options["by_platform"] else "all"):
            out(line)
        easy = walks.tallies(walks.run(library, content))
        for split in ("dev", "test"):
            t = easy.get((split, "all"), walks.Tally([]))
            out(
                f"with every known answer right, {split}: first {t.share('first'):.0%}, "
                f"top-3 {t.share('top3'):.0%}, cause {t.share('cause1'):.0%}, median {t.median}"
            )
        described = walks.tallies(
            walks.run(library, content, wrong_share=walks.WRONG_SHARE, withhold_status=True)
        )
        for split in ("dev", "test"):
            t = described.get((split, "all"), walks.Tally([]))
            out(
                f"a description only (the status withheld), {split}: first {t.share('first'):.0%}, "
                f"top-3 {t.share('top3'):.0%}, cause {t.share('cause1'):.0%}, median {t.median}, "
                f"worst {t.worst}"
            )
        bare = walks.tallies(walks.run(library, content, use_text=False))
        for split in ("dev", "test"):
            t = bare.get((split, "all"), walks.Tally([]))
            out(
                f"without the text (status and platform only), {split}: first {t.share('first'):.0%}, "
                f"top-3 {t.share('top3'):.0%}, cause {t.share('cause1'):.0%}, median {t.median}"
            )
        out("Calibration on the dev split (the first code's share at the end):")
        for line in walks.calibration(walked, "dev"):
            out(line)
        for split in ("dev", "test") if options["test_misses"] else ("dev",):
            misses = walks.miss_lines(walked, split)
            out(f"{split} split: {len(misses)} walks without an acceptable code first")
            for line in misses:
                out(f"  {line}")
        walk_test = walks.tallies(walked).get(("test", "all"), walks.Tally([]))
        if min_walk_first is not None and walk_test.share("first") < min_walk_first:
            failures.append(
                f"test walks first {walk_test.share('first'):.1%} < {min_walk_first:.0%}"
            )
        if max_walk_median is not None and walk_test.median > max_walk_median:
            failures.append(f"test walks median {walk_test.median} questions > {max_walk_median:g}")
        if min_top1 is not None and test.share("top1") < min_top1:
            failures.append(f"test top-1 {test.share('top1'):.1%} < {min_top1:.0%}")
        if min_top3 is not None and test.share("top3") < min_top3:
            failures.append(f"test top-3 {test.share('top3'):.1%} < {min_top3:.0%}")
        summary = (
            f"test split: top-1 {test.share('top1'):.1%}, top-3 {test.share('top3'):.1%} "
            f"({test.n} cases); walks first {walk_test.share('first'):.1%}, "
            f"top-3 {walk_test.share('top3'):.1%}, median {walk_test.median} questions, "
            f"worst {walk_test.worst} ({walk_test.n} walks)"
        )
        if failures:
            self.stderr.write(f"{summary}\nFAILED: {'; '.join(failures)}")
            sys.exit(1)
        out(f"\n{summary}")

    def blind(self, report, gates, show):
        """The blind split's figures (tables when `show`), and the gates it fails."""
        blind = report.tally("blind")
        shown = report.tally("blind", "status", "shown")
        hidden = report.tally("blind", "status", "not shown")
        figures = {
            "cause1": blind.share("cause1"),
            "cause3": blind.share("cause3"),
            "code1-shown": shown.share("top1"),
            "code1-hidden": hidden.share("top1"),
        }
        out = self.stdout.write
        if show:
            out(
                f"\nBlind split ({blind.n} cases, and {report.tally('blind', 'variant', 'no status').n} "
                "of them again without their status):"
            )
            for dimension in ("kind", "status", "variant", "platform"):
                for line in evaluation.table(report, dimension, splits=("blind",)):
                    out(line)
                out("")
        out(
            f"blind split: cause first {figures['cause1']:.1%}, in the first three "
            f"{figures['cause3']:.1%}; code first {figures['code1-shown']:.1%} with the status "
            f"in the text ({shown.n}), {figures['code1-hidden']:.1%} without it ({hidden.n})"
        )
        return [
            f"blind {key} {figures[key]:.1%} < {minimum:.0%}"
            for key, minimum in gates.items()
            if minimum is not None and figures[key] < minimum
        ]
