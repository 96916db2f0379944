import random
import re
import string
from datetime import timedelta
from unittest import mock

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles import models, pagination
from articles.models import Article, Quote
from articles.search import snippet_html
from articles.snippets import stem

from . import factories as make
from .conftest import LONG_BODY, parse_html, watching_compiles

pytestmark = pytest.mark.django_db

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL full-text search (ranking, its lexemes, GIN index); SQLite has the fallback",
)


@pytest.fixture
def archive(db):
    """Stories that tell websearch syntax apart: phrases, exclusions, headline versus body matches."""
    speaker = make.person("Ana Ruiz", title="Foreign Minister")
    return {
        "deal": make.published(
            "Talks resume", standfirst="Envoys meet again.", body="A hostage deal is close, officials said."
        ),
        "rafah": make.published(
            "Army prepares", body="The ceasefire collapsed near Rafah.\n\nA deal on hostages is far off."
        ),
        "ceasefire": make.published("Ceasefire holds in the north", body="Quiet nights for the villages."),
        "body_only": make.published("Quiet week", body="Officials spoke of a ceasefire only in passing."),
        "quote": make.quote(
            make.published("Minister speaks", body="“We want a ceasefire now,” Ruiz said."),
            "We want a ceasefire now,",
            speaker=speaker,
        ),
    }


def results(client, q):
    response = client.get("/search/", {"q": q})
    assert response.status_code == 200
    parse_html(response)
    return response


def headlines(response):
    return [article.headline for article in response.context["page_obj"].object_list]


def test_websearch_exclusion_and_phrase(client, archive):
    """`ceasefire -Rafah` leaves Rafah out; `"hostage deal"` needs the words together."""
    assert set(headlines(results(client, "ceasefire -Rafah"))) == {
        "Ceasefire holds in the north",
        "Quiet week",
        "Minister speaks",
    }
    assert headlines(results(client, '"hostage deal"')) == ["Talks resume"]


def test_search_finds_quotes_too(client, archive):
    """Quotes matching the query are listed with their speaker."""
    response = results(client, "want ceasefire")
    assert response.context["quotes"] == [archive["quote"]]
    assert "Ana Ruiz" in response.content.decode()


def test_search_covers_only_published_articles_and_their_quotes(archive):
    """The QuerySet methods keep to what published() admits."""
    draft = make.draft("Ceasefire draft", body="ceasefire")
    make.quote(draft, "ceasefire in a draft")
    assert draft not in Article.objects.published().search("ceasefire")
    assert not Quote.objects.published().matching("draft").exists()


@pytest.mark.parametrize("q", ["", "   ", "&|!():*<>'\\", "-", '""', "-ceasefire", "!!!"])
def test_empty_and_junk_queries_answer_politely(client, archive, q):
    """Nothing to search for gets a short explanation, not an error or the whole archive."""
    response = results(client, q)
    assert headlines(response) == []
    body = response.content.decode()
    assert "Type a word" in body or "No stories match" in body


def test_overlong_query_is_refused_politely(client, archive):
    """A query longer than the form allows is explained, not run."""
    body = results(client, "ceasefire " * 100).content.decode()
    assert "too long" in body


@postgresql_only
def test_headline_matches_rank_above_body_matches(client, archive):
    """Weighted vectors: a match in the headline outranks one in the body."""
    found = headlines(results(client, "ceasefire"))
    assert found.index("Ceasefire holds in the north") < found.index("Quiet week")


def test_results_carry_highlighted_snippets(client, archive):
    """Snippets mark the matched words and stay escaped, on either database."""
    make.published("Markup", body="<script>x</script> the ceasefire & <i>more</i>")
    response = results(client, "ceasefire")
    snippet = next(a.snippet_html for a in response.context["page_obj"].object_list if a.headline == "Markup")
    assert "<mark>ceasefire</mark>" in snippet
    assert "&amp;" in snippet
    assert "<script>" not in snippet and "<i>" not in snippet


@postgresql_only
def test_stemming_finds_other_forms_of_a_word(client, archive):
    """English stemming: "hostages" finds "hostage"."""
    assert "Talks resume" in headlines(results(client, "hostages"))


