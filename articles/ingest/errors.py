"""The one exception the parser raises."""


class ParseError(ValueError):
    """The input is not a news document the parser can read; the message says why, for a person."""
