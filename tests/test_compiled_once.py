"""Subqueries that remember their SQL (newsroom/compiled_once.py): compiled once for every copy of a
queryset built once, and afresh wherever Django renames their tables."""

from unittest import mock

import pytest
from django.db import models

from articles.filters import _authors, _speakers
from articles.models import Article, Quote, public_tags
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
