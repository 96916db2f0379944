"""Finding the spans of text that stand inside double quotation marks.

A mark opens or closes by where it stands, not only by its glyph, because straight and curly marks
are mixed in real copy (“…" and "…”): a mark with a space (or the paragraph edge, or an opening
bracket or dash) on its left and text on its right opens; text on its left and a space or
punctuation on its right closes; when the position does not tell, the glyph does (“ „ « `` open,
” » close) and a straight mark toggles. A mark that can only open while a quotation is open means
the earlier mark was stray, so the quotation restarts there. Two apostrophes ('' or ’’) and ``
count as one double mark; single marks are apostrophes or inner quotation marks and never delimit.

A quotation still open at the end of a paragraph continues when the next paragraph opens with a
quotation mark (the convention for a quotation carried over several paragraphs); otherwise it ends
with its paragraph.
"""

import re
from dataclasses import dataclass
from typing import NamedTuple

from .lexicon import (
    ADVERBS_BEFORE_VERB,
    AUXILIARIES,
    NAMING_WORDS,
    SPEECH_INFINITIVES,
    SPEECH_VERBS,
    THING_NOUNS,
)
from .sentences import sentence_starts

# Testing the first character before the alternatives saves time: most characters are no mark.
_MARK = re.compile(r"(?=[`'‘’\"“”„‟«»″])(?:``|''|‘‘|’’|[\"“”„‟«»″])")
_OPENING_GLYPHS = frozenset(("“", "„", "‟", "«", "``", "‘‘"))
_CLOSING_GLYPHS = frozenset(("”", "»", "’’"))
_OPEN_CONTEXT = frozenset(" ([{—–-/:;‘'")
_CLOSE_CONTEXT = frozenset(" .,;:!?)]}—–-…’'")
_HAS_WORD = re.compile(r"[^\W_]")
_SENTENCE_PUNCTUATION = re.compile(r"[.!?;:]")
_WORDS = re.compile(r"[^\W\d_][\w'’-]*")
_NAMING_PHRASES = (["known", "as"], ["billed", "as"], ["referred", "to"], ["also", "called"])
# "the gallery that islanders call "the keeper's walk"" names; "what she calls "…"" quotes her.
_CALLING = frozenset(("call", "calls", "called"))
# What a sign, banner or crowd says: "signs that read "Bring Them Home Now.""
_READING = frozenset("read reads reading chanted chanting chant chants said saying says shouted".split())
# Words a title or a name leaves in lower case; "&" joins a firm's name ("Pike & Sons Roofing").
_SMALL_WORDS = frozenset("a an the of and or for in on at to by with from de la le du van von &".split())

# An echo repeats one of the last few quotations, not one from anywhere in a long document.
_ECHO_WINDOW = 20
# A paragraph with more marks than this is not prose; reading its marks would only waste time.
MAX_MARKS_PER_PARAGRAPH = 2000


@dataclass(slots=True)
class Span:
    """A quotation found in the body: where it opens and closes, and its text without the marks."""

    paragraph: int
    position: int
    text: str
    end_paragraph: int
    end: int
    closed: bool


class _Mark(NamedTuple):
    start: int
    end: int
    can_open: bool
    can_close: bool


def has_quote_marks(text: str) -> bool:
    return _MARK.search(text) is not None


def find_spans(paragraphs: list[str]) -> list[Span]:
    """All quotations in the body paragraphs, numbered from 1, in reading order."""
    spans: list[Span] = []
    carried: Span | None = None
    for number, paragraph in enumerate(paragraphs, start=1):
        marks = _marks(paragraph)
        text_start = mark_start = None
        current = None
        if carried is not None:
            if marks and marks[0].start == 0 and marks[0].can_open:
                current, text_start = carried, marks[0].end
                marks = marks[1:]
            else:
                _finish(spans, carried)
            carried = None
        for mark in marks:
            if text_start is None:
                if mark.can_open:
                    text_start, mark_start = mark.end, mark.start
            elif mark.can_close:
                text = paragraph[text_start:mark.start].strip()
                if current is None:
                    _finish(spans, Span(number, mark_start, text, number, mark.start, True))
                else:
                    _extend(current, text, number, mark.start, closed=True)
                    _finish(spans, current)
                    current = None
                text_start = None
            elif current is None:
                text_start, mark_start = mark.end, mark.start
        if text_start is not None:
            text = paragraph[text_start:].strip()
            if current is None:
                carried = Span(number, mark_start, text, number, len(paragraph), False)
            else:
                _extend(current, text, number, len(paragraph), closed=False)
                carried = current
    if carried is not None:
        _finish(spans, carried)
    return spans


