"""The sitemap: every public article, person and tag, and the index pages."""

from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.urls import reverse

from people.models import Person

from .models import Article


class ArticleSitemap(Sitemap):
    """Every published article; Django splits it into pages of 50,000 under the sitemap index."""

    changefreq = "daily"
    priority = 0.8

    def items(self):
        return (
            Article.objects.published().only("slug", "updated_at", "published_at").order_by("-published_at")
        )

    def lastmod(self, article):
        return max(article.updated_at, article.published_at)

    def get_latest_lastmod(self):
        # For the index: one aggregate, not lastmod() on every article.
        latest = self.items().aggregate(updated=Max("updated_at"), published=Max("published_at"))
        return max(filter(None, latest.values()), default=None)


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
