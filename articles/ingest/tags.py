"""Choosing an article's topic tags.

Method: candidates are
- the capitalised phrases that are not people (organisations, places, named things such as "Hamas",
  "Gaza", "International Criminal Court"); a short form that opens an organisation's full name counts
  for the full name ("Acme" for "Acme Corp"), unless it is a known place;
- lower-case noun phrases of two content words ("interest rates", "hosepipe ban") seen at least twice,
  unless a determiner follows them ("cereal cuts its outlook" is a noun and a verb);
- single lower-case content words ("ceasefire", "hostages") that the headline or standfirst and the
  body both use, or that the text uses often.
A capitalised word opening a headline, standfirst or paragraph counts in lower case when the text also
uses it so ("Central bank holds rates" speaks of the "central bank").
Each mention scores where it occurs: 3 points in the headline, 2 in the standfirst, 1 in the body.
Left out: any phrase holding a word of a person's name, the byline, weekdays, months, function words,
bare titles ("President", "prime"), demonyms ("Israeli"), capitalised words seen only at the start of
sentences ("Officials"), speech verbs, words too common in news copy to tell topics apart ("percent",
"year", "officials", "people", "vote"), words that look inflected (-ed, -ing, -ly) and words the text
uses as verbs (after "he", "they", "will", "did" …: "she waits", "they beat", "will vote").
Phrases are merged case- and punctuation-insensitively ("U.S."/"US"), a plural with its singular, and
shown in their most frequent spelling. A named entity needs 2 points (two mentions, or one in the
headline or standfirst), a two-word phrase 3, a single word 4 if the lead and the body both use it,
else 5; a single word gives way to a chosen phrase holding it that scores as much ("malaria" to
"malaria vaccine"). At most eight tags, best first, a named entity or a phrase before a single word of
the same score.
"""

import re
from collections import Counter
from operator import itemgetter

from .lexicon import (
    FUNCTION_WORDS,
    GENERIC_WORDS,
    HONORIFICS,
    MONTHS,
    ORGANIZATION_WORDS,
    PLACES,
    PRONOUNS,
    SPEECH_INFINITIVES,
    SPEECH_VERBS,
    TITLE_HEADS,
    TITLE_MODIFIERS,
    WEEKDAYS,
)
from .names import Cast, LowercaseWords

MAX_TAGS = 8
_MIN_ENTITY_SCORE = 2
_MIN_PHRASE_SCORE = 3
_MIN_WORD_SCORE = 4
_MIN_BODY_SCORE = 5
_UNIT_WEIGHT = {-1: 3, 0: 2}
_EXCLUDED_WORDS = FUNCTION_WORDS | WEEKDAYS | MONTHS | PRONOUNS | HONORIFICS
# Title words that are also bodies or places ("the Senate", "Police") may stand alone as topics.
_TITLE_WORDS = (TITLE_HEADS | TITLE_MODIFIERS) - ORGANIZATION_WORDS - frozenset(
    "police fire opposition treasury city county district school".split())
# A capitalised phrase made only of these words is no topic ("The President", "Monday").
_NO_TOPIC_ALONE = _EXCLUDED_WORDS | _TITLE_WORDS
_DEMONYM = re.compile(r"^\w+(?:ians?|eans?|ese|ish|elis?|aqis?|anis?|icans?)$")
# A lower-case word, and a space when another such word follows it at once.
_LOWER_WORD = re.compile(r"(?<![\w'’-])([a-z][a-z-]{2,})(?![\w'’-])( (?=[a-z][a-z-]{2,}(?![\w'’-])))?")
# Words after which the next word is a verb ("she waits", "they beat", "will vote"); the lookahead on
# their first letters only saves time.
_BEFORE_VERB = re.compile(
    r"\b(?=[HhSsTtWwIYyCcMmDdNn])(?:[Hh]e|[Ss]he|[Tt]hey|[Ww]e|I|[Yy]ou|[Ww]ho|will|would|could|should|"
    r"can|cannot|may|might|must|did|does|do|not|to be|n['’]t) ([a-z]+)\b"
)
_DETERMINERS = frozenset("a an the its their his her our this that these those".split())
# Titles and their modifiers that are never topics on their own ("prime", "minister", "chief").
_TITLE_ONLY = frozenset(
    "prime minister secretary chief deputy vice acting former interim senior junior executive president "
    "spokesperson spokesman spokeswoman".split()
)
_INFLECTIONS = ("ed", "ing", "ly")
# Lower-case words that are never topics, whatever the text.
_NOT_CONTENT = _EXCLUDED_WORDS | SPEECH_VERBS | SPEECH_INFINITIVES | GENERIC_WORDS | _TITLE_ONLY
_first = itemgetter(0)
_OPENING_WORD = re.compile(r"[A-Z][a-z]{2,}(?![\w'’-])")
_POSSESSIVE = re.compile(r"['’]s?$")
_KEY_NOISE = re.compile(r"[.\s]")


