"""Choosing an article's topic tags.

Method: candidates are the capitalised phrases that are not people (organisations, places, named
things such as "Hamas", "Gaza", "International Criminal Court") and the lower-case content words
("ceasefire", "hostages"), each scored by where it occurs: 3 points per headline mention, 2 per
standfirst mention, 1 per body mention. Left out: any phrase holding a word of a person's name, the
byline, weekdays, months, function words, bare titles ("President"), demonyms ("Israeli"),
capitalised words seen only at the start of sentences ("Officials"), speech verbs, words too common
in news copy to tell topics apart ("percent", "year", "officials") and words that look inflected
(-ed, -ing, -ly). Phrases are merged case- and punctuation-insensitively ("U.S."/"US"), a plural
with its singular, and shown in their most frequent spelling. A named entity needs 2 points (two
mentions, or one in the headline or standfirst), a content word 4; at most eight tags, best first.
"""

import re
from collections import Counter

from .lexicon import (
    FUNCTION_WORDS,
    GENERIC_WORDS,
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
_MIN_ENTITY_SCORE = 2
_MIN_WORD_SCORE = 4
_UNIT_WEIGHT = {-1: 3, 0: 2}
_EXCLUDED_WORDS = FUNCTION_WORDS | WEEKDAYS | MONTHS | PRONOUNS | HONORIFICS
_TITLE_WORDS = TITLE_HEADS | TITLE_MODIFIERS
_DEMONYM = re.compile(r"^\w+(?:ians?|eans?|ese|ish|elis?|aqis?|anis?|icans?)$")
_CONTENT_WORD = re.compile(r"(?<![\w'’-])[a-z][a-z-]{3,}(?![\w'’-])")
_INFLECTIONS = ("ed", "ing", "ly")
_POSSESSIVE = re.compile(r"['’]s?$")
_KEY_NOISE = re.compile(r"[.\s]")


def choose_tags(cast: Cast, units: dict[int, str], byline: str | None) -> list[str]:
    scores: Counter[str] = Counter()
    spellings: Counter[tuple[str, str]] = Counter()
    entities = _entity_mentions(cast, units, byline)
    for key, spelling, weight in [*entities, *_content_words(units)]:
        scores[key] += weight
        spellings[key, spelling] += 1
    entity_keys = {key for key, _, _ in entities}
    best_spelling: dict[str, str] = {}
    for key, spelling in sorted(spellings, key=spellings.__getitem__, reverse=True):
        best_spelling.setdefault(key, spelling)
    ranked = [
        key
        for key, score in scores.most_common()
        if score >= (_MIN_ENTITY_SCORE if key in entity_keys else _MIN_WORD_SCORE)
    ]
    return [best_spelling[key] for key in ranked[:MAX_TAGS]]


def _entity_mentions(cast: Cast, units: dict[int, str], byline: str | None):
    """(key, spelling, weight) for each mention of a capitalised phrase that is not a person."""
    name_words = {w.casefold() for p in cast.people if p.kind == "person" for w in p.name.split()}
    for person in cast.people:
        name_words.update(a.casefold() for a in person.aliases if " " not in a)
    excluded = {byline.casefold()} if byline else set()
    mentions = []
    inside_sentences: set[str] = set()
    for mention in cast.entities:
        spelling = _POSSESSIVE.sub("", mention.surface)
        words = spelling.split()
        folded = [w.casefold() for w in words]
        if not words or spelling.casefold() in excluded or any(w in name_words for w in folded):
            continue
        if all(w in _EXCLUDED_WORDS or w in _TITLE_WORDS for w in folded):
            continue
        if len(words) == 1 and (_DEMONYM.match(folded[0]) or len(spelling) < 2):
            continue
        key = _KEY_NOISE.sub("", spelling.casefold())
        if len(words) > 1 or not _sentence_initial(units[mention.unit], mention.start):
            inside_sentences.add(key)
        mentions.append((key, spelling, _UNIT_WEIGHT.get(mention.unit, 1)))
    return [m for m in mentions if m[0] in inside_sentences]


def _content_words(units: dict[int, str]):
    """(key, spelling, weight) for each lower-case content word; a plural counts with its singular."""
    words = []
    for unit, text in units.items():
        weight = _UNIT_WEIGHT.get(unit, 1)
        for word in _CONTENT_WORD.findall(text):
            if word in _EXCLUDED_WORDS or word in SPEECH_VERBS or word in GENERIC_WORDS:
                continue
            if word.endswith(_INFLECTIONS):
                continue
            key = word[:-1] if word.endswith("s") and not word.endswith("ss") else word
            words.append((key, word, weight))
    return words


def _sentence_initial(text: str, start: int) -> bool:
    before = text[max(0, start - 3):start].rstrip(" “\"‘'(")
    return not before or before[-1] in ".!?:;—–"
