"""Import news articles from files, folders and zip archives.

Formats: .txt/.md, .html, .json/.jsonl, .csv, and .zip archives of them (see
articles/services/readers.py for the JSON fields and CSV columns). Each file is imported
whole or not at all; importing the same article twice creates nothing the second time.
Prints one line per file (or per record of a JSON/CSV file) and a summary; exits with
status 0 when nothing was rejected, 1 otherwise. With --dry-run, everything is read, checked
and reported as it would be, then rolled back: nothing is written.
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

        if options["dry_run"]:
            with transaction.atomic():  # each file becomes a savepoint; all is rolled back
                batch = import_paths(paths=options["paths"], on_item=print_item)
                transaction.set_rollback(True)
        else:  # each file commits on its own
            batch = import_paths(paths=options["paths"], on_item=print_item)
        label = "Dry run, nothing written" if options["dry_run"] else f"Import #{batch.pk}"
        self.stdout.write(
            f"{label}: {batch.created_count} created, {batch.duplicate_count} duplicate, "
            f"{batch.rejected_count} rejected."
        )
        if batch.rejected_count:
            raise CommandError(f"{batch.rejected_count} rejected", returncode=1)
