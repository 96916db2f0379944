"""Related rows carried in a list's own query as JSON, and turned back into model instances.

A list page shows each article's byline and topics. Prefetching them costs two more queries and the
prefetch machinery builds a model instance per author, per tagged item and per tag — 160 instances
for a page of twenty, a third of the page's time at archive scale. Carried as a JSON array in a
column of the list's query, they cost the database a small index lookup per row, and Python one
`json.loads` and a light instance each.
"""

from django.db import models


class JSONRows(models.Subquery):
    """`row` (a JSON expression, usually a JSONArray) for each row of `queryset` (correlated with
    OuterRef), as one JSON array sorted by `order_by` (ascending field names); `[]` when there are none.

    Django drops a subquery's own ordering, so the order is the aggregate's.
    """

    output_field = models.JSONField()

    def __init__(self, queryset, *, row, order_by):
        self.sort_keys = [f"sort_{index}" for index in range(len(order_by))]
        sort_values = {key: models.F(path) for key, path in zip(self.sort_keys, order_by, strict=True)}
        super().__init__(queryset.order_by().values(row=row, **sort_values))

    def as_sql(self, compiler, connection, template=None, **extra_context):
        order = ", ".join(connection.ops.quote_name(key) for key in self.sort_keys)
        if connection.vendor == "postgresql":
            template = (
                f"""(SELECT COALESCE(JSONB_AGG("row" ORDER BY {order}), '[]') """
                f"""FROM (%(subquery)s) AS "rows")"""
            )
        else:
            # SQLite before 3.44 has no ORDER BY inside an aggregate; it aggregates a sorted
            # subquery in its order (an aggregate over an ordered subquery is never flattened).
            template = (
                f"""(SELECT JSON_GROUP_ARRAY(JSON("row")) FROM """
                f"""(SELECT "row" FROM (%(subquery)s) ORDER BY {order}) AS "rows")"""
            )
        return super().as_sql(compiler, connection, template=template, **extra_context)


def rows_to_instances(model, fields, rows, *, using):
    """`model` instances from JSONRows' `rows`, only `fields` loaded; `fields` must be in the order
    `model` declares them, which is how `Model.from_db()` reads a row."""
    return [model.from_db(using, fields, row) for row in rows]
