"""The article import pipeline: one path for the command line, the admin and the API.

Each input file is its own transaction: it imports whole or not at all, and a rejected file
never stops the others. The batch row records per-file outcomes and the counts the admin's
progress bar polls. Records are written in chunks (one duplicate look-up and one insert per
chunk), so memory stays flat however many articles a CSV file holds.
"""

import itertools
import logging
import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

from django.conf import settings
from django.db import DatabaseError, IntegrityError, InterfaceError, OperationalError, connection, transaction
from django.db.models import F

from articles.models import (
    LANGUAGE_NAMES,
    Article,
    ArticleBodyVersion,
    ImportBatch,
    ImportItem,
    ImportUpload,
    Outlet,
)
from articles.services.batches import (
    LeaseLost,
    import_batch_beat,
    import_batch_end,
    import_batch_enqueue,
    import_batch_lease,
    new_lease,
)
from articles.services.bulk import bulk_insert, bulk_insert_rows
from articles.services.files import files_from_paths, zip_entry, zip_problem
from articles.services.outlets import outlet_for_import
from articles.services.prepare import PreparedArticle, prepare_articles
from articles.services.readers import read_records
from articles.services.records import ArticleRecord, InputFile
from articles.services.text import RejectFile

logger = logging.getLogger(__name__)

CHUNK_SIZE = 500
ItemCallback = Callable[[ImportItem], None]


# -- entry points -------------------------------------------------------------------------


def import_batch_create(*, source: str, created_by=None, description: str = "") -> ImportBatch:
    return ImportBatch.objects.create(source=source, created_by=created_by, description=description)


def import_paths(
    *, paths: Iterable[str | Path], created_by=None, on_item: ItemCallback | None = None
) -> ImportBatch:
    """Import files, folders (recursively, in name order) and zip archives from disk."""
    disk_paths = [Path(p) for p in paths]
    batch = import_batch_create(
        source=ImportBatch.Source.COMMAND,
        created_by=created_by,
        description=", ".join(str(p) for p in disk_paths)[:500],
    )
    import_batch_lease(batch=batch, lease=new_lease())
    return import_batch_process(batch=batch, files=files_from_paths(disk_paths), on_item=on_item)


def import_batch_run_uploads(*, batch: ImportBatch, lease: str) -> bool:
    """Process the files uploaded into `batch` (an admin or API upload, run by a Celery task)
    as the run holding `lease`. False when another run, alive, holds the batch (or it ended).

    Safe to run again after a crash: files that already have an outcome are not read again.
    """
    if not import_batch_lease(batch=batch, lease=lease):
        return False
    files = [InputFile(name=u.name, open=u.file.open, size=u.file.size) for u in batch.uploads.all()]
    import_batch_process(batch=batch, files=files, on_item=None)
    return True


def import_uploaded_files(*, files, created_by, source: str = ImportBatch.Source.ADMIN) -> ImportBatch:
    """Store uploaded files with a new batch and queue its processing once committed."""
    with transaction.atomic():
        batch = import_batch_create(
            source=source,
            created_by=created_by,
            description=", ".join(f.name for f in files)[:500],
        )
        names: set[str] = set()
        for uploaded in files:
            ImportUpload.objects.create(
                batch=batch, file=uploaded, name=_unique_name(Path(uploaded.name).name, names)
            )
        ImportBatch.objects.filter(pk=batch.pk).update(total_files=len(files))
        # robust: the upload is saved whatever happens to the queue (a broker that cannot be
        # reached is written on the batch, which then starts by itself when it is back).
        transaction.on_commit(lambda: import_batch_enqueue(batch_id=batch.pk), robust=True)
    batch.refresh_from_db()
    return batch


# -- the pipeline ---------------------------------------------------------------------------


def _unique_name(name: str, taken: set[str]) -> str:
    """`name`, or `name (2)`, ... : each file of an upload keeps a line of its own."""
    stem, dot, suffix = name.rpartition(".")
    candidate, number = name, 1
    while candidate in taken:
        number += 1
        candidate = f"{stem} ({number}).{suffix}" if dot else f"{name} ({number})"
    taken.add(candidate)
    return candidate


