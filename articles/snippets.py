"""Search snippets: the passages of an article's body around the words a reader searched for, with
those words marked. Pure Python, no Django: the search query hands it the body and the query's lexemes.

A word matches when its Snowball English stem (the algorithm of PostgreSQL's `english` configuration)
is one of the lexemes. Only the words that hold what is left of a lexeme without its last letter are
stemmed (found with str.find, a word once), and only around the matches are words counted, so a long
body costs little more than a short one. Cutting the snippets here rather than with PostgreSQL's
ts_headline took a quarter off the common-word search's stories query (bench/RESULTS.md).
"""

import re
import threading
from functools import lru_cache

import Stemmer

from .ingest.sentences import ends_abbreviation

# Marks around the matched words. Private-use characters no article contains, so a snippet can be
# escaped whole and the marks then turned into <mark> elements (articles.markup.highlight).
HIGHLIGHT_START, HIGHLIGHT_STOP = "\ue000", "\ue001"
# As PostgreSQL's ts_headline was asked for: up to two passages of up to thirty words.
FRAGMENTS = 2
FRAGMENT_WORDS = 30
# How many words of a passage come before its first match.
WORDS_BEFORE = 8
FRAGMENT_DELIMITER = " … "
# Characters searched either side of a match for its passage's words: more than enough for that many
# words of English prose, and a bound on the work whatever the text.
_CHARS_A_WORD = 16
_WORD = re.compile(r"\w+")
_GAP = re.compile(r"\W+")
_LAST_WORD = re.compile(r"\W*\w+\Z")
# What closes a passage's last word: a full stop, a comma, a closing quotation mark.
_CLOSING = re.compile(r"[^\w\s]{0,3}")
# Up to WORDS_BEFORE words, read backwards from a match (in the reversed text).
_WORDS_BACK = re.compile(rf"(?:\W*\w+){{0,{WORDS_BEFORE}}}")
# A sentence ends before this: a passage that can start with its sentence does.
_SENTENCE_START = re.compile(r"(?:[.!?][\"'”’)]*\s+|\n\s*)(?=[\"'“‘(]?\w)")
# Most matches of one lexeme a snippet weighs: a common word in a long body has far more than two
# passages need.
_MOST_MATCHES = 64
# Most passages weighed for a snippet.
_MOST_PASSAGES = 12

_local = threading.local()  # a Stemmer is not safe to share between threads


def stem(word):
    """`word`'s Snowball English stem, lower-case (PostgreSQL's `english_stem` gives the same)."""
    if not hasattr(_local, "stemmer"):
        _local.stemmer = Stemmer.Stemmer("english")
    return _local.stemmer.stemWord(_lower(word))


def word_stems(words):
    """The stems of the words in `words` (a string), as PostgreSQL would store them but keeping its
    stop words: for databases without full-text search, where every word must occur."""
    return sorted({stem(word) for word in _WORD.findall(words)})


def cut(text, lexemes):
    """Up to FRAGMENTS passages of `text` around the words whose stem is in `lexemes`, joined by
    FRAGMENT_DELIMITER, each matched word between HIGHLIGHT_START and HIGHLIGHT_STOP; the text's
    opening when nothing in it matches (a match in the headline alone, say)."""
    text = text or ""
    if HIGHLIGHT_START in text or HIGHLIGHT_STOP in text:
        text = text.replace(HIGHLIGHT_START, "").replace(HIGHLIGHT_STOP, "")  # only cut's marks are marks
    matches = _matches(text, frozenset(lexemes))
    if not matches:
        return _words_from(text, 0, FRAGMENT_WORDS)[0]
    # A passage around each match not in the passage before, up to _MOST_PASSAGES of them.
    candidates, floor = [], 0
    for start, _, _ in matches:
        if start < floor:
            continue
        first, floor = _passage(text, start, floor)
        inside = [lexeme for left, right, lexeme in matches if left >= first and right <= floor]
        # The most different lexemes first, then the most matches, then the earliest.
        candidates.append((-len(set(inside)), -len(inside), first, floor))
        if len(candidates) == _MOST_PASSAGES:
            break
    chosen = []
    for first, stop in sorted((first, stop) for _, _, first, stop in sorted(candidates)[:FRAGMENTS]):
        if chosen and not text[chosen[-1][1] : first].strip():  # they touch: one passage
            first = chosen.pop()[0]
        chosen.append((first, stop))
    return FRAGMENT_DELIMITER.join(_marked(text, first, stop, matches) for first, stop in chosen)


