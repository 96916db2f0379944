"""Subqueries that remember their SQL (newsroom/compiled_once.py): compiled once for every copy of a
queryset built once, and afresh wherever Django renames their tables."""

import threading
from unittest import mock

import pytest
from django.db import connections, models
from django.db.models.expressions import RawSQL

from articles.filters import NAMED_COMPILED_UP_TO, _authors, _speakers, _story_topics, named
from articles.models import (
    Article,
    Quote,
    newest_quotes_by,
    newest_stories_by,
    newest_stories_featuring,
    public_headlines,
    public_quotes,
    public_tags,
    quotes_in,
)
from newsroom.compiled_once import CompiledQuery
from people.models import Person, public_people

from . import factories as make
from .conftest import watching_compiles

pytestmark = pytest.mark.django_db


def _cast():
    story = make.published("Story", tags=["Budget"])
    story.authors.add(make.person("Cy Writer"))
    make.quote(story, "Public words.", speaker=make.person("Ada Public"))
    hidden = make.draft("Draft", tags=["Secret"])
    hidden.authors.add(make.person("Di Drafter"))
    make.quote(hidden, "Draft words.", speaker=make.person("Bo Hidden"))


@pytest.mark.parametrize(
    "probe",
    [
        lambda: public_people().filter(slug="ada-public"),
        lambda: _speakers().filter(slug="ada-public"),
        lambda: _authors().filter(slug="cy-writer"),
        lambda: public_tags().filter(slug="budget"),
    ],
    ids=["public people", "speakers", "authors", "public topics"],
)
def test_a_public_probe_is_compiled_once_for_every_copy(probe):
    """The second use of a kept queryset compiles none of its probe subqueries again."""
    _cast()
    first = list(probe())
    subquery_sql = models.Subquery.as_sql
    with mock.patch.object(models.Subquery, "as_sql", autospec=True, side_effect=subquery_sql) as compiled:
        assert list(probe()) == first
        assert len(first) == 1
    assert compiled.call_count == 0


@pytest.mark.parametrize(
    "nested",
    [
        lambda: Quote.objects.filter(speaker__in=public_people()),
        lambda: Quote.objects.filter(speaker__in=_speakers()),
        lambda: Quote.objects.filter(article__authors__in=_authors()),
        lambda: Quote.objects.filter(article__tags__in=public_tags()),
    ],
    ids=["public people", "speakers", "authors", "public topics"],
)
def test_a_probe_compiled_once_is_compiled_afresh_when_nested_in_another_query(nested):
    """Nested, the probe's tables are renamed: the SQL remembered for the queryset on its own would
    point at tables the outer query does not have."""
    _cast()
    for _ in range(2):  # resolved and compiled, then from the memo
        assert [p.name for p in public_people()] == ["Ada Public", "Cy Writer"]
        assert [p.name for p in _speakers()] == ["Ada Public"]
        assert [p.name for p in _authors()] == ["Cy Writer"]
        assert [t.name for t in public_tags()] == ["Budget"]
    assert [q.text for q in nested()] == ["Public words."]
    assert [p.name for p in public_people().filter(slug="ada-public")] == ["Ada Public"]


def test_a_probe_compiled_once_still_hides_drafts_when_the_query_gains_a_join():
    """A kept probe in a copy that joins more tables is resolved for that query, and still decides."""
    _cast()
    assert [p.name for p in public_people()] == ["Ada Public", "Cy Writer"]
    joined = public_people().filter(quotes__text__startswith="Public")
    assert [p.name for p in joined] == ["Ada Public"]
    assert list(public_people().filter(quotes__text__startswith="Draft")) == []


def test_a_probe_compiled_once_is_compiled_afresh_inside_a_correlated_subquery():
    """Nested in an EXISTS that refers back to the outer query, the probe is renamed twice over."""
    _cast()
    assert [p.name for p in public_people()] == ["Ada Public", "Cy Writer"]
    quoting_public = Quote.objects.filter(article=models.OuterRef("pk"), speaker__in=public_people())
    assert [a.headline for a in Article.objects.filter(models.Exists(quoting_public))] == ["Story"]
    public_speakers = public_people().filter(quotes__article=models.OuterRef("pk"))
    assert [a.headline for a in Article.objects.filter(models.Exists(public_speakers))] == ["Story"]


STAND_IN = "\ue002x\ue003"


def test_a_compiled_query_refuses_a_stand_in_that_is_not_a_parameter_of_its_own():
    """A value the SQL does not carry as a parameter (ignored, or changed on the way) could not be
    bound at each run: the query is refused when it is compiled, not run with the stand-in."""
    ignored = CompiledQuery(lambda limit, headline: Article.objects.all()[:limit], headline=STAND_IN)
    with pytest.raises(ValueError, match="headline"):
        ignored.rows(5, using="default", headline="Story")
    changed = CompiledQuery(
        lambda limit, headline: Article.objects.filter(headline__contains=headline)[:limit], headline=STAND_IN
    )
    with pytest.raises(ValueError, match="headline"):
        changed.rows(5, using="default", headline="Story")


