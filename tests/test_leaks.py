"""Nothing unpublished leaks: a reader crawling every public page, feed and sitemap never meets it.

Each hidden article (draft, in review, scheduled, archived) carries its own marker word in its
headline, standfirst, body, a quote, a tag and the name of a person known only from it. It is also
tagged with a public tag and mentions a public person, so the public pages most likely to let it
through (that tag's page and feed, that person's page and feed) are exercised too.
"""

import html
import re
from collections import deque
from datetime import timedelta
from urllib.parse import parse_qsl, quote, quote_plus, urlsplit

import pytest
from django.conf import settings
from django.core.cache import caches
from django.utils import timezone
from taggit.models import Tag

from articles.models import Article, Quote
from people.models import Person

from . import factories as make

pytestmark = pytest.mark.django_db

# One marker per hidden state, in title case in the content; readers search for it in capitals, so
# the page's echo of the reader's own query can be told apart from hidden content leaking.
MARKERS = {
    "draft": "Vexdraftor",
    "review": "Vexreviewor",
    "scheduled": "Vexscheduor",
    "archived": "Vexarchivor",
}
BUILDERS = {
    "draft": make.draft,
    "review": make.in_review,
    "scheduled": make.scheduled,
    "archived": make.archived,
}
CRAWL_LIMIT = 600


@pytest.fixture
def newsroom(db):
    """Two published stories, and one hidden story per state, each with its own marker everywhere."""
    clear_page_caches()  # nothing cached by an earlier test may answer for this one
    blinken = make.person("Antony Blinken", title="U.S. Secretary of State")
    staff = make.person("Desk Staff", kind=Person.Kind.STAFF)
    story = make.published(
        "Blinken pushes for hostage deal",
        standfirst="The secretary of state is on his seventh visit.",
        body="Blinken arrived on Wednesday.\n\n“We want a deal,” Blinken said.",
        tags=["Gaza", "Diplomacy"],
    )
    story.authors.add(staff)
    story.people.add(blinken)
    make.quote(story, "We want a deal,", speaker=blinken, paragraph=2).tags.add("Gaza")
    make.published("Talks resume in Cairo", body="Talks resumed.", tags=["Diplomacy"]).people.add(blinken)

    hidden = {}
    for state, marker in MARKERS.items():
        insider = make.person(f"Ilsa {marker}", title=f"{marker} envoy", aliases=marker)
        article = BUILDERS[state](
            f"{marker} headline for the {state} story",
            standfirst=f"{marker} standfirst.",
            body=f"{marker} body text.\n\n“{marker} words,” the envoy said.\n\nBlinken was told.",
            tags=[f"{marker} topic", "Gaza"],
        )
        article.people.add(insider, blinken)
        article.authors.add(insider, staff)
        make.quote(article, f"{marker} words,", speaker=insider, paragraph=2).tags.add(
            f"{marker} quoted", "Gaza"
        )
        make.quote(article, "Blinken was told.", speaker=blinken, paragraph=3)
        hidden[state] = article
    return hidden


def clear_page_caches():
    """Empty every configured cache, so a page cache (if any) cannot serve a page from before a change."""
    for alias in settings.CACHES:
        caches[alias].clear()


def to_path(url):
    """A same-site address as path?query, or None for another site, the admin or static files."""
    url = html.unescape(url).strip()
    parts = urlsplit(url)
    if parts.scheme not in ("", "http", "https") or parts.netloc not in ("", "testserver"):
        return None
    if not parts.path.startswith("/") or parts.path.startswith(("/admin/", "/static/")):
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


def links(body, page):
    """Every address a page, feed or sitemap points at (href/src attributes, <link>/<loc>/<id> text)."""
    found = re.findall(r'(?:href|src|action)="([^"]*)"', body)
    found += re.findall(r"<(?:loc|link|id|guid)>([^<]*)</", body)
    return [path for path in map(to_path, found) if path]


def without_echoes(body, path):
    """The page with the reader's own query values (as typed, escaped or URL-encoded) taken out."""
    for _, value in parse_qsl(urlsplit(path).query, keep_blank_values=True):
        if value:
            for form in {value, html.escape(value), quote(value, safe=""), quote_plus(value)}:
                body = body.replace(form, "")
    return body


def leaked(response, path, markers):
    body = without_echoes(response.content.decode(errors="replace"), path)
    return [marker for marker in markers if marker.lower() in body.lower()]


def crawl(client, starts, markers):
    """Breadth-first over same-site links from `starts`; returns ({path: status}, [(path, markers)])."""
    seen, leaks = {}, []
    queue = deque(starts)
    while queue and len(seen) < CRAWL_LIMIT:
        path = queue.popleft()
        if path in seen:
            continue
        response = client.get(path)
        seen[path] = response.status_code
        assert response.status_code < 500, path
        if found := leaked(response, path, markers):
            leaks.append((path, found))
        if response.status_code == 200:
            queue.extend(
                link for link in links(response.content.decode(errors="replace"), path) if link not in seen
            )
    return seen, leaks


