from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Article, public_tags
from newsroom.querysets import built_once
from people.models import Person

from . import factories as make

pytestmark = pytest.mark.django_db


def test_a_queryset_is_built_once_and_each_call_gets_its_own_copy():
    builds = []

    @built_once
    def people(*, kind):
        builds.append(kind)
        return Person.objects.filter(kind=kind)

    ada, _ = make.person("Ada"), make.person("Desk", kind=Person.Kind.STAFF)
    first = people(kind=Person.Kind.PERSON)
    assert list(first.filter(name="nobody")) == []  # narrowing a copy leaves the kept queryset alone
    assert list(people(kind=Person.Kind.PERSON)) == [ada]
    assert people(kind=Person.Kind.PERSON) is not first
    assert builds == [Person.Kind.PERSON]
    people(kind=Person.Kind.STAFF)
    assert builds == [Person.Kind.PERSON, Person.Kind.STAFF]


def test_kept_public_querysets_let_a_scheduled_story_in_when_its_time_comes():
    """The kept querysets ask the database's clock: built before a story's time, they admit it after."""
    story = make.scheduled("Soon", tags=["budget"])
    speaker = make.person("Ada Speaker")
    make.quote(story, "We will.", speaker=speaker)
    assert not Article.objects.public_listing().exists()
    assert not Person.objects.public().exists()
    assert not public_tags().exists()
    Article.objects.filter(pk=story.pk).update(published_at=timezone.now() - timedelta(seconds=1))
    assert list(Article.objects.public_listing()) == [story]
    assert list(Person.objects.public()) == [speaker]
    assert [tag.name for tag in public_tags()] == ["budget"]


def test_reader_lists_reuse_their_querysets_request_after_request(client):
    """Filters are deep-copied for each request; what they look people and topics up in is not rebuilt."""
    make.published("Story", tags=["budget"]).people.add(make.person("Ada Lovelace"))
    urls = ["/?person=ada-lovelace&tag=budget&author=x", "/quotes/?speaker=x&tag=budget", "/tags/budget/"]
    kept = [Person.objects.public, public_tags]
    for url in urls:
        client.get(url)
    built = [f.cache_info().currsize for f in kept]
    for url in urls:
        client.get(url)
    assert [f.cache_info().currsize for f in kept] == built
