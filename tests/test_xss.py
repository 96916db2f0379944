"""Cross-site scripting: markup in a loaded document is text on every page, feed and admin screen.

The document goes through `loadseeds` (file → parser → loader), so its headline, body and quotes
carry the payloads as the ingest path leaves them; an editor then types the same payloads into the
standfirst, a byline, a person's name and title, tags and a quote's tags.
"""

import html
import io
import json
import re
import xml.etree.ElementTree as ET

import feedparser
import html5lib
import pytest
from django.core.management import call_command
from taggit.models import Tag

from articles.models import Article, Quote
from people.models import Person

from . import factories as make

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert(1)</script>"
IMAGE = '"><img src=x onerror=alert(1)>'
BREAKOUT = "</script><script>alert(2)</script>"
JAVASCRIPT = "javascript:alert(3)"
PAYLOADS = [SCRIPT, IMAGE, BREAKOUT, JAVASCRIPT]

DOCUMENT = f"""Minister {SCRIPT} says {IMAGE} in Lisbon {BREAKOUT}
Foreign Minister Ana Ruiz spoke in Lisbon on Tuesday about the {SCRIPT} plan.
“We will not accept {BREAKOUT} from anyone,” Ruiz said.
“Look at {IMAGE} and {JAVASCRIPT} before you judge,” said Ruiz.
Health Minister Omar Haddad said the {IMAGE} Plan was “a disaster {BREAKOUT} for Lisbon.”
The Lisbon {SCRIPT} Plan will be debated in Lisbon again on Friday, Haddad said.
"""

# Signs, in the page's source, that markup from the content became markup (handler attributes such as
# onerror= are looked for on the parsed page: as escaped text inside an attribute value they are harmless).
UNESCAPED = [re.compile(pattern, re.I) for pattern in [r"<script>\s*alert", r"<img src=x"]]


@pytest.fixture
def hostile(tmp_path):
    """The hostile document loaded with `loadseeds`, then payloads typed into every other text field."""
    path = tmp_path / "hostile.txt"
    path.write_text(DOCUMENT, encoding="utf-8")
    out = io.StringIO()
    call_command("loadseeds", str(path), stdout=out, stderr=io.StringIO())
    assert "1 article created" in out.getvalue()
    article = Article.objects.get(source_name="hostile.txt")
    # The ingest path kept the payloads as text in the headline, the body and the quotes.
    assert SCRIPT in article.headline and IMAGE in article.headline and BREAKOUT in article.headline
    assert JAVASCRIPT in article.body and SCRIPT in article.standfirst
    quotes = list(article.quotes.select_related("speaker"))
    assert any(BREAKOUT in q.text for q in quotes) and any(
        "<img src=x onerror=alert(1)>" in q.text for q in quotes
    )

    article.standfirst = f"Standfirst {BREAKOUT} {IMAGE} {SCRIPT}"
    article.save()
    writer = make.person(
        f"Ana {SCRIPT} Writer", slug="hostile-writer", title=IMAGE, bio=f"{BREAKOUT}\n\n{JAVASCRIPT}"
    )
    article.authors.add(writer)
    article.people.add(writer)
    article.tags.add(SCRIPT, f"Tag {IMAGE}", f"{JAVASCRIPT} tag")
    for quote in quotes:
        quote.tags.add(SCRIPT)
    speaker = next(q.speaker for q in quotes if q.speaker)
    speaker.title = f"Minister {IMAGE}"
    speaker.save()
    return article


def public_pages(article):
    """Every reader page the hostile article, its quotes, people and tags appear on."""
    pages = ["/", "/quotes/", "/people/", "/tags/", "/search/?q=Lisbon", "/search/?q=alert", "/?q=Lisbon"]
    pages += [article.get_absolute_url(), f"/quotes/?article={article.slug}", "/quotes/?q=disaster"]
    pages += [quote.get_absolute_url() for quote in article.quotes.all()]
    people = Person.objects.filter(pk__in=[p.pk for p in [*article.authors.all(), *article.people.all()]])
    for person in people:
        pages += [person.get_absolute_url(), f"/?person={person.slug}", f"/?author={person.slug}"]
    for tag in article.tags.all():
        pages += [f"/tags/{tag.slug}/", f"/?tag={tag.slug}"]
    return pages


def feeds(article):
    feeds = ["/feed/", "/feed/atom/"]
    for tag in article.tags.all():
        feeds += [f"/tags/{tag.slug}/feed/", f"/tags/{tag.slug}/feed/atom/"]
    for person in article.authors.all():
        feeds += [f"/people/{person.slug}/feed/", f"/people/{person.slug}/feed/atom/"]
    return feeds


