from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("people/", include("people.urls")),
    path("quotes/", include("articles.quote_urls")),
    path("", include("articles.urls")),
]
