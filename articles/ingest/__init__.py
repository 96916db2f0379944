"""Turning a plain-text news document into headline, body, byline, people, quotations and tags.

Pure standard library and free of Django, so it can be tested on sample text alone. The one entry
point is `parse_document`; the one exception it raises is `ParseError`. Search snippets
(articles.snippets) share its rule for where sentences end (`sentences.ends_abbreviation`).
"""

from .document import Byline, Document, PersonMention, QuoteMention, parse_document
from .errors import ParseError
from .text import MAX_DOCUMENT_BYTES

__all__ = [
    "MAX_DOCUMENT_BYTES",
    "Byline",
    "Document",
    "ParseError",
    "PersonMention",
    "QuoteMention",
    "parse_document",
]
