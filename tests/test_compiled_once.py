"""Subqueries that remember their SQL (newsroom/compiled_once.py): compiled once for every copy of a
queryset built once, and afresh wherever Django renames their tables."""

import threading
from unittest import mock

import pytest
from django.db import connections, models

from articles.filters import _authors, _speakers
from articles.models import Article, Quote, public_tags
from newsroom.compiled_once import CompiledQuery
from people.models import public_people

from . import factories as make

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