def test_a_compiled_query_reads_related_rows_and_binds_each_runs_values():
    """Rows come with what select_related joined, and each run finds its own values' rows."""
    _cast()
    words = CompiledQuery(
        lambda limit, text: Quote.objects.select_related("speaker").filter(text=text)[:limit], text=STAND_IN
    )
    [public] = words.rows(5, using="default", text="Public words.")
    [draft] = words.rows(5, using="default", text="Draft words.")
    with mock.patch.object(models.sql.compiler.SQLCompiler, "execute_sql") as queried:
        assert (public.speaker.name, draft.speaker.name) == ("Ada Public", "Bo Hidden")
    queried.assert_not_called()
    assert words.rows(5, using="default", text="nobody's") == []


def test_a_compiled_query_runs_on_the_connection_of_the_thread_that_runs_it():
    """Compiled in one thread, run in another (a threaded server): each uses its own connection."""
    words = CompiledQuery(lambda limit, text: Quote.objects.filter(text=text)[:limit], text=STAND_IN)
    assert words.rows(5, using="default", text="Public words.") == []
    outcome = []

    def run():
        try:
            outcome.append(words.rows(5, using="default", text="Public words."))
        except Exception as error:  # noqa: BLE001 - the test reports it
            outcome.append(error)
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    assert outcome == [[]]


def test_a_compiled_query_refuses_a_number_written_into_its_sql():
    """A numeric stand-in must reach the SQL only as a parameter: written into the SQL as well, the
    copy written there would keep the stand-in's value at every run."""
    inlined = CompiledQuery(
        lambda limit, key: Article.objects.filter(pk=key).annotate(again=RawSQL(str(key), []))[:limit],
        key=-7_340_033,
    )
    with pytest.raises(ValueError, match="key"):
        inlined.rows(5, using="default", key=1)


def _person_page_cast():
    """Ada: quoted and mentioned in public stories and in a draft, writing one of each; Bo: one quote."""
    ada, bo = make.person("Ada Public"), make.person("Bo Other")
    for number in range(3):
        story = make.published(f"Public story {number}")
        story.people.add(ada)
        make.quote(story, f"Public words {number}.", speaker=ada)
    story.authors.add(ada)
    make.quote(story, "Bo's words.", speaker=bo)
    hidden = make.draft("Draft story")
    hidden.people.add(ada)
    hidden.authors.add(ada)
    make.quote(hidden, "Draft words.", speaker=ada)
    return ada, bo


def test_a_person_page_s_lists_are_their_querysets_rows_compiled_once():
    """The person page's quotes, stories and bylines: the rows the querysets give, drafts left out,
    and a second person's lists compile no SQL."""
    ada, bo = _person_page_cast()
    lists = [
        (newest_quotes_by, lambda person: public_quotes().filter(speaker=person)),
        (newest_stories_featuring, lambda person: public_headlines().featuring(person)),
        (newest_stories_by, lambda person: public_headlines().filter(authors=person)),
    ]
    read = {}

    def shown(row):
        return row.text if isinstance(row, Quote) else row.headline

    for compiled, queryset in lists:
        for person in (ada, bo):
            rows = compiled(person, 10)
            expected = queryset(person)[:10]
            assert [(row.pk, shown(row)) for row in rows] == [(row.pk, shown(row)) for row in expected]
            read[compiled.__name__, person.name] = [shown(row) for row in rows]
    assert read["newest_quotes_by", "Ada Public"] == ["Public words 2.", "Public words 1.", "Public words 0."]
    stories = ["Public story 2", "Public story 1", "Public story 0"]
    assert read["newest_stories_featuring", "Ada Public"] == stories
    assert read["newest_stories_by", "Ada Public"] == ["Public story 2"]
    assert read["newest_quotes_by", "Bo Other"] == ["Bo's words."]
    assert read["newest_stories_by", "Bo Other"] == []
    with watching_compiles() as compiled_sql:
        assert [row.text for row in newest_quotes_by(bo, 10)] == ["Bo's words."]
        assert [row.headline for row in newest_stories_featuring(bo, 10)] == ["Public story 2"]
    assert compiled_sql.call_count == 0


