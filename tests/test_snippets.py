"""Search snippets (articles.snippets): pure Python, no database."""

import re

from hypothesis import given
from hypothesis import strategies as st

from articles.snippets import (
    FRAGMENT_DELIMITER,
    FRAGMENT_WORDS,
    FRAGMENTS,
    HIGHLIGHT_START,
    HIGHLIGHT_STOP,
    WORDS_BEFORE,
    _words_holding,
    cut,
    stem,
    word_stems,
)

from .conftest import LONG_BODY


def marked(snippet):
    """The snippet with its marks as [brackets], for reading."""
    return snippet.replace(HIGHLIGHT_START, "[").replace(HIGHLIGHT_STOP, "]")


def plain(snippet):
    return snippet.replace(HIGHLIGHT_START, "").replace(HIGHLIGHT_STOP, "")


def test_marks_every_form_of_the_word_and_nothing_that_only_looks_alike():
    """A word matches by its stem: "talks" and "Talking" are "talk"; "tall" and "total" are not."""
    snippet = marked(cut("The talks went on. Talking is good, said the tall man. A total of two.", ["talk"]))
    assert snippet == "The [talks] went on. [Talking] is good, said the tall man. A total of two."


def test_finds_words_whose_stem_is_spelt_differently():
    """'city' is stored as 'citi' and 'settling' as 'settl': "cities" and "settle" are found."""
    assert "[cities]" in marked(cut(LONG_BODY, [stem("city")]))
    assert "[settle]" in marked(cut(LONG_BODY, [stem("settling")]))


FILLER = " ".join(["Nothing to see here."] * 10)


def test_two_passages_in_the_text_order_those_with_most_words_chosen():
    """Of three passages, the one holding both words and the earlier of the two holding one; shown in
    the body's order, joined by the delimiter."""
    body = f"Hostage talks began. {FILLER} A second hostage. {FILLER} The hostage deal is signed. {FILLER}"
    snippet = marked(cut(body, word_stems("hostages deal")))
    first, second = snippet.split(FRAGMENT_DELIMITER)
    assert first.startswith("[Hostage] talks began.")
    assert second.startswith("The [hostage] [deal] is signed.")
    assert "second" not in snippet


def test_passages_around_a_body_full_of_matches_do_not_overlap():
    """Both passages of the long body hold both words, and no words are shown twice."""
    first, second = plain(cut(LONG_BODY, word_stems("hostage deal"))).split(FRAGMENT_DELIMITER)
    flat = " ".join(LONG_BODY.split())
    assert flat.index(first) + len(first) <= flat.index(second)
    assert "hostage" in first and "deal" in first and "hostage" in second and "deal" in second


def test_a_passage_starts_at_its_sentence_and_holds_at_most_the_set_number_of_words():
    """A passage begins with the match's sentence when it is near, and is FRAGMENT_WORDS words at most."""
    snippet = cut("First sentence is here. Then the talks began.", ["talk"])
    assert marked(snippet) == "Then the [talks] began."
    body = " ".join(f"w{number}" for number in range(100)) + " talks " + " ".join(f"x{n}" for n in range(100))
    [passage] = cut(body, ["talk"]).split(FRAGMENT_DELIMITER)
    assert len(plain(passage).split()) == FRAGMENT_WORDS
    assert plain(passage).startswith("w92 w93")


def test_a_passage_does_not_start_after_an_abbreviation():
    """"Mr. Blinken" is one sentence: the passage starts at "Mr.", not at "Blinken". A paragraph
    starts a sentence however the one before it ended, and a sentence after one that holds an
    abbreviation still starts its own."""
    snippet = cut("The envoys met on Monday. Mr. Blinken said the talks went well.", ["talk"])
    assert marked(snippet) == "Mr. Blinken said the [talks] went well."
    snippet = cut("Sanctions were imposed by the U.S.\n\nThe talks went well.", ["talk"])
    assert marked(snippet) == "The [talks] went well."
    snippet = cut("Envoys met in Washington, D.C. on Monday. Their talks went well.", ["talk"])
    assert marked(snippet) == "Their [talks] went well."


def test_a_text_without_the_words_gives_its_opening():
    """A match in the headline alone: the snippet is the body's first FRAGMENT_WORDS words."""
    body = " ".join(f"word{number}" for number in range(200))
    assert cut(body, ["ceasefir"]) == " ".join(f"word{number}" for number in range(FRAGMENT_WORDS))
    assert cut("", ["talk"]) == ""
    assert cut(None, ["talk"]) == ""
    assert cut("Short body.", []) == "Short body."


