"""The one paginator every reader list uses, built for an archive of hundreds of thousands of rows."""

import base64
import binascii
import collections
import datetime
import json
import threading
import time

from django.core.exceptions import EmptyResultSet, ValidationError
from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator
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
# The planner's estimate of a list's length, and the row a typed page number starts at, are kept this
# long in each process: the estimate changes only with the table's statistics, and finding either is
# a query on every page of every long list (the row, one that skips the rows before it).
ESTIMATE_KEPT_SECONDS = 60
# How many estimates and starting rows a process keeps: lists are known by their addresses, of which
# there are as many as readers (and robots) type.
ESTIMATES_KEPT = 1000
# No reader list is this many pages long. A larger page number is "not found" before it reaches an
# OFFSET, which the databases take as a 64-bit integer (and 10**23 is not one).
MAX_PAGE = 1_000_000
# The query-string parameters with which a page's link names a row of the page it comes from (see
# ReaderPaginator): the next page holds the rows "after" it, the previous one those "before" it.
CURSOR_PARAMETERS = ("after", "before")
# A cursor holds one row's key values, a name of up to 200 characters among them (the people index).
CURSOR_MAX_LENGTH = 2000
# What a key value in a cursor may be: a database integer, and a time the databases can store.
_INTEGERS = range(-(2**63), 2**63)
_YEARS = range(2, 9999)


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
        return {
            "page": self.number - 1,
            **self._cursor("before", self.object_list[:1] if self.number > 2 else []),
        }

    def _cursor(self, direction, rows):
        keys = self.paginator.keys
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
      pages carry a `cursor` (ReaderPage.older(), newer()): the key of the row the new page starts
      after, or ends before, so that page reads its rows from that point of an index, and page 5,000
      costs what page 2 does. The cursor decides which rows a page holds, the number only what it is
      called: a page reached through an old link still shows the rows after that row, and one that
      finds fewer rows before its row than a page holds is the first page. A page number without a
      cursor (typed, or an old link) first reads its starting row from the index alone, skipping the
      rows before it; so does a cursor that is malformed or not this list's. On a list too long to
      count (`estimated`), the process keeps that row a minute under `list_key`, so a page number
      typed again costs what a linked page does: the rows are still read from the live list (none
      unpublished since), only where the page starts can lag the minute's publishing, which no
      reader of a page numbered "of about 5,000" can tell. Other lists use OFFSET; search pages by
      the places in its ranking (articles.search.SearchPaginator).
    - A page reads one row more than it shows, to know whether another follows (a page before a
      cursor knows it: the row the cursor names); a first page that holds the whole list is its count.
    - `first_rows(n)`, when given, reads the first `n` rows of the list, as `object_list[:n]` would
      (from SQL compiled once: newsroom.compiled_once.CompiledQuery).
    """

    estimated = False

    def __init__(
        self,
        object_list,
        per_page,
        orphans=0,
        allow_empty_first_page=True,
        *,
        list_key=None,
        cursor=None,
        first_rows=None,
    ):
        super().__init__(object_list, per_page, orphans, allow_empty_first_page)
        self.list_key = list_key
        self.cursor = cursor
        self.first_rows = first_rows

    @cached_property
    def keys(self):
        return self.keyset(self.object_list)

    def count_rows(self):
        rows = self.object_list
        if not hasattr(rows, "query"):
            return len(rows)
        postgresql = connections[rows.db].vendor == "postgresql"
        estimate = planner_estimate(rows, self.list_key) if postgresql else 0
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
        cursor = self._cursor_values() if number not in (1, "1") else None
        if cursor is not None:
            number = _page_number(number)
            rows, number, more = self._rows_beside(number, *cursor)
        elif number in (1, "1") and "count" not in self.__dict__:
            # The first page, read before any count: when it holds the whole list, that is the count.
            rows, more = self._first_rows()
            if not more:
                self.count = len(rows)
            return ReaderPage(rows, 1, self, more=more)
        else:
            number = self.validate_number(number)
            rows, more = self._rows_from_number(number)
        if not rows and number > 1:
            raise EmptyPage(self.error_messages["no_results"])
        bottom = (number - 1) * self.per_page
        if (self.estimated or cursor is not None) and not more:
            self.count = bottom + len(rows)  # the last page: now the count is known
            self.__dict__.pop("num_pages", None)
        elif (self.estimated or cursor is not None) and bottom + len(rows) > self.count:
            self.count = bottom + len(rows)
            self.__dict__.pop("num_pages", None)
        return ReaderPage(rows, number, self, more=more)

    def _first_rows(self):
        wanted = self.per_page + 1
        rows = self.first_rows(wanted) if self.first_rows else list(self.object_list[:wanted])
        return rows[: self.per_page], len(rows) > self.per_page

    def _rows_from_number(self, number):
        """(rows, more) of page `number`, found by skipping the rows before it (in an index, if keyed)."""
        rows, keys = self.object_list, self.keys
        bottom = (number - 1) * self.per_page
        if bottom and keys:
            names = [name for name, _ in keys]

            def boundary():
                found = rows.prefetch_related(None).values_list(*names)[bottom : bottom + 1]
                return next(iter(found), None)

            if self.list_key is None or not self.estimated:
                found = boundary()
            else:
                found = _kept_for((rows.db, self.list_key, "starts at", bottom), boundary)
            if found is None:
                raise EmptyPage(self.error_messages["no_results"])
            rows = rows.filter(_from_boundary(keys, found))
        else:
            rows = rows[bottom:]
        rows = list(rows[: self.per_page + 1])
        return rows[: self.per_page], len(rows) > self.per_page

    def _rows_beside(self, number, direction, values):
        """(rows, number, more): the page's rows after the cursor's `values`, or before them."""
        keys = self.keys
        if direction == "after":
            rows = list(
                self.object_list.filter(_from_boundary(keys, values, inclusive=False))[: self.per_page + 1]
            )
            return rows[: self.per_page], number, len(rows) > self.per_page
        backwards = [(name, not descending) for name, descending in keys]
        ahead = self.object_list.filter(_from_boundary(backwards, values, inclusive=False)).reverse()
        ahead = list(ahead[: self.per_page + 1])
        if len(ahead) <= self.per_page:  # nothing before these: the top of the list, page 1
            rows, more = self._first_rows()
            return rows, 1, more
        return ahead[: self.per_page][::-1], max(number, 2), True

    def _cursor_values(self):
        """(direction, values) of the cursor this page was asked with, if it is one of this list's."""
        if not self.cursor or not self.keys:
            return None
        direction, token = self.cursor
        fields = [_field(self.object_list.model, name) for name, _ in self.keys]
        values = cursor_values(token, fields)
        return None if values is None else (direction, values)

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
    """A row's key values (integers, strings, times with their zone) as a short, opaque, URL-safe
    string that cursor_values reads back; None for a key of another kind."""
    plain = []
    for value in values:
        if isinstance(value, datetime.datetime) and value.tzinfo is not None:
            value = value.isoformat()
        elif isinstance(value, bool) or not isinstance(value, int | str):
            return None
        plain.append(value)
    text = json.dumps(plain, separators=(",", ":"), ensure_ascii=False)
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


