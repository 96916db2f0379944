"""Choosing an article's topic tags.

Method: every capitalised phrase that is not a person (organisations, places, named things such as
"Hamas", "Gaza", "International Criminal Court") is a candidate, scored by where it occurs: 3 points
per headline mention, 2 per standfirst mention, 1 per body mention. Left out: any phrase holding a
word of a person's name, the byline, weekdays, months, function words, bare titles ("President"),
demonyms ("Israeli") and words seen only at the start of sentences ("Officials"). Phrases are merged
case- and punctuation-insensitively ("U.S."/"US") and shown in their most frequent spelling. A
candidate needs 2 points (two mentions, or one in the headline or standfirst). Content words of the
headline or standfirst that the body repeats at least three times ("ceasefire", "hostages") follow
the entities. At most eight tags, best first.
"""

import re
from collections import Counter

from .lexicon import (
    FUNCTION_WORDS,
    HONORIFICS,
    MONTHS,
    PRONOUNS,
    SPEECH_VERBS,
    TITLE_HEADS,
    TITLE_MODIFIERS,
    WEEKDAYS,
)
from .names import Cast

MAX_TAGS = 8
_UNIT_WEIGHT = {-1: 3, 0: 2}
_MIN_SCORE = 2
_MIN_CONTENT_REPEATS = 3
_EXCLUDED_WORDS = FUNCTION_WORDS | WEEKDAYS | MONTHS | PRONOUNS | HONORIFICS
_TITLE_WORDS = TITLE_HEADS | TITLE_MODIFIERS
_DEMONYM = re.compile(r"^\w+(?:ians?|eans?|ese|ish|elis?|aqis?|anis?|icans?)$")
_POSSESSIVE = re.compile(r"['’]s?$")
_KEY_NOISE = re.compile(r"[.\s]")
_CONTENT_WORD = re.compile(r"\b[a-z][a-z-]{4,}\b")


def choose_tags(cast: Cast, units: dict[int, str], byline: str | None) -> list[str]:
    name_words = {w.casefold() for p in cast.people if p.kind == "person" for w in p.name.split()}
    for person in cast.people:
        name_words.update(a.casefold() for a in person.aliases if " " not in a)
    excluded = {byline.casefold()} if byline else set()
    scores: Counter[str] = Counter()
    spellings: dict[str, Counter[str]] = {}
    anywhere_but_first: set[str] = set()
    for mention in cast.entities:
        surface = _POSSESSIVE.sub("", mention.surface)
        words = surface.split()
        folded = [w.casefold() for w in words]
        if not words or surface.casefold() in excluded or any(w in name_words for w in folded):
            continue
        if all(w in _EXCLUDED_WORDS or w in _TITLE_WORDS for w in folded):
            continue
        if len(words) == 1 and (_DEMONYM.match(folded[0]) or len(surface) < 2):
            continue
        key = _KEY_NOISE.sub("", surface.casefold())
        scores[key] += _UNIT_WEIGHT.get(mention.unit, 1)
        spellings.setdefault(key, Counter())[surface] += 1 if mention.unit >= 1 else 0.5
        if len(words) > 1 or not _sentence_initial(units[mention.unit], mention.start):
            anywhere_but_first.add(key)
    ranked = [k for k, score in scores.most_common() if score >= _MIN_SCORE and k in anywhere_but_first]
    tags = [spellings[k].most_common(1)[0][0] for k in ranked[:MAX_TAGS]]
    return tags + _content_tags(units, tags)[:MAX_TAGS - len(tags)]


def _content_tags(units: dict[int, str], taken: list[str]) -> list[str]:
    """Lower-case words the headline or standfirst share with a body that repeats them."""
    body = Counter()
    for unit, text in units.items():
        if unit >= 1:
            body.update(_CONTENT_WORD.findall(text))
    top = " ".join(units.get(u, "") for u in (-1, 0)).casefold()
    chosen = []
    taken_folded = {t.casefold() for t in taken}
    for word in dict.fromkeys(_CONTENT_WORD.findall(top)):
        if word in FUNCTION_WORDS or word in SPEECH_VERBS or word in taken_folded:
            continue
        stem = word[:-1] if word.endswith("s") else word
        repeats = body[stem] + body[stem + "s"]
        if repeats >= _MIN_CONTENT_REPEATS and stem not in chosen and stem + "s" not in chosen:
            chosen.append(word)
    return chosen


def _sentence_initial(text: str, start: int) -> bool:
    before = text[max(0, start - 3):start].rstrip(" “\"‘'(")
    return not before or before[-1] in ".!?:;—–"
