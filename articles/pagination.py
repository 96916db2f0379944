"""The one paginator every reader list uses, built for an archive of hundreds of thousands of rows."""

import base64
import binascii
import datetime
import json
import time

from django.core.exceptions import EmptyResultSet, ValidationError
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
# How many lists' estimates a process keeps: lists are known by their addresses, of which there are
# as many as readers (and robots) type.
ESTIMATES_KEPT = 1000
# No reader list is this many pages long. A larger page number is "not found" before it reaches an
# OFFSET, which the databases take as a 64-bit integer (and 10**23 is not one).
MAX_PAGE = 1_000_000
# The query-string parameters with which a page's link names a row of the page it comes from (see
# ReaderPaginator): the next page holds the rows "after" it, the previous one those "before" it.
CURSOR_PARAMETERS = ("after", "before")
# A cursor holds a few values of one row; a longer one was not written by this site.
CURSOR_MAX_LENGTH = 500


class ReaderPage(Page):
    """A page that knows from its own rows whether another follows (the count may be an estimate),
    and the query-string changes of the links to its neighbours (`newer()`, `older()`)."""

    def __init__(self, object_list, number, paginator, *, more):
        super().__init__(object_list, number, paginator)
        self.more = more

    def has_next(self):
        return self.more

    def older(self):
        """The next page: the rows after this page's last."""
        return {"page": self.number + 1, **self._cursor("after", self.object_list[-1:])}

    def newer(self):
        """The previous page: the rows before this page's first; page 1 is simply the top of the list."""
        if self.number <= 2:
            return {"page": 1, **dict.fromkeys(CURSOR_PARAMETERS)}
        return {"page": self.number - 1, **self._cursor("before", self.object_list[:1])}

    def _cursor(self, direction, rows):
        keys = self.paginator.keyset(self.paginator.object_list)
        token = cursor_token([_value(rows[0], name) for name, _ in keys]) if keys and rows else None
        return {name: token if name == direction else None for name in CURSOR_PARAMETERS}


class ReaderPaginator(Paginator):
    """Django's Paginator, with the two things an archive needs: no full count, and no deep OFFSET.

    - `count_rows()` counts at most EXACT_COUNT_UP_TO + 1 rows; past that, on PostgreSQL, it takes
      the planner's row estimate for the whole list (`estimated` is then true), and where that
      estimate is TRUST_ESTIMATE_FROM or more it counts nothing. A page that turns out to be the last
      corrects the count, so "Page 5,000 of 5,000" is exact where it matters. A process keeps the
      estimate a minute, under `list_key` when the caller knows the list by one (its address: then
      no query is built or compiled to find the estimate) or else under the count's SQL.
    - A list ordered by columns ending with the primary key pages by keyset. The links between its
      pages carry a `cursor` (ReaderPage.older(), newer()): the values of the row the new page starts
      after, or ends before, so that page reads its rows from that point of an index, and page 5,000
      costs what page 2 does. A page number without a cursor (typed, or an old link) first reads its
      starting row from the index alone, skipping the rows before it; so does a cursor that is
      malformed or not this list's. Lists ordered otherwise (search, by rank) use OFFSET.
    - Each page reads one row more than it shows, to know whether another follows; a first page that
      holds the whole list is its count.
    """

    estimated = False

    def __init__(
        self, object_list, per_page, orphans=0, allow_empty_first_page=True, *, list_key=None, cursor=None
    ):
        super().__init__(object_list, per_page, orphans, allow_empty_first_page)
        self.list_key = list_key
        self.cursor = cursor

    def count_rows(self):
        rows = self.object_list
        if not hasattr(rows, "query"):
            return len(rows)
        postgresql = connections[rows.db].vendor == "postgresql"
        estimate = _planner_estimate(rows, self.list_key) if postgresql else 0
        if estimate >= TRUST_ESTIMATE_FROM:
            self.estimated = True
            return estimate
        keys = _keys_of(rows)
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
        start = self._cursor_values(keys) if bottom else None
        if start is not None:
            rows, more = self._rows_beside(rows, keys, *start)
        else:
            if bottom and keys:
                names = [name for name, _ in keys]
                boundary = list(rows.prefetch_related(None).values_list(*names)[bottom : bottom + 1])
                if not boundary:
                    raise EmptyPage(self.error_messages["no_results"])
                rows = rows.filter(_from_boundary(keys, boundary[0]))[: self.per_page + 1]
            else:
                rows = rows[bottom : bottom + self.per_page + 1]
            rows = list(rows)
            more = len(rows) > self.per_page
        if not rows and number > 1:
            raise EmptyPage(self.error_messages["no_results"])
        if self.estimated and not more:
            self.count = bottom + len(rows)  # the last page: now the count is known
            self.__dict__.pop("num_pages", None)
        elif self.estimated and bottom + len(rows) > self.count:
            self.count = bottom + len(rows)
            self.__dict__.pop("num_pages", None)
        return ReaderPage(rows[: self.per_page], number, self, more=more)

    def _cursor_values(self, keys):
        """(direction, values) of the cursor this page was asked with, if it is one of this list's."""
        if not keys or not self.cursor:
            return None
        direction, token = self.cursor
        fields = [_field(self.object_list.model, name) for name, _ in keys]
        values = cursor_values(token, fields)
        return None if values is None else (direction, values)

    def _rows_beside(self, rows, keys, direction, values):
        """(rows, more): the page's rows after `values`, or before them, and whether more follow."""
        if direction == "after":
            rows = list(rows.filter(_from_boundary(keys, values, inclusive=False))[: self.per_page + 1])
            return rows, len(rows) > self.per_page
        backwards = [(name, not descending) for name, descending in keys]
        ahead = list(
            rows.filter(_from_boundary(backwards, values, inclusive=False)).reverse()[: self.per_page]
        )
        return ahead[::-1], True  # the row the cursor names follows

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


