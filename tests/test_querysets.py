from datetime import timedelta

import pytest
from django.utils import timezone

from articles import filters
from articles.models import (
    Article,
    public_headlines,
    public_listing,
    public_quotes,
    public_reading,
    public_tags,
)
from newsroom.querysets import built_once
from people.models import Person, public_people

from . import factories as make

pytestmark = pytest.mark.django_db


def test_a_queryset_is_built_once_and_each_call_gets_a_fresh_copy():
    builds = []

    @built_once
    def people(*, kind):
        builds.append(kind)
        return Person.objects.filter(kind=kind)

    ada = make.person("Ada")
    first = people(kind=Person.Kind.PERSON)
    assert list(first) == [ada]
    bo = make.person("Bo")
    again = people(kind=Person.Kind.PERSON)
    assert again is not first and list(again) == [ada, bo]  # the rows of an earlier copy are not kept
    assert builds == [Person.Kind.PERSON]
    people(kind=Person.Kind.STAFF)
    assert builds == [Person.Kind.PERSON, Person.Kind.STAFF]


def test_kept_public_querysets_let_a_scheduled_story_in_when_its_time_comes():
    """The kept querysets ask the database's clock: built before a story's time, they admit it after."""
    story = make.scheduled("Soon", tags=["budget"])
    speaker = make.person("Ada Speaker")
    make.quote(story, "We will.", speaker=speaker)
    assert not public_listing().exists()
    assert not public_people().exists()
    assert not public_tags().exists()
    Article.objects.filter(pk=story.pk).update(published_at=timezone.now() - timedelta(seconds=1))
    assert list(public_listing()) == [story]
    assert list(public_people()) == [speaker]
    assert [tag.name for tag in public_tags()] == ["budget"]


def test_reader_pages_reuse_their_querysets_request_after_request(client):
    """Filters are deep-copied for each request; what pages and filters start from is not rebuilt."""
    story = make.published("Story", tags=["budget"])
    story.people.add(make.person("Ada Lovelace"))
    urls = [
        "/?person=ada-lovelace&tag=budget&author=x",
        "/quotes/?speaker=x&tag=budget",
        "/tags/budget/",
        "/people/ada-lovelace/",
        "/feed/",
        story.get_absolute_url(),
        "/search/?q=story",
        "/people/",
    ]
    kept = [public_listing, public_reading, public_headlines, public_quotes, public_people, public_tags]
    kept += [filters._authors, filters._speakers]
    kept.append(filters._people_in_stories)
    for url in urls:
        client.get(url)
    misses = [f.cache_info().misses for f in kept]
    hits = [f.cache_info().hits for f in kept]
    for url in urls:
        client.get(url)
    assert [f.cache_info().misses for f in kept] == misses
    # and the pages do start from them
    assert all(f.cache_info().hits > before for f, before in zip(kept, hits, strict=True))
