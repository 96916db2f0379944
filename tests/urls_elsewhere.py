"""A URLconf that puts the article page somewhere else, and a middleware that serves requests with it
(tests/test_links.py)."""

from django.http import HttpResponse
from django.urls import include, path

from newsroom.links import link

articles = ([path("<slug:slug>/", lambda request, slug: HttpResponse(slug), name="detail")], "articles")
urlpatterns = [
    path("elsewhere/", include(articles)),
    path("a-link/", lambda request: HttpResponse(link("articles:detail", slug="harbour"))),
]


class UrlconfElsewhereMiddleware:
    """Serves a request with this URLconf, as a site serving several hosts would (request.urlconf)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.urlconf = __name__
        return self.get_response(request)
