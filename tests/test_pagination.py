"""ReaderPaginator at archive scale: keyset pages match OFFSET pages; counts past the cap are estimates."""

import html
import re
import time
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.core.paginator import EmptyPage
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles import pagination
from articles.models import Article, Quote
from articles.pagination import ReaderPaginator

from . import factories as make

pytestmark = pytest.mark.django_db

# A list too long to count is estimated by PostgreSQL's planner; SQLite counts every list.
estimating = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the estimate is PostgreSQL's planner's"
)


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


@estimating
def test_past_the_cap_the_count_is_an_estimate_and_the_last_page_corrects_it(archive, monkeypatch):
    """Over EXACT_COUNT_UP_TO rows the planner estimates; the last page knows the exact count."""
    monkeypatch.setattr(pagination, "EXACT_COUNT_UP_TO", 10)
    paginator = ReaderPaginator(Article.objects.published(), 20)
    assert paginator.count >= 11 and paginator.estimated
    last = paginator.page(3)
    assert not last.has_next() and paginator.count == 45 and paginator.num_pages == 3


@estimating
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


@estimating
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


@estimating
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


# --- Pages reached through their links: keyset cursors ------------------------------------------


def _link(response, rel):
    """The query string of the page's rel="next" or rel="prev" link, or None."""
    found = re.search(rf'rel="{rel}" href="([^"]*)"', response.content.decode())
    return html.unescape(found.group(1)) if found else None


def _headlines(response):
    return [article.headline for article in response.context["page_obj"].object_list]


