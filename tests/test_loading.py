"""The write path (`articles.loading`): what counts as an editor's change, and how names become rows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from taggit.models import Tag

from articles import loading
from articles.ingest import parse_document
from articles.loading import load_document, load_documents, person_slug
from articles.models import Article
from people.models import Person

pytestmark = pytest.mark.django_db

TEXT = """Mayor pledges new harbor for Lisbon
The city council meets on Monday to vote on the plan
LISBON — Mayor Ana Ruiz on Monday promised a new harbor for Lisbon.
“We will build it within five years,” Ruiz said.
“The money is there,” she added.
The Lisbon Daily Staff is a team of journalists in Lisbon.
"""


def document(text=TEXT, source="harbor.txt"):
    return parse_document(text, source=source)


def test_load_document_reports_what_it_did():
    """A first load creates; the same document again is unchanged and writes nothing."""
    first = load_document(document())
    assert (first.action, first.quotes_written) == ("created", 2)
    assert first.people_created == 2  # the mayor and the staff byline
    again = load_document(document())
    assert (again.action, again.article_id) == ("unchanged", first.article_id)


def test_an_admin_save_that_changes_nothing_is_no_edit():
    """Saving the admin form (CRLF line ends, stray blank lines) does not freeze the body."""
    load_document(document())
    article = Article.objects.get()
    article.body = "\r\n\r\n".join(article.paragraphs) + "\r\n\r\n"
    article.save()
    result = load_document(document(TEXT.replace("new harbor for Lisbon.", "new harbor for Lisbon by 2030.")))
    assert result.action == "updated" and result.kept == ()
    assert "by 2030" in Article.objects.get().body


def test_a_deleted_quote_keeps_the_articles_quotes():
    """Quotes are one field: an editor who deleted one keeps all of them on reload."""
    load_document(document())
    Article.objects.get().quotes.filter(text__startswith="The money").delete()
    result = load_document(document(TEXT.replace("within five years", "within four years")))
    assert "quotes" in result.kept
    assert list(Article.objects.get().quotes.values_list("text", flat=True)) == [
        "We will build it within five years,"
    ]
    forced = load_document(document(TEXT.replace("within five years", "within four years")), force=True)
    assert forced.quotes_written == 2


def test_tags_are_found_whatever_their_case():
    """An existing tag is reused when the document spells it in another case."""
    Tag.objects.create(name="lisbon", slug="lisbon")
    load_document(document())
    assert "lisbon" in Article.objects.get().tags.names()
    assert Tag.objects.filter(name__iexact="lisbon").count() == 1


def test_people_slugs_are_the_natural_key():
    """The same full name is the same person; names without Latin letters keep a Unicode slug."""
    load_document(document())
    load_document(document(source="other.txt"))
    assert Person.objects.filter(slug="ana-ruiz").count() == 1
    assert person_slug("Ana Ruiz") == "ana-ruiz"
    assert person_slug("习近平") == "习近平"


def test_new_people_and_tags_go_in_as_one_statement_each_of_arrays_on_postgresql():
    """However many people and tags a batch brings, each table gets one INSERT, and on PostgreSQL
    its text holds no placeholder a row (psycopg would parse a new statement for every batch)."""
    mayors = [
        parse_document(TEXT.replace("Ana Ruiz", f"Ana Ruiz{suffix}"), source=f"mayor-{suffix}.txt")
        for suffix in ["", "z", "zz", "zzz"]
    ]
    with CaptureQueriesContext(connection) as queries:
        results = list(load_documents(mayors))
    assert sum(result.people_created for result in results) == 5  # four mayors and the byline
    [people] = [q["sql"] for q in queries if q["sql"].startswith('INSERT INTO "people_person"')]
    [tags] = [q["sql"] for q in queries if q["sql"].startswith('INSERT INTO "taggit_tag"')]
    if connection.vendor == "postgresql":
        assert "unnest(" in people and "unnest(" in tags and "VALUES" not in people + tags
    assert Person.objects.filter(name__startswith="Ana Ruiz").count() == 4


def same_headline(count, start=0):
    return [document(source=f"harbor-{number}.txt") for number in range(start, start + count)]


def test_repeated_headlines_are_numbered_with_a_few_lookups_a_batch():
    """Fifty copies of a headline already held 60 times get -61 … -110 in one batch: the free numbers are
    looked up for the whole batch a window at a time, not once per copy."""
    list(load_documents(same_headline(60)))
    loading._next_numbers.clear()  # as a new process: the search starts from -2
    with CaptureQueriesContext(connection) as queries:
        results = list(load_documents(same_headline(50, start=60)))
    assert {result.action for result in results} == {"created"}
    lookups = [query for query in queries if '"articles_article"."slug" IN' in query["sql"]]
    assert 2 <= len(lookups) <= 4, len(lookups)  # the headline, then windows of 20 and 80 numbers
    new = Article.objects.filter(pk__in=[result.article_id for result in results])
    base = "mayor-pledges-new-harbor-for-lisbon"
    assert set(new.values_list("slug", flat=True)) == {f"{base}-{number}" for number in range(61, 111)}


def test_numbering_goes_on_where_it_stopped_and_starts_again_after_deletions():
    """A process numbers on from the last number it gave; when that one's predecessor is free (articles
    were deleted), it looks from -2 again."""
    list(load_documents(same_headline(3)))
    list(load_documents(same_headline(2, start=3)))
    slugs = sorted(Article.objects.values_list("slug", flat=True))
    base = "mayor-pledges-new-harbor-for-lisbon"
    assert slugs == sorted([base] + [f"{base}-{number}" for number in range(2, 6)])
    assert loading._next_numbers[base] == 6
    Article.objects.exclude(slug=base).delete()
    list(load_documents(same_headline(2, start=5)))
    assert sorted(Article.objects.values_list("slug", flat=True)) == [base, f"{base}-2", f"{base}-3"]


def test_each_repeated_headline_of_a_batch_gets_its_own_numbers():
    """Two headlines repeated in one batch: each copy numbered after its own headline, in one go (a
    batch whose slugs collide is written again one document at a time)."""
    other = TEXT.replace("Mayor pledges new harbor for Lisbon", "Council delays the harbor vote")
    documents = [document(source=f"a-{n}.txt") for n in range(3)]
    documents += [document(other, source=f"b-{n}.txt") for n in range(3)]
    plans = [loading._Plan.of(parsed) for parsed in documents]
    mayor, council = "mayor-pledges-new-harbor-for-lisbon", "council-delays-the-harbor-vote"
    expected = [mayor, f"{mayor}-2", f"{mayor}-3", council, f"{council}-2", f"{council}-3"]
    assert loading._free_slugs(plans) == expected
