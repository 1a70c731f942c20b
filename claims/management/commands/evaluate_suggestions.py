"""Measure the desk's suggestions against the gold sets (claims/matching/evaluation.py).

    manage.py evaluate_suggestions                   # every set in tests/data/gold/
    manage.py evaluate_suggestions --set seeds -v 2  # one set, with the misses listed

Read-only: the gold articles are read as the desk imports them, nothing is saved.
"""

from django.core.management.base import BaseCommand, CommandError

from claims.matching.evaluation import GOLD, Result, evaluate


class Command(BaseCommand):
    help = "Measure claim suggestions, match suggestions and contradiction flags on the gold sets."

    def add_arguments(self, parser):
        parser.add_argument("--set", action="append", dest="sets", help="a gold set's name (default: all)")

    def handle(self, *args, sets: list[str] | None, verbosity: int, **options) -> None:
        paths = sorted(GOLD.glob("*.json"))
        if sets:
            paths = [GOLD / f"{name}.json" for name in sets]
        missing = [path.name for path in paths if not path.exists()]
        if missing or not paths:
            raise CommandError(f"no gold set {', '.join(missing) or 'at all'} in {GOLD}")
        for path in paths:
            self._report(evaluate(path), verbosity)

    def _report(self, result: Result, verbosity: int) -> None:
        write = self.stdout.write
        in_body = result.gold_claims - len(result.not_in_body)
        write(f"\n== {result.name}: {result.articles} articles, {result.gold_claims} gold claims")
        if result.not_in_body:
            write(f"   ({len(result.not_in_body)} not in an imported body: {', '.join(result.not_in_body)})")
        write(
            f"claim suggestions: recall {result.recall:.1%} ({result.found}/{in_body}), "
            f"{result.suggestions} suggestions, {result.per_claim:.2f} per gold claim"
        )
        write(f"match suggestions, over {result.match_asked} gold claims with a same-fact claim elsewhere:")
        for mode, label in (("quotes", "quotes alone"), ("statements", "with statements")):
            figures = result.match[mode]
            write(
                f"  {label:16} recall@1 {figures['at1']:.1%}  recall@5 {figures['at5']:.1%}  "
                f"no suggestion {figures['none']:.1%}"
            )
        write("contradictions (pairs of gold claims the desk suggests to each other):")
        for mode, label in (("quotes", "quotes alone"), ("statements", "with statements")):
            c = result.contradictions[mode]
            recall = (
                f"recall {c['recall']:.1%} ({c['right']}/{c['marked']})" if c["marked"] else "none marked"
            )
            write(
                f"  {label:16} precision {c['precision']:.1%} ({c['right']}/{c['flagged']})  {recall}  "
                f"marked false alarms flagged: {len(c['false_alarms_marked'])}"
            )
            if verbosity > 1:
                for line in c["false_alarms_marked"]:
                    write(f"    false alarm: {line}")
                for line in c["missed"]:
                    write(f"    missed: {line}")
        if verbosity > 1:
            for line in result.missed:
                write(f"  missed claim {line}")