@pytest.fixture
def long_archive(db):
    """65 published stories, ties in publication time broken by the primary key: four pages of 20."""
    now = timezone.now()
    for number in range(65):
        make.published(f"Story {number:02}", published_at=now - timedelta(hours=1 + number // 3))
    return list(Article.objects.published().values_list("headline", flat=True))


def test_pages_reached_through_their_links_hold_the_offset_pages_both_ways(client, long_archive):
    """Following "Older" from page 1 to the end, then "Newer" back, every page holds the rows OFFSET
    would give it, and the links name the page they lead to."""
    url, pages = "/", []
    while url is not None:
        response = client.get(url)
        assert response.status_code == 200, url
        pages.append(_headlines(response))
        older = _link(response, "next")
        url = f"/{older}" if older else None
    assert pages == [long_archive[start : start + 20] for start in range(0, 65, 20)]
    for number in range(4, 1, -1):
        newer = _link(response, "prev")
        assert newer.startswith(f"?page={number - 1}")
        response = client.get(f"/{newer}")
        assert _headlines(response) == long_archive[(number - 2) * 20 : (number - 1) * 20]
    assert response.context["page_obj"].number == 1 and _link(response, "prev") is None


def test_a_page_reached_through_its_link_skips_no_rows(client, long_archive):
    """A linked page starts from its cursor (no OFFSET, however deep); a page number given alone
    skips the rows before it in an index."""
    older = _link(client.get("/?page=2"), "next")
    with CaptureQueriesContext(connection) as linked:
        assert _headlines(client.get(f"/{older}")) == long_archive[40:60]
    with CaptureQueriesContext(connection) as typed:
        assert _headlines(client.get("/?page=3")) == long_archive[40:60]
    assert not any("OFFSET" in query["sql"] for query in linked.captured_queries)
    assert any("OFFSET 40" in query["sql"] for query in typed.captured_queries)


@estimating
def test_a_typed_page_number_finds_its_starting_row_once_a_minute(client, long_archive, monkeypatch):
    """On a list too long to count, a page number typed again within the minute skips no rows: it
    starts at the row this process found, and reads the live list from there, so a story
    unpublished since is gone at once. A minute on, the row is looked for again, with the stories
    published since counted."""
    monkeypatch.setattr(pagination, "EXACT_COUNT_UP_TO", 10)
    now = time.monotonic()
    monkeypatch.setattr(pagination, "time", SimpleNamespace(monotonic=lambda: now))
    assert _headlines(client.get("/?page=3")) == long_archive[40:60]
    make.published("Breaking", published_at=timezone.now() - timedelta(minutes=1))
    Article.objects.filter(headline=long_archive[45]).update(status=Article.Status.DRAFT)
    with CaptureQueriesContext(connection) as again:
        assert _headlines(client.get("/?page=3")) == long_archive[40:45] + long_archive[46:61]
    assert not any("OFFSET" in query["sql"] for query in again.captured_queries)
    later = now + pagination.ESTIMATE_KEPT_SECONDS
    monkeypatch.setattr(pagination, "time", SimpleNamespace(monotonic=lambda: later))
    with CaptureQueriesContext(connection) as next_minute:
        now_listed = ["Breaking", *long_archive[:45], *long_archive[46:]]
        assert _headlines(client.get("/?page=3")) == now_listed[40:60]
    assert any("OFFSET 40" in query["sql"] for query in next_minute.captured_queries)


@estimating
def test_each_list_keeps_its_own_starting_rows(client, long_archive, monkeypatch):
    """The row a typed page starts at is kept for its own list: a filtered list's page 2 is not
    read from where the whole list's page 2 starts."""
    monkeypatch.setattr(pagination, "EXACT_COUNT_UP_TO", 10)
    for article in Article.objects.filter(headline__in=long_archive[1::2]):
        article.tags.add("Harbour")
    assert _headlines(client.get("/?page=2")) == long_archive[20:40]
    assert _headlines(client.get("/?tag=harbour&page=2")) == long_archive[1::2][20:40]


def test_a_list_short_enough_to_count_finds_its_starting_row_each_time(client, long_archive):
    """A counted list is short, and skipping to its row cheap: a typed page starts where the list
    stands now, with a story published a moment ago counted."""
    assert _headlines(client.get("/?page=3")) == long_archive[40:60]
    make.published("Breaking", published_at=timezone.now() - timedelta(minutes=1))
    assert _headlines(client.get("/?page=3")) == ["Breaking", *long_archive][40:60]


def test_a_stale_cursor_shows_no_story_twice_when_stories_are_published_above_it(client, long_archive):
    """A reader paging on while new stories are published sees the next stories, not a repeat of the
    page they read (with OFFSET each new story pushed one back onto the next page)."""
    older = _link(client.get("/"), "next")
    for number in range(3):
        make.published(f"Breaking {number}", published_at=timezone.now() - timedelta(minutes=1))
    assert _headlines(client.get(f"/{older}")) == long_archive[20:40]


@pytest.mark.parametrize(
    "cursor",
    [
        "not base64 !",
        "bm90IGpzb24",  # "not json"
        "eyJhIjoxfQ",  # {"a":1}: not a list
        "WzFd",  # [1]: one value, the list has two
        "WyJ5ZXN0ZXJkYXkiLDFd",  # ["yesterday",1]: not a time
        "WyIyMDI2LTAxLTAxVDAwOjAwOjAwIiwxXQ",  # a time without its zone
        "WyIyMDI2LTAxLTAxVDAwOjAwOjAwKzAwOjAwIiwiYSJd",  # ["…",  "a"]: not a key
        "WyIyMDI2LTAxLTAxVDAwOjAwOjAwKzAwOjAwIixudWxsXQ",  # a key that is empty
        "WyIyMDI2LTAxLTAxVDAwOjAwOjAwKzAwOjAwIiwxZTk5OV0",  # a key of 1e999: an infinite float
        "WyIyMDI2LTAxLTAxVDAwOjAwOjAwKzAwOjAwIixJbmZpbml0eV0",  # Infinity
        "WyIyMDI2LTAxLTAxVDAwOjAwOjAwKzAwOjAwIixOYU5d",  # NaN
        "WyIyMDI2LTAxLTAxVDAwOjAwOjAwKzAwOjAwIiw5OTk5OTk5OTk5OTk5OTk5OTk5OTk5OV0",  # past 64 bits
        "WyIwMDAxLTAxLTAxVDAwOjAwOjAwKzAxOjAwIiwxXQ",  # a time before year 1 in UTC
        "WyI5OTk5LTEyLTMxVDIzOjU5OjU5LTAxOjAwIiwxXQ",  # a time after year 9999 in UTC
        "WyIyMDI2LTAxLTAxVDAwOjAwOjAwKzAwOjAwIiwxLjVd",  # a key of 1.5
        "WyIyMDI2LTAxLTAxVDAwOjAwOjAwKzAwOjAwIix0cnVlXQ",  # a key of true
        "WyIyMDI2LTAxLTAxVDAwOjAwOjAwKzAwOjAwIixbMV1d",  # a key that is a list
        "WzUsMV0",  # [5,1]: a number for a time
        "A" * 3000,
    ],
)
def test_a_cursor_this_site_did_not_write_falls_back_to_the_page_number(client, long_archive, cursor):
    """A malformed or foreign cursor is ignored: the page number decides, and nothing fails."""
    for direction in ["after", "before"]:
        response = client.get(f"/?page=2&{direction}={cursor}")
        assert response.status_code == 200, (direction, cursor)
        assert _headlines(response) == long_archive[20:40]


def test_cursors_page_quote_lists_both_ways(client, db):
    """Quote lists end their order with the primary key, so their links carry cursors as well; the
    order mixes newest-first stories with paragraphs in reading order, and both directions keep it."""
    now = timezone.now()
    for hours in (1, 2, 3):
        story = make.published(f"Story {hours}", published_at=now - timedelta(hours=hours))
        for number in range(22):
            make.quote(story, f"Words {hours}-{number:02}.", paragraph=1 + number // 5)
    every = list(Quote.objects.published().for_listing().values_list("text", flat=True))
    url, pages = "/quotes/", []
    while url:
        response = client.get(url)
        pages.append([quote.text for quote in response.context["page_obj"].object_list])
        older = _link(response, "next")
        url = f"/quotes/{older}" if older else None
    assert pages == [every[start : start + 20] for start in range(0, 66, 20)]
    for number in range(4, 1, -1):
        response = client.get(f"/quotes/{_link(response, 'prev')}")
        texts = [quote.text for quote in response.context["page_obj"].object_list]
        assert texts == every[(number - 2) * 20 : (number - 1) * 20]


def test_a_stale_cursor_still_leads_to_the_rows_after_it(client, long_archive):
    """Stories withdrawn since the link was printed: its page shows what follows the row it names,
    even where the count now says there is no such page."""
    third = _link(client.get("/?page=2"), "next")
    Article.objects.filter(headline__in=long_archive[:30]).update(status=Article.Status.DRAFT)
    assert client.get("/?page=3").status_code == 404  # 35 stories left: two pages
    response = client.get(f"/{third}")
    assert response.status_code == 200
    assert _headlines(response) == long_archive[40:60]


def test_a_newer_link_that_reaches_the_top_shows_the_first_page(client, long_archive):
    """Fewer rows before the cursor than a page holds (stories withdrawn since): that is the top of
    the list, shown as page 1, whose links work."""
    newer = _link(client.get(f"/{_link(client.get('/?page=2'), 'next')}"), "prev")
    assert newer.startswith("?page=2&before=")
    Article.objects.filter(headline__in=long_archive[:25]).update(status=Article.Status.DRAFT)
    response = client.get(f"/{newer}")
    page = response.context["page_obj"]
    assert page.number == 1 and not page.has_previous()
    assert _headlines(response) == long_archive[25:45]
    assert _headlines(client.get(f"/{_link(response, 'next')}")) == long_archive[45:65]


@estimating
def test_a_list_known_by_its_address_finds_its_estimate_without_building_its_count(
    client, archive, monkeypatch
):
    """The views name each list by its address: a kept estimate is found without the count's query
    being built and compiled, and another address is another list."""
    monkeypatch.setattr(pagination, "TRUST_ESTIMATE_FROM", 20)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE articles_article")
    assert client.get("/?page=2").context["paginator"].estimated
    built = []
    keys_of = pagination._keys_of
    monkeypatch.setattr(pagination, "_keys_of", lambda rows: built.append(rows) or keys_of(rows))
    assert client.get("/?page=2").context["paginator"].estimated
    assert built == []
    client.get("/?page=2&q=story")
    assert len(built) == 1