def cursor_from(query):
    """(direction, token) of the cursor in a request's query string, or None."""
    for direction in CURSOR_PARAMETERS:
        token = query.get(direction)
        if token:
            return direction, token
    return None


def cursor_token(values):
    """A row's key values as a short, opaque, URL-safe string (cursor_values reads it back)."""
    plain = [value.isoformat() if isinstance(value, datetime.datetime) else value for value in values]
    text = json.dumps(plain, separators=(",", ":"), ensure_ascii=False)
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


def cursor_values(token, fields):
    """The values `cursor_token` wrote, each checked by its model field; None if it was not that."""
    if len(token) > CURSOR_MAX_LENGTH:
        return None
    try:
        plain = json.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
        if not isinstance(plain, list) or len(plain) != len(fields):
            return None
        values = [field.to_python(value) for field, value in zip(fields, plain, strict=True)]
    except (binascii.Error, ValueError, TypeError, ValidationError):
        return None
    if any(
        value is None or (isinstance(value, datetime.datetime) and value.tzinfo is None) for value in values
    ):
        return None  # a list's keys are never empty; a time without its zone is not one this site wrote
    return values


def _field(model, path):
    """The model field at `path` ("published_at", "article__published_at", "pk") from `model`."""
    *relations, name = path.split("__")
    for relation in relations:
        model = model._meta.get_field(relation).related_model
    return model._meta.pk if name == "pk" else model._meta.get_field(name)


def _value(row, path):
    for name in path.split("__"):
        row = getattr(row, name)
    return row


def _keys_of(rows):
    """The query that counts `rows`: their primary keys, unordered."""
    return rows.prefetch_related(None).order_by().values("pk")


_estimates = {}  # (database, list key or SQL and parameters) → (period, estimate)


def _planner_estimate(rows, list_key):
    """PostgreSQL's estimate of how many rows `rows` has (EXPLAIN: planned, not run), kept for up to
    ESTIMATE_KEPT_SECONDS under `list_key`, or under the SQL when there is none."""
    period = int(time.monotonic() // ESTIMATE_KEPT_SECONDS)
    if list_key is None:
        try:
            sql, params = _keys_of(rows).query.get_compiler(using=rows.db).as_sql()
        except EmptyResultSet:  # a list known to be empty (`none()`) has no plan
            return 0
        list_key = (sql, tuple(params))
    kept = _estimates.get((rows.db, list_key))
    if kept is not None and kept[0] == period:
        return kept[1]
    estimate = _explained_rows(_keys_of(rows))
    if len(_estimates) >= ESTIMATES_KEPT:
        _estimates.clear()
    _estimates[(rows.db, list_key)] = (period, estimate)
    return estimate


def _explained_rows(rows):
    """The planner's row estimate for `rows`."""
    try:
        sql, params = rows.query.get_compiler(using=rows.db).as_sql()
    except EmptyResultSet:
        return 0
    with connections[rows.db].cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
        plan = cursor.fetchone()[0]
    plan = json.loads(plan) if isinstance(plan, str) else plan
    return int(plan[0]["Plan"]["Plan Rows"])


def _from_boundary(keys, values, *, inclusive=True):
    """Rows from `values` on in the order `keys` (at them too if `inclusive`): (a, b) <= (x, y),
    spelt so an index can serve it."""
    if any(value is None for value in values):
        raise EmptyPage("The list's order has empty values.")
    (first, descending), first_value = keys[0], values[0]
    condition = Q()
    last = len(keys) - 1
    for index, (name, desc) in enumerate(keys):
        # Equal on every key before this one, and past the boundary on this one (or at it, for the last).
        at_too = inclusive and index == last
        lookup = ("lte" if desc else "gte") if at_too else ("lt" if desc else "gt")
        step = Q(**{f"{name}__{lookup}": values[index]})
        for earlier in range(index):
            step &= Q(**{keys[earlier][0]: values[earlier]})
        condition |= step
    # The leading bound alone is what an index range scan starts from.
    return Q(**{f"{first}__{'lte' if descending else 'gte'}": first_value}) & condition
