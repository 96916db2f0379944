import html
import json
import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles import pagination
from articles.models import Article
from people.models import Person

from . import factories as make
from .conftest import MARKER, parse_html

pytestmark = pytest.mark.django_db


def page(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code)
    if response["Content-Type"].startswith("text/html"):
        parse_html(response)
    return response


def text(response):
    return response.content.decode()


# --- Every page renders, parses as HTML5 and links to the others ------------------------------------

PUBLIC_PAGES = [
    "/",
    "/articles/blinken-pushes-for-hostage-deal/",
    "/people/",
    "/people/antony-blinken/",
    "/quotes/",
    "/tags/",
    "/tags/gaza/",
    "/search/",
    "/search/?q=ceasefire",
]


@pytest.mark.parametrize("url", PUBLIC_PAGES)
def test_every_page_renders_as_valid_html5_and_links_to_every_section(client, desk, url):
    """Each reader page answers 200, parses strictly as HTML5 and reaches every section by a link."""
    body = text(page(client, url))
    for section in ["/", "/quotes/", "/people/", "/tags/", "/search/"]:
        assert f'href="{section}"' in body
    assert '<link rel="alternate" type="application/rss+xml"' in body
    assert '<link rel="alternate" type="application/atom+xml"' in body
    assert '<link rel="stylesheet" href="/static/css/site.css">' in body


def test_quote_permalink_page(client, desk):
    """A quote's permalink shows the words, the speaker, the article and the paragraph around it."""
    body = text(page(client, desk.said.get_absolute_url()))
    assert "Antony Blinken" in body and "U.S. Secretary of State" in body
    assert 'href="/people/antony-blinken/"' in body
    assert 'href="/articles/blinken-pushes-for-hostage-deal/#p2"' in body
    assert "Blinken stated." in body  # the rest of the paragraph


def test_every_page_is_reachable_by_clicking_from_home(client, desk):
    """Following links from / reaches an article, a person, a quote, a tag and the feeds."""
    seen, queue = set(), ["/"]
    while queue and len(seen) < 60:
        url = queue.pop(0)
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url)
        if response.status_code != 200 or not response["Content-Type"].startswith("text/html"):
            continue
        for href in re.findall(r'href="(/[^"#?]*)"', text(response)):
            if not href.startswith(("/static/", "/admin/")) and href not in seen:
                queue.append(href)
    for expected in [
        desk.story.get_absolute_url(),
        desk.blinken.get_absolute_url(),
        desk.said.get_absolute_url(),
        "/tags/gaza/",
        "/feed/",
        "/feed/atom/",
        "/tags/gaza/feed/",
        "/people/antony-blinken/feed/",
        "/sitemap.xml",
    ]:
        assert expected in seen


# --- Home: filters ----------------------------------------------------------------------------------


def headlines(response):
    return [article.headline for article in response.context["page_obj"].object_list]


def test_home_lists_published_articles_newest_first_twenty_a_page(client, db):
    """The home page pages published articles by twenty, newest first; a page past the end is a 404."""
    now = timezone.now()
    for number in range(25):
        make.published(f"Story {number:02}", published_at=now - timedelta(hours=number + 1))
    first = page(client, "/")
    assert headlines(first) == [f"Story {number:02}" for number in range(20)]
    assert headlines(page(client, "/?page=2")) == [f"Story {number:02}" for number in range(20, 25)]
    older = re.search(r'rel="next" href="([^"]+)"', text(first)).group(1)
    assert older.startswith("?page=2&amp;after=")
    assert headlines(page(client, "/" + html.unescape(older))) == [
        f"Story {number:02}" for number in range(20, 25)
    ]
    page(client, "/?page=3", status=404)


def test_home_filters_by_tag_person_author_dates_and_words(client, desk):
    """Each filter narrows the list; filters combine; the URL is shareable."""
    assert headlines(page(client, "/?tag=gaza")) == [desk.story.headline]
    assert set(headlines(page(client, "/?tag=diplomacy"))) == {desk.story.headline, desk.other.headline}
    assert headlines(page(client, "/?tag=gaza&tag=diplomacy")) == [desk.story.headline]
    assert set(headlines(page(client, "/?person=isaac-herzog"))) == {desk.story.headline, desk.other.headline}
    assert headlines(page(client, "/?person=isaac-herzog&tag=gaza")) == [desk.story.headline]
    assert headlines(page(client, "/?author=desk-staff")) == [desk.story.headline]
    # The day the stories came out (an hour ago: not today just after midnight).
    day = timezone.localtime(desk.story.published_at).date().isoformat()
    assert len(headlines(page(client, f"/?since={day}&until={day}"))) == 2
    assert headlines(page(client, "/?until=2001-01-01")) == []
    assert headlines(page(client, "/?q=patience")) == [desk.other.headline]


