"""Pages of long lists that never count a whole table: past a threshold the count is PostgreSQL's
estimate, and the page says "about N"."""

import json

from django.conf import settings
from django.core.exceptions import EmptyResultSet
from django.core.paginator import EmptyPage, Page, Paginator
from django.db import connections
from django.db.models import QuerySet
from django.utils.functional import cached_property
from rest_framework.pagination import PageNumberPagination

MAX_OFFSET = 2**63 - 1  # PostgreSQL's bigint


class EstimatedCountPaginator(Paginator):
    """A paginator whose count costs at most `LIST_EXACT_COUNT_LIMIT` rows.

    On PostgreSQL it asks the planner first (EXPLAIN, no row read: for an unfiltered list the
    table's `reltuples`); past the limit that estimate is the count and `is_estimate` is set.
    Under it, it counts exactly, reading at most limit + 1 rows (a COUNT over a LIMIT-ed subquery
    without ordering or annotations), so stale statistics cost no more than that. Elsewhere
    (SQLite, the embedded desk) the count stays exact.
    """

    is_estimate = False

    @cached_property
    def count(self) -> int:
        queryset = self.object_list
        if not isinstance(queryset, QuerySet) or connections[queryset.db].vendor != "postgresql":
            return super().count
        limit = settings.LIST_EXACT_COUNT_LIMIT
        rows = queryset.order_by().values("pk")
        exact = counted_rows(rows)
        if exact is not None:  # a search counted its few matches already
            return exact
        planned = planned_rows(rows)
        counted = planned if planned > limit else rows[: limit + 1].count()
        self.is_estimate = counted > limit
        return max(planned, counted) if self.is_estimate else counted

    def get_page(self, number):
        """Django's, with the page's rows read before the count (see `page`)."""
        if self._page_number(number) is None:
            return super().get_page(number)
        try:
            return self.page(number)
        except EmptyPage:
            return self.page(self.num_pages)

    def page(self, number):
        """The page's rows read first, one more than it shows: a page that ends the list (a
        search with few matches) tells the count without a count query; a full one keeps its
        rows, and an estimate is never below the rows seen. Past the end, Django's own way."""
        wanted = self._page_number(number)
        if wanted is None:
            return super().page(number)
        bottom = (wanted - 1) * self.per_page
        rows = list(self.object_list[bottom : bottom + self.per_page + self.orphans + 1])
        if not rows and (wanted > 1 or not self.allow_empty_first_page):
            return super().page(number)
        if len(rows) <= self.per_page + self.orphans:
            self.__dict__["count"] = bottom + len(rows)  # the list ends here: exact
            return Page(rows, wanted, self)
        self.__dict__["count"] = max(self.count, bottom + len(rows))
        return Page(rows[: self.per_page], self.validate_number(wanted), self)

    def _page_number(self, number) -> int | None:
        """`number` as a page number when the rows can be read before the count."""
        if not isinstance(self.object_list, QuerySet):
            return None
        try:
            wanted = int(number)
        except (TypeError, ValueError):
            return None
        # Past the database's largest OFFSET no page exists: Django's own way says so (404).
        return wanted if 1 <= wanted <= MAX_OFFSET // (self.per_page + self.orphans + 1) else None


def planned_rows(queryset: QuerySet) -> int:
    """The planner's estimate of the rows `queryset` returns (no row is read), or what
    `remember_rows` left on it for the same SQL (a search asks before its paginator)."""
    known = _remembered(queryset)
    if known is not None:
        return known[0]
    try:
        sql, params = queryset.query.sql_with_params()
    except EmptyResultSet:  # a filter no row can pass (`pk__in=[]`): Django sends no SQL
        return 0
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
        plan = cursor.fetchone()[0]
    if isinstance(plan, str):  # a driver that does not decode json
        plan = json.loads(plan)
    return int(plan[0]["Plan"]["Plan Rows"])


def counted_rows(queryset: QuerySet) -> int | None:
    """The exact number of rows of `queryset`, when `remember_rows` left a count on it."""
    known = _remembered(queryset)
    return known[0] if known is not None and known[1] else None


def remember_rows(queryset: QuerySet, rows: QuerySet, number: int, *, exact: bool) -> QuerySet:
    """`queryset`, carrying `number`, the estimate (or the `exact` count) of `rows`' SQL, for
    `planned_rows` and `counted_rows` of a clone whose SQL is still that: they answer without
    asking the database again. A query's attributes follow its clones; a clone filtered further
    has other SQL and asks."""
    queryset.query.remembered_rows = (_key(rows), number, exact)  # type: ignore[attr-defined]
    return queryset


def _remembered(queryset: QuerySet) -> tuple[int, bool] | None:
    known = getattr(queryset.query, "remembered_rows", None)
    if known is None or known[0] != _key(queryset):
        return None
    return known[1], known[2]


def _key(queryset: QuerySet) -> tuple:
    try:
        sql, params = queryset.query.sql_with_params()
    except EmptyResultSet:
        return "", ()
    return sql, tuple(params)


class EstimatedPageNumberPagination(PageNumberPagination):
    """The API's pages: `count` is exact up to `LIST_EXACT_COUNT_LIMIT`, an estimate past it, and
    `count_is_estimate` says which."""

    django_paginator_class = EstimatedCountPaginator

    def get_paginated_response(self, data):
        response = super().get_paginated_response(data)
        response.data["count_is_estimate"] = self.page.paginator.is_estimate
        return response

    def get_paginated_response_schema(self, schema):
        schema = super().get_paginated_response_schema(schema)
        schema["properties"]["count_is_estimate"] = {
            "type": "boolean",
            "description": "True when `count` is the database's estimate (a list past "
            "LIST_EXACT_COUNT_LIMIT rows), not an exact count.",
        }
        schema["required"] = [*schema.get("required", []), "count_is_estimate"]
        return schema
