from django.urls import path

from articles import feeds

from . import views

app_name = "people"

urlpatterns = [
    path("", views.PersonListView.as_view(), name="list"),
    path("<slug:slug>/", views.PersonDetailView.as_view(), name="detail"),
    path("<slug:slug>/feed/", feeds.PersonFeed(), name="feed"),
    path("<slug:slug>/feed/atom/", feeds.PersonAtomFeed(), name="feed_atom"),
]