def test_a_filter_that_cannot_be_understood_says_why_beside_its_field(client, desk):
    """Each field's label points at its box, and its error sits under it, tied to it for screen readers."""
    body = text(page(client, "/?since=someday&person=nobody-at-all"))
    assert '<label for="id_since">From:</label>' in body
    assert 'aria-invalid="true" aria-describedby="id_since_error" id="id_since">' in body
    assert '<ul class="errorlist" id="id_since_error"><li>Enter a valid date.</li></ul>' in body
    assert '<ul class="errorlist" id="id_person_error"><li>No one of that name is in a published' in body
    assert 'class="errorlist" id="id_author_error"' not in body


def test_home_person_filter_finds_speakers_not_listed_as_people(client, desk):
    """ "Person quoted or mentioned" includes people who are only quoted."""
    desk.other.people.clear()
    assert set(headlines(page(client, "/?person=isaac-herzog"))) == {desk.story.headline, desk.other.headline}


def test_topics_are_typed_by_name_or_slug_and_chosen_ones_can_be_unticked(client, desk):
    """The topic filter takes a name as typed or a slug; each chosen topic is a ticked box, and no page
    lists every topic (an archive has hundreds)."""
    assert headlines(page(client, "/?tag=Gaza")) == [desk.story.headline]
    body = text(page(client, "/?tag=gaza&tag=Diplomacy"))
    assert '<input type="checkbox" id="id_tag_0" name="tag" value="gaza" checked> Gaza</label>' in body
    assert 'value="Diplomacy" checked> Diplomacy</label>' in body
    assert '<input type="text" name="tag" aria-describedby="id_tag_helptext" id="id_tag"' in body
    unfiltered = text(page(client, "/"))
    assert "<option" not in unfiltered and 'type="checkbox"' not in unfiltered


def test_quotes_filter_by_typed_topics(client, desk):
    """Quotes carry topics of their own; the quote list filters by them like the story list."""
    assert [quote.text for quote in page(client, "/quotes/?tag=Gaza").context["page_obj"]] == [desk.said.text]


def test_an_unknown_or_unpublished_topic_is_refused_with_a_message(client, desk):
    """A topic no published story carries, a draft's included, filters nothing and says so."""
    for value in ["no-such-topic", f"{MARKER} draft"]:
        response = page(client, f"/?tag={value}")
        assert headlines(response) == []
        errors = response.context["filter"].form.errors["tag"]
        assert errors == [f"No published story has the topic “{value}”."]
    errors = page(client, "/quotes/?tag=no-such-topic").context["filter"].form.errors["tag"]
    assert errors == ["No published quote has the topic “no-such-topic”."]


def test_a_storys_kicker_is_the_first_topic_it_was_given(client, db):
    """Teasers and the article page head a story with its first topic, not whichever sorts first."""
    make.published("Older story", tags=["Apple"])
    story = make.published("Zoo reopens")
    story.tags.add("Zebra")
    story.tags.add("Apple")
    kicker = re.compile(r'<p class="kicker"><a href="/tags/(\w+)/">')
    assert kicker.findall(text(page(client, "/")))[0] == "zebra"
    assert kicker.findall(text(page(client, story.get_absolute_url()))) == ["zebra"]


def test_active_filters_show_and_remove_one_by_one(client, desk):
    """Each active filter is shown with a link that removes it alone."""
    response = page(client, "/?tag=gaza&tag=diplomacy&person=isaac-herzog&page=1")
    active = response.context["active_filters"]
    assert [(label, value) for label, value, _ in active] == [
        ("Topics", "Gaza"),
        ("Topics", "Diplomacy"),
        ("Person quoted or mentioned", "Isaac Herzog"),
    ]
    assert active[0][2] == "tag=diplomacy&person=isaac-herzog"
    body = text(response)
    assert 'href="?tag=diplomacy&amp;person=isaac-herzog"' in body
    assert "Showing only:" in body