def _matches(text, lexemes):
    """[(start, stop, lexeme)] of the words of `text` whose stem is one of `lexemes`, in order (for
    each core, up to _MOST_MATCHES words, having stemmed at most four times as many)."""
    lower = _lower(text)
    found = {}
    for core in _cores(lexemes):
        stemmed = matched = 0
        for start, stop in _words_holding(lower, core):
            if start in found:
                continue
            lexeme = stem(lower[start:stop])
            found[start] = (start, stop, lexeme) if lexeme in lexemes else None
            stemmed += 1
            matched += found[start] is not None
            if matched == _MOST_MATCHES or stemmed == _MOST_MATCHES * 4:
                break
    return sorted(match for match in found.values() if match)


def _lower(text):
    """`text` in lower case, letter for letter: 'İ', the one letter whose lower case is two, becomes 'i'."""
    return text.replace("İ", "I").lower()


def _words_holding(lower, core):
    """(start, stop) of each word of `lower` that holds `core`, once however often it holds it: the
    search goes on after the word, so a long word costs one pass."""
    at = lower.find(core)
    while at >= 0:
        start = at
        while start and (lower[start - 1].isalnum() or lower[start - 1] == "_"):
            start -= 1
        stop = _WORD.match(lower, at).end()
        yield start, stop
        at = lower.find(core, stop)


@lru_cache(maxsize=256)
def _cores(lexemes):
    """What is in every word that stems to one of `lexemes`: stemming leaves a word's beginning as it
    is but for the stem's last letter ('cities' is 'citi', 'settling' 'settl'), so the stem less that
    letter; and for Snowball's three exceptions ('dying' is 'die', 'lying' 'lie', 'tying' 'tie'), 'dy',
    'ly' and 'ty'."""
    cores = set()
    for lexeme in lexemes:
        cores.add(lexeme[:-1] if len(lexeme) > 2 else lexeme)
        if lexeme in ("die", "lie", "tie"):
            cores.add(lexeme[0] + "y")
    return sorted(core for core in cores if core)


def _passage(text, start, floor):
    """(start, stop) of FRAGMENT_WORDS words of `text` with up to WORDS_BEFORE of them before the
    match at `start` but none before `floor`, begun at its sentence's start when that is among them."""
    reach = max(floor, start - WORDS_BEFORE * _CHARS_A_WORD)
    backwards = _WORDS_BACK.match(text[reach:start][::-1])
    first = start - backwards.end()
    if reach and first == reach and _WORD.match(text, reach - 1):  # the window cut its first word
        gap = _GAP.search(text, first, start)
        first = gap.end() if gap else start
    sentences = [
        sentence
        for sentence in _SENTENCE_START.finditer(text, first, start + 1)  # +1: one may begin at the match
        # "Mr. Blinken" is one sentence; a paragraph is a new one however the last ended ("the U.S.")
        if "\n" in sentence.group() or not ends_abbreviation(text, sentence.start())
    ]
    if sentences:
        first = sentences[-1].end()
    taken = len(_WORD.findall(text, first, start))
    return first, _words_from(text, start, FRAGMENT_WORDS - taken)[1]


def _words_from(text, start, count):
    """(the first `count` words of `text` from `start` on one line, where they end, with the
    punctuation that closes the last)."""
    words = _words(count).match(text, start, start + count * _CHARS_A_WORD)
    stop = words.end()
    if stop == start + count * _CHARS_A_WORD and _WORD.match(text, stop):
        stop = _LAST_WORD.search(text, start, stop).start()  # the window cut a word: leave it out
    stop = _CLOSING.match(text, stop).end()
    return " ".join(text[start:stop].split()), stop


@lru_cache(maxsize=FRAGMENT_WORDS + 1)
def _words(count):
    """A pattern matching up to `count` words and what lies before each."""
    return re.compile(rf"(?:\W*\w+){{0,{count}}}")


def _marked(text, start, stop, matches):
    """text[start:stop] on one line, each match in it between the highlight marks."""
    pieces, at = [], start
    for first, last, _ in matches:
        if first >= start and last <= stop:
            pieces += [text[at:first], HIGHLIGHT_START, text[first:last], HIGHLIGHT_STOP]
            at = last
    pieces.append(text[at:stop])
    return " ".join("".join(pieces).split())
