"""The page cache for anonymous readers: hits, what is never cached, and changes visible at once."""

from unittest import mock

import pytest
import redis
from django.core.cache import cache
from django.core.cache.backends.locmem import LocMemCache
from django.db import OperationalError, ProgrammingError, transaction
from django.test import Client

from articles.ingest import parse_document
from articles.loading import load_documents
from newsroom import page_cache

from . import factories as make

# Real commits: a change bumps the content generation once its transaction commits (on_commit), which
# a test wrapped in a transaction that never commits would not show.
pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("migration_data_restored"),
]


@pytest.fixture
def cached(settings):
    """Page cache on (60 s) in local memory, as by default, emptied before and after."""
    settings.PAGE_CACHE_SECONDS = 60
    assert settings.PAGE_CACHE_GENERATION == "database"
    cache.clear()
    yield Client()
    cache.clear()


def get(client, url="/"):
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response


def test_second_anonymous_request_is_served_from_the_cache(cached):
    """The same address twice: rendered once, then a hit, with the same page."""
    make.published("Harbour reopens")
    first, second = get(cached), get(cached)
    assert first["X-Page-Cache"] == "miss" and second["X-Page-Cache"] == "hit"
    assert second.content == first.content


class CountingCache:
    """Django's cache, counting the calls that reach it (each one a round trip to Redis)."""

    def __init__(self, real):
        self.real, self.calls = real, []

    def __getattr__(self, name):
        method = getattr(self.real, name)

        def counted(*args, **kwargs):
            self.calls.append(name)
            return method(*args, **kwargs)

        return counted


def test_a_hit_is_one_cache_read_with_the_page_as_rendered(cached, settings, monkeypatch):
    """With a shared cache, page and generation come back in one round trip; status, headers and
    bytes as on the miss."""
    settings.PAGE_CACHE_GENERATION = "cache"
    make.published("Harbour reopens")
    first = get(cached, "/feed/")
    counting = CountingCache(page_cache.cache)
    monkeypatch.setattr(page_cache, "cache", counting)
    second = get(cached, "/feed/")
    assert second["X-Page-Cache"] == "hit"
    assert counting.calls == ["get_many"]
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]
    assert second["X-Frame-Options"] == first["X-Frame-Options"]


def test_a_hit_from_local_memory_costs_one_query_for_the_generation(cached, django_assert_num_queries):
    """Local memory: the page from this process's memory, the generation from the database."""
    make.published("Harbour reopens")
    first = get(cached)
    with django_assert_num_queries(1):
        second = get(cached)
    assert second["X-Page-Cache"] == "hit" and second.content == first.content


def test_an_edit_made_in_another_process_reaches_this_process_s_memory_cache(cached, monkeypatch):
    """Each process caches pages in its own memory; the generation they are stamped with is shared."""
    story = make.published("Harbour reopens")
    assert b"Harbour reopens" in get(cached).content
    with monkeypatch.context() as other_process:
        other_process.setattr(page_cache, "cache", LocMemCache("another-process", {}))
        with transaction.atomic():
            story.unpublish()
    assert b"Harbour reopens" not in get(cached).content


def test_a_database_that_cannot_be_reached_gives_the_503_page_at_once(cached, monkeypatch):
    """The generation lives in the database: while it is down, the outage page, without a second try."""
    make.published("Harbour reopens")
    get(cached)

    def unreachable():
        raise OperationalError("connection refused")

    monkeypatch.setattr(page_cache, "_generation_in_database", unreachable)
    response = cached.get("/")
    assert response.status_code == 503 and response["Retry-After"] == "30"


def test_a_missing_generation_table_leaves_pages_uncached(cached, monkeypatch):
    """A deploy that has not run `migrate` yet: pages are rendered as without the cache."""
    make.published("Harbour reopens")

    def no_table():
        raise ProgrammingError('relation "articles_contentgeneration" does not exist')

    monkeypatch.setattr(page_cache, "_generation_in_database", no_table)
    response = get(cached)
    assert "X-Page-Cache" not in response and b"Harbour reopens" in response.content


def test_one_transaction_bumps_the_generation_once():
    """Each bump is a write: an admin save with inlines and tags, or a load batch, makes one."""
    before = page_cache.content_generation()
    with transaction.atomic():
        story = make.published("Harbour reopens", tags=["Ports", "Storms"])
        make.quote(story, "We will rebuild,", speaker=make.person("Ana Ruiz"))
        story.headline = "Harbour reopens after storm"
        story.save()
    assert page_cache.content_generation() == before + 1


def test_staff_posts_and_the_admin_are_never_cached(cached):
    """A session cookie, a POST or an admin address goes past the cache."""
    make.published("Harbour reopens")
    get(cached)
    cached.force_login(make.editor())
    assert "X-Page-Cache" not in get(cached)
    assert "X-Page-Cache" not in get(cached, "/admin/")
    assert "X-Page-Cache" not in Client().post("/")