@postgresql_only
def test_search_uses_the_gin_index():
    """The search condition is one the GIN index answers, so search stays fast as the archive grows."""
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
        try:
            plan = Article.objects.matching("ceasefire").explain()
            quote_plan = Quote.objects.matching("ceasefire").explain()
        finally:
            cursor.execute("SET enable_seqscan = on")
    assert "articles_article_search_gin" in plan
    assert "articles_quote_search_gin" in quote_plan


def long_story(headline):
    """A story whose search vector (6.4 kB of words that hardly compress) would leave its row: over
    the 2 kB a row may hold before its long values are moved out, under the 8 kB page that `MAIN`
    storage keeps it within."""
    rng = random.Random(headline)
    words = " ".join("".join(rng.choices(string.ascii_lowercase, k=8)) for _ in range(400))
    return make.published(headline, body=words)


def pages_read_ranking(story):
    """The shared buffers read to rank `story`, less those read for its row's headline."""

    def pages(column):
        with connection.cursor() as cursor:
            cursor.execute(
                "EXPLAIN (ANALYZE, BUFFERS, COSTS OFF, TIMING OFF, FORMAT JSON) "
                f"SELECT {column} FROM articles_article WHERE id = %s",
                [story.pk],
            )
            plan = cursor.fetchone()[0][0]["Plan"]
        return plan["Shared Hit Blocks"] + plan["Shared Read Blocks"]

    pages("headline")  # the first read after an update also visits the row's old version
    return pages("ts_rank(search_vector, 'talks'::tsquery)") - pages("headline")


def stored_vector(story):
    with connection.cursor() as cursor:
        cursor.execute("SELECT search_vector::text FROM articles_article WHERE id = %s", [story.pk])
        return cursor.fetchone()[0]


@postgresql_only
def test_ranking_reads_a_long_storys_vector_from_its_row():
    """Search ranks the newest matches by their vectors: kept in the row, not the TOAST table, where
    each would cost another index lookup."""
    assert pages_read_ranking(long_story("Long story")) == 0


@postgresql_only
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_migration_moves_existing_vectors_into_their_rows(migration_data_restored):
    """articles 0008 writes the vectors already stored in the TOAST table again, into their rows."""
    story = long_story("Stored before the migration")
    vector = stored_vector(story)
    executor = MigrationExecutor(connection)
    try:
        executor.migrate([("articles", "0007_unindexed_covered_keys")])
        with connection.cursor() as cursor:  # written again under 0007's storage: out of the row
            cursor.execute(
                "UPDATE articles_article SET search_vector = search_vector || ''::tsvector WHERE id = %s",
                [story.pk],
            )
        assert pages_read_ranking(story) > 0
        executor.loader.build_graph()
        executor.migrate([("articles", "0008_search_vector_in_row")])
        assert pages_read_ranking(story) == 0
        assert stored_vector(story) == vector
    finally:
        executor.loader.build_graph()
        executor.migrate(executor.loader.graph.leaf_nodes())


# --- Paging and counting -------------------------------------------------------------------------------


@pytest.fixture
def crowd(db):
    """Twenty-five stories about talks, published an hour apart, and one quote about them."""
    now = timezone.now()
    stories = [
        make.published(f"Story {n}", body="The talks went on.", published_at=now - timedelta(hours=n + 1))
        for n in range(25)
    ]
    make.quote(stories[0], "The talks are going well,", speaker=make.person("Ana Ruiz"))
    return stories


def test_results_are_counted_from_their_own_rows(client, crowd):
    """A page of results carries the number of results: no COUNT query runs, and the count is exact."""
    with CaptureQueriesContext(connection) as queries:
        response = results(client, "talks")
    page = response.context["page_obj"]
    assert page.paginator.count == 25 and page.paginator.num_pages == 2
    assert len(page.object_list) == 20 and page.has_next()
    assert not [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith("SELECT COUNT(")]
    last = results_page(client, "talks", 2).context["page_obj"]
    assert len(last.object_list) == 5 and not last.has_next() and last.paginator.count == 25


def test_a_page_of_results_reads_no_row_past_its_own(client, crowd):
    """Whether another page follows is known from the count: no 21st result, with its snippet, is read."""
    with CaptureQueriesContext(connection) as queries:
        results(client, "talks")
    [stories] = [q["sql"] for q in queries if 'FROM "articles_article"' in q["sql"]]
    # On PostgreSQL "LIMIT 200" picks the matches to rank, and then places 1 to 20 are read.
    assert re.findall(r'(?:LIMIT|"place" <=) (\d+)', stories)[-1] == "20"


