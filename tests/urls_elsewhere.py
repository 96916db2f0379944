"""A URLconf that puts the article page somewhere else (tests/test_links.py)."""

from django.http import HttpResponse
from django.urls import include, path

articles = ([path("<slug:slug>/", lambda request, slug: HttpResponse(slug), name="detail")], "articles")
urlpatterns = [path("elsewhere/", include(articles))]
