"""Related rows carried in a query's own columns as JSON, and turned back into model instances.

A list page shows each article's byline and topics. Prefetching them cost two more queries, and the
prefetch machinery built a model instance per author, per tagged item and per tag: about 140
instances for a page of twenty, a third of the page's time at archive scale. Carried as a JSON array
in a column of the list's query, they cost the database a small index lookup per row, and Python one
`json.loads` and a light instance each.
"""

import functools

from django.db import models
from django.db.models.functions import JSONArray

from newsroom.compiled_once import CompiledOnce


class JSONRows(CompiledOnce, models.Subquery):
    """`model`'s `fields` for each row of `queryset` (correlated with OuterRef), as one JSON array of
    arrays sorted by `order_by` (field names, "-" for descending); `[]` when there are none.

    `row_of` is the path from `queryset`'s rows to the `model` row ("tag" for tagged items), or None
    when they are `model`'s; rows_to_instances() reads the arrays back. Django drops a subquery's own
    ordering, so the order is the aggregate's. Compiled once (newsroom.compiled_once): compiling a
    list's byline and topic columns again on every request was about a tenth of an article page.
    """

    output_field = models.JSONField()

    def __init__(self, queryset, *, model, fields, order_by, row_of=None):
        row = JSONArray(*declared_order(model, fields))
        if row_of:
            # The related row by its key, not joined: PostgreSQL would rather hash a small table
            # (a few hundred tags) whole for every outer row than look a few of them up.
            related = model._default_manager.filter(pk=models.OuterRef(f"{row_of}_id"))
            row = models.Subquery(related.values(row=row))
        self.sort = [(f"sort_{index}", name.startswith("-")) for index, name in enumerate(order_by)]
        sort_values = {f"sort_{index}": models.F(name.lstrip("-")) for index, name in enumerate(order_by)}
        super().__init__(queryset.order_by().values(row=row, **sort_values))

    def template_for(self, connection):
        order = ", ".join(
            connection.ops.quote_name(key) + (" DESC" if descending else "") for key, descending in self.sort
        )
        if connection.vendor == "postgresql":
            return (
                f"""(SELECT COALESCE(JSONB_AGG("row" ORDER BY {order}), '[]') """
                f"""FROM (%(subquery)s) AS "rows")"""
            )
        # SQLite before 3.44 has no ORDER BY inside an aggregate; it reads a sorted subquery in order
        # (an aggregate over an ordered subquery is never flattened into it).
        return (
            f"""(SELECT JSON_GROUP_ARRAY(JSON("row")) FROM """
            f"""(SELECT "row" FROM (%(subquery)s) ORDER BY {order}) AS "rows")"""
        )


@functools.cache
def declared_order(model, fields):
    """`fields` in the order `model` declares them: the order `Model.from_db()` reads a row in."""
    return tuple(field.attname for field in model._meta.concrete_fields if field.attname in fields)


def rows_to_instances(model, fields, rows, *, using):
    """`model` instances from JSONRows' `rows`, only `fields` loaded. JSON carries numbers and
    strings as they are; a date or decimal field would need its converter, so none is asked for."""
    names = declared_order(model, fields)
    return [model.from_db(using, names, row) for row in rows]
