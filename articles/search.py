"""What full-text search needs beside its QuerySet methods: the paginator for ranked results (see
ArticleQuerySet.search) and each result's snippet."""

from django.core.paginator import EmptyPage, PageNotAnInteger

from .markup import highlight
from .pagination import MAX_PAGE, ReaderPage, ReaderPaginator
from .snippets import cut


class SearchPaginator(ReaderPaginator):
    """Pages of search results, counted by their own rows.

    `results(offset, limit)` reads a page's rows (articles.models.search_results). Each carries
    `total` (a window count over every result, in the same query), so a page is one query where a
    count and then the rows would be two, and it reads no row past its own to know whether another
    follows. Past the last page there are no rows, hence no count: that page does not exist.
    """

    keys = None  # ranked results are paged by number, never by a cursor

    def __init__(self, object_list, per_page, *, results, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.results = results

    def _check_object_list_is_ordered(self):
        """Results are always in rank order; asking the rows would build a lazy queryset (SearchView)."""

    def page(self, number):
        try:
            number = int(number)
        except (TypeError, ValueError):
            raise PageNotAnInteger(self.error_messages["invalid_page"]) from None
        if number < 1:
            raise EmptyPage(self.error_messages["min_page"])
        if number > MAX_PAGE:
            raise EmptyPage(self.error_messages["no_results"])
        bottom = (number - 1) * self.per_page
        rows = self.results(bottom, self.per_page)
        if not rows and bottom:
            raise EmptyPage(self.error_messages["no_results"])
        self.count = rows[0].total if rows else 0
        return ReaderPage(rows, number, self, more=bottom + len(rows) < self.count)


def snippet_html(article):
    """A search result's snippet as HTML: the passages around the words searched for, marked."""
    return highlight(cut(article.snippet_text, article.lexemes.split()))
