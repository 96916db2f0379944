"""The page cache for anonymous readers, and the content generation that invalidates it.

`PageCacheMiddleware` keeps each reader page in Django's cache (`settings.CACHES`: local memory, or
Redis with `CACHE_URL`) under its address, stamped with the *content generation* it was rendered at:
a number that `bump_content_generation()` increases whenever content readers see changes — an
article, quote, person or tag saved or deleted, a byline, mention or tag added or removed
(`articles.signals`), or a `loadseeds` run (`articles.loading`). A page stamped with an older
generation is rendered afresh and replaced. Nothing is ever deleted by pattern, so it works the same
on every cache backend and across any number of processes.

Where the generation lives (`settings.PAGE_CACHE_GENERATION`):
- `"cache"`, with a shared cache (Redis): next to the pages. A request reads page and generation in
  one round trip (`get_many`).
- `"database"`, with local memory: each process has its own cache, so a number kept there would
  change only in the process that saved the edit. The database is what every process shares: one row
  (`articles.ContentGeneration`), read with one indexed query a request.

An entry is the response's status, headers and bytes, not the response object: a hit then costs one
round trip (or a memory read and a query) and unpickling a few plain values, which is what lets a
hit run at a good fraction of the speed of a view that does nothing.

Scheduled articles: a page is kept at most `PAGE_CACHE_SECONDS` (60 by default), so a story
scheduled for 09:00 is on every page by 09:01 without anyone saving anything.

What is never cached: anything but GET; requests carrying a session cookie (logged-in staff, or a
reader with messages); the admin and article previews; responses other than 200, streamed ones, and
those that set a cookie, vary on the cookie or say `private`/`no-store`.
"""

import hashlib
import logging
import time

import redis
from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, connection
from django.db.models import F
from django.http import HttpResponse

from articles.models import ContentGeneration
from newsroom.middleware import SERVICE_DOWN, service_unavailable

logger = logging.getLogger(__name__)
# A cache that cannot be reached makes the page cache step aside, never fail the request.
CACHE_DOWN = (redis.ConnectionError, redis.TimeoutError)

GENERATION_KEY = "newsroom:content-generation"


def content_generation():
    """The current content generation (an integer)."""
    if settings.PAGE_CACHE_GENERATION == "database":
        return _generation_in_database()
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        # A lost or evicted number starts again from the clock, never from one already used.
        cache.add(GENERATION_KEY, time.time_ns(), timeout=None)
        generation = cache.get(GENERATION_KEY)
    return generation


def bump_content_generation():
    """Make every cached page stale: readers' next requests see the content as it is now."""
    try:
        if settings.PAGE_CACHE_GENERATION == "database":
            if not ContentGeneration.objects.filter(pk=1).update(number=F("number") + 1):
                ContentGeneration.objects.get_or_create(pk=1, defaults={"number": 1})
            return
        try:
            cache.incr(GENERATION_KEY)
        except ValueError:  # no number yet, or it was evicted
            cache.add(GENERATION_KEY, time.time_ns(), timeout=None)
    except (*CACHE_DOWN, DatabaseError) as error:
        # The change is saved (this runs once it is committed); cached pages expire within
        # PAGE_CACHE_SECONDS.
        logger.error("Could not mark cached pages stale: %r", error)


class PageCacheMiddleware:
    """Serves anonymous readers' GET requests from the cache (see the module's docstring)."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.seconds = settings.PAGE_CACHE_SECONDS
        self.excluded = tuple(settings.PAGE_CACHE_EXCLUDED_PATHS)

    def __call__(self, request):
        if not self.seconds or not self.cacheable_request(request):
            return self.get_response(request)
        address = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
        key = f"newsroom:page:{hashlib.sha256(address.encode()).hexdigest()}"
        try:
            generation, entry = self.read(key)
        except CACHE_DOWN as error:
            logger.warning("Page cache unreachable, serving uncached: %r", error)
            return self.get_response(request)
        except SERVICE_DOWN as error:
            # The database is down (the generation lives there): the view could not answer either,
            # and trying would wait for the connection a second time.
            return service_unavailable(request, error)
        except DatabaseError as error:  # no generation table: `migrate` has not run
            logger.error("Page cache cannot read the content generation, serving uncached: %r", error)
            return self.get_response(request)
        if entry is not None and entry[0] == generation:
            response = _response(entry)
            response["X-Page-Cache"] = "hit"
            return response
        response = self.get_response(request)
        if self.cacheable_response(request, response):
            # Stamped with the generation read before rendering: a change committed meanwhile
            # makes this entry stale at once.
            try:
                cache.set(key, _entry(generation, response), self.seconds)
            except CACHE_DOWN as error:
                logger.warning("Page cache unreachable, not stored: %r", error)
            response["X-Page-Cache"] = "miss"
        return response

    @staticmethod
    def read(key):
        """(current generation, cached entry or None)."""
        if settings.PAGE_CACHE_GENERATION == "database":
            return _generation_in_database(), cache.get(key)
        found = cache.get_many([GENERATION_KEY, key])
        return found.get(GENERATION_KEY) or content_generation(), found.get(key)

    def cacheable_request(self, request):
        return (
            request.method == "GET"
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
            and not request.path.startswith(self.excluded)
            and not request.path.endswith("/preview/")
        )

    @staticmethod
    def cacheable_response(request, response):
        user = getattr(request, "user", None)
        cache_control = response.get("Cache-Control", "").lower()
        return (
            response.status_code == 200
            and not response.streaming
            and getattr(response, "is_rendered", True)
            and not response.cookies
            and "cookie" not in response.get("Vary", "").lower()
            and "private" not in cache_control
            and "no-store" not in cache_control
            and not (user is not None and user.is_authenticated)
        )


def _generation_in_database():
    # Plain SQL: the ORM would spend more time building this one-row query than the database
    # spends answering it, on every request a cached page answers.
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT number FROM {ContentGeneration._meta.db_table} WHERE id = 1")
        row = cursor.fetchone()
    return row[0] if row else 0


def _entry(generation, response):
    return (generation, response.status_code, list(response.items()), response.content)


def _response(entry):
    _, status, headers, content = entry
    response = HttpResponse(content, status=status)
    for name, value in headers:
        response[name] = value
    return response
