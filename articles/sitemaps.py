"""The sitemap: every public article, person and tag, and the index pages."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from people.models import Person

from .models import Article


class ArticleSitemap(Sitemap):
    changefreq = "daily"
    priority = 0.8

    def items(self):
        return (
            Article.objects.published().only("slug", "updated_at", "published_at").order_by("-published_at")
        )

    def lastmod(self, article):
        return max(article.updated_at, article.published_at)


class PersonSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.5

    def items(self):
        return Person.objects.public().only("slug").order_by("slug")


class TagSitemap(Sitemap):
    changefreq = "daily"
    priority = 0.5

    def items(self):
        return Article.objects.published().tag_counts().only("slug")

    def location(self, tag):
        return reverse("tags:detail", kwargs={"slug": tag.slug})


class IndexSitemap(Sitemap):
    changefreq = "hourly"
    priority = 1.0

    def items(self):
        return ["articles:list", "quotes:list", "people:list", "tags:list"]

    def location(self, name):
        return reverse(name)


SITEMAPS = {"articles": ArticleSitemap, "people": PersonSitemap, "tags": TagSitemap, "index": IndexSitemap}