@pytest.mark.parametrize("page", ["3", "0", "-1", "abc", "1.5", "99999", "1" + "0" * 23])
def test_pages_past_the_results_are_not_found(client, crowd, page):
    """A page number past the results, or no number at all, is a 404, never an error."""
    assert client.get("/search/", {"q": "talks", "page": page}).status_code == 404


def test_last_page_is_found(client, crowd):
    """`?page=last` (Django's spelling) lands on the last page."""
    assert results_page(client, "talks", "last").context["page_obj"].number == 2


def test_search_page_runs_the_same_queries_for_one_result_or_many(client, crowd, django_assert_num_queries):
    """Results (with their authors and topics) and the quotes: two queries, whatever the number of
    results; on PostgreSQL the planner is first asked how many quotes a term matches, once a minute."""
    asked = 1 if connection.vendor == "postgresql" else 0
    for q in ("talks", "Story 3"):
        with django_assert_num_queries(2 + asked):
            results(client, q)
        with django_assert_num_queries(2):
            results(client, q)
    # No quotes after the first page. PostgreSQL reads the page's places of the ranking in one query;
    # elsewhere the page's keys are read, then its rows.
    with django_assert_num_queries(1 if connection.vendor == "postgresql" else 2):
        results_page(client, "talks", 2)


@pytest.mark.parametrize(
    ("q", "found"),
    [
        ("The talks", True),
        ("talks\\", True),
        ("talks or", True),
        ("talks -%", True),
        ("o'brien talks", False),
        ("50% talks", False),
        ("'; select", False),
        ("İstanbul talks", False),
    ],
)
def test_odd_words_are_searched_without_error(client, crowd, q, found):
    """Stop words, quotes, backslashes, wildcards and non-ASCII letters reach the database as data."""
    assert bool(headlines(results(client, q))) == found


def results_page(client, q, page):
    response = client.get("/search/", {"q": q, "page": page})
    assert response.status_code == 200
    return response


# --- PostgreSQL: ranking bounds and snippets -----------------------------------------------------------


@postgresql_only
def test_only_the_newest_matches_are_ranked(crowd, monkeypatch):
    """Best first among the newest SEARCH_RANKED matches: an older, better match is left out."""
    monkeypatch.setattr(models, "SEARCH_RANKED", 3)
    make.published("Talks, talks and talks", published_at=timezone.now() - timedelta(days=30))
    found = list(Article.objects.published().search("talks"))
    assert [article.headline for article in found] == ["Story 0", "Story 1", "Story 2"]
    assert {article.total for article in found} == {3}


def test_quotes_beside_results_are_the_newest_matches(client, crowd):
    """The first of the full list of matching quotes (`/quotes/?q=`), newest first, however well an
    older one matches."""
    older = make.quote(crowd[3], "Talks, talks, talks,")
    newer = make.quote(crowd[1], "Talks resumed,")
    response = results(client, "talks")
    assert response.context["quotes"][1:] == [newer, older]
    listed = client.get("/quotes/", {"q": "talks"}).context["page_obj"].object_list
    assert response.context["quotes"] == list(listed)


@postgresql_only
def test_snippets_mark_the_words_as_postgresql_stems_them(client, archive):
    """The snippet's matches are the words whose stem is one of the query's lexemes in PostgreSQL's
    `english` configuration: stop words ("the") are not lexemes, "cities" is "citi"."""
    make.published("Observers", body=LONG_BODY)
    page = results(client, "the cities").context["page_obj"].object_list
    assert [article.lexemes for article in page] == ["citi"]
    assert "<mark>cities</mark> sent observers to the hostage talks." in page[0].snippet_html
    assert "<mark>the</mark>" not in page[0].snippet_html


@postgresql_only
def test_python_stems_words_as_postgresql_does():
    """articles.snippets.stem (Snowball English) gives the lexemes PostgreSQL's `english_stem` gives."""
    words = [
        "talks", "cities", "settling", "possibility", "making", "ceasefire", "hostages", "generously",
        "relational", "agreed", "Blinken", "ministers", "2024", "running", "happily", "negotiations",
    ]
    with connection.cursor() as cursor:
        cursor.execute("SELECT ts_lexize('english_stem', word) FROM unnest(%s::text[]) AS word", [words])
        expected = [row[0][0] for row in cursor.fetchall()]
    assert [stem(word) for word in words] == expected


