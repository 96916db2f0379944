"""Where the headline, standfirst, body, boilerplate and byline are in a document's lines.

Standfirst rule: line 2 is a standfirst when it reads like one short summary sentence: at most
40 words (at most 22 if it ends like a sentence, since a body lede is usually longer and always
punctuated), no sentence break inside, no dateline, no quotation marks, does not open with a subject
pronoun or a conjunction ("He", "But"), which would lean on an earlier sentence, and is not the last
line. Otherwise line 2 is already the first body paragraph. Reported speech is allowed ("Researchers
say the results could reshape vaccination campaigns"): summaries often say who says what.
"""

import re
from dataclasses import dataclass

from .lexicon import STAFF_WORDS
from .quotes import has_quote_marks

_UPPER = "".join(chr(c) for c in range(0x2000) if chr(c).isupper())
_NAME_WORD = rf"[{_UPPER}][\w'’.-]*"
_NAME = rf"{_NAME_WORD}(?: (?:of|and|the|de|van|von|bin|al) ?)?(?: {_NAME_WORD}){{0,5}}"

_AUTHOR_LINE = re.compile(
    rf"^(?:The )?(?P<name>{_NAME}) (?:is|are|was|has been|have been) (?:a|an|the|one|part|our|"
    r"currently|senior|chief|based|[A-Z][a-z]+ (?:[A-Z][a-z]+ )?(?:Correspondent|Editor|Reporter|Writer)|"
    r"[a-z]+ (?:correspondent|editor|reporter|writer|columnist) (?:of|for|at)\b)\b"
)
_AUTHOR_REPORTS = re.compile(rf"^(?P<name>{_NAME}) (?:reports|writes|covers|reported|wrote)\b")
_WIRE_TRAILER = re.compile(rf"^\((?:Reporting|Writing|Additional reporting) by (?P<name>{_NAME})\b.*\)$")
_BY_LINE = re.compile(rf"^(?:By|BY|Written by|Words by)\s+(?P<name>{_NAME})\s*[.,]?$")
_JOURNALISM_WORDS = re.compile(
    r"\b(?:journalists?|reporters?|correspondents?|\w*writers?|editors?|columnists?|contributors?|"
    r"staff|team|desk|newsroom|news|freelance|author|producers?|analysts?|bureau|covers|reports|"
    r"writes|based in)\b",
    re.IGNORECASE,
)

_LIST_HEADER = re.compile(
    r"^(?:we recommend|recommended(?: reading| for you| articles| stories)?|read (?:more|also|next)|"
    r"also read|related(?: articles| stories| coverage| content| news)?|see also|more on this|"
    r"more from|you may also like|you might also like|most read|trending|popular)\b[^.!?]{0,40}:?$",
    re.IGNORECASE,
)
# Prompts and furniture that may stand anywhere between paragraphs, recognised by how they open.
_PROMPT = re.compile(
    r"^(?:click here|tap here|subscribe|sign up|follow us|follow (?:our|the)\b.*\b(?:on|channel)\b|"
    r"join (?:us|our)|share (?:this|on|via)|download (?:our|the)|like us on|support our|advertisement|"
    r"sponsored|all rights reserved|copyright|©|get (?:our|the) (?:free )?newsletter|"
    r"don['’]t miss|never miss)\b",
    re.IGNORECASE,
)
# Closing prompts, recognised anywhere in a short last line.
_CLOSING_PROMPT = re.compile(
    r"\b(?:click here|subscribe|newsletter|follow us|sign up|telegram channel|whatsapp channel|"
    r"push notifications|all rights reserved|contributed (?:to )?(?:this|the) (?:report|story)|"
    r"contributed reporting)\b",
    re.IGNORECASE,
)
_MAX_PROMPT_WORDS = 30

_DATELINE = re.compile(
    r"^(?:[A-Z][A-Za-z.'’-]*(?:,? [A-Za-z.'’-]+){0,5}?,? ?(?:\([^()]{1,40}\))?|"
    r"[A-Z][A-Z.'’-]+(?:,? [A-Za-z.'’-]+){0,5}?) ?(?:—|–|--|-) "
)
_SENTENCE_BREAK = re.compile(r"[.!?][\"”’)]? +[A-Z\"“]")
_ABBREVIATION_END = re.compile(r"(?:\b[A-Z]|\b(?:Mr|Mrs|Ms|Dr|St|Jr|Sr|Gen|Sen|Rep|Gov|Lt|Col|No|vs))$")
_BODY_OPENERS = frozenset("he she they it we i but and or so".split())