def import_batch_process(
    *,
    batch: ImportBatch,
    files: Iterable[InputFile | tuple[str, str]],
    on_item: ItemCallback | None = None,
) -> ImportBatch:
    """Import `files` into `batch`, leased by the caller; a (name, reason) pair stands for a
    file already refused.

    Files that already have an outcome in the batch (a run interrupted and started again)
    are passed over: each file's outcome is committed with the file's articles. Progress
    never goes backwards: zip entries are counted before the first file is read.
    """
    files = list(files)
    done = set(batch.items.values_list("file", flat=True))
    processed = len(done)
    import_batch_beat(batch=batch, total_files=sum(map(_entry_count, files)), processed_files=processed)
    try:
        for file in files:
            for entry in _expand(file):
                if _name_of(entry) in done:
                    continue
                _import_file(batch, entry, on_item)
                processed += 1
                import_batch_beat(batch=batch, processed_files=processed)
    except LeaseLost:
        logger.warning("import batch %s: taken over by another run, this one stops", batch.pk)
        raise
    except DatabaseError:
        # The database is unreachable: nothing can be written now. The task retries, and the
        # sweeper takes over or fails a batch whose run is gone.
        logger.exception("import batch %s: database error", batch.pk)
        raise
    except Exception as exc:
        logger.exception("import batch %s failed", batch.pk)
        import_batch_end(batch=batch, status=ImportBatch.Status.FAILED, error=repr(exc))
        raise
    import_batch_end(batch=batch, status=ImportBatch.Status.DONE)
    batch.refresh_from_db()
    return batch


def _entry_count(file: InputFile | tuple[str, str]) -> int:
    """How many lines of the report a file makes: one, or one per entry of a zip archive."""
    if isinstance(file, tuple) or file.extension != ".zip":
        return 1
    try:
        with file.open() as stream, zipfile.ZipFile(stream) as archive:
            entries = [info for info in archive.infolist() if not info.is_dir()]
    except (zipfile.BadZipFile, OSError):
        return 1
    return 1 if zip_problem(entries) else len(entries)


def _name_of(file: InputFile | tuple[str, str]) -> str:
    return file[0] if isinstance(file, tuple) else file.name


def _chunks(iterable: Iterable, size: int) -> Iterator[list]:
    iterator = iter(iterable)
    while chunk := list(itertools.islice(iterator, size)):
        yield chunk


def _expand(file: InputFile | tuple[str, str]) -> Iterator[InputFile | tuple[str, str]]:
    """The file itself, or for a zip archive its entries (or the reason it is refused)."""
    if isinstance(file, tuple) or file.extension != ".zip":
        yield file
        return
    try:
        with file.open() as stream, zipfile.ZipFile(stream) as archive:
            entries = [info for info in archive.infolist() if not info.is_dir()]
            problem = zip_problem(entries)
            if problem:
                yield (file.name, problem)
                return
            for info in entries:
                yield zip_entry(archive, file.name, info)
    except zipfile.BadZipFile:
        yield (file.name, "not a valid zip archive")


def _import_file(batch: ImportBatch, file: InputFile | tuple[str, str], on_item: ItemCallback | None) -> None:
    if isinstance(file, tuple):
        name, reason = file
        outcome = ImportItem.Outcome.REJECTED if reason else ImportItem.Outcome.SKIPPED
        _record_single_outcome(batch, name, outcome, reason or "not an article file", on_item)
        return
    last_item_id = batch.items.order_by("-id").values_list("id", flat=True).first() or 0
    try:
        with transaction.atomic():
            counts = {ImportItem.Outcome.CREATED: 0, ImportItem.Outcome.DUPLICATE: 0}
            records = read_records(file, max_bytes=settings.IMPORT_MAX_FILE_BYTES)
            _prepare_and_save(batch, records, counts, file.name)
            ImportBatch.objects.filter(pk=batch.pk).update(
                created_count=F("created_count") + counts[ImportItem.Outcome.CREATED],
                duplicate_count=F("duplicate_count") + counts[ImportItem.Outcome.DUPLICATE],
            )
    except RejectFile as exc:
        _record_single_outcome(batch, file.name, ImportItem.Outcome.REJECTED, str(exc), on_item)
        return
    except (OperationalError, InterfaceError):
        raise  # the database itself is in trouble, not this file: the run stops (and retries)
    except (zipfile.BadZipFile, zlib.error, EOFError):
        _record_single_outcome(
            batch, file.name, ImportItem.Outcome.REJECTED, "corrupt compressed data", on_item
        )
        return
    except Exception as exc:
        # Whatever else goes wrong with one file is that file's outcome: its transaction is
        # rolled back, the reason is on its line, and the other files still import.
        logger.exception("import batch %s: %s failed", batch.pk, file.name)
        reason = f"could not be imported ({type(exc).__name__}: {str(exc)[:200]})"
        _record_single_outcome(batch, file.name, ImportItem.Outcome.REJECTED, reason, on_item)
        return
    if on_item:
        for item in batch.items.filter(id__gt=last_item_id).select_related("article").iterator():
            on_item(item)