@postgresql_only
def test_the_query_lexemes_are_worked_out_once_by_the_planner(crowd):
    """The lexemes are a constant in the plan, not a function of the query's text run for each row."""
    query = models.public_listing().search("talks")[:20]
    sql, params = query.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (VERBOSE, COSTS OFF) " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "'{talk}'::text[]" in plan
    assert "to_tsvector" not in plan


@postgresql_only
def test_snippets_mark_words_far_down_the_body(client, archive):
    """A body's later paragraphs are searched for the snippet: both words are marked, wherever they are."""
    make.published("Long read", body=LONG_BODY)
    response = results(client, "hostage deal")
    page = response.context["page_obj"].object_list
    [snippet] = [article.snippet_html for article in page if article.headline == "Long read"]
    assert "<mark>hostage</mark>" in snippet and "<mark>deal</mark>" in snippet


def test_later_pages_read_no_body_for_the_rows_before_them(client, crowd):
    """No query both skips rows (OFFSET) and reads the bodies that snippets are cut from: on
    PostgreSQL page 2 is one query of places 21 to 40 in the ranking; elsewhere its rows' keys are
    read first."""
    with CaptureQueriesContext(connection) as queries:
        page = results_page(client, "talks", 2).context["page_obj"]
    assert [article.headline for article in page.object_list] == [f"Story {n}" for n in range(20, 25)]
    assert not [q["sql"] for q in queries if "OFFSET" in q["sql"] and "snippet" in q["sql"]]
    if connection.vendor == "postgresql":
        [stories] = [q["sql"] for q in queries if 'FROM "articles_article"' in q["sql"]]
        assert '"place" > 20 AND "best"."place" <= 40' in stories and "OFFSET" not in stories


@postgresql_only
def test_matches_are_ranked_before_the_shown_ones_are_read_back(crowd):
    """The newest matches are ranked, counted and numbered as they are found, and only the 20 best
    are then read again for what the list shows: the query's last part ranks, counts and limits
    nothing."""
    query = models.public_listing().ranked("talks", "talks", models.SEARCH_RANKED, places=(0, 20))
    sql, _ = query.query.sql_with_params()
    ranking, shown = sql.rsplit(") SELECT ", 1)
    assert "ts_rank" in ranking and "COUNT(*) OVER ()" in ranking and "ROW_NUMBER() OVER" in ranking
    assert "ts_rank" not in shown and " OVER " not in shown and "LIMIT" not in shown
    assert [article.total for article in query] == [25] * 20


@postgresql_only
def test_a_count_at_the_ranking_cap_says_there_are_more(client, crowd, monkeypatch):
    """Only the newest SEARCH_RANKED matches are ranked: a count that reaches it is shown as "N+"."""
    monkeypatch.setattr(models, "SEARCH_RANKED", 10)
    body = results(client, "talks").content.decode()
    assert '<span class="count">10+</span>' in body and "The best of the 10 newest matches" in body
    monkeypatch.setattr(models, "SEARCH_RANKED", 200)
    body = results(client, "talks").content.decode()
    assert '<span class="count">25</span>' in body and "newest matches" not in body


@postgresql_only
def test_quotes_of_a_rare_term_are_found_through_the_index_then_ordered(crowd, monkeypatch):
    """A term the planner expects in few quotes: its quotes are looked up first (a LIMITed subquery
    PostgreSQL cannot fold into a newest-first walk), then ordered; a common one is read newest
    first. Both give the same quotes in the same order."""
    for number in range(5):
        make.quote(crowd[number], f"Talks, round {number}.")
    listed = {}
    for rare_up_to in (0, 10**6):
        monkeypatch.setattr(models, "RARE_QUOTE_MATCHES", rare_up_to)
        pagination._kept.clear()
        quotes = Quote.objects.published().for_listing().matching("talks")
        listed[rare_up_to] = [quote.text for quote in quotes]
        subquery_limited = re.search(r"IN \(SELECT .* LIMIT \d+\)", str(quotes.query)) is not None
        assert subquery_limited == bool(rare_up_to)
    assert listed[0] == listed[10**6] and len(listed[0]) == 6


