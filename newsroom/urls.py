from django.contrib import admin
from django.contrib.sitemaps import views as sitemaps
from django.urls import include, path

from articles.sitemaps import SITEMAPS
from articles.views import RobotsView

urlpatterns = [
    path("admin/", admin.site.urls),
    path("people/", include("people.urls")),
    path("quotes/", include("articles.quote_urls")),
    path("tags/", include("articles.tag_urls")),
    path(
        "sitemap.xml",
        sitemaps.index,
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap"},
        name="sitemap-index",
    ),
    path("sitemap-<section>.xml", sitemaps.sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", RobotsView.as_view(), name="robots"),
    path("", include("articles.urls")),
]