@pytest.mark.parametrize(
    "query",
    [
        "tag=no-such-tag",
        "person=nobody",
        "author=nobody",
        "since=2024-13-45",
        "until=yesterday",
        "since=99999-01-01",
        "page=999999999999999999999999",
        "page=-1",
        "page=abc",
        "page=0",
        "q=" + "x" * 5000,
        "q=%00",
        "q=ceasefire%20-Rafah%20%22hostage%20deal%22",
        "q=%26%7C%21%28%29%3A%2A%3C%3E%27%5C",
        "q=%27%3B%20DROP%20TABLE%20articles_article%3B%20--",
        "tag=%00",
        "tag=" + "x" * 3000,
    ],
)
@pytest.mark.parametrize("path", ["/", "/quotes/", "/people/", "/search/"])
def test_bad_query_strings_never_cause_a_server_error(client, desk, path, query):
    """Junk in the query string gets a form error, an empty list or a 404, never a 500."""
    response = client.get(f"{path}?{query}")
    assert response.status_code in (200, 404)
    if response.status_code == 200:
        parse_html(response)


def test_invalid_filter_value_shows_a_form_error_and_no_articles(client, desk):
    """An unknown tag or a malformed date is reported on the form, and the list is empty."""
    response = page(client, "/?tag=no-such-tag&since=2024-13-45")
    assert headlines(response) == []
    errors = response.context["filter"].form.errors
    assert set(errors) == {"tag", "since"}
    assert "could not be understood" in text(response)


def test_page_past_the_end_is_a_friendly_404(client, desk):
    """A huge page number is a 404 in the site's style."""
    response = page(client, "/?page=4000", status=404)
    assert "We couldn’t find that page" in text(response)
    assert 'href="/search/"' in text(response)


# --- Article page -----------------------------------------------------------------------------------


def test_article_page_shows_story_quotes_people_tags_and_related(client, desk):
    """The article page has its headline, standfirst, byline, date, marked quotes, people, tags, related."""
    response = page(client, desk.story.get_absolute_url())
    body = text(response)
    assert '<h1 class="story-headline">Blinken pushes for hostage deal</h1>' in body
    assert "seventh visit to the region" in body
    assert 'By <a rel="author" href="/people/desk-staff/">Desk Staff</a>' in body
    assert f'<time datetime="{desk.story.published_at.isoformat()}' in body
    assert "Updated" not in body
    quote_link = (
        f'<a class="quote" id="quote-{desk.said.pk}" href="/people/antony-blinken/" '
        f'title="Antony Blinken, U.S. Secretary of State">'
    )
    assert quote_link in body
    assert f'<a class="quote" id="quote-{desk.strong.pk}" href="/people/isaac-herzog/"' in body
    assert '<p id="p2">' in body
    assert "President of Israel" in body
    assert 'href="/tags/gaza/"' in body and 'href="/tags/diplomacy/"' in body
    assert response.context["related"] == [desk.other]
    assert "Herzog meets envoys in Jerusalem" in body


def test_article_page_says_updated_when_edited_after_publishing(client, desk):
    """An article saved well after it was published shows "Updated"; a back-dated import does not."""
    assert "Updated" not in text(page(client, desk.story.get_absolute_url()))
    earlier = timezone.now() - timedelta(days=1)
    Article.objects.filter(pk=desk.story.pk).update(published_at=earlier, created_at=earlier)
    assert "Updated" in text(page(client, desk.story.get_absolute_url()))


def test_article_page_has_safe_json_ld_opengraph_twitter_and_canonical(client, desk):
    """Structured data is valid JSON, escaped against </script>; social tags and canonical link are there."""
    Article.objects.filter(pk=desk.story.pk).update(headline="Deal </script><script>alert(1)</script> & more")
    response = page(client, desk.story.get_absolute_url())
    body = text(response)
    assert "<script>alert(1)" not in body
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', body, re.S)
    data = json.loads(match.group(1))
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == "Deal </script><script>alert(1)</script> & more"
    assert data["author"][0] == {
        "@type": "Organization",
        "name": "Desk Staff",
        "url": "http://testserver/people/desk-staff/",
    }
    assert data["url"] == "http://testserver/articles/blinken-pushes-for-hostage-deal/"
    assert data["publisher"] == {"@type": "Organization", "name": "Newsroom", "url": "http://testserver/"}
    assert '<link rel="canonical" href="http://testserver/articles/blinken-pushes-for-hostage-deal/">' in body
    assert '<meta property="og:title" content="Deal &lt;/script&gt;' in body
    assert '<meta property="og:type" content="article">' in body
    assert '<meta name="twitter:card" content="summary">' in body


