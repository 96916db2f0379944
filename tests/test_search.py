import pytest
from django.db import connection

from articles.models import Article, Quote

from . import factories as make
from .conftest import parse_html

pytestmark = pytest.mark.django_db

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL full-text search (ranking, SearchHeadline, GIN index); SQLite has the fallback",
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
    assert not Quote.objects.published().search("draft").exists()


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


@postgresql_only
def test_results_carry_highlighted_snippets(client, archive):
    """SearchHeadline snippets mark the matched words and stay escaped."""
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