# --- The search page's queries, compiled once per process ---------------------------------------------

COMPARED_QUERIES = [
    "talks", "ceasefire -Rafah", '"hostage deal"', "talks or deal", "Ruiz", "nothing-matches", "'; select", ""
]


def _seen(articles):
    return [
        (a.headline, snippet_html(a), a.total, getattr(a, "rank", None))
        + (_names(a.byline), _names(a.topics))
        for a in articles
    ]


def _names(rows):
    return [row.name for row in rows]


def _seen_quotes(quotes):
    return [(q.pk, q.text, q.speaker.name, q.article.headline, q.article.published_at) for q in quotes]


def test_results_are_those_the_queryset_gives(crowd):
    """For every query, and whichever was asked first in the process, the first results and quotes,
    and any later page of results, come out as the search queryset itself gives them: the same rows,
    snippets, ranks and totals."""
    crowd[0].authors.add(make.person("Cy Writer"))
    crowd[0].tags.add("Diplomacy")
    make.published("Talks in Rafah", body="A hostage deal is close.\n\nThe ceasefire held near Rafah.")
    make.published("Ceasefire holds", body="Talks on a deal went well, Ruiz said.")
    found = 0
    for q in COMPARED_QUERIES + COMPARED_QUERIES[::-1]:
        expected = _seen(models.public_listing().search(q)[:20])
        assert _seen(models.search_results(q, 0, 20)) == expected
        expected_quotes = _seen_quotes(models.public_quotes().matching(q)[:10])
        assert _seen_quotes(models.newest_quotes_matching(q, 10)) == expected_quotes
        found += bool(expected)
    assert found == 10  # all but the last three queries find stories, each asked twice
    for offset, limit in [(0, 3), (20, 20), (3, 4), (26, 20)]:
        expected = _seen(models.public_listing().search("talks")[offset : offset + limit])
        assert _seen(models.search_results("talks", offset, limit)) == expected


def test_first_quotes_of_a_rare_term_are_those_the_queryset_gives(crowd, monkeypatch):
    """Both ways of finding quotes (a rare term's, through the index first) give the queryset's rows."""
    make.quote(crowd[5], "Talks, talks, talks,", speaker=make.person("Bo Hidden"))
    for rare_up_to in (0, 10**6):
        monkeypatch.setattr(models, "RARE_QUOTE_MATCHES", rare_up_to)
        expected = _seen_quotes(models.public_quotes().matching("talks")[:10])
        assert len(expected) == 2
        assert _seen_quotes(models.newest_quotes_matching("talks", 10)) == expected


@postgresql_only
def test_the_search_page_compiles_its_queries_once(client, crowd):
    """Asked again, with the same words or others, or for another page, the page writes none of its
    SQL again: only the planner's estimate of a new term's quotes is compiled."""
    results(client, "talks")
    with watching_compiles() as compiled:
        assert len(headlines(results(client, "talks"))) == 20
        assert len(headlines(results_page(client, "talks", 2))) == 5
    assert compiled.call_count == 0
    with watching_compiles() as compiled:
        assert headlines(results(client, "Story 3")) == ["Story 3"]
    assert [call.args[0].query.model for call in compiled.call_args_list] == [Quote]


@postgresql_only
def test_a_repeated_search_builds_no_query_at_all(client, crowd):
    """Asked again, the page neither compiles nor builds any of its queries: the estimate of the
    term's quotes is kept, and the queryset it was made from is built only to find one."""
    results(client, "talks")
    websearch = models._websearch
    with mock.patch.object(models, "_websearch", side_effect=websearch) as built:
        assert len(headlines(results(client, "talks"))) == 20
        assert built.call_count == 0
        results(client, "ceasefire")
        assert built.call_count == 1


@postgresql_only
def test_no_page_builds_the_search_queryset(client, crowd):
    """Every page reads its rows from the compiled query: the queryset is not even built (that cost
    1.3 ms)."""
    search = models.ArticleQuerySet.search
    with mock.patch.object(models.ArticleQuerySet, "search", autospec=True, side_effect=search) as built:
        assert len(headlines(results(client, "talks"))) == 20
        assert headlines(results_page(client, "talks", 2)) == [f"Story {n}" for n in range(20, 25)]
        assert built.call_count == 0