def reader_entry_points(markers):
    """Feeds of every tag and person in the database and the lists filtered by each, the sitemap,
    robots.txt and searches for the markers."""
    starts = ["/", "/feed/", "/feed/atom/", "/sitemap.xml", "/robots.txt", "/quotes/", "/people/", "/tags/"]
    for slug in Tag.objects.values_list("slug", flat=True):
        starts += [f"/tags/{slug}/feed/", f"/tags/{slug}/feed/atom/", f"/?tag={slug}", f"/quotes/?tag={slug}"]
    for slug in Person.objects.values_list("slug", flat=True):
        starts += [f"/people/{slug}/feed/", f"/people/{slug}/feed/atom/"]
        starts += [f"/?person={slug}", f"/?author={slug}", f"/quotes/?speaker={slug}"]
    for marker in markers:
        word = quote_plus(marker.upper())
        starts += [f"/search/?q={word}", f"/quotes/?q={word}", f"/people/?q={word}", f"/?q={word}"]
    return starts


def test_crawling_every_public_page_feed_and_sitemap_finds_no_hidden_material(client, newsroom):
    """No marker of a draft, in-review, scheduled or archived story is on any page a reader can reach."""
    seen, leaks = crawl(client, reader_entry_points(MARKERS.values()), MARKERS.values())
    assert leaks == []
    # The crawl really went everywhere: every kind of public page and both sitemap sections.
    for expected in [
        "/articles/blinken-pushes-for-hostage-deal/",
        "/people/antony-blinken/",
        "/tags/gaza/",
        "/tags/gaza/feed/",
        "/people/antony-blinken/feed/",
        "/sitemap-articles.xml",
        "/sitemap-people.xml",
        "/sitemap-tags.xml",
        "/?tag=gaza",
    ]:
        assert seen.get(expected) == 200, expected
    assert any(path.startswith("/quotes/") and path[8:-1].isdigit() for path in seen)
    assert len(seen) > 40


def test_hidden_articles_people_tags_and_quotes_guessed_directly_are_not_found(client, newsroom):
    """A hidden story, person, tag or quote typed in directly is a 404; filtering by one shows nothing."""
    markers = list(MARKERS.values())
    guessed = []
    for article in newsroom.values():
        guessed += [article.get_absolute_url(), f"/quotes/?article={article.slug}"]
        guessed += [
            quote.get_absolute_url() for quote in article.quotes.exclude(speaker__slug="antony-blinken")
        ]
    for marker in markers:
        person = Person.objects.get(name=f"Ilsa {marker}")
        guessed += [
            person.get_absolute_url(),
            f"/people/{person.slug}/feed/",
            f"/people/{person.slug}/feed/atom/",
        ]
        guessed += [f"/?person={person.slug}", f"/?author={person.slug}", f"/quotes/?speaker={person.slug}"]
        for tag in Tag.objects.filter(name__startswith=marker):
            guessed += [
                f"/tags/{tag.slug}/",
                f"/tags/{tag.slug}/feed/",
                f"/?tag={tag.slug}",
                f"/quotes/?tag={tag.slug}",
            ]
    for path in guessed:
        response = client.get(path)
        assert not leaked(response, path, markers), path
        if "?" not in path:
            assert response.status_code == 404, (path, response.status_code)
    for article in newsroom.values():  # the staff preview sends readers to log in, and shows nothing
        response = client.get(f"/articles/{article.slug}/preview/")
        assert response.status_code == 302 and response["Location"].startswith("/admin/login/")


def test_a_scheduled_story_appears_once_its_time_has_come(client, newsroom):
    """Once the database clock passes a scheduled story's time, it is on the home page and its own page."""
    scheduled = newsroom["scheduled"]
    marker = MARKERS["scheduled"]
    assert client.get(scheduled.get_absolute_url()).status_code == 404
    assert marker not in client.get("/").content.decode()

    # "Move the clock": the story's time is now in the past. A queryset update, so no signal or
    # save() can tell a page cache; clearing the caches stands for the time-based expiry.
    Article.objects.filter(pk=scheduled.pk).update(published_at=timezone.now() - timedelta(seconds=1))
    clear_page_caches()

    assert marker in client.get("/").content.decode()
    page = client.get(scheduled.get_absolute_url())
    assert page.status_code == 200 and marker in page.content.decode()
    assert marker in client.get(f"/search/?q={marker.upper()}").content.decode().replace(marker.upper(), "")
    # The others stay hidden.
    others = [word for state, word in MARKERS.items() if state != "scheduled"]
    assert not leaked(client.get("/"), "/", others)
    assert Quote.objects.published().filter(article=scheduled).count() == 2