@dataclass(frozen=True, slots=True)
class Layout:
    headline: str
    standfirst: str
    paragraphs: list[str]
    byline_name: str | None
    byline_kind: str
    byline_bio: str


def split_layout(lines: list[str]) -> Layout:
    """Split non-blank lines into headline, standfirst, body paragraphs and byline."""
    headline, rest = lines[0], lines[1:]
    byline_name, byline_bio = None, ""
    if rest and (top_byline := _BY_LINE.match(rest[0])):
        byline_name, rest = top_byline["name"], rest[1:]
    rest, author_line = _drop_tail(rest)
    rest = [line for line in rest if not _is_prompt(line)]
    standfirst = ""
    if len(rest) > 1 and is_standfirst(rest[0]):
        standfirst, rest = rest[0], rest[1:]
        if rest and (top_byline := _BY_LINE.match(rest[0])):
            byline_name, rest = top_byline["name"], rest[1:]
    if author_line:
        byline_name, byline_bio = author_line
    kind = "staff" if byline_name and _is_staff(byline_name, byline_bio) else "person"
    return Layout(headline, standfirst, rest, byline_name, kind, byline_bio)


def is_standfirst(line: str) -> bool:
    words = line.split()
    if not words or words[0].casefold() in _BODY_OPENERS:
        return False
    if dateline_length(line) or has_quote_marks(line):
        return False
    if _has_sentence_break(line):
        return False
    limit = 22 if line[-1] in ".!?…" else 40
    return len(words) <= limit


def dateline_length(paragraph: str) -> int:
    """Length of a dateline ("JERUSALEM (AP) — ") opening the paragraph, or 0."""
    match = _DATELINE.match(paragraph[:120])
    if not match:
        return 0
    head = match.group(0)
    first_word = head.split()[0].strip(",")
    if "(" in head or (first_word.isupper() and len(first_word) > 1):
        return match.end()
    return 0


def _has_sentence_break(line: str) -> bool:
    for match in _SENTENCE_BREAK.finditer(line):
        if not _ABBREVIATION_END.search(line, 0, match.start()):
            return True
    return False


def _drop_tail(lines: list[str]) -> tuple[list[str], tuple[str, str] | None]:
    """Remove closing boilerplate and the author line; return the body and (byline name, bio)."""
    author = None
    window_start = max(0, len(lines) - 12)
    for index in range(window_start, len(lines)):
        if _LIST_HEADER.match(lines[index]):
            for line in lines[index + 1:]:
                author = author or _author_line(line)
            lines = lines[:index]
            break
    while lines:
        line = lines[-1]
        if _is_prompt(line) or _is_closing_prompt(line) or _LIST_HEADER.match(line):
            lines = lines[:-1]
        elif author is None and (author := _author_line(line)):
            lines = lines[:-1]
        else:
            break
    return lines, author


def _author_line(line: str) -> tuple[str, str] | None:
    if len(line.split()) > 60:
        return None
    match = _AUTHOR_LINE.match(line) or _AUTHOR_REPORTS.match(line) or _BY_LINE.match(line)
    if not match or not (_JOURNALISM_WORDS.search(line) or line.startswith("By")):
        match = _WIRE_TRAILER.match(line)
    if not match:
        return None
    return match["name"], line


def _is_prompt(line: str) -> bool:
    # The anchored pattern rejects a paragraph at its first word, sooner than counting its words.
    return bool(_PROMPT.search(line)) and len(line.split()) <= _MAX_PROMPT_WORDS


def _is_closing_prompt(line: str) -> bool:
    return len(line.split()) <= _MAX_PROMPT_WORDS and bool(_CLOSING_PROMPT.search(line))


def _is_staff(name: str, bio: str) -> bool:
    words = {word.casefold() for word in name.split()}
    return bool(words & STAFF_WORDS) or bool(re.search(r"\bteam of\b", bio, re.IGNORECASE))