def choose_tags(cast: Cast, units: dict[int, str], byline: str | None) -> list[str]:
    scores: dict[str, int] = {}
    spellings: dict[tuple[str, str], int] = {}
    verbs = set(_BEFORE_VERB.findall("\n".join(units.values())))
    entities = _entity_mentions(cast, units, byline)
    words, pairs = _lower_case_terms(units, verbs, cast.lowercase_words)
    seen: Counter[str] = Counter()
    for key, _, _, count in pairs:
        seen[key] += count
    pairs = [pair for pair in pairs if seen[pair[0]] > 1]
    minimum: dict[str, int] = {}
    lead, body = set(), set()
    for key, spelling, weight in entities:
        scores[key] = scores.get(key, 0) + weight
        spellings[key, spelling] = spellings.get((key, spelling), 0) + 1
        minimum[key] = _MIN_ENTITY_SCORE
    for key, spelling, weight, count in words:
        scores[key] = scores.get(key, 0) + weight * count
        spellings[key, spelling] = spellings.get((key, spelling), 0) + count
        minimum.setdefault(key, _MIN_WORD_SCORE)
        (lead if weight > 1 else body).add(key)
    for key, spelling, weight, count in pairs:
        scores[key] = scores.get(key, 0) + weight * count
        spellings[key, spelling] = spellings.get((key, spelling), 0) + count
        minimum[key] = _MIN_PHRASE_SCORE
    single = {key for key, value in minimum.items() if value == _MIN_WORD_SCORE}
    eligible = [
        (key, score)
        for key, score in scores.items()
        if score >= minimum[key] and (key not in single or key in lead and key in body
                                      or score >= _MIN_BODY_SCORE)
    ]
    ranked = [key for key, _ in sorted(eligible, key=lambda item: (-item[1], item[0] in single))]
    covered: Counter[str] = Counter()
    for key in ranked:
        if key not in single and " " in key:
            for word in key.split():
                covered[_singular(word)] = max(covered[_singular(word)], scores[key])
    chosen = [key for key in ranked if key not in single or covered[key] < scores[key]][:MAX_TAGS]
    # Each tag in its most frequent spelling, the first seen of equally frequent ones.
    best_spelling: dict[str, tuple[int, str]] = dict.fromkeys(chosen, (0, ""))
    for (key, spelling), count in spellings.items():
        if key in best_spelling and count > best_spelling[key][0]:
            best_spelling[key] = (count, spelling)
    return [best_spelling[key][1] for key in chosen]


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
        if not words or spelling.casefold() in excluded or not name_words.isdisjoint(folded):
            continue
        if _NO_TOPIC_ALONE.issuperset(folded):
            continue
        if len(words) == 1 and (_DEMONYM.match(folded[0]) or len(spelling) < 2):
            continue
        key = _KEY_NOISE.sub("", spelling.casefold())
        if len(words) > 1 or not _sentence_initial(units[mention.unit], mention.start):
            inside_sentences.add(key)
        mentions.append((key, spelling, _UNIT_WEIGHT.get(mention.unit, 1)))
    # A short form that opens an organisation's full name counts for it ("Acme" for "Acme Corp").
    full_names = {}
    for key, spelling, _ in mentions:
        words = spelling.split()
        if len(words) > 1 and words[-1].casefold() in ORGANIZATION_WORDS:
            full_names.setdefault(words[0].casefold(), (key, spelling))
    merged = []
    for key, spelling, weight in mentions:
        short = spelling.casefold()
        if " " not in short and short in full_names and short not in PLACES:
            key, spelling = full_names[short]
            inside_sentences.add(key)
        merged.append((key, spelling, weight))
    return [m for m in merged if m[0] in inside_sentences]


def _lower_case_terms(units: dict[int, str], verbs: set[str], lower: LowercaseWords):
    """(key, spelling, weight, count) for each lower-case content word, and for each pair of them in a
    row ("interest rates"), in order of first use; a plural counts with its singular. A pair followed
    by a determiner is a noun and a verb ("cereal cuts its outlook"), not a phrase."""
    # A word that opens a unit counts in lower case when the text also uses it so ("Central bank holds
    # rates" has "central bank"). The body is read as one text: a line break keeps its paragraphs'
    # words from pairing up.
    units = {unit: _lower_opening(text, lower) for unit, text in units.items()}
    body = "\n".join(text for unit, text in units.items() if unit not in _UNIT_WEIGHT)
    texts = [(weight, units[unit]) for unit, weight in _UNIT_WEIGHT.items() if unit in units] + [(1, body)]
    found_in = [(weight, _LOWER_WORD.findall(text)) for weight, text in texts]
    singles, openers, enders = set(), set(), set()
    for word in {word for _, found in found_in for word, _ in found} - _NOT_CONTENT - verbs:
        if not word.endswith(_INFLECTIONS):
            enders.add(word)
            if len(word) > 3:
                singles.add(word)
        if not word.endswith(("ly", "ed")):
            openers.add(word)
    words, pairs = [], []
    for weight, found in found_in:
        for word, count in Counter(map(_first, found)).items():
            if word in singles:
                words.append((_singular(word), word, weight, count))
        joined = Counter([
            (first, second)
            for (first, space), (second, then), (third, _) in zip(found, found[1:], [*found[2:], ("", "")],
                                                                  strict=False)
            if space and first in openers and second in enders and not (then and third in _DETERMINERS)
        ])
        for (first, second), count in joined.items():
            pairs.append((f"{first} {_singular(second)}", f"{first} {second}", weight, count))
    return words, pairs


def _lower_opening(text: str, lower: LowercaseWords) -> str:
    opening = _OPENING_WORD.match(text)
    if opening and opening.group().casefold() in lower:
        return text[0].casefold() + text[1:]
    return text


def _singular(word: str) -> str:
    return word[:-1] if word.endswith("s") and not word.endswith("ss") else word


def _sentence_initial(text: str, start: int) -> bool:
    before = text[max(0, start - 3):start].rstrip(" “\"‘'(")
    return not before or before[-1] in ".!?:;—–"
