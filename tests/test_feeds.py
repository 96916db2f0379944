import xml.etree.ElementTree as ET

import feedparser
import pytest

from .conftest import MARKER

pytestmark = pytest.mark.django_db

FEEDS = [
    ("/feed/", "rss20"),
    ("/feed/atom/", "atom10"),
    ("/tags/diplomacy/feed/", "rss20"),
    ("/tags/diplomacy/feed/atom/", "atom10"),
    ("/people/isaac-herzog/feed/", "rss20"),
    ("/people/isaac-herzog/feed/atom/", "atom10"),
]


def fetch(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo, (url, parsed.get("bozo_exception"))
    return parsed


@pytest.mark.parametrize("url, version", FEEDS)
def test_feeds_parse_and_list_the_published_stories(client, desk, url, version):
    """Every feed is well-formed RSS 2.0 or Atom 1.0 holding the two published stories, newest first."""
    parsed = fetch(client, url)
    assert parsed.version == version
    assert [entry.title for entry in parsed.entries] == [desk.other.headline, desk.story.headline]
    story = parsed.entries[1]
    assert story.link == "http://testserver/articles/blinken-pushes-for-hostage-deal/"
    assert story.summary == "The secretary of state is on his seventh visit to the region."
    assert story.author == "Desk Staff"
    assert {tag.term for tag in story.tags} == {"Gaza", "Diplomacy"}
    assert MARKER not in response_text(client, url)


@pytest.mark.parametrize("url, version", FEEDS)
def test_a_feed_reaches_the_server_in_one_piece(client, desk, url, version):
    """A WSGI server sends each piece of a response on its own: a feed is one, not one per XML fragment."""
    assert len(list(client.get(url))) == 1


def response_text(client, url):
    return client.get(url).content.decode()


def test_tag_and_person_feeds_hold_only_their_stories(client, desk):
    """A tag's feed lists its articles; a person's feed lists the articles they are in or wrote."""
    assert [e.title for e in fetch(client, "/tags/gaza/feed/").entries] == [desk.story.headline]
    assert [e.title for e in fetch(client, "/people/antony-blinken/feed/").entries] == [desk.story.headline]
    assert [e.title for e in fetch(client, "/people/desk-staff/feed/atom/").entries] == [desk.story.headline]
    assert fetch(client, "/tags/gaza/feed/").feed.title == "Newsroom: Gaza"


def test_feeds_of_unknown_or_unpublished_tags_and_people_are_404(client, desk):
    """No feed exists for a tag or person known only from unpublished articles."""
    assert client.get(f"/people/{desk.hidden_person.slug}/feed/").status_code == 404
    assert client.get("/tags/no-such-tag/feed/atom/").status_code == 404
    for tag in desk.hidden[0].tags.all():
        assert client.get(f"/tags/{tag.slug}/feed/").status_code == 404


def test_feeds_escape_markup_in_headlines(client, db):
    """A headline with markup stays text in the feed."""
    from . import factories as make

    make.published("Tom & Jerry <script>alert(1)</script>", standfirst="<b>bold</b> claims")
    parsed = fetch(client, "/feed/")
    assert parsed.entries[0].title == "Tom & Jerry <script>alert(1)</script>"
    assert "<script>" not in response_text(client, "/feed/")


def sitemap_locations(client):
    """Every <loc> of every section listed in the sitemap index."""
    namespace = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    index = client.get("/sitemap.xml")
    assert index.status_code == 200
    locations = []
    for section in ET.fromstring(index.content).findall("s:sitemap/s:loc", namespace):
        response = client.get(section.text.removeprefix("http://testserver"))
        assert response.status_code == 200
        locations += [loc.text for loc in ET.fromstring(response.content).findall("s:url/s:loc", namespace)]
    return locations


def test_sitemap_lists_public_articles_people_tags_and_index_pages(client, desk):
    """The sitemap holds every public page and nothing unpublished."""
    locations = sitemap_locations(client)
    base = "http://testserver"
    for path in [
        desk.story.get_absolute_url(),
        desk.other.get_absolute_url(),
        desk.blinken.get_absolute_url(),
        desk.staff.get_absolute_url(),
        "/tags/gaza/",
        "/",
        "/quotes/",
        "/people/",
        "/tags/",
    ]:
        assert base + path in locations
    assert not [loc for loc in locations if MARKER.lower() in loc.lower()]
    assert base + desk.hidden_person.get_absolute_url() not in locations
    assert len(locations) == len(set(locations))
