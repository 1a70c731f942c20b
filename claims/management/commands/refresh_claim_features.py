"""Compute and store the matching features of every claim whose stored ones are missing or stale
(after the 0013 migration, or a change of `FEATURES_VERSION`), so that the first match
suggestions after a deploy need not do it. Prints how many claims were brought up to date;
`--dry-run` only counts them."""

from django.core.management.base import BaseCommand

from claims.matching.features import refresh_stale_features, stale_claims


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="Count the stale claims, store nothing.")

    def handle(self, *args, dry_run: bool = False, **options) -> None:
        if dry_run:
            self.stdout.write(f"Claims with missing or stale features: {stale_claims().count()}.")
            return
        self.stdout.write(f"Claim features refreshed: {refresh_stale_features()}.")