def _marks(paragraph: str) -> list[_Mark]:
    marks = []
    last = len(paragraph)
    for match in _MARK.finditer(paragraph):
        if len(marks) == MAX_MARKS_PER_PARAGRAPH:
            return []
        start, end = match.span()
        before = paragraph[start - 1] if start else " "
        after = paragraph[end] if end < last else " "
        can_open = (before in _OPEN_CONTEXT or before in "“«") and not after.isspace()
        can_close = not before.isspace() and (after in _CLOSE_CONTEXT or after in "”»\"")
        if can_open == can_close:
            glyph = match.group()
            can_open = glyph not in _CLOSING_GLYPHS
            can_close = glyph not in _OPENING_GLYPHS
        marks.append(_Mark(start, end, can_open, can_close))
    return marks


def _extend(span: Span, text: str, paragraph: int, end: int, *, closed: bool) -> None:
    span.text = _join(span.text, text)
    span.end_paragraph, span.end, span.closed = paragraph, end, closed


def _join(first: str, second: str) -> str:
    return f"{first} {second}".strip()


def _finish(spans: list[Span], span: Span) -> None:
    if _HAS_WORD.search(span.text):
        spans.append(span)


def select_quotations(spans: list[Span], paragraphs: list[str], masked: list[str]) -> list[Span]:
    """The spans that are quotations (see `is_quotation`), plus short lower-case fragments that echo a
    word of a recent quotation: a speaker's phrase quoted again in mockery or comparison (promised a
    "bold vision", then a "bold ambition") is still their words, even with no speech verb near it."""
    quotations: list[Span] = []
    for span in spans:
        number = span.paragraph
        if is_quotation(span, paragraphs[number - 1], masked[number - 1]) or _echoes(
                span, paragraphs[number - 1], quotations):
            quotations.append(span)
    chosen = {id(s) for s in quotations}
    chosen.update(id(s) for s in spans
                  if id(s) not in chosen and _spoken_title_case(s) and _attributed_after(s, paragraphs))
    speaking = {s.paragraph for s in spans if id(s) in chosen}
    return [s for s in spans if id(s) in chosen or (s.paragraph in speaking and _spoken_title_case(s))]


def _spoken_title_case(span: Span) -> bool:
    """A capitalised span that ends in punctuation inside its marks is speech, not a title, when an
    attribution follows it or its paragraph quotes somebody: “In August,” Lennie said. “Try February.”"""
    return span.closed and span.text[-1:] in ".!?," and span.end_paragraph == span.paragraph


def _attributed_after(span: Span, paragraphs: list[str]) -> bool:
    words = _WORDS.findall(paragraphs[span.paragraph - 1][span.end + 1:span.end + 40])
    return not SPEECH_VERBS.isdisjoint(words[:4])


def _echoes(span: Span, paragraph: str, quotations: list[Span]) -> bool:
    words = span.text.rstrip(" ,.;:").split()
    if not quotations or not words or len(words) > 3 or _title_case(words):
        return False
    before = paragraph[max(0, span.position - 40):span.position].casefold().split()
    if before and (before[-1] in NAMING_WORDS or before[-2:] in _NAMING_PHRASES or before[-1] in _CALLING):
        return False
    echoed = {w for w in _WORDS.findall(span.text.casefold()) if len(w) > 3}
    return any(echoed & set(_WORDS.findall(q.text.casefold())) for q in quotations[-_ECHO_WINDOW:])


