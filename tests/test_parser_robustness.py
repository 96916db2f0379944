"""The ingest parser on arbitrary and adversarial input: a Document or a ParseError, quickly."""

import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from articles.ingest import Document, ParseError, parse_document

MARKS = "\"“”„«»'’‘`"
PIECES = list(MARKS + " \n\r\t\ufeff\x00.,:;—-aZé4") + ["said ", "He ", "Mr. "]
prose = st.lists(st.sampled_from(PIECES)).map("".join)


def parse_or_refuse(raw):
    try:
        return parse_document(raw, source="fuzz.txt")
    except ParseError as error:
        assert str(error)
        return None


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(st.text())
def test_any_text_gives_a_document_or_a_parse_error(raw):
    """Arbitrary Unicode, control characters and NULs never raise anything but ParseError."""
    doc = parse_or_refuse(raw)
    assert doc is None or isinstance(doc, Document)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary())
def test_any_bytes_give_a_document_or_a_parse_error(raw):
    """Arbitrary bytes never raise anything but ParseError."""
    doc = parse_or_refuse(raw)
    assert doc is None or isinstance(doc, Document)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(prose)
def test_unbalanced_and_nested_marks_give_a_document_or_a_parse_error(raw):
    """Quote-mark soup, unbalanced and nested, never breaks the parser; quotes stay in their paragraphs."""
    doc = parse_or_refuse("Headline\n" + raw)
    if doc is not None:
        for quote in doc.quotes:
            assert 1 <= quote.paragraph <= len(doc.paragraphs)
            assert 0 <= quote.position < len(doc.paragraphs[quote.paragraph - 1])


ADVERSARIAL_LINES = {
    "a million straight marks": '"' * 1_000_000,
    "curly marks": "“" * 170_000 + "”" * 170_000,
    "open marks between words": 'a "' * 333_333,
    "two-apostrophe marks": "''" * 500_000,
    "backtick marks": "``x'' " * 160_000,
    "one huge word": "a" * 1_000_000,
    "one huge capitalised word": "A" * 1_000_000,
    "capitalised words": "Ab " * 333_333,
    "title words": "President Minister " * 55_000,
    "speech verbs": "He said. " * 110_000,
    "honorifics": "Mr. " * 250_000,
    "sentence ends": ". " * 500_000,
    "apostrophes": "’" * 340_000,
    "short paragraphs of names": "Ab Cd said. “Ef,” Gh said.\n" * 40_000,
    "short paragraphs of marks": "a \"b \" “c ” ''d'' ``e''\n" * 40_000,
}


@pytest.mark.parametrize("line", ADVERSARIAL_LINES.values(), ids=ADVERSARIAL_LINES.keys())
@pytest.mark.parametrize("layout", ["alone", "as body"])
def test_a_one_megabyte_adversarial_line_parses_in_under_a_second(line, layout):
    """No catastrophic backtracking: a 1 MB pathological line takes well under a second of CPU.

    Measured as this process's CPU time, not wall time, so a busy machine cannot fail it.
    """
    raw = line if layout == "alone" else "Headline\nThe standfirst\n" + line + "\nLast paragraph."
    started = time.process_time()
    parse_or_refuse(raw)
    assert time.process_time() - started < 1.0


def test_text_beyond_the_mining_limits_is_kept_but_not_mined():
    """A paragraph too long to be prose stays in the body whole; it just yields no quotes."""
    giant = '"Quoted," Smith said. ' * 2000
    doc = parse_document(f"Headline\nThe standfirst\n{giant}\n\"Short,\" Jones said.", source="big.txt")
    assert doc.paragraphs[0] == giant.strip()
    assert [q.text for q in doc.quotes] == ["Short,"]
