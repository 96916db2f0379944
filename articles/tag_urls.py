from django.urls import path

from . import feeds, views

app_name = "tags"

urlpatterns = [
    path("", views.TagListView.as_view(), name="list"),
    path("<slug:slug>/", views.TagDetailView.as_view(), name="detail"),
    path("<slug:slug>/feed/", feeds.TagFeed(), name="feed"),
    path("<slug:slug>/feed/atom/", feeds.TagAtomFeed(), name="feed_atom"),
]