def test_model_edit_publish_and_unpublish_show_at_once(cached):
    """Saving through the models bumps the generation: the next anonymous page shows the change."""
    story = make.published("Harbour reopens")
    get(cached)
    with transaction.atomic():
        story.headline = "Harbour reopens after storm"
        story.save()
    assert b"Harbour reopens after storm" in get(cached).content
    with transaction.atomic():
        story.unpublish()
    assert b"Harbour reopens" not in get(cached).content
    with transaction.atomic():
        story.publish()
    assert b"Harbour reopens after storm" in get(cached).content


def test_quote_person_and_tag_changes_show_at_once(cached):
    """A quote's words, a person's name and a tag added all reach the cached pages."""
    story = make.published("Harbour reopens")
    speaker = make.person("Ana Ruiz")
    quote = make.quote(story, "We will rebuild,", speaker=speaker)
    get(cached, story.get_absolute_url())
    get(cached, "/quotes/")
    with transaction.atomic():
        quote.text = "We will rebuild it all,"
        quote.save()
        speaker.name = "Ana María Ruiz"
        speaker.save()
        story.tags.add("Storms")
    assert "Storms" in get(cached, story.get_absolute_url()).content.decode()
    body = get(cached, "/quotes/").content.decode()
    assert "We will rebuild it all" in body and "Ana María Ruiz" in body


def test_admin_unpublish_action_shows_at_once(cached):
    """The admin's "Unpublish" action empties the cached home page of the story."""
    story = make.published("Harbour reopens")
    assert b"Harbour reopens" in get(cached).content
    editor = Client()
    editor.force_login(make.editor())
    with transaction.atomic():
        editor.post("/admin/articles/article/", {"action": "unpublish", "_selected_action": [story.pk]})
    assert b"Harbour reopens" not in get(cached).content


def test_a_load_bumps_the_generation(cached):
    """`loadseeds` writes in bulk, without signals: the loader bumps the generation itself."""
    get(cached)
    text = "Harbour reopens after storm\n\n“We will rebuild,” said Mayor Ana Ruiz.\n"
    with transaction.atomic():
        list(load_documents([parse_document(text.encode(), source="harbour.txt")]))
    assert b"Harbour reopens after storm" in get(cached).content


def test_a_lost_generation_starts_again_from_the_clock(cached, settings):
    """An evicted generation (in a shared cache) never comes back as a number already used."""
    settings.PAGE_CACHE_GENERATION = "cache"
    before = page_cache.content_generation()
    cache.delete(page_cache.GENERATION_KEY)
    assert page_cache.content_generation() > before


def _redis_up():
    try:
        return redis.Redis.from_url("redis://127.0.0.1:6379/0", socket_connect_timeout=0.5).ping()
    except redis.RedisError:
        return False


@pytest.fixture
def redis_page_cache(settings):
    """The page cache and its generation in Redis, as with CACHE_URL, emptied before and after."""
    if not _redis_up():
        pytest.skip("needs Redis on 127.0.0.1:6379")
    settings.CACHES = {
        "default": {
            "BACKEND": "newsroom.redis_cache.RedisCache",
            "LOCATION": "redis://127.0.0.1:6379/11",
            "KEY_PREFIX": "tests",
        }
    }
    settings.PAGE_CACHE_SECONDS = 60
    settings.PAGE_CACHE_GENERATION = "cache"
    cache.clear()
    yield
    cache.clear()


def test_two_clients_sharing_redis_see_an_edit_made_through_either(redis_page_cache):
    """With the cache in Redis, an edit bumps the one shared generation: every server sees it.

    (bench/two_instances.py shows the same with two gunicorn servers.)"""
    story = make.published("Harbour reopens")
    one, two = Client(), Client()
    assert b"Harbour reopens" in get(one).content
    assert get(two)["X-Page-Cache"] == "hit"
    with transaction.atomic():
        story.unpublish()
    assert b"Harbour reopens" not in get(two).content
    assert b"Harbour reopens" not in get(one).content


def test_a_page_from_redis_builds_no_redis_client(redis_page_cache):
    """Hits reuse one redis-py client: building one for each cache read cost 57 µs of a hit's ~0.5 ms."""
    make.published("Harbour reopens")
    assert get(Client())["X-Page-Cache"] == "miss"
    with mock.patch.object(redis.Redis, "__init__", autospec=True, side_effect=redis.Redis.__init__) as built:
        hits = [get(Client())["X-Page-Cache"] for _ in range(3)]
    assert hits == ["hit"] * 3
    assert built.call_count == 0
