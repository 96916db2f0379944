"""Site-wide response policy: the Content-Security-Policy header, and a 503 page while a backing
service (PostgreSQL, or Redis when it holds the cache and sessions) is unreachable."""

import logging

import redis
from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template import loader

logger = logging.getLogger(__name__)

# What a request raises while the database or the Redis cache cannot be reached.
SERVICE_DOWN = (OperationalError, InterfaceError, redis.ConnectionError, redis.TimeoutError)
RETRY_AFTER_SECONDS = 30


def content_security_policy(directives):
    """`{"default-src": ["'self'"], …}` → `"default-src 'self'; …"` (the shape of Django 6's SECURE_CSP)."""
    return "; ".join(" ".join([name, *sources]) for name, sources in directives.items())


class ContentSecurityPolicyMiddleware:
    """Sends `settings.SECURE_CSP` with every response that does not set its own policy.

    Django 5.2 has no CSP support of its own; Django 6.0's `django.middleware.csp` reads the same
    setting, so this class can be swapped for it on upgrade.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.header = content_security_policy(settings.SECURE_CSP)

    def __call__(self, request):
        response = self.get_response(request)
        # Django's technical error pages (DEBUG only) style themselves inline.
        technical_page = settings.DEBUG and response.status_code >= 400
        if self.header and not technical_page:
            response.headers.setdefault("Content-Security-Policy", self.header)
        return response


class ServiceUnavailableMiddleware:
    """Answers 503 with `templates/503.html` and Retry-After when the database or Redis cannot be reached.

    Catches what a view or its template raises; the page is rendered without a request, so no
    context processor, session or user lookup touches the database again.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, SERVICE_DOWN):
            return None
        return service_unavailable(request, exception)


def service_unavailable(request, exception):
    """The 503 page, for `exception` (one of SERVICE_DOWN)."""
    logger.error("Service unavailable for %s %s: %r", request.method, request.path, exception)
    page = loader.render_to_string("503.html", {"site_name": getattr(settings, "SITE_NAME", "Newsroom")})
    response = HttpResponse(page, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response
