from django.urls import path

from . import views

app_name = "quotes"

urlpatterns = [
    path("<int:pk>/", views.QuoteDetailView.as_view(), name="detail"),
]
