"""The one paginator every reader list uses, built for an archive of hundreds of thousands of rows."""

import functools
import json
import time

from django.core.exceptions import EmptyResultSet
from django.core.paginator import EmptyPage, Page, Paginator
from django.db import connections
from django.db.models import Q
from django.utils.functional import cached_property

# A list is counted exactly up to this many rows, and the count stops there. Past it the database's
# own estimate stands in: on a list thousands of pages long no reader can tell, and an exact COUNT(*)
# over the whole archive on every request is the first thing that stops a site scaling.
EXACT_COUNT_UP_TO = 1000
# A list the planner expects to be this long is not counted at all: even the capped count of a list
# filtered by a common tag costs milliseconds. The estimate can be wrong (the more filters, the
# likelier), but a list that long shows "about", and the last page a reader reaches corrects it.
TRUST_ESTIMATE_FROM = 10 * EXACT_COUNT_UP_TO
# The planner's estimate of a list's length is kept this long in each process: it changes only with
# the table's statistics, and asking for it is a query on every page of every long list.
ESTIMATE_KEPT_SECONDS = 60
# No reader list is this many pages long. A larger page number is "not found" before it reaches an
# OFFSET, which the databases take as a 64-bit integer (and 10**23 is not one).
MAX_PAGE = 1_000_000


class ReaderPage(Page):
    """A page that knows from its own rows whether another follows (the count may be an estimate)."""

    def __init__(self, object_list, number, paginator, *, more):
        super().__init__(object_list, number, paginator)
        self.more = more

    def has_next(self):
        return self.more


class ReaderPaginator(Paginator):
    """Django's Paginator, with the two things an archive needs: no full count, and no deep OFFSET.

    - `count_rows()` counts at most EXACT_COUNT_UP_TO + 1 rows; past that, on PostgreSQL, it takes
      the planner's row estimate for the whole list (`estimated` is then true), and where that
      estimate is TRUST_ESTIMATE_FROM or more it counts nothing. A page that turns out to be the last
      corrects the count, so "Page 5,000 of 5,000" is exact where it matters.
    - A page after the first starts from a keyset boundary: the (published_at, pk) — or whatever the
      list is ordered by, when it ends with the primary key — of the page's first row, read from an
      index alone; the page's rows are then the next `per_page` from that boundary, so page 500
      reads 20 rows, not 10,000. Lists ordered otherwise (search by rank) use OFFSET as before.
    - Each page reads one row more than it shows, to know whether another follows; a first page that
      holds the whole list is its count.
    """

    estimated = False

    def count_rows(self):
        rows = self.object_list
        if not hasattr(rows, "query"):
            return len(rows)
        keys = rows.prefetch_related(None).order_by().values("pk")
        postgresql = connections[rows.db].vendor == "postgresql"
        estimate = _planner_estimate(keys) if postgresql else 0
        if estimate >= TRUST_ESTIMATE_FROM:
            self.estimated = True
            return estimate
        capped = keys[: EXACT_COUNT_UP_TO + 1].count()
        if capped <= EXACT_COUNT_UP_TO:
            return capped
        if not postgresql:
            return keys.count()
        self.estimated = True
        return max(estimate, EXACT_COUNT_UP_TO + 1)

    @cached_property
    def count(self):
        return self.count_rows()

    def validate_number(self, number):
        try:
            return super().validate_number(number)
        except EmptyPage:
            # An estimate may fall short of the real end: pages past it exist until one is empty.
            if self.estimated and 1 <= int(number) <= MAX_PAGE:
                return int(number)
            raise

    def page(self, number):
        if number in (1, "1") and "count" not in self.__dict__:
            # The first page, read before any count: when it holds the whole list, that is the count.
            rows = list(self.object_list[: self.per_page + 1])
            if len(rows) <= self.per_page:
                self.count = len(rows)
            return ReaderPage(rows[: self.per_page], 1, self, more=len(rows) > self.per_page)
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        rows = self.object_list
        keys = self.keyset(rows)
        if bottom and keys:
            names = [name for name, _ in keys]
            boundary = list(rows.prefetch_related(None).values_list(*names)[bottom : bottom + 1])
            if not boundary:
                raise EmptyPage(self.error_messages["no_results"])
            rows = rows.filter(_from_boundary(keys, boundary[0]))[: self.per_page + 1]
        else:
            rows = rows[bottom : bottom + self.per_page + 1]
        rows = list(rows)
        if not rows and number > 1:
            raise EmptyPage(self.error_messages["no_results"])
        more = len(rows) > self.per_page
        if self.estimated and not more:
            self.count = bottom + len(rows)  # the last page: now the count is known
            self.__dict__.pop("num_pages", None)
        elif self.estimated and bottom + len(rows) > self.count:
            self.count = bottom + len(rows)
            self.__dict__.pop("num_pages", None)
        return ReaderPage(rows[: self.per_page], number, self, more=more)

    @staticmethod
    def keyset(rows):
        """[(field path, descending)] the rows are ordered by, if it ends with the primary key; else None."""
        if not hasattr(rows, "query") or rows.query.extra_order_by:
            return None
        ordering = rows.query.order_by or (rows.model._meta.ordering if rows.query.default_ordering else ())
        keys = []
        for item in ordering:
            if not isinstance(item, str) or item.lstrip("-") in rows.query.annotations or "?" in item:
                return None
            keys.append((item.lstrip("-"), item.startswith("-")))
        pk_names = {"pk", rows.model._meta.pk.name}
        if not keys or keys[-1][0] not in pk_names:
            return None
        return keys


def _planner_estimate(rows):
    """PostgreSQL's estimate of how many rows `rows` has (EXPLAIN: planned, not run), kept for up to
    ESTIMATE_KEPT_SECONDS."""
    try:
        sql, params = rows.query.get_compiler(using=rows.db).as_sql()
    except EmptyResultSet:  # a list known to be empty (`none()`) has no plan
        return 0
    period = int(time.monotonic() // ESTIMATE_KEPT_SECONDS)
    return _explained_rows(rows.db, sql, tuple(params), period)


@functools.lru_cache(maxsize=1000)
def _explained_rows(using, sql, params, period):
    """The planner's row estimate for `sql`; `period` only ends what lru_cache keeps."""
    with connections[using].cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
        plan = cursor.fetchone()[0]
    plan = json.loads(plan) if isinstance(plan, str) else plan
    return int(plan[0]["Plan"]["Plan Rows"])


def _from_boundary(keys, values):
    """Rows at or after `values` in the order `keys`: (a, b) <= (x, y), spelt so an index can serve it."""
    if any(value is None for value in values):
        raise EmptyPage("The list's order has empty values.")
    (first, descending), first_value = keys[0], values[0]
    condition = Q()
    last = len(keys) - 1
    for index, (name, desc) in enumerate(keys):
        # Equal on every key before this one, and past the boundary on this one (or at it, for the last).
        lookup = ("lte" if desc else "gte") if index == last else ("lt" if desc else "gt")
        step = Q(**{f"{name}__{lookup}": values[index]})
        for earlier in range(index):
            step &= Q(**{keys[earlier][0]: values[earlier]})
        condition |= step
    # The leading bound alone is what an index range scan starts from.
    return Q(**{f"{first}__{'lte' if descending else 'gte'}": first_value}) & condition
