"""The parser's result types and `parse_document`, which runs the steps in order."""

import hashlib
from dataclasses import dataclass

from .attribution import attribute_quotes, mask_quotations
from .errors import ParseError
from .layout import dateline_length, split_layout
from .names import find_cast
from .quotes import find_spans, is_title_like, select_quotations
from .tags import choose_tags
from .text import clean_lines, decode

MAX_PARAGRAPH_CHARACTERS = 20_000
MAX_MINED_CHARACTERS = 50_000


@dataclass(frozen=True, slots=True)
class Byline:
    name: str
    kind: str
    bio: str


@dataclass(frozen=True, slots=True)
class PersonMention:
    name: str
    title: str
    kind: str
    aliases: list[str]


@dataclass(frozen=True, slots=True)
class QuoteMention:
    """A quotation; `position` is the offset of its opening mark in paragraph `paragraph` (from 1)."""

    text: str
    speaker: str | None
    paragraph: int
    cue: str
    position: int


@dataclass(frozen=True, slots=True)
class Document:
    source: str
    headline: str
    standfirst: str
    paragraphs: list[str]
    byline: Byline | None
    people: list[PersonMention]
    quotes: list[QuoteMention]
    tags: list[str]
    content_hash: str

    def as_dict(self) -> dict:
        """The summary `loadseeds --dry-run --json` prints and the extraction scorer reads."""
        return {
            "source": self.source,
            "headline": self.headline,
            "standfirst": self.standfirst,
            "byline": self.byline.name if self.byline else None,
            "people": [{"name": p.name, "title": p.title} for p in self.people if p.kind == "person"],
            "quotes": [{"text": q.text, "speaker": q.speaker, "paragraph": q.paragraph} for q in self.quotes],
            "tags": list(self.tags),
        }


def _prose(texts: list[str]) -> list[str]:
    """The texts as mined for quotations, people and tags: one longer than a paragraph of prose can
    be, and everything past the first `MAX_MINED_CHARACTERS`, count as blank. The text itself is
    kept whole; the limits only bound the time a pathological document can take."""
    mined, budget = [], MAX_MINED_CHARACTERS
    for text in texts:
        keep = len(text) <= min(MAX_PARAGRAPH_CHARACTERS, budget)
        mined.append(text if keep else "")
        budget -= len(text) if keep else 0
    return mined


def parse_document(raw: bytes | str, *, source: str) -> Document:
    """Parse one plain-text news document; raise ParseError when it is not one."""
    text, data = decode(raw)
    lines = clean_lines(text)
    if not lines:
        raise ParseError("empty document")
    if not any(c.isalnum() for c in lines[0]):
        raise ParseError("no headline: the first line holds no words")
    layout = split_layout(lines)
    paragraphs = _prose(layout.paragraphs)
    spans = find_spans(paragraphs)
    masked = mask_quotations(paragraphs, spans)
    quotations = select_quotations(spans, paragraphs, masked)
    units = {-1: _prose([layout.headline])[0], 0: _prose([layout.standfirst])[0]}
    units.update(enumerate(paragraphs, start=1))
    if paragraphs and (length := dateline_length(paragraphs[0])):
        units[1] = " " * length + paragraphs[0][length:]
    quoted: dict[int, list[tuple[int, int]]] = {}
    said = {id(span) for span in quotations if not is_title_like(span.text)}
    for span in spans:
        if id(span) in said:
            continue
        for number in range(span.paragraph, span.end_paragraph + 1):
            start = span.position if number == span.paragraph else 0
            end = span.end if number == span.end_paragraph else len(paragraphs[number - 1])
            quoted.setdefault(number, []).append((start, end))
    cast = find_cast(units, quoted)
    attributions = attribute_quotes(mask_quotations(paragraphs, quotations), quotations, cast)
    speakers = {id(a.speaker) for a in attributions if a.speaker is not None}
    people = [
        PersonMention(p.name, p.title, p.kind, list(p.aliases))
        for p in cast.people
        if p.kind == "person" or id(p) in speakers
    ]
    quotes = [
        QuoteMention(
            a.span.text, a.speaker.name if a.speaker else None, a.span.paragraph, a.cue, a.span.position
        )
        for a in attributions
    ]
    byline = Byline(layout.byline_name, layout.byline_kind, layout.byline_bio) if layout.byline_name else None
    return Document(
        source=source,
        headline=layout.headline,
        standfirst=layout.standfirst,
        paragraphs=layout.paragraphs,
        byline=byline,
        people=people,
        quotes=quotes,
        tags=choose_tags(cast, units, layout.byline_name),
        content_hash=hashlib.sha256(data).hexdigest(),
    )
