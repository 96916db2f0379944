"""Safe HTML for reader pages, from plain text and already-fetched rows; no queries, no templates.

Everything that reaches a page is escaped here first; only the tags this module writes itself are
marked safe.
"""

import json
from dataclasses import dataclass, field

from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

from .snippets import HIGHLIGHT_START, HIGHLIGHT_STOP


@dataclass
class Paragraph:
    """One body paragraph ready for the page: its number (from 1), its HTML, the quotes marked in it."""

    number: int
    html: SafeString
    quotes: list = field(default_factory=list)

    @property
    def anchor(self):
        return paragraph_anchor(self.number)


def paragraph_anchor(number):
    return f"p{number}"


def quote_anchor(quote):
    return f"quote-{quote.pk}"


def _spans(text, quotes):
    """Where each quote stands in `text`: (start, end, quote), in order, overlaps and misses dropped.

    A quote's `position` is trusted when the text really starts there; otherwise the first
    occurrence after the previous quote is used.
    """
    found = []
    for quote in sorted(quotes, key=lambda q: (q.position, q.pk or 0)):
        words = quote.text
        if not words:
            continue
        start = quote.position if text.startswith(words, quote.position) else text.find(words)
        if start < 0:
            continue
        found.append((start, start + len(words), quote))
    spans, last_end = [], 0
    for start, end, quote in sorted(found, key=lambda span: span[0]):
        if start >= last_end:
            spans.append((start, end, quote))
            last_end = end
    return spans


def _quote_html(words, quote):
    speaker = quote.speaker
    if speaker is None:
        return format_html(
            '<a class="quote" id="{}" href="{}">{}</a>', quote_anchor(quote), quote.get_absolute_url(), words
        )
    label = f"{speaker.name}, {speaker.title}" if speaker.title else speaker.name
    return format_html(
        '<a class="quote" id="{}" href="{}" title="{}">{}</a>',
        quote_anchor(quote),
        speaker.get_absolute_url(),
        label,
        words,
    )


def mark_paragraph(text, quotes):
    """`text` escaped, with each of `quotes` found in it wrapped in a link to its speaker."""
    parts, cursor, marked = [], 0, []
    for start, end, quote in _spans(text, quotes):
        parts.append(escape(text[cursor:start]))
        parts.append(_quote_html(text[start:end], quote))
        cursor = end
        marked.append(quote)
    parts.append(escape(text[cursor:]))
    return mark_safe("".join(parts)), marked


def mark_quotes(paragraphs, quotes):
    """Body paragraphs as `Paragraph`s, each quote marked up in the paragraph it names.

    `paragraphs` is the list of plain-text paragraphs; `quotes` the article's quotes with their
    speakers already fetched.
    """
    by_paragraph = {}
    for quote in quotes:
        by_paragraph.setdefault(quote.paragraph, []).append(quote)
    marked = []
    for number, text in enumerate(paragraphs, start=1):
        html, found = mark_paragraph(text, by_paragraph.get(number, []))
        marked.append(Paragraph(number=number, html=html, quotes=found))
    return marked


def highlight(snippet):
    """A search snippet as articles.snippets.cut writes it (its marks in pairs around words, none of
    the text's own), escaped whole, each marked word in a <mark>."""
    marked = escape(snippet or "").replace(HIGHLIGHT_START, "<mark>").replace(HIGHLIGHT_STOP, "</mark>")
    return mark_safe(marked)


_JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def json_ld(data):
    """A `<script type="application/ld+json">` element holding `data`, escaped as json_script does."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_JSON_SCRIPT_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))
