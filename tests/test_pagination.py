"""ReaderPaginator at archive scale: keyset pages match OFFSET pages; counts past the cap are estimates."""

import time
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.core.paginator import EmptyPage
from django.db import connection
from django.utils import timezone

from articles import pagination
from articles.models import Article
from articles.pagination import ReaderPaginator

from . import factories as make

pytestmark = pytest.mark.django_db


@pytest.fixture
def archive(db):
    """45 published stories; several share a publication time, so the primary key breaks ties."""
    now = timezone.now()
    for number in range(45):
        make.published(f"Story {number:02}", published_at=now - timedelta(hours=1 + number // 3))
    return list(Article.objects.published().values_list("headline", flat=True))


def test_keyset_pages_hold_the_same_rows_as_offset_pages(archive):
    """Every page from a keyset boundary is exactly the slice OFFSET would give, in the same order."""
    paginator = ReaderPaginator(Article.objects.published(), 20)
    assert paginator.keyset(paginator.object_list) == [("published_at", True), ("pk", True)]
    for number, start in [(1, 0), (2, 20), (3, 40)]:
        page = paginator.page(number)
        assert [a.headline for a in page.object_list] == archive[start : start + 20]
        assert page.has_next() == (number < 3)


def test_a_first_page_holding_the_whole_list_is_its_count(archive, django_assert_num_queries):
    """No count runs for a list that fits on its first page; a longer one is counted when asked."""
    short = ReaderPaginator(Article.objects.published().filter(headline__lt="Story 05"), 20)
    with django_assert_num_queries(1):
        page = short.page(1)
        assert (len(page.object_list), page.has_next(), short.count, short.num_pages) == (5, False, 5, 1)
    long = ReaderPaginator(Article.objects.published(), 20)
    with django_assert_num_queries(1):
        page = long.page("1")
    assert [a.headline for a in page.object_list] == archive[:20] and page.has_next()
    assert long.count == 45 and long.num_pages == 3


def test_home_page_past_the_end_is_a_404(client, archive):
    """A page number past the last real page is not found."""
    assert client.get("/?page=3").status_code == 200
    assert client.get("/?page=4").status_code == 404


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the estimate is PostgreSQL's planner's")
def test_past_the_cap_the_count_is_an_estimate_and_the_last_page_corrects_it(archive, monkeypatch):
    """Over EXACT_COUNT_UP_TO rows the planner estimates; the last page knows the exact count."""
    monkeypatch.setattr(pagination, "EXACT_COUNT_UP_TO", 10)
    paginator = ReaderPaginator(Article.objects.published(), 20)
    assert paginator.count >= 11 and paginator.estimated
    last = paginator.page(3)
    assert not last.has_next() and paginator.count == 45 and paginator.num_pages == 3


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the estimate is PostgreSQL's planner's")
def test_a_list_estimated_far_past_the_cap_is_not_counted(archive, monkeypatch, django_assert_num_queries):
    """From TRUST_ESTIMATE_FROM estimated rows on, the estimate stands alone: no COUNT runs."""
    monkeypatch.setattr(pagination, "TRUST_ESTIMATE_FROM", 20)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE articles_article")  # so the planner knows there are 45
    paginator = ReaderPaginator(Article.objects.published(), 20)
    with django_assert_num_queries(1) as captured:
        assert paginator.count >= 20 and paginator.estimated
    assert captured.captured_queries[0]["sql"].startswith("EXPLAIN")
    last = paginator.page(3)
    assert not last.has_next() and paginator.count == 45


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the estimate is PostgreSQL's planner's")
def test_a_lists_estimate_is_asked_for_once_a_minute(archive, monkeypatch, django_assert_num_queries):
    """The next request for the same list uses the estimate this process was given; a minute on, or
    for a list filtered otherwise, the planner is asked again."""
    monkeypatch.setattr(pagination, "TRUST_ESTIMATE_FROM", 20)
    now = time.monotonic()
    monkeypatch.setattr(pagination, "time", SimpleNamespace(monotonic=lambda: now))
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE articles_article")
    assert ReaderPaginator(Article.objects.published(), 20).count >= 20
    with django_assert_num_queries(0):
        assert ReaderPaginator(Article.objects.published(), 20).count >= 20
    with django_assert_num_queries(1):
        ReaderPaginator(Article.objects.published().exclude(pk=1), 20).count  # noqa: B018
    later = now + pagination.ESTIMATE_KEPT_SECONDS
    monkeypatch.setattr(pagination, "time", SimpleNamespace(monotonic=lambda: later))
    with django_assert_num_queries(1):
        assert ReaderPaginator(Article.objects.published(), 20).count >= 20


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the estimate is PostgreSQL's planner's")
def test_past_an_estimate_a_page_number_no_list_reaches_is_not_found(archive, monkeypatch):
    """Pages past an estimate are tried until one is empty, but a number past MAX_PAGE never reaches
    the database (its OFFSET would not fit in a 64-bit integer)."""
    monkeypatch.setattr(pagination, "EXACT_COUNT_UP_TO", 10)
    for number in [pagination.MAX_PAGE + 1, 10**23]:
        paginator = ReaderPaginator(Article.objects.published(), 20)
        assert paginator.count >= 11 and paginator.estimated
        with pytest.raises(EmptyPage):
            paginator.page(number)


def test_a_huge_page_number_is_not_found_on_every_list(client, archive):
    for url in ["/", "/quotes/", "/people/", "/search/?q=story"]:
        assert client.get(f"{url}{'&' if '?' in url else '?'}page={10**23}").status_code == 404, url