def test_a_person_page_compiles_only_the_person_s_lookup(client):
    """The page's three lists come from SQL compiled once; only finding the person is compiled anew."""
    _person_page_cast()
    assert client.get("/people/bo-other/").status_code == 200
    with watching_compiles() as compiled_sql:
        body = client.get("/people/ada-public/").content.decode()
    assert "Public words 2." in body and "Public story 0" in body
    assert "Draft words." not in body and "Draft story" not in body
    assert [call.args[0].query.model for call in compiled_sql.call_args_list] == [Person]


def test_an_article_page_s_quotes_are_its_related_rows_compiled_once(django_assert_num_queries):
    """An article's quotes in the related manager's order, each with its speaker (or none) and its
    article at hand; a second article's quotes compile no SQL."""
    ada = make.person("Ada Public")
    story, other = make.published("Story"), make.published("Other")
    make.quote(story, "Later words.", speaker=ada, paragraph=3)
    make.quote(story, "Unattributed words.", paragraph=2, position=9)
    make.quote(story, "First words.", speaker=ada, paragraph=2, position=1)
    make.quote(other, "Other words.", speaker=ada)
    quotes = quotes_in(story)
    related = list(story.quotes.select_related("speaker"))
    assert [(q.pk, q.speaker_id) for q in quotes] == [(q.pk, q.speaker_id) for q in related]
    with django_assert_num_queries(0):
        said = [(q.text, q.speaker.name if q.speaker else None, q.article.headline) for q in quotes]
    assert said == [
        ("First words.", "Ada Public", "Story"),
        ("Unattributed words.", None, "Story"),
        ("Later words.", "Ada Public", "Story"),
    ]
    with watching_compiles() as compiled_sql:
        assert [q.text for q in quotes_in(other)] == ["Other words."]
    assert compiled_sql.call_count == 0


def test_a_filter_s_names_are_looked_up_among_public_rows_with_sql_compiled_once():
    """named() finds the public topics and people a filter names, however many (past the compiled
    number too), leaves out the unknown and the unpublished, and compiles nothing the second time."""
    _cast()
    for number in range(5):
        make.published(f"Tagged {number}", tags=[f"Topic {number}"])
    slugs = ["budget", "secret", "no-such-topic", *(f"topic-{number}" for number in range(5))]
    for count in range(1, len(slugs) + 1):
        wanted = set(slugs[:count])
        expected = {tag.slug for tag in public_tags(quotes=False).filter(slug__in=wanted)}
        assert {tag.slug for tag in named(_story_topics, wanted)} == expected
    assert {tag.name for tag in named(_story_topics, {"budget", "secret"})} == {"Budget"}
    assert count > NAMED_COMPILED_UP_TO
    assert [p.name for p in named(_speakers, {"ada-public"})] == ["Ada Public"]
    assert named(_speakers, {"bo-hidden"}) == [] and named(_authors, {"di-drafter"}) == []
    with watching_compiles() as compiled_sql:
        assert [p.name for p in named(_authors, {"cy-writer"})] == ["Cy Writer"]
        assert [tag.name for tag in named(_story_topics, {"topic-3", "budget"})] == ["Budget", "Topic 3"]
    assert compiled_sql.call_count == 0


def test_a_numeric_stand_in_takes_no_boolean_s_place():
    """True == 1 in Python: a stand-in 1 must still take only its own parameter's place."""
    make.published("First")
    second = make.published("Second")
    flagged = CompiledQuery(
        lambda limit, key: Article.objects.annotate(flag=models.Value(True)).filter(pk=key)[:limit], key=1
    )
    [row] = flagged.rows(5, using="default", key=second.pk)
    assert (row.headline, row.flag) == ("Second", True)


def _compiled_models(client, path):
    """(the names of the models whose SQL a second request for `path` compiles, the page): the first
    request compiles what is kept."""
    assert client.get(path).status_code == 200
    with watching_compiles() as compiled_sql:
        response = client.get(path)
    assert response.status_code == 200
    compiled = {call.args[0].query.model.__name__ for call in compiled_sql.call_args_list}
    return compiled, response.content.decode()


def test_an_article_page_compiles_no_query_for_its_quotes(client):
    story = make.published("Story", tags=["Budget"])
    make.quote(story, "Public words.", speaker=make.person("Ada Public"))
    compiled, page = _compiled_models(client, story.get_absolute_url())
    assert "Public words." in page
    assert "Article" in compiled and "Quote" not in compiled


def test_a_filtered_list_compiles_no_query_to_find_the_topic_and_person_it_names(client):
    _cast()
    Article.objects.get(headline="Story").people.add(Person.objects.get(name="Ada Public"))
    pages = [("/?tag=budget&person=ada-public", "Story"), ("/quotes/?speaker=ada-public", "Public words.")]
    for path, shown in pages:
        compiled, page = _compiled_models(client, path)
        assert shown in page and "could not be understood" not in page
        assert compiled and not {"Person", "Tag"} & compiled
