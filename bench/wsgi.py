"""The site as `bench/run.py` serves it: newsroom's WSGI application plus the ceiling page.

`/bench/ceiling/` is the trivial Django view every page is compared with: the same server, settings
and middleware, no database, no template. It is added here, never in the production URLs, and kept
out of the page cache (a cache lookup would be work the ceiling does not do).
"""

import os

import django
from django.conf import settings
from django.http import HttpResponse
from django.urls import path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
django.setup(set_prefix=False)
settings.PAGE_CACHE_EXCLUDED_PATHS = [*settings.PAGE_CACHE_EXCLUDED_PATHS, "/bench/"]


def ceiling(request):
    return HttpResponse("ok\n", content_type="text/plain; charset=utf-8")


import newsroom.urls  # noqa: E402 (after setup)

newsroom.urls.urlpatterns.insert(0, path("bench/ceiling/", ceiling, name="bench-ceiling"))

from newsroom.wsgi import application  # noqa: E402, F401 (the production application, as configured there)