def test_article_body_is_escaped(client, db):
    """Markup typed into a body shows as text; only the quote links are HTML."""
    speaker = make.person("Eve")
    article = make.published("Escaping", body='Plain <b>bold</b>.\n\nShe said "<i>hi</i>" & left.')
    make.quote(article, "<i>hi</i>", speaker=speaker, paragraph=2)
    body = text(page(client, article.get_absolute_url()))
    assert "Plain &lt;b&gt;bold&lt;/b&gt;." in body
    assert 'title="Eve">&lt;i&gt;hi&lt;/i&gt;</a>&quot; &amp; left.' in body


def test_person_page_shows_title_bio_quotes_stories_and_feeds(client, desk):
    """A person's page shows who they are, their quotes newest first linking to paragraphs, and feeds."""
    response = page(client, desk.herzog.get_absolute_url())
    body = text(response)
    assert "President of Israel" in body
    assert list(response.context["quotes"]) == [desk.patience, desk.strong]
    assert f'href="{desk.story.get_absolute_url()}#p3"' in body
    assert {a.pk for a in response.context["stories"]} == {desk.story.pk, desk.other.pk}
    assert 'href="/people/isaac-herzog/feed/"' in body and 'href="/people/isaac-herzog/feed/atom/"' in body
    assert 'href="/?person=isaac-herzog"' in body
    bio = text(page(client, desk.blinken.get_absolute_url()))
    assert "America&#x27;s top diplomat." in bio


def test_staff_byline_page_lists_their_stories(client, desk):
    """A staff byline's page lists the stories they wrote."""
    response = page(client, desk.staff.get_absolute_url())
    assert response.context["bylines"] == [desk.story]
    assert 'href="/?author=desk-staff"' in text(response)


def test_people_index_searches_and_filters_by_kind(client, desk):
    """/people/ lists public people, searchable by name, title or alias and filterable by kind."""
    names = lambda r: [p.name for p in r.context["page_obj"].object_list]  # noqa: E731
    assert names(page(client, "/people/")) == ["Antony Blinken", "Desk Staff", "Isaac Herzog"]
    assert names(page(client, "/people/?q=president")) == ["Isaac Herzog"]
    assert names(page(client, "/people/?q=blinken")) == ["Antony Blinken"]
    assert names(page(client, "/people/?kind=staff")) == ["Desk Staff"]
    assert names(page(client, "/people/?kind=martian")) == []
    counts = {p.name: (p.quote_count, p.story_count) for p in page(client, "/people/").context["page_obj"]}
    assert counts == {"Antony Blinken": (1, 1), "Desk Staff": (0, 1), "Isaac Herzog": (2, 2)}


def test_quotes_index_filters_by_speaker_tag_article_and_words(client, desk):
    """/quotes/ lists published quotes newest first, filterable by speaker, tag, article and words."""
    quotes = lambda r: list(r.context["page_obj"].object_list)  # noqa: E731
    assert quotes(page(client, "/quotes/")) == [desk.patience, desk.said, desk.strong]
    assert quotes(page(client, "/quotes/?speaker=isaac-herzog")) == [desk.patience, desk.strong]
    assert quotes(page(client, "/quotes/?tag=gaza")) == [desk.said]
    assert quotes(page(client, f"/quotes/?article={desk.other.slug}")) == [desk.patience]
    assert quotes(page(client, "/quotes/?q=patience")) == [desk.patience]
    assert quotes(page(client, "/quotes/?speaker=nobody")) == []


def test_tag_pages_list_tags_with_counts_and_tagged_articles_and_quotes(client, desk):
    """/tags/ counts public articles and quotes per tag; /tags/<slug>/ lists both."""
    tags = {tag.slug: (tag.article_count, tag.quote_count) for tag in page(client, "/tags/").context["tags"]}
    assert tags == {"diplomacy": (2, 0), "gaza": (1, 1)}
    response = page(client, "/tags/gaza/")
    assert headlines(response) == [desk.story.headline]
    assert response.context["quotes"] == [desk.said]
    assert 'href="/tags/gaza/feed/"' in text(response)
    page(client, "/tags/no-such-tag/", status=404)


