from django.urls import path

from . import views

app_name = "quotes"

urlpatterns = [
    path("", views.QuoteListView.as_view(), name="list"),
    path("<int:pk>/", views.QuoteDetailView.as_view(), name="detail"),
]
