"""RSS and Atom feeds of the latest published articles: all, per tag and per person."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape

from people.models import public_people

from .models import public_listing, public_tags

FEED_LENGTH = 20


class LatestArticlesFeed(Feed):
    description = "The latest published stories."

    def __call__(self, request, *args, **kwargs):
        response = super().__call__(request, *args, **kwargs)
        # The feed is written into the response a few bytes at a time, and a WSGI server sends each
        # piece on its own: thousands of writes to the socket, 9 ms where the page takes 3. One piece.
        response.content = response.content
        return response

    def title(self):
        return f"{settings.SITE_NAME}: latest stories"

    def link(self):
        return reverse("articles:list")

    def items(self):
        return public_listing()[:FEED_LENGTH]

    def item_title(self, item):
        return item.headline

    def item_description(self, item):
        # RSS descriptions and Atom summaries (type="html") are read as HTML: the plain-text
        # standfirst is escaped, so readers show its words rather than run its markup.
        return escape(item.standfirst)

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return max(item.updated_at, item.published_at)

    def item_author_name(self, item):
        return ", ".join(author.name for author in item.byline) or None

    def item_categories(self, item):
        return [tag.name for tag in item.topics]


class LatestArticlesAtomFeed(LatestArticlesFeed):
    feed_type = Atom1Feed
    subtitle = LatestArticlesFeed.description


class TagFeed(LatestArticlesFeed):
    def get_object(self, request, slug):
        return get_object_or_404(public_tags(), slug=slug)

    def title(self, tag):
        return f"{settings.SITE_NAME}: {tag.name}"

    def description(self, tag):
        return f"The latest stories tagged “{tag.name}”."

    subtitle = description

    def link(self, tag):
        return reverse("tags:detail", kwargs={"slug": tag.slug})

    def items(self, tag):
        return public_listing().tagged(tag)[:FEED_LENGTH]


class TagAtomFeed(TagFeed):
    feed_type = Atom1Feed


class PersonFeed(LatestArticlesFeed):
    def get_object(self, request, slug):
        return get_object_or_404(public_people(), slug=slug)

    def title(self, person):
        return f"{settings.SITE_NAME}: {person.name}"

    def description(self, person):
        return f"The latest stories by, quoting or mentioning {person.name}."

    subtitle = description

    def link(self, person):
        return person.get_absolute_url()

    def items(self, person):
        return public_listing().featuring(person, bylines=True)[:FEED_LENGTH]


class PersonAtomFeed(PersonFeed):
    feed_type = Atom1Feed
