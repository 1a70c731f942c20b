"""Fast inserts of many new rows: PostgreSQL's COPY where available, bulk_create elsewhere.

COPY skips Django's per-object SQL building and psycopg's per-value escaping of INSERT
parameters, which is most of the cost of importing large files. Primary keys are reserved
from the table's sequence first, so the objects come back with their ids as bulk_create's do.
A unique-key conflict raises django.db.IntegrityError, as an INSERT would.
"""

from collections.abc import Sequence

import psycopg.errors
from django.db import IntegrityError, connection, models
from django.utils import timezone


def bulk_insert(objects: Sequence[models.Model]) -> None:
    """Insert `objects` (all of one model, none saved yet) and set their primary keys."""
    if not objects:
        return
    model = type(objects[0])
    if connection.vendor != "postgresql":
        model._default_manager.bulk_create(objects)
        return
    _fill_auto_timestamps(model, objects)
    _reserve_ids(model, objects)
    fields = list(model._meta.concrete_fields)
    preparers = [(f.attname, _preparer(f)) for f in fields]
    columns = ", ".join(connection.ops.quote_name(f.column or f.attname) for f in fields)
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        try:
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for obj in objects:
                    copy.write_row([prepare(getattr(obj, attname)) for attname, prepare in preparers])
        except psycopg.errors.IntegrityError as exc:
            for obj in objects:
                obj.pk = None
            raise IntegrityError(str(exc)) from exc
    for obj in objects:
        obj._state.adding = False
        obj._state.db = connection.alias


def _as_is(value):
    return value


# Fields whose Python values psycopg writes as they are (text, numbers, keys, booleans, dates
# and aware datetimes); Django's per-value preparation would only copy them.
_PLAIN_FIELDS = (
    models.CharField,
    models.TextField,
    models.IntegerField,
    models.ForeignKey,
    models.BooleanField,
    models.DateField,
)


def _preparer(field: models.Field):
    """How a value of `field` becomes a database value."""
    if isinstance(field, _PLAIN_FIELDS):
        return _as_is
    return lambda value: field.get_db_prep_save(value, connection)


def _fill_auto_timestamps(model: type[models.Model], objects: Sequence[models.Model]) -> None:
    now = timezone.now()
    for field in model._meta.concrete_fields:
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            for obj in objects:
                setattr(obj, field.attname, now)


def _reserve_ids(model: type[models.Model], objects: Sequence[models.Model]) -> None:
    pk = model._meta.pk
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [model._meta.db_table, pk.column, len(objects)],
        )
        for obj, (new_id,) in zip(objects, cursor.fetchall(), strict=True):
            obj.pk = new_id


def bulk_insert_rows(model: type[models.Model], attnames: Sequence[str], rows: Sequence[tuple]) -> None:
    """Insert plain value tuples (in `attnames` order) as new rows of `model`, whose other
    fields take their defaults. For write-only records that need no object afterwards."""
    if not rows:
        return
    if connection.vendor != "postgresql":
        model._default_manager.bulk_create([model(**dict(zip(attnames, row, strict=True))) for row in rows])
        return
    by_attname = {field.attname: field for field in model._meta.concrete_fields}
    columns = ", ".join(connection.ops.quote_name(by_attname[name].column or name) for name in attnames)
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        try:
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        except psycopg.errors.IntegrityError as exc:
            raise IntegrityError(str(exc)) from exc
