"""What a page's links and dates depend on, read once per request rather than once per link and date.

`reverse()` depends on the URLconf and the script prefix, the `date` filter on the current time
zone, and Django keeps each of them in an asgiref `Local`, a read of which is three Python calls.
A list page prints ~80 links and ~40 dates: read for each, they cost a tenth of the page.
`RequestLocalsMiddleware`, last in MIDDLEWARE, reads them once the URL is resolved (Django has then
applied any `request.urlconf`) and before the view runs, into a context variable that `current()`
returns until the response is made; before that, and outside a request (a management command, a
test calling a model method), `current()` reads Django's own. A view that switches the time zone or
the URLconf (none does) would have to read them again here.
"""

import contextvars
from typing import NamedTuple

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf
from django.utils import timezone


class RequestLocals(NamedTuple):
    urlconf: str
    script_prefix: str
    timezone: object


_current = contextvars.ContextVar("newsroom.request_locals", default=None)


def current():
    """The URLconf, script prefix and time zone in force: the request's, or read now outside one."""
    return _current.get() or _read()


def _read():
    return RequestLocals(
        get_urlconf() or settings.ROOT_URLCONF, get_script_prefix(), timezone.get_current_timezone()
    )


class RequestLocalsMiddleware:
    """Reads the request's URLconf, script prefix and time zone once, for everything its page prints."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _current.set(None)
        try:
            return self.get_response(request)
        finally:
            _current.reset(token)

    def process_view(self, request, view_func, view_args, view_kwargs):
        _current.set(_read())