def assert_inert(url, body):
    """No payload became markup: no script running alert, no img from the content, no on…= handler
    attribute and no javascript: link on any element (checked on the page as a browser parses it)."""
    for pattern in UNESCAPED:
        assert not pattern.search(body), (url, pattern.pattern)
    document = html5lib.parse(body, namespaceHTMLElements=False)
    for element in document.iter():
        if not isinstance(element.tag, str):
            continue
        if element.tag == "script" and element.get("type") != "application/ld+json":  # JSON-LD is data
            assert "alert" not in (element.text or ""), url
        assert element.tag != "img" or element.get("src") != "x", url
        for name, value in element.attrib.items():
            assert not name.lower().startswith("on"), (url, element.tag, name)
            if name.lower() in ("href", "src", "action", "formaction"):
                assert not value.strip().lower().startswith("javascript:"), (url, name, value)


def test_payloads_are_text_on_every_public_page(client, hostile):
    """Headline, standfirst, body, quotes, byline, people and tags show markup as text on every page."""
    for url in public_pages(hostile):
        response = client.get(url)
        assert response.status_code == 200, url
        body = response.content.decode()
        assert_inert(url, body)
    article_page = client.get(hostile.get_absolute_url()).content.decode()
    headline = html5lib.parse(article_page, namespaceHTMLElements=False).find(".//h1")
    assert "".join(headline.itertext()) == hostile.headline


def test_json_ld_cannot_be_broken_out_of(client, hostile):
    """The structured data holds no '</script', parses as JSON and gives back the headline exactly."""
    body = client.get(hostile.get_absolute_url()).content.decode()
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script', body, re.S | re.I)
    assert len(blocks) == 1
    text = blocks[0]
    assert "</script" not in text.lower() and "<!--" not in text and "<" not in text
    data = json.loads(text)
    assert data["headline"] == hostile.headline[:110]
    assert data["description"] == hostile.standfirst
    assert {author["name"] for author in data["author"]} == {f"Ana {SCRIPT} Writer"}
    assert SCRIPT in data["keywords"]
    # What follows the block is the page's own markup, not the rest of a payload.
    after = body.split(blocks[0], 1)[1]
    assert after.startswith("</script>") and not after.startswith("</script><script>")


def test_feeds_carry_the_payloads_as_literal_text(client, hostile):
    """RSS and Atom escape the markup: an XML parser and feedparser read back the exact words."""
    for url in feeds(hostile):
        response = client.get(url)
        assert response.status_code == 200, url
        raw = response.content.decode()
        assert "<script" not in raw and "<img" not in raw, url
        root = ET.fromstring(response.content)
        titles = [element.text for element in root.iter() if element.tag.rsplit("}", 1)[-1] == "title"]
        assert hostile.headline in titles, url
        parsed = feedparser.parse(response.content, sanitize_html=False)
        assert not parsed.bozo, (url, parsed.get("bozo_exception"))
        [entry] = [entry for entry in parsed.entries if entry.link.endswith(hostile.get_absolute_url())]
        assert entry.title == hostile.headline, url
        # The summary is HTML (RSS description, Atom type="html"): escaped, it renders as the words.
        assert "<" not in entry.summary and html.unescape(entry.summary) == hostile.standfirst, url
        assert f"Ana {SCRIPT} Writer" in entry.author, url
        assert SCRIPT in {tag.term for tag in entry.tags}, url


def test_sitemap_escapes_addresses(client, hostile):
    """The sitemap index and its sections are well-formed XML holding no markup from the content."""
    index = client.get("/sitemap.xml")
    sections = [loc.text for loc in ET.fromstring(index.content).iter() if loc.tag.endswith("loc")]
    assert len(sections) == 4
    for url in sections:
        response = client.get(url.removeprefix("http://testserver"))
        assert response.status_code == 200, url
        ET.fromstring(response.content)
        assert "<script" not in response.content.decode() and "<img" not in response.content.decode()
    articles = client.get("/sitemap-articles.xml").content.decode()
    assert hostile.get_absolute_url() in articles


def test_admin_lists_and_forms_show_the_payloads_as_text(admin_client, hostile):
    """The editors' changelists and change forms (article, quote, person, tag) escape the content."""
    quote = hostile.quotes.exclude(speaker=None).first()
    person = Person.objects.get(slug="hostile-writer")
    tag = Tag.objects.get(name=SCRIPT)
    urls = [
        "/admin/articles/article/",
        "/admin/articles/article/?q=Lisbon",
        f"/admin/articles/article/{hostile.pk}/change/",
        "/admin/articles/quote/",
        f"/admin/articles/quote/{quote.pk}/change/",
        "/admin/people/person/",
        f"/admin/people/person/{person.pk}/change/",
        f"/admin/people/person/{quote.speaker.pk}/change/",
        "/admin/taggit/tag/",
        f"/admin/taggit/tag/{tag.pk}/change/",
    ]
    for url in urls:
        response = admin_client.get(url)
        assert response.status_code == 200, url
        assert_inert(url, response.content.decode())
    assert Quote.objects.filter(text__contains=BREAKOUT).exists()
