"""The quote markup and search-snippet helpers: plain functions, tested without a database."""

import json
import re
from dataclasses import dataclass

import html5lib

from articles.markup import highlight, json_ld, mark_paragraph, mark_quotes
from articles.models import search_terms
from articles.snippets import HIGHLIGHT_START, HIGHLIGHT_STOP, cut


@dataclass
class Speaker:
    name: str
    title: str = ""
    slug: str = "speaker"

    def get_absolute_url(self):
        return f"/people/{self.slug}/"


@dataclass
class FakeQuote:
    pk: int
    text: str
    paragraph: int = 1
    position: int = 0
    speaker: Speaker | None = None

    def get_absolute_url(self):
        return f"/quotes/{self.pk}/"


def test_quote_is_linked_to_its_speaker_and_the_rest_escaped():
    """The quoted words link to the speaker's page; everything else is escaped text."""
    quote = FakeQuote(
        1, "We will <not> stop", position=4, speaker=Speaker("Ana Ruiz", "Minister", "ana-ruiz")
    )
    html, marked = mark_paragraph("“We will <not> stop,” said Ruiz & co.", [quote])
    assert html == (
        '“<a class="quote" id="quote-1" href="/people/ana-ruiz/" title="Ana Ruiz, Minister">'
        "We will &lt;not&gt; stop</a>,” said Ruiz &amp; co."
    )
    assert marked == [quote]


def test_unattributed_quote_links_to_its_permalink():
    """A quote without a speaker links to its own page."""
    html, _ = mark_paragraph("It was “a disaster”.", [FakeQuote(7, "a disaster")])
    assert '<a class="quote" id="quote-7" href="/quotes/7/">a disaster</a>' in html


def test_wrong_position_falls_back_to_searching_and_missing_quotes_are_skipped():
    """A stale position is not trusted; words not in the paragraph are not marked."""
    found = FakeQuote(1, "strong", position=99, speaker=Speaker("A"))
    missing = FakeQuote(2, "absent words", speaker=Speaker("B"))
    html, marked = mark_paragraph("Very strong indeed.", [found, missing])
    assert marked == [found]
    assert html.count("<a ") == 1


def test_overlapping_quotes_mark_only_the_first():
    """Two quotes over the same words never nest links."""
    first = FakeQuote(1, "very strong legal system", position=9, speaker=Speaker("A"))
    second = FakeQuote(2, "strong legal", position=14, speaker=Speaker("B"))
    html, marked = mark_paragraph("Israel's very strong legal system.", [first, second])
    assert marked == [first]
    assert html.count("<a ") == 1


def test_mark_quotes_puts_each_quote_in_its_paragraph():
    """Quotes go to the paragraph they name, numbered from 1, with anchors."""
    quotes = [FakeQuote(1, "two", paragraph=2, speaker=Speaker("A")), FakeQuote(2, "one", paragraph=1)]
    paragraphs = mark_quotes(["one <1>", "two & 2", "three"], quotes)
    assert [p.anchor for p in paragraphs] == ["p1", "p2", "p3"]
    assert [len(p.quotes) for p in paragraphs] == [1, 1, 0]
    assert paragraphs[1].html.endswith("</a> &amp; 2")
    assert paragraphs[2].html == "three"
    for paragraph in paragraphs:
        html5lib.HTMLParser(strict=True).parseFragment(str(paragraph.html))


def test_highlight_escapes_the_snippet_and_marks_the_matches():
    """Search snippets are escaped whole; only the matched words become <mark>; a body's own mark
    characters are dropped when the snippet is cut, so every <mark> closes."""
    snippet = f"a <b> {HIGHLIGHT_START}ceasefire{HIGHLIGHT_STOP} & {HIGHLIGHT_START}deal{HIGHLIGHT_STOP} end"
    assert highlight(snippet) == "a &lt;b&gt; <mark>ceasefire</mark> &amp; <mark>deal</mark> end"
    assert highlight("") == ""
    assert highlight(None) == ""
    body = f"{HIGHLIGHT_STOP}Fish & chips{HIGHLIGHT_START} at the talks {HIGHLIGHT_START}<i>end</i>"
    expected = "Fish &amp; chips at the <mark>talks</mark> &lt;i&gt;end&lt;/i&gt;"
    assert highlight(cut(body, ["talk"])) == expected


def test_json_ld_cannot_close_its_script_element():
    """JSON-LD escapes <, > and & so no value can end the script element, and still parses as JSON."""
    data = {"headline": "</script><script>alert('x')</script> & more", "n": 1}
    html = json_ld(data)
    assert html.startswith('<script type="application/ld+json">') and html.count("</script>") == 1
    body = re.match(r"<script[^>]*>(.*)</script>$", html, re.S).group(1)
    assert json.loads(body) == data


def test_search_terms_split_like_websearch():
    """Words, quoted phrases and minus-excluded terms, punctuation stripped (the SQLite fallback)."""
    assert search_terms('ceasefire -Rafah "hostage deal"') == (["ceasefire", "hostage deal"], ["rafah"])
    assert search_terms("&|!():*<>'\\") == ([], [])
    assert search_terms("we're or OR them") == (["we're", "them"], [])
    assert search_terms('"unclosed phrase') == (["unclosed phrase"], [])
    assert search_terms("x" * 1000) == (["x" * 200], [])


def test_quoted_words_standing_alone_lose_the_comma_that_led_into_the_attribution():
    """“We will act,” she said → “We will act” on its own; other punctuation stays."""
    from newsroom.jinja2 import standalone

    assert standalone("We will act, ") == "We will act"
    assert standalone("Is it over?") == "Is it over?"
    assert standalone("We stay.") == "We stay."
