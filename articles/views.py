from django.views.generic import DetailView, ListView

from .models import Article, Quote


class ArticleListView(ListView):
    queryset = Article.objects.published().prefetch_related("authors")
    paginate_by = 20


class ArticleDetailView(DetailView):
    queryset = Article.objects.published().prefetch_related("authors", "people", "tags")


class QuoteDetailView(DetailView):
    queryset = Quote.objects.published().select_related("speaker", "article")
