"""Turning raw input into clean lines of text.

Everything after this module can assume: valid Unicode in NFC, no control characters, no byte-order
mark or zero-width characters, one line per paragraph with single spaces, and no blank lines.
"""

import re
import unicodedata

from .errors import ParseError

MAX_DOCUMENT_BYTES = 2 * 1024 * 1024

# A share of control characters beyond this means the input is not prose.
_MAX_CONTROL_SHARE = 0.1

_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")
# The same characters in UTF-8: C0 ones and DEL are single bytes; C1 ones (U+0080-U+009F) open with 0xC2.
_CONTROL_BYTES = bytes([*range(0x00, 0x09), *range(0x0E, 0x20), 0x7F])
_INVISIBLE = "\ufeff\u200b\u200c\u200d\u2060\u00ad"
_INVISIBLE_CHARS = re.compile(f"[{_INVISIBLE}]")


def decode(raw: bytes | str) -> tuple[str, bytes]:
    """Return the document's text and the exact bytes it came from (for its content hash)."""
    if isinstance(raw, str):
        try:
            data = raw.encode("utf-8")
        except UnicodeEncodeError:
            raise ParseError("not UTF-8 text: it holds unpaired surrogate characters") from None
        text = raw
    elif isinstance(raw, (bytes, bytearray, memoryview)):
        data = bytes(raw)
        text = None
    else:
        raise ParseError(f"not a document: expected bytes or str, got {type(raw).__name__}")
    if len(data) > MAX_DOCUMENT_BYTES:
        raise ParseError(f"larger than 2 MiB ({len(data)} bytes)")
    if b"\x00" in data:
        raise ParseError("binary content: the document holds NUL bytes")
    if text is None:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as error:
            raise ParseError(f"not UTF-8 text (invalid byte at offset {error.start})") from None
    if _may_hold_control_chars(data) and len(_CONTROL_CHARS.findall(text)) > _MAX_CONTROL_SHARE * len(text):
        raise ParseError("binary content: too many control characters")
    return text, data


def clean_lines(text: str) -> list[str]:
    """Split text into its non-blank lines, each with normalised white space."""
    text = unicodedata.normalize("NFC", text)
    # Few texts hold any: looking for each one is far cheaper than a pass of the pattern.
    if any(character in text for character in _INVISIBLE):
        text = _INVISIBLE_CHARS.sub("", text)
    if _may_hold_control_chars(text.encode("utf-8", "surrogatepass")):
        text = _CONTROL_CHARS.sub(" ", text)
    lines = (" ".join(line.split()) for line in text.splitlines())
    return [line for line in lines if line]


def _may_hold_control_chars(data: bytes) -> bool:
    """Whether UTF-8 text may hold a character `_CONTROL_CHARS` matches. Most texts hold none, and
    deleting bytes tells so far faster than a pass of the pattern."""
    return b"\xc2" in data or len(data.translate(None, _CONTROL_BYTES)) != len(data)
