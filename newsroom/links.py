"""Page addresses, remembered: `link()` is `reverse()` for the links reader pages print by the dozen.

A list page links every story, person and topic it shows, ~80 links a page, and Django's `reverse()`
costs about 30 µs each: a sixth of the page's time. The same story's address is asked for again on
the next request, so each is worked out once. Remembered per URLconf and script prefix, so a site
mounted under a sub-path, or a test that swaps the URLconf, gets its own addresses (both read once
a request: newsroom.request_locals).
"""

import functools

from django.urls import reverse

from newsroom import request_locals


def link(viewname, **kwargs):
    """reverse(viewname, kwargs=kwargs), remembered."""
    place = request_locals.current()
    return _link(place.urlconf, place.script_prefix, viewname, tuple(sorted(kwargs.items())))


@functools.lru_cache(maxsize=20_000)
def _link(urlconf, script_prefix, viewname, kwargs):
    return reverse(viewname, urlconf=urlconf, kwargs=dict(kwargs))
