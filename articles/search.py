"""What full-text search needs beside its QuerySet methods: the paginator for ranked results (see
ArticleQuerySet.search) and each result's snippet."""

from django.core.paginator import EmptyPage, PageNotAnInteger

from .markup import highlight
from .pagination import MAX_PAGE, ReaderPage, ReaderPaginator
from .snippets import cut


class SearchPaginator(ReaderPaginator):
    """Pages of search results, counted by their own rows.

    Each result carries `total` (a window count over every result, in the same query), so the first
    page is one query where a count and then the rows would be two, and a page reads no row past
    its own to know whether another follows. A later page first reads the keys of its rows, then
    those rows: with OFFSET the database would read the body, byline and topics of every row it
    skips. Past the last page there are no rows, hence no count: that page does not exist.
    `first_rows(n)`, when given, reads the first page's rows (articles.models.top_search_results).
    """

    keys = None  # ranked results are paged by number, never by a cursor

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
        rows = self.object_list
        if bottom:
            keys = list(rows.values_list("pk", "total")[bottom : bottom + self.per_page])
            if not keys:
                raise EmptyPage(self.error_messages["no_results"])
            self.count = keys[0][1]
            shown = len(keys)
            rows = list(rows.filter(pk__in=[pk for pk, _ in keys]))
        else:
            rows = self.first_rows(self.per_page) if self.first_rows else list(rows[: self.per_page])
            self.count = rows[0].total if rows else 0
            shown = len(rows)
        return ReaderPage(rows, number, self, more=bottom + shown < self.count)


def snippet_html(article):
    """A search result's snippet as HTML: the passages around the words searched for, marked."""
    return highlight(cut(article.snippet_text, article.lexemes.split()))
