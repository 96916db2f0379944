"""The template language of reader pages: Jinja2, with the helpers those pages use.

Reader pages are the ones that must be fast at archive scale without any cache (issue 5): a list page
prints twenty teasers of a dozen fields each. Django's template language walks a node tree for every
variable, filter and `{% include %}` and took about half of such a page's time; Jinja2 compiles each
template to Python once per process. The reader pages' filter forms are drawn with Django's Jinja2
form templates too (`articles.filters.ReaderForm`); the admin keeps Django's template language
(`templates/django/` holds its overrides).

Autoescaping is on (Django's Jinja2 backend turns it on), and Django's safe strings stay safe: they
carry `__html__`, which Jinja2 honours.
"""

import functools

from django.templatetags.static import static
from django.utils import dateformat, timezone
from django.utils.dates import MONTHS, MONTHS_3, WEEKDAYS
from django.utils.html import linebreaks as paragraphs
from django.utils.safestring import SafeData, mark_safe
from django.utils.text import Truncator
from jinja2 import Environment

from newsroom import request_locals
from newsroom.links import link


def topic_url(tag):
    """The address of a topic's page."""
    return link("tags:detail", slug=tag.slug)


def querystring(request, **changes):
    """Django's `{% querystring %}`: the request's query string with `changes` applied (None removes)."""
    params = request.GET.copy()
    for key, value in changes.items():
        if value is None:
            params.pop(key, None)
        else:
            params[key] = value
    if not params and not request.GET:
        return ""
    return f"?{params.urlencode()}"


def date(value, format_string):
    """Django's `date` filter: `value` in the current time zone, formatted (`"j F Y"`, `"c"`)."""
    if not value:
        return ""
    value = timezone.localtime(value, request_locals.current().timezone)
    if format_string == "c":  # half of all dates: no need to look up a formatter
        return value.isoformat()
    formatter = _formatter(format_string)
    return formatter(value) if formatter else dateformat.format(value, format_string)


# The format characters reader pages print, spelt directly: Django's dateformat parses the format
# and builds a formatter object for every date (15 µs; a list page prints forty dates).
_PARTS = {
    "d": lambda value: f"{value.day:02d}",
    "F": lambda value: str(MONTHS[value.month]),
    "H": lambda value: f"{value.hour:02d}",
    "i": lambda value: f"{value.minute:02d}",
    "j": lambda value: str(value.day),
    "l": lambda value: str(WEEKDAYS[value.weekday()]),
    "M": lambda value: str(MONTHS_3[value.month]).title(),
    "Y": lambda value: f"{value.year:04d}",
}


@functools.cache
def _formatter(format_string):
    """A function formatting a datetime as Django's `format_string`, or None where the format uses a
    character not in _PARTS (or an escape), which dateformat then formats."""
    parts = []
    for char in format_string:
        if char in _PARTS:
            parts.append(_PARTS[char])
        elif char.isalpha() or char == "\\":
            return None
        else:
            parts.append(lambda value, char=char: char)
    return lambda value: "".join(part(value) for part in parts)


def standalone(words):
    """Quoted words shown on their own: the comma that tied them to "…, she said" is dropped."""
    return words.rstrip().rstrip(",;:").rstrip()


def truncatechars(text, length):
    return Truncator(text).chars(length)


def truncatewords(text, count):
    return Truncator(text).words(count, truncate=" …")


def linebreaks(text):
    """Django's `linebreaks`: paragraphs and line breaks from plain text, escaped."""
    return mark_safe(paragraphs(text, autoescape=not isinstance(text, SafeData)))


def pluralize(count, suffixes="s"):
    """Django's `pluralize`: `"s"` or, given `"y,ies"`, the singular and plural endings."""
    singular, _, plural = suffixes.rpartition(",") if "," in suffixes else ("", "", suffixes)
    return singular if count == 1 else plural


def environment(**options):
    env = Environment(keep_trailing_newline=True, **options)
    env.globals.update(url=link, static=static, querystring=querystring)
    env.filters.update(
        date=date,
        topic_url=topic_url,
        standalone=standalone,
        truncatechars=truncatechars,
        truncatewords=truncatewords,
        pluralize=pluralize,
        linebreaks=linebreaks,
    )
    return env
