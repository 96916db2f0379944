"""The page cache for anonymous readers, and the content generation that invalidates it.

`PageCacheMiddleware` keeps each reader page's response in Django's cache (`settings.CACHES`, local
memory or Redis) under its address and the current *content generation*: a number in the same cache
that `bump_content_generation()` increases whenever content readers see changes — an article, quote,
person or tag saved or deleted, a byline, mention or tag added or removed (`articles.signals`), or a
`loadseeds` run (`articles.loading`). After a bump every page has a new key, so the next request
renders afresh; old entries simply expire. Nothing is ever deleted by pattern, so it works the same
on every cache backend and across any number of processes sharing the cache.

Scheduled articles: a page is kept at most `PAGE_CACHE_SECONDS` (60 by default), so a story
scheduled for 09:00 is on every page by 09:01 without anyone saving anything.

What is never cached: anything but GET; requests carrying a session cookie (logged-in staff, or a
reader with messages); the admin and article previews; responses other than 200, streamed ones, and
those that set a cookie, vary on the cookie or say `private`/`no-store`. With local-memory caching each
process has its own cache and generation, so with several processes an edit reaches the others within
`PAGE_CACHE_SECONDS`; that is why the page cache is on by default only with a shared cache
(`CACHE_URL`).
"""

import hashlib
import logging
import time

import redis
from django.conf import settings
from django.core.cache import cache

logger = logging.getLogger(__name__)
# A cache that cannot be reached makes the page cache step aside, never fail the request.
CACHE_DOWN = (redis.ConnectionError, redis.TimeoutError)

GENERATION_KEY = "newsroom:content-generation"


def content_generation():
    """The current content generation (a large integer)."""
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        # A lost or evicted number starts again from the clock, never from one already used.
        cache.add(GENERATION_KEY, time.time_ns(), timeout=None)
        generation = cache.get(GENERATION_KEY)
    return generation


def bump_content_generation():
    """Make every cached page stale: readers' next requests see the content as it is now."""
    try:
        try:
            cache.incr(GENERATION_KEY)
        except ValueError:  # no number yet, or it was evicted
            cache.add(GENERATION_KEY, time.time_ns(), timeout=None)
    except CACHE_DOWN as error:
        # The change is saved; cached pages (if the cache comes back with them) expire within
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
        digest = hashlib.sha256(address.encode()).hexdigest()
        try:
            key = f"newsroom:page:{content_generation()}:{digest}"
            response = cache.get(key)
        except CACHE_DOWN as error:
            logger.warning("Page cache unreachable, serving uncached: %r", error)
            return self.get_response(request)
        if response is not None:
            response["X-Page-Cache"] = "hit"
            return response
        response = self.get_response(request)
        if self.cacheable_response(request, response):
            try:
                cache.set(key, response, self.seconds)
            except CACHE_DOWN as error:
                logger.warning("Page cache unreachable, not stored: %r", error)
            response["X-Page-Cache"] = "miss"
        return response

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