def _prepare_and_save(
    batch: ImportBatch, records: Iterable[ArticleRecord], counts: dict, file_name: str
) -> None:
    """Prepare each chunk (language detection, mostly outside the GIL) in a helper thread while
    the previous chunk is written: on a large file the two overlap instead of taking turns."""
    outlets: dict[tuple[str, str, bool], Outlet] = {}
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="import-prepare") as pool:
        pending: Future | None = None
        for chunk in _chunks(records, CHUNK_SIZE):
            future = pool.submit(prepare_articles, chunk)
            if pending is not None:
                _save_chunk(batch, pending.result(), counts, outlets, file_name)
            pending = future
        if pending is not None:
            _save_chunk(batch, pending.result(), counts, outlets, file_name)


def _record_single_outcome(batch, name: str, outcome: str, message: str, on_item) -> None:
    with transaction.atomic():
        item = ImportItem.objects.create(
            batch=batch, name=name[:1000], file=name[:1000], outcome=outcome, message=message[:1000]
        )
        if outcome == ImportItem.Outcome.REJECTED:
            ImportBatch.objects.filter(pk=batch.pk).update(rejected_count=F("rejected_count") + 1)
    if on_item:
        on_item(item)


def _save_chunk(
    batch: ImportBatch,
    prepared: list[PreparedArticle],
    counts: dict,
    outlets: dict[tuple[str, str, bool], Outlet],
    file_name: str,
) -> None:
    """Insert the new articles of a chunk and record every record's outcome.

    `outlets` caches the outlets met so far in the file (a CSV names a few outlets many times).
    """
    existing = existing_articles([p.article.content_hash for p in prepared])
    fresh: dict[str, PreparedArticle] = {}
    for item in prepared:
        article = item.article
        # Ids rather than objects: the relation descriptors cost more than the rest of a row.
        article.import_batch_id = batch.pk
        if item.outlet_name or item.outlet_domain:
            key = (item.outlet_name, item.outlet_domain, item.outlet_from_metadata)
            if key not in outlets:
                outlets[key] = outlet_for_import(
                    name=item.outlet_name,
                    domain=item.outlet_domain,
                    name_from_metadata=item.outlet_from_metadata,
                )
            article.outlet_id = outlets[key].pk
        if article.content_hash not in existing:
            fresh.setdefault(article.content_hash, item)
    _insert(list(fresh.values()), existing)

    items = []
    for item in prepared:
        article = item.article
        if fresh.get(article.content_hash) is item and article.pk:
            outcome = ImportItem.Outcome.CREATED
            set_apart = f"{item.set_apart} line(s) kept out of the body" if item.set_apart else ""
            message = "; ".join(filter(None, [LANGUAGE_NAMES[article.language], set_apart, item.record.note]))
            article_id = article.pk
        else:
            outcome = ImportItem.Outcome.DUPLICATE
            article_id = existing[article.content_hash]
            message = f"duplicate of #{article_id}"
        counts[outcome] += 1
        items.append((batch.pk, item.record.name[:1000], file_name[:1000], outcome, article_id, message))
    # Plain rows: one item per record, no model instance needed to write it.
    bulk_insert_rows(ImportItem, ("batch_id", "name", "file", "outcome", "article_id", "message"), items)


# An article is known by the hash of its body as imported, and by those of its corrections.
_EXISTING_SQL = """
    SELECT content_hash, id FROM articles_article WHERE content_hash = ANY(%(hashes)s)
    UNION ALL
    SELECT body_hash, article_id FROM articles_articlebodyversion WHERE body_hash = ANY(%(hashes)s)
"""


def existing_articles(hashes: list[str]) -> dict[str, int]:
    """The ids of the articles whose body (as imported, or any correction of it) has one of
    `hashes`: importing any version of an article again is a duplicate."""
    if connection.vendor == "postgresql":
        # One array parameter rather than one placeholder per hash: the driver parses the
        # query text, and a chunk's 500 placeholders cost more than the look-up itself.
        with connection.cursor() as cursor:
            cursor.execute(_EXISTING_SQL, {"hashes": hashes})
            rows = cursor.fetchall()
    else:
        rows = [
            *Article.objects.filter(content_hash__in=hashes).values_list("content_hash", "id"),
            *ArticleBodyVersion.objects.filter(body_hash__in=hashes).values_list("body_hash", "article_id"),
        ]
    return dict(rows)


def _insert(fresh: list[PreparedArticle], existing: dict[str, int]) -> None:
    """Bulk insert; if another import raced us to some of the same articles, go one by one."""
    try:
        with transaction.atomic():
            bulk_insert([p.article for p in fresh])
    except IntegrityError:
        for p in fresh:
            p.article.pk = None
            try:
                with transaction.atomic():
                    p.article.save(force_insert=True)
            except IntegrityError:
                p.article.pk = None
                existing[p.article.content_hash] = Article.objects.get(content_hash=p.article.content_hash).pk
                continue
    for p in fresh:
        if p.article.pk:
            existing[p.article.content_hash] = p.article.pk