def test_a_topic_no_quote_carries_looks_for_no_quotes(client, desk):
    """Editors tag quotes by hand, and most topics have none: their pages ask nothing of the quotes."""
    with CaptureQueriesContext(connection) as queries:
        response = page(client, "/tags/diplomacy/")
    assert len(headlines(response)) == 2
    assert response.context["quotes"] == [] and response.context["tag"].quote_count == 0
    assert not [query for query in queries if 'FROM "articles_quote"' in query["sql"]]
    assert "0 quotes" in text(response) and "No quotes with this topic." in text(response)


def test_robots_txt_points_at_the_sitemap(client, db):
    """robots.txt keeps crawlers out of the admin and search and names the sitemap."""
    response = page(client, "/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    assert "Disallow: /admin/" in text(response)
    assert "Sitemap: http://testserver/sitemap.xml" in text(response)


def test_server_error_page_renders_without_a_request(db):
    """500.html renders with an empty context, as Django's error handler does."""
    from django.template import loader

    html = loader.get_template("500.html").render()
    assert "Something went wrong" in html
    import html5lib

    html5lib.HTMLParser(strict=True).parse(html)


# --- Visibility -------------------------------------------------------------------------------------


def public_urls(desk):
    yield from PUBLIC_PAGES
    yield from [
        "/people/antony-blinken/",
        "/feed/",
        "/feed/atom/",
        "/tags/gaza/feed/",
        "/people/antony-blinken/feed/",
        "/people/antony-blinken/feed/atom/",
        "/sitemap.xml",
        "/sitemap-articles.xml",
        "/sitemap-people.xml",
        "/sitemap-tags.xml",
    ]


def test_unpublished_material_never_appears_on_a_public_page(client, desk):
    """Drafts, articles in review and scheduled articles leave no trace on any public page or feed."""
    for url in public_urls(desk):
        response = client.get(url)
        assert response.status_code == 200, url
        assert MARKER.lower() not in text(response).lower(), url


@pytest.mark.parametrize("path", ["/", "/quotes/", "/people/", "/search/"])
def test_searching_for_unpublished_words_finds_nothing(client, desk, path):
    """Searching or filtering by a word found only in unpublished material lists nothing."""
    response = page(client, f"{path}?q={MARKER}")
    assert list(response.context["page_obj"].object_list) == []
    assert not response.context.get("quotes")


def test_an_article_published_a_moment_ago_is_on_every_page(client, desk):
    """The clock is read per request: what was published after the server started is public at once."""
    client.get("/")  # the views are imported and have served a request before the article exists
    speaker = make.person("Newly Quoted")
    fresh = make.published("Just in", published_at=timezone.now(), tags=["Breaking"])
    quote = make.quote(fresh, "Words just spoken.", speaker=speaker)
    for url in [
        fresh.get_absolute_url(),
        quote.get_absolute_url(),
        speaker.get_absolute_url(),
        "/tags/breaking/",
        "/tags/breaking/feed/",
        "/people/newly-quoted/feed/",
    ]:
        assert client.get(url).status_code == 200, url
    for url, expected in [
        ("/", "Just in"),
        ("/quotes/", "Words just spoken."),
        ("/people/", "Newly Quoted"),
        ("/tags/", "Breaking"),
        ("/feed/", "Just in"),
        ("/sitemap-articles.xml", fresh.get_absolute_url()),
        ("/search/?q=spoken", "Words just spoken."),
    ]:
        assert expected in text(client.get(url)), url


def test_unpublished_articles_their_quotes_tags_and_people_are_404(client, desk):
    """Every page of something reachable only through an unpublished article is a 404."""
    for article in desk.hidden:
        page(client, article.get_absolute_url(), status=404)
        for quote in article.quotes.all():
            page(client, quote.get_absolute_url(), status=404)
        for tag in article.tags.all():
            page(client, f"/tags/{tag.slug}/", status=404)
            page(client, f"/tags/{tag.slug}/feed/", status=404)
    page(client, desk.hidden_person.get_absolute_url(), status=404)
    page(client, f"/people/{desk.hidden_person.slug}/feed/", status=404)


def test_unpublished_values_are_not_filter_choices(client, desk):
    """Filtering by a tag or person known only from drafts is refused like an unknown value."""
    response = page(client, f"/?person={desk.hidden_person.slug}")
    assert headlines(response) == [] and "person" in response.context["filter"].form.errors
    # Someone who only wrote stories is an author, not a person quoted or mentioned in one.
    response = page(client, f"/?person={desk.staff.slug}")
    assert headlines(response) == [] and "person" in response.context["filter"].form.errors
    response = page(client, f"/?author={desk.hidden_person.slug}")
    assert headlines(response) == []


def test_staff_preview_shows_a_draft_and_readers_are_sent_to_log_in(client, desk):
    """Staff who may view articles preview drafts at /preview/; anonymous readers are sent to log in."""
    draft = desk.hidden[0]
    preview = reverse("articles:preview", kwargs={"slug": draft.slug})
    response = client.get(preview)
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")
    client.force_login(make.reporter())
    body = text(page(client, preview))
    assert MARKER in body and "readers cannot see this page" in body
    assert '<meta name="robots" content="noindex, nofollow">' in body
    page(client, draft.get_absolute_url(), status=404)


def test_preview_refuses_staff_without_the_view_permission(client, desk):
    """Being staff is not enough: the preview needs articles.view_article."""
    client.force_login(User.objects.create_user("intern", password="x", is_staff=True))
    assert client.get(reverse("articles:preview", kwargs={"slug": desk.hidden[0].slug})).status_code == 403


# --- Speed: a constant number of queries whatever the number of items -------------------------------


def crowd(n):
    """n published articles sharing a tag and an author, each with its own person quoted twice; one hub
    article holding n quotes, n people and n tags; one hub person quoted n times."""
    author = make.person("Hub Author", kind=Person.Kind.STAFF)
    hub_person = make.person("Hub Person", title="Spokesperson")
    hub = make.published(
        "Hub ceasefire story", body="\n\n".join(f"Paragraph {i} ceasefire." for i in range(n))
    )
    hub.authors.add(author)
    now = timezone.now()
    for i in range(n):
        person = make.person(f"Speaker {i}", title=f"Minister {i}")
        article = make.published(
            f"Ceasefire story {i}", published_at=now - timedelta(minutes=i + 2), tags=["common", f"own {i}"]
        )
        article.authors.add(author)
        article.people.add(person, hub_person)
        quote = make.quote(article, f"Ceasefire words {i}.", speaker=person)
        quote.tags.add("common", f"own {i}")
        make.quote(article, f"Ceasefire hub words {i}.", speaker=hub_person, paragraph=2)
        hub.people.add(person)
        hub.tags.add(f"own {i}")
        make.quote(hub, f"Paragraph {i} ceasefire.", speaker=person, paragraph=i + 1)
    hub.tags.add("common")
    first_quote = hub.quotes.order_by("pk").first()
    first_quote.tags.add(*[f"own {i}" for i in range(n)])
    return {
        "hub": hub.get_absolute_url(),
        "person": hub_person.get_absolute_url(),
        "quote": first_quote.get_absolute_url(),
        "preview": reverse("articles:preview", kwargs={"slug": hub.slug}),
    }


# The most queries each page may run, whatever the number of items on it.
QUERY_BUDGET = {
    # page, with its articles' authors and topics as JSON columns (articles.json_rows); count
    "/": 2,
    # the same, after looking up the tag, the person and the author
    "/?tag=common&person=hub-person&author=hub-author&q=ceasefire": 5,
    # article (with its authors, topics and people); its quotes with speakers; related articles
    "hub": 3,
    # the same, after the session, the user and their permissions
    "preview": 7,
    # page (with counts as subqueries); count
    "/people/": 2,
    "/people/?q=speaker&kind=person": 2,
    # person; page of quotes; count; stories featuring them; their bylines
    "person": 5,
    # page; count
    "/quotes/": 2,
    "/quotes/?speaker=hub-person&q=ceasefire": 4,
    "/quotes/?tag=common": 4,
    # quote with speaker and article; its tags
    "quote": 2,
    # tags with counts
    "/tags/": 1,
    # tag; page; its count; latest quotes; their count (each count only when there are more than shown)
    "/tags/common/": 5,
    # page (counted by a window over its rows); quotes
    "/search/?q=ceasefire": 2,
    # items (tag and person feeds look up their tag or person first)
    "/feed/": 1,
    "/feed/atom/": 1,
    "/tags/common/feed/": 2,
    "/people/hub-person/feed/": 2,
    # the index: a count for each of three sections, the articles' latest change
    "/sitemap.xml": 4,
    # a count and a page of articles
    "/sitemap-articles.xml": 2,
}
# On PostgreSQL each paged list first asks the planner how long it is (articles.pagination), and a
# search for quotes how many a term matches (QuoteQuerySet.matching): one EXPLAIN more for each.
PAGED_LISTS = {
    "/search/?q=ceasefire": 1,
    "/": 1,
    "/?tag=common&person=hub-person&author=hub-author&q=ceasefire": 1,
    "/people/": 1,
    "/people/?q=speaker&kind=person": 1,
    "person": 1,
    "/quotes/": 1,
    "/quotes/?speaker=hub-person&q=ceasefire": 2,
    "/quotes/?tag=common": 1,
    "/tags/common/": 2,
}


@pytest.mark.parametrize("n", [1, 50])
@pytest.mark.parametrize("key", list(QUERY_BUDGET))
def test_each_page_runs_a_constant_number_of_queries(client, db, django_assert_max_num_queries, n, key):
    """Every page's query count stays within its budget at 1 item and at 50."""
    urls = crowd(n)
    if key == "preview":
        client.force_login(make.editor())
    url = urls.get(key, key)
    client.get(url)  # warm caches that are not per-request (content types, permissions)
    pagination._kept.clear()  # but measure a request that asks the planner
    budget = QUERY_BUDGET[key] + (PAGED_LISTS.get(key, 0) if connection.vendor == "postgresql" else 0)
    with django_assert_max_num_queries(budget):
        response = client.get(url)
    assert response.status_code == 200
    if key == "/":
        assert len(response.context["page_obj"].object_list) == min(n + 1, 20)


def test_templates_run_no_queries(client, desk, monkeypatch):
    """All queries happen in the view: rendering the template runs none."""
    from django.template.response import SimpleTemplateResponse

    render = SimpleTemplateResponse.rendered_content.fget
    during_render = []

    def counting_render(response):
        with CaptureQueriesContext(connection) as queries:
            content = render(response)
        during_render.extend(query["sql"] for query in queries)
        return content

    monkeypatch.setattr(SimpleTemplateResponse, "rendered_content", property(counting_render))
    for url in PUBLIC_PAGES + ["/?tag=gaza&person=isaac-herzog", desk.said.get_absolute_url()]:
        assert client.get(url).status_code == 200
        assert during_render == [], url


# --- Accessibility basics ---------------------------------------------------------------------------


@pytest.mark.parametrize("url", PUBLIC_PAGES + ["/?tag=gaza&since=2024-13-45", "/nope/"])
def test_form_controls_are_labelled_and_headings_do_not_skip_levels(client, desk, url):
    """Every visible form control has a label; there is one h1 and no heading skips a level."""
    response = client.get(url)
    tree = parse_html(response)
    labels = {label.get("for") for label in tree.iter("label")}
    for control in [*tree.iter("input"), *tree.iter("select"), *tree.iter("textarea")]:
        if control.get("type") in ("hidden", "submit"):
            continue
        assert control.get("id") in labels or control.get("aria-label"), (url, control.attrib)
    levels = [int(element.tag[1]) for element in tree.iter() if re.fullmatch(r"h[1-6]", str(element.tag))]
    assert levels.count(1) == 1, (url, levels)
    for previous, current in zip(levels, levels[1:], strict=False):
        assert current <= previous + 1, (url, levels)


def test_filtersets_accept_plain_dicts_and_drop_control_characters(desk):
    """A FilterSet built from a dict (shell, tests) works like one built from request.GET."""
    from articles.filters import ArticleFilter

    filterset = ArticleFilter({"tag": ["gaza", "no\x00such"], "q": "hostage\x01"})
    assert not filterset.is_valid()
    assert [(label, value) for label, value, _ in filterset.active_filters()] == [
        ("Words", "hostage"),
        ("Topics", "Gaza"),
        ("Topics", "nosuch"),
    ]