def cursor_values(token, fields):
    """The values `cursor_token` wrote, each checked by its model field; None if it was not that.

    Only what a list's keys can hold gets through: integers a database column holds, strings, and
    times with their zone in years the databases can store and convert (anything else would fail in
    the database, not here).
    """
    if len(token) > CURSOR_MAX_LENGTH:
        return None
    try:
        plain = json.loads(
            base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)), parse_constant=_no_constant
        )
    except (binascii.Error, ValueError):
        return None
    if not isinstance(plain, list) or len(plain) != len(fields):
        return None
    values = []
    for field, value in zip(fields, plain, strict=True):
        if (
            isinstance(value, bool)
            or not isinstance(value, int | str)
            or (isinstance(value, int) and value not in _INTEGERS)
        ):
            return None
        try:
            value = field.to_python(value)
        except (ValidationError, ValueError, TypeError, AttributeError, OverflowError):
            return None
        if value is None or isinstance(value, int) and value not in _INTEGERS:
            return None
        if isinstance(value, datetime.datetime) and (value.tzinfo is None or value.year not in _YEARS):
            return None
        values.append(value)
    return values


def _no_constant(name):
    raise ValueError(f"{name} is not a key")


def _page_number(number):
    """A page number given with a cursor: any whole number from 2 to MAX_PAGE (the cursor, not the
    count, says whether the page has rows)."""
    try:
        number = int(number)
    except (TypeError, ValueError):
        raise PageNotAnInteger(Paginator.default_error_messages["invalid_page"]) from None
    if not 1 <= number <= MAX_PAGE:
        raise EmptyPage(Paginator.default_error_messages["no_results"])
    return max(number, 2)


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


# (database, list key, …) → (when it lapses, value), least recently used first: lists' estimated
# lengths and the rows typed page numbers start at.
_kept = collections.OrderedDict()


_kept_lock = threading.Lock()  # a threaded server's requests share the process's _kept


def _kept_for(key, find):
    """`find()`, kept under `key` for ESTIMATE_KEPT_SECONDS from when it was found (the ESTIMATES_KEPT
    latest keys); None is not kept."""
    now = time.monotonic()
    with _kept_lock:
        kept = _kept.get(key)
        if kept is not None and now < kept[0]:
            _kept.move_to_end(key)
            return kept[1]
    value = find()
    if value is not None:
        with _kept_lock:
            _kept[key] = (now + ESTIMATE_KEPT_SECONDS, value)
            _kept.move_to_end(key)
            if len(_kept) > ESTIMATES_KEPT:
                _kept.popitem(last=False)
    return value


def planner_estimate(rows, list_key=None, *, using=None):
    """PostgreSQL's estimate of how many rows `rows` has (EXPLAIN: planned, not run), kept for up to
    ESTIMATE_KEPT_SECONDS under `list_key`, or under the count's SQL when there is none.

    With a `list_key` and the database's alias (`using`), `rows` may be a function building the
    queryset, called only when no estimate is kept: building it can cost more than finding one.
    """
    sql = None
    if list_key is None:
        try:
            sql = _keys_of(rows).query.get_compiler(using=rows.db).as_sql()
        except EmptyResultSet:  # a list known to be empty (`none()`) has no plan
            return 0
        list_key = (sql[0], tuple(sql[1]))
    return _kept_for(
        (using or rows.db, list_key), lambda: _explained_rows(rows() if callable(rows) else rows, sql)
    )


def _explained_rows(rows, sql=None):
    """The planner's row estimate for counting `rows` (`sql`: that query's SQL, if compiled already)."""
    try:
        sql, params = sql or _keys_of(rows).query.get_compiler(using=rows.db).as_sql()
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
