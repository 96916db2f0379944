"""Sentence boundaries in a paragraph, ignoring full stops inside quotations and abbreviations."""

import functools
import re

# The first stop is written apart from the rest so that the engine can skip ahead to one.
_BREAK = re.compile(r"[.!?…][.!?…]*[\"”’')\]]*\s+(?=[\"“‘'«„`(\[]|[^\W\d_a-z])")
_ABBREVIATION = re.compile(
    r"(?:\b[A-Z]|\b(?:[A-Z]\.)+[A-Z]|\b(?:Mr|Mrs|Ms|Dr|St|Jr|Sr|Gen|Sen|Rep|Gov|Lt|Col|Sgt|Capt|Maj|Adm|"
    r"Rev|Prof|No|vs|Inc|Corp|Ltd|Co|Mt|Ft|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec))$"
)


def sentence_starts(masked: str) -> tuple[int, ...]:
    """Offsets where sentences start in a paragraph whose quotations are masked out.

    Masking first means a full stop inside a quotation never ends the sentence around it. Several
    steps ask about the same paragraph, so ordinary-sized ones are remembered for a while.
    """
    if len(masked) > _CACHED_LENGTH:
        return _sentence_starts(masked)
    return _cached_sentence_starts(masked)


_CACHED_LENGTH = 5000


def ends_abbreviation(text: str, stop: int) -> bool:
    """Whether the full stop at `stop` closes an abbreviation ("Mr.", "U.S.", an initial), not a sentence."""
    return text[stop] == "." and _ABBREVIATION.search(text, max(0, stop - 12), stop) is not None


def _sentence_starts(masked: str) -> tuple[int, ...]:
    starts = [0]
    for match in _BREAK.finditer(masked):
        if not ends_abbreviation(masked, match.start()):
            starts.append(match.end())
    return tuple(starts)


_cached_sentence_starts = functools.lru_cache(maxsize=256)(_sentence_starts)
