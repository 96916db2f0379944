"""The one paginator every reader list uses."""

from django.core.paginator import Paginator
from django.utils.functional import cached_property


class ReaderPaginator(Paginator):
    """Django's Paginator, kept in one place so the archive can outgrow it.

    `count_rows()` is the exact COUNT(*) today. At archive scale it is the hook for an estimate
    (PostgreSQL's planner row count, or a count capped at a few thousand), and deep pages can move
    to keyset links ("older than <published_at, id>") behind the same `page()` interface.
    """

    def count_rows(self):
        return super().count

    @cached_property
    def count(self):
        return self.count_rows()

    def _get_page(self, object_list, number, paginator):
        # The page's rows are read here, in the view, never lazily from the template.
        return super()._get_page(list(object_list), number, paginator)
