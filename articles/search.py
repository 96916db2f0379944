"""What full-text search needs beside its QuerySet methods: the text a snippet is cut from, and the
paginator for ranked results (see ArticleQuerySet.search)."""

from django.core.paginator import EmptyPage, PageNotAnInteger
from django.db import models

from .pagination import MAX_PAGE, ReaderPage, ReaderPaginator

# How many paragraphs of a body SearchHeadline is given to cut a snippet of two fragments from.
SNIPPET_PARAGRAPHS = 2
# The body's opening, for results whose match is not in the body (headline or standfirst only): a
# snippet with nothing to mark starts at the beginning, which this holds whatever the length.
SNIPPET_OPENING = 400

# {text} is split into paragraphs; for each query stem, the first {paragraphs} paragraphs holding it
# are kept, and joined back in the body's order. '\n\s*\n' is a standard string: the regular
# expression itself reads \n and \s.
_MATCHING_PARAGRAPHS = r"""COALESCE((
    SELECT string_agg(chosen.paragraph, E'\n\n' ORDER BY chosen.number)
    FROM (
        SELECT DISTINCT ON (found.number) found.paragraph, found.number
        FROM (
            SELECT split.paragraph, split.number,
                row_number() OVER (PARTITION BY stem ORDER BY split.number) AS nth
            FROM unnest(regexp_split_to_array({text}, '\n\s*\n')) WITH ORDINALITY AS split(paragraph, number)
            JOIN unnest({stems}) AS stem ON strpos(lower(split.paragraph), stem) > 0
        ) AS found
        WHERE found.nth <= {paragraphs}
        ORDER BY found.number
    ) AS chosen
), left({text}, {opening}))"""
# The query's lexemes, each less a last letter stemming may have put in: 'city' is stored as 'citi',
# 'making' as 'make', 'possibility' as 'possibl'; what is left is in the word as written.
_STEMS = """ARRAY(
    SELECT regexp_replace(lexeme, '[iel]$', '')
    FROM unnest(tsvector_to_array(to_tsvector({config}::regconfig, {words}))) AS lexeme
)"""


class MatchingParagraphs(models.Func):
    """The paragraphs of `text` most likely to hold the reader's `words`, for SearchHeadline (PostgreSQL).

    ts_headline parses and stems every word it is given: on a 1 KB body that is most of the cost of a
    search page's 20 snippets. Given only the paragraphs the matches are in (the first
    SNIPPET_PARAGRAPHS for each query stem), it picks much the same fragments for a fraction of it.
    A paragraph is chosen by a plain substring test for each stem, which passes every paragraph that
    matches but for a few irregular forms ('dying' is stored as 'die'), and a few that only look
    alike: ts_headline then marks only the real matches.
    """

    output_field = models.TextField()

    def __init__(self, text, words, *, config):
        super().__init__(text, models.Value(words), models.Value(config))

    def as_sql(self, compiler, connection, **extra_context):
        (text, text_params), (words, words_params), (config, config_params) = (
            compiler.compile(expression) for expression in self.get_source_expressions()
        )
        stems = _STEMS.format(config=config, words=words)
        sql = _MATCHING_PARAGRAPHS.format(
            text=text, stems=stems, paragraphs=SNIPPET_PARAGRAPHS, opening=SNIPPET_OPENING
        )
        return sql, (*text_params, *config_params, *words_params, *text_params)


class SearchPaginator(ReaderPaginator):
    """Pages of search results, counted by their own rows.

    Each result carries `total` (a window count over every result, in the same query), so the first
    page is one query where a count and then the rows would be two, and a page reads no row past
    its own to know whether another follows (each would cost a snippet). A later page first reads the
    keys of its rows, then those rows: with OFFSET the database would cut a snippet for every row it
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
