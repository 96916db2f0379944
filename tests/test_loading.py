"""The write path (`articles.loading`): what counts as an editor's change, and how names become rows."""

import pytest
from taggit.models import Tag

from articles.ingest import parse_document
from articles.loading import load_document, person_slug
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
