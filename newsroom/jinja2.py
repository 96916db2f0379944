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

from django.templatetags.static import static
from django.utils import dateformat, timezone
from django.utils.html import linebreaks as paragraphs
from django.utils.safestring import SafeData, mark_safe
from django.utils.text import Truncator
from jinja2 import Environment

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
    value = timezone.localtime(value)
    if format_string == "c":  # what Django's "c" is, without parsing the format (half of all dates)
        return value.isoformat()
    return dateformat.format(value, format_string)


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