def test_positions_hold_where_a_letter_lowers_to_two():
    """'İ' lowers to two characters; the words after it are still marked where they are, and a word
    holding it is found too."""
    assert marked(cut("İstanbul hosts the talks.", ["talk"])) == "İstanbul hosts the [talks]."
    assert marked(cut("Talks in İstanbul went on.", [stem("İstanbul")])) == "Talks in [İstanbul] went on."


def test_snowballs_exceptions_are_found():
    """'dying' is stored as 'die', though 'di' is not in it."""
    assert marked(cut("The man was dying of laughter.", [stem("die")])) == "The man was [dying] of laughter."


def test_a_word_is_looked_at_once_however_often_it_holds_the_word_searched_for():
    """A 32,000-letter word holding "tal" 8,000 times is one word to stem, not 8,000 walks back."""
    assert list(_words_holding("talk" * 8000, "tal")) == [(0, 32000)]
    assert list(_words_holding("a talk, talktalk and tall", "tal")) == [(2, 6), (8, 16), (21, 25)]


def test_a_passage_keeps_no_piece_of_a_word_and_no_long_run_of_punctuation():
    """A word cut by the window before or after a match is left out; a whole word at the window's
    edge is kept; what closes the last word is at most three marks."""
    assert marked(cut("a" + "x" * 300 + " b c talks", ["talk"])) == "b c [talks]"
    assert marked(cut("talks " + "y" * 1000, ["talk"])) == "[talks]"
    whole = ("p" * 15 + " ") * 9 + "talks"
    assert marked(cut(whole, ["talk"])).split() == ["p" * 15] * WORDS_BEFORE + ["[talks]"]
    assert marked(cut("We talk" + "-" * 5000 + " more", ["talk"])) == "We [talk]---"


def test_passages_that_touch_are_shown_as_one():
    """Two passages with nothing between them are one run of text, not two joined by the delimiter."""
    body = " ".join(f"w{number}" for number in range(28)) + " talks. Deal here."
    assert marked(cut(body, ["talk", "deal"])).endswith("w27 [talks]. [Deal] here.")
    assert FRAGMENT_DELIMITER not in cut(body, ["talk", "deal"])


def test_a_word_far_down_a_megabyte_body_is_found():
    """Bodies of any length: the match at the end is marked, and only its passage's words are read."""
    body = "Filler words here. " * 60_000 + "Then the ceasefire held."
    assert marked(cut(body, ["ceasefir"])).endswith("Then the [ceasefire] held.")


def test_a_word_on_every_line_still_gives_two_passages_at_most():
    """A word in every sentence: at most FRAGMENTS passages' words (here two that touch, shown as
    one), not the whole body."""
    snippet = plain(cut("We talk. " * 5_000, ["talk"]))
    assert FRAGMENT_DELIMITER not in snippet
    assert len(snippet.split()) == FRAGMENTS * FRAGMENT_WORDS


def test_word_stems_keep_every_word():
    """For databases without full-text search every word counts, "the" too."""
    assert word_stems("The Talks, the cities") == ["citi", "talk", "the"]


_SPACE = re.compile(r"\s+")
_UNMARKED = f"[^{HIGHLIGHT_START}{HIGHLIGHT_STOP}]*"
_MARKED_WORDS = re.compile(rf"{_UNMARKED}(?:{HIGHLIGHT_START}\w+{HIGHLIGHT_STOP}{_UNMARKED})*")


_LETTERS = st.sampled_from([*"ab talks.,“”\n İ-'", HIGHLIGHT_START, HIGHLIGHT_STOP])


@given(
    st.text(alphabet=_LETTERS, max_size=2000),
    st.lists(st.sampled_from(["talk", "a", "b", "ab", "s"]), max_size=3),
)
def test_every_passage_is_the_text_as_written(text, lexemes):
    """Whatever the text, its own mark characters too: each passage, marks removed, is a run of the
    text with its spacing collapsed, and the marks come in pairs around whole words."""
    snippet = cut(text, lexemes)
    flat = _SPACE.sub(" ", plain(text))
    for passage in snippet.split(FRAGMENT_DELIMITER) if snippet else []:
        assert plain(passage) in flat
        assert _MARKED_WORDS.fullmatch(passage)
