"""Import news articles from files, folders and zip archives.

Formats: .txt/.md, .html, .json/.jsonl, .csv, and .zip archives of them (see
articles/services/readers.py for the JSON fields and CSV columns). Each file is imported
whole or not at all; importing the same article twice creates nothing the second time.
Prints one line per file (or per record of a JSON/CSV file) and a summary; exits with
status 0 when nothing was rejected, 1 otherwise. With --dry-run, everything is read, checked
and reported as it would be, then rolled back: nothing is written. With --skip-known, an import
that finds only articles the desk already has records no batch (`make run` imports the seeds
this way, so running it again adds nothing to the desk's list of imports).
"""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from articles.models import ImportItem
from articles.services.import_ import import_paths


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", help="files, folders or .zip archives")
        parser.add_argument(
            "--dry-run", action="store_true", help="report what would be imported, and write nothing"
        )
        parser.add_argument(
            "--skip-known",
            action="store_true",
            help="record no import batch when every file is a duplicate of an article already imported",
        )

    def handle(self, *paths: str, **options) -> None:
        styles = {
            ImportItem.Outcome.CREATED: self.style.SUCCESS,
            ImportItem.Outcome.DUPLICATE: self.style.WARNING,
            ImportItem.Outcome.REJECTED: self.style.ERROR,
            ImportItem.Outcome.SKIPPED: str,
        }

        def print_item(item: ImportItem) -> None:
            detail = item.message
            if item.outcome == ImportItem.Outcome.CREATED:
                detail = f"#{item.article_id} “{item.article.title}” ({item.message})"
            self.stdout.write(f"{styles[item.outcome](f'{item.outcome:<9}')} {item.name}: {detail}")

        nothing_new = False
        if options["dry_run"] or options["skip_known"]:
            with transaction.atomic():  # each file becomes a savepoint; all may be rolled back
                batch = import_paths(paths=options["paths"], on_item=print_item)
                nothing_new = batch.duplicate_count > 0 and not (batch.created_count or batch.rejected_count)
                transaction.set_rollback(options["dry_run"] or nothing_new)
        else:  # each file commits on its own
            batch = import_paths(paths=options["paths"], on_item=print_item)
        if options["dry_run"]:
            label = "Dry run, nothing written"
        elif nothing_new:
            label = "Already imported, no import recorded"
        else:
            label = f"Import #{batch.pk}"
        self.stdout.write(
            f"{label}: {batch.created_count} created, {batch.duplicate_count} duplicate, "
            f"{batch.rejected_count} rejected."
        )
        if batch.rejected_count:
            raise CommandError(f"{batch.rejected_count} rejected", returncode=1)
