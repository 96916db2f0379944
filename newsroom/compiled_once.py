"""Subqueries and queries that remember their compiled SQL, for querysets built once per process.

A queryset built once (newsroom.querysets) keeps its resolved expressions, and its copies share them,
but Django compiles them again for every copy. Worse, a subquery on the left of a lookup (the probes
that decide who and which topics are public: `IsNull(Subquery(…), False)`, `Exists(…)`) is resolved
again at every compile (`Lookup.process_lhs`), which clones its whole inner query first. A reader
filtering by person or topic paid for both on every request.
"""

from django.db import connections, models
from django.db.models.query import ModelIterable


def _place(query, summarize):
    """What resolving a subquery into `query` depends on: the outer query's alias prefix and tables."""
    tables = tuple((alias, getattr(table, "table_name", None)) for alias, table in query.alias_map.items())
    return query.alias_prefix, tables, summarize


class CompiledOnce:
    """A Subquery mixin: resolved once where it is used, and compiled once per database.

    Resolving a subquery again into a query with the same alias prefix and the same tables it was
    resolved into changes nothing (no alias is bumped, every outer reference is already a column),
    so that returns the expression itself, memo and all. Anywhere else it is resolved as Django
    resolves any subquery, into a new expression with a memo of its own: nested in another query,
    the queryset is relabelled (a copy, whose memo starts afresh) or resolved again for that
    place. Django resolves lookups in place, so a kept queryset whose lookups were once resolved
    elsewhere resolves this one afresh on each use after that: correct SQL, without the saving
    (no page does this). The parameters are remembered too, so the subquery must not hold a value
    that changes from one use to the next (the database's clock, `Now()`, is SQL, not a parameter).
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.compiled = {}  # database alias → (sql, params)
        self.resolved_in = None

    def copy(self):
        clone = super().copy()
        clone.compiled = {}
        clone.resolved_in = None
        return clone

    def set_source_expressions(self, exprs):
        # Django copies an expression before setting its subquery; this holds if one day it does not.
        super().set_source_expressions(exprs)
        self.compiled = {}
        self.resolved_in = None

    def __getstate__(self):
        state = super().__getstate__()
        state["compiled"] = {}  # compiled for this process's databases
        return state

    def resolve_expression(self, query=None, allow_joins=True, reuse=None, summarize=False, for_save=False):
        if query is not None and self.resolved_in == _place(query, summarize):
            return self
        resolved = super().resolve_expression(query, allow_joins, reuse, summarize, for_save)
        if query is not None:
            resolved.resolved_in = _place(query, summarize)
        return resolved

    def as_sql(self, compiler, connection, template=None, **extra_context):
        if template is not None or extra_context:  # not how Django compiles a column or condition
            return super().as_sql(compiler, connection, template=template, **extra_context)
        if connection.alias not in self.compiled:
            sql, params = super().as_sql(compiler, connection, template=self.template_for(connection))
            self.compiled[connection.alias] = (sql, tuple(params))
        sql, params = self.compiled[connection.alias]
        return sql, list(params)

    def template_for(self, connection):
        """The SQL template on `connection`; None for the class's own."""
        return None


class CompiledSubquery(CompiledOnce, models.Subquery):
    pass


class CompiledExists(CompiledOnce, models.Exists):
    pass


class CompiledQuery:
    """A queryset compiled once per database with stand-in values, then run with a reader's values.

    `build(*shape, **stand_ins)` returns the queryset. `shape` holds what Django writes into the SQL
    itself (a LIMIT, say): each different shape is compiled once. Each stand-in is a string or a
    number that no other parameter of the query equals, and must reach the SQL as parameters of its
    own, unchanged or adapted to its column (psycopg's `Int4` for a number; this is checked when it
    is compiled): `rows()` puts the real values in their places, adapted the same way. The rows are
    read as Django reads any queryset's (ModelIterable: converters, annotations, related rows), from
    a copy of the kept compiler, whose SQL is already written. Building and compiling the search
    page's queries again for each reader cost 4 ms, a quarter of the page's Python.
    """

    def __init__(self, build, **stand_ins):
        self.build = build
        self.stand_ins = stand_ins
        self.compiled = {}  # (database alias, shape) → (queryset, compiler, sql, params, places)

    def rows(self, *shape, using, **values):
        queryset, compiler, sql, params, places = self._compiled(using, shape)
        bound = list(params)
        for index, name in places:
            bound[index] = type(params[index])(values[name])  # as adapted: PostgreSQL's Int4, say
        ready = _shallow_copy(compiler)
        ready.connection = connections[using]  # this thread's: a connection is used by one thread only
        ready.as_sql = lambda *args, **kwargs: (sql, bound)
        query = _shallow_copy(queryset.query)
        query.get_compiler = lambda *args, **kwargs: ready
        return list(type(queryset)(model=queryset.model, query=query, using=using))

    def _compiled(self, using, shape):
        key = (using, shape)
        if key not in self.compiled:
            queryset = self.build(*shape, **self.stand_ins).using(using)
            if queryset._prefetch_related_lookups or queryset._iterable_class is not ModelIterable:
                raise ValueError("CompiledQuery reads model instances only, with nothing prefetched")
            compiler = queryset.query.get_compiler(using)
            sql, params = compiler.as_sql()
            places = [
                (index, name)
                for index, param in enumerate(params)
                for name, stand_in in self.stand_ins.items()
                # Of the same kind too (a number adapted to the column's type is still one): a
                # stand-in 0 or 1 would otherwise take a boolean's place.
                if isinstance(param, type(stand_in)) and not isinstance(param, bool) and param == stand_in
            ]
            for name, stand_in in self.stand_ins.items():
                if str(stand_in) in sql or name not in {placed for _, placed in places}:
                    raise ValueError(f"the stand-in for {name!r} is not a parameter of its own in {sql}")
            self.compiled[key] = (queryset, compiler, sql, tuple(params), places)
        return self.compiled[key]


def _shallow_copy(thing):
    """copy.copy(), but also of the query and compiler of a queryset with common table expressions:
    django-cte gives its classes a __reduce__ that copy.copy() takes for a recipe of the class."""
    clone = object.__new__(type(thing))
    clone.__dict__.update(thing.__dict__)
    return clone