def is_quotation(span: Span, paragraph: str, masked: str) -> bool:
    """Whether a quoted span is something somebody said rather than a title, name or scare quote.

    A quotation: what a sign, banner or crowd "read" or "chanted", even in title case.
    Not a quotation: a span introduced by a naming word ("so-called", "dubbed", "known as", or
    "call" other than in "what she calls"); a
    short span inside a name (Dwayne "The Rock" Johnson); a title-case span of several words not
    ending in "!" or "?" ("Abraham Accords", "Blue Hour at the Lantern", "Fixing the Foundations:
    Homes in Crisis"), or of one word in a sentence with no speech verb; "the" and a title-case name
    ("the Duchess", "the Hill"); a one- to three-word fragment in a
    sentence with no speech verb at all (an editor's scare quotes). Everything else is a quotation,
    including a whole sentence however short (“I’ll take it.”) and short fragments in a sentence that
    reports speech (called the motion "frivolous").
    """
    if span.end_paragraph != span.paragraph or not span.closed:
        return True
    before = paragraph[max(0, span.position - 40):span.position].casefold().split()
    if before and (before[-1] in NAMING_WORDS or before[-2:] in _NAMING_PHRASES):
        return False
    if before and before[-1] in _CALLING and "what" not in before[-4:-1]:
        if not _finite_calling(paragraph, span):
            return False
    if before and before[-1] in _READING:
        return True
    if before and before[-1][-1:] == ":" and before[-1][:-1] in SPEECH_VERBS:
        return True  # "Osgood answered: “In March.”"
    words = span.text.rstrip(" ,.;:").split()
    if 1 < len(words) <= 12 and span.text.rstrip()[-1:] not in "!?" and _title_case(words):
        return False
    if 1 < len(words) <= 4 and words[-1].isdigit() and _title_case(words[:-1]):
        return False  # a numbered name: "Mile Marker 9.", "Gate 4"
    if words[0] in ("the", "The") and len(words) <= 4 and _title_case(words[1:]):
        return False
    if len(words) > 6 or _SENTENCE_PUNCTUATION.search(span.text.rstrip(" ,.")):
        return True
    after = paragraph[span.end:span.end + 40]
    if _inside_name(before, after) and len(words) <= 4:
        return False
    said = _speech_in_sentence(span, masked)
    if _title_case(words):
        # A lone capitalised word is a name when a noun for a thing introduces it ("the firm
        # “Brightwater”") or it stands in apposition (The company, “Brightwater”, said …).
        named = bool(before) and (before[-1] in THING_NOUNS or (
            before[-1].endswith(",") and paragraph[span.end + 1:span.end + 2] == ","))
        return said and len(words) == 1 and not named
    if words[0][:1].isupper() and span.text[-1:] in ".!?":
        return True
    return said or len(words) > 3


def _finite_calling(paragraph: str, span: Span) -> bool:
    """"… that the critic Alan Furness once called “…”" reports what somebody said; "a drill called
    “the Hill”" names a thing: a subject or an adverb stands before the verb."""
    words = paragraph[max(0, span.position - 60):span.position].split()
    return len(words) > 1 and (words[-2].casefold() in ADVERBS_BEFORE_VERB or words[-2][:1].isupper())


def _inside_name(before: list[str], after: str) -> bool:
    next_word = after[1:].split()[:1]
    return bool(before and next_word and before[-1][:1].isupper() and next_word[0][:1].isupper()
                and before[-1][-1:] not in ".:," and after[:1] == " ")


def is_title_like(text: str) -> bool:
    """Whether quoted text is capitalised like a title or a sign ("Bikes Are Traffic Too")."""
    words = text.split()
    return _title_case(words) or text.isupper()


def _title_case(words: list[str]) -> bool:
    # Most quoted text is a sentence: its first lower-case word settles it, so stop there.
    if not words or not words[0][:1].isupper():
        return False
    significant = False
    for word in words:
        if word.casefold() not in _SMALL_WORDS:
            if not word[:1].isupper():
                return False
            significant = True
    return significant


def _speech_in_sentence(span: Span, masked: str) -> bool:
    starts = sentence_starts(masked)
    first = max(s for s in starts if s <= span.position)
    later = [s for s in starts if s > span.position]
    sentence = masked[first:later[0] if later else len(masked)]
    folded = sentence.casefold()
    words = _WORDS.findall(folded)
    if ":" in sentence or "according to" in folded or not SPEECH_VERBS.isdisjoint(words):
        return True
    return any(w in SPEECH_INFINITIVES and words[i - 1] in AUXILIARIES for i, w in enumerate(words) if i)
