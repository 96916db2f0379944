"""Reader pages for articles, quotes, tags and search: thin generic views over QuerySet methods.

What readers may see is decided by the models' QuerySet methods (a topic's page is also not found
when it lists nothing); the pages start from querysets built once per process (newsroom.querysets
says why): `public_listing()` for lists of articles, `public_quotes()` for quotes, `public_reading()`
for an article page and `public_headlines()` for lists of links.
"""

import functools
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.db import connection
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.views.generic import DetailView, ListView, TemplateView
from django_filters.views import FilterView

from people.models import Person

from . import models
from .filters import ArticleFilter, QuoteFilter, SearchForm, printable
from .markup import json_ld, mark_paragraph, mark_quotes
from .models import (
    Article,
    Quote,
    newest_quotes_matching,
    public_headlines,
    public_listing,
    public_quotes,
    public_reading,
    quotes_in,
    search_results,
    tags_saying_if_quoted,
)
from .pagination import ReaderPaginator, cursor_from
from .search import SearchPaginator, snippet_html

# How many of a topic's quotes its page shows.
LATEST_QUOTES = 10
# How many matching quotes search shows beside the stories (the newest; a link leads to the rest).
SEARCH_QUOTES = 10
# An article saved this long after it was published (or created, for back-dated imports) shows "Updated".
UPDATE_GRACE = timedelta(minutes=10)


class ReaderListMixin:
    paginator_class = ReaderPaginator
    paginate_by = 20

    def get_paginator(self, queryset, per_page, **kwargs):
        cursor = cursor_from(self.request.GET)
        return super().get_paginator(queryset, per_page, list_key=self.list_key(), cursor=cursor, **kwargs)

    def list_key(self, *parts):
        """Names the list a page is asked for: its address and the parameters its filters read (not
        the page's number or cursor, nor whatever else a link carries); `parts` name a second list
        on the same page."""
        filterset = getattr(self, "filterset", None)
        read = sorted(filterset.filters) if filterset is not None else ()
        query = tuple(
            (name, tuple(self.request.GET.getlist(name))) for name in read if name in self.request.GET
        )
        return (self.request.path, query, *parts)


class FilteredListView(ReaderListMixin, FilterView):
    """A paged FilterView whose page lists its active filters, each removable on its own.

    A submitted form sends its empty fields too; those are dropped with a redirect, so the address
    a reader shares holds only the filters in use.
    """

    def get(self, request, *args, **kwargs):
        if "" in (value for _, values in request.GET.lists() for value in values):
            used = request.GET.copy()
            for key, values in request.GET.lists():
                used.setlist(key, [value for value in values if value != ""])
            query = used.urlencode()
            return redirect(f"{request.path}?{query}" if query else request.path)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(active_filters=self.filterset.active_filters(), **kwargs)


class ArticleListView(FilteredListView):
    filterset_class = ArticleFilter

    def get_queryset(self):
        return public_listing()

    template_name = "articles/article_list.html"


def news_article_data(article, request, *, people):
    """schema.org NewsArticle for `article`, its relations already fetched."""
    url = request.build_absolute_uri(article.get_absolute_url())
    return {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.headline[:110],
        "description": article.standfirst,
        "url": url,
        "mainEntityOfPage": url,
        "datePublished": article.published_at,
        "dateModified": article.updated_at,
        "author": [
            {
                # A desk's byline ("Metro Staff") is an organisation to schema.org.
                "@type": "Person" if author.kind == Person.Kind.PERSON else "Organization",
                "name": author.name,
                "url": request.build_absolute_uri(author.get_absolute_url()),
            }
            for author in article.byline
        ],
        "keywords": [tag.name for tag in article.topics],
        "publisher": {
            "@type": "Organization",
            "name": settings.SITE_NAME,
            "url": request.build_absolute_uri(reverse("articles:list")),
        },
        "mentions": [{"@type": "Person", "name": person.name} for person in people],
    }


class ArticleDetailView(DetailView):
    def get_queryset(self):
        return public_reading()

    def get_context_data(self, **kwargs):
        article = self.object
        quotes = quotes_in(article)
        people = article.people_in_story
        people += [q.speaker for q in quotes if q.speaker and q.speaker not in people]
        first_public = max(filter(None, [article.published_at, article.created_at]))
        updated = bool(article.published_at and article.updated_at - first_public > UPDATE_GRACE)
        return super().get_context_data(
            paragraphs=mark_quotes(article.paragraphs, quotes),
            quotes=quotes,
            people_in_story=people,
            related=list(public_headlines().related_to(article)),
            updated=updated,
            canonical_url=self.request.build_absolute_uri(article.get_absolute_url()),
            json_ld=json_ld(news_article_data(article, self.request, people=people)),
            **kwargs,
        )


class ArticlePreviewView(PermissionRequiredMixin, ArticleDetailView):
    """Any article, drafts included, for staff who may view articles; never linked publicly."""

    permission_required = "articles.view_article"

    def get_queryset(self):
        return Article.objects.for_reading()

    def get_context_data(self, **kwargs):
        return super().get_context_data(preview=True, **kwargs)


class QuoteListView(FilteredListView):
    filterset_class = QuoteFilter

    def get_queryset(self):
        return public_quotes()

    template_name = "articles/quote_list.html"


class QuoteDetailView(DetailView):
    def get_queryset(self):
        return Quote.objects.published().select_related("speaker", "article").prefetch_related("tags")

    def get_context_data(self, **kwargs):
        quote = self.object
        paragraphs = quote.article.paragraphs
        text = paragraphs[quote.paragraph - 1] if quote.paragraph <= len(paragraphs) else ""
        return super().get_context_data(paragraph=mark_paragraph(text, [quote])[0], **kwargs)


class TagListView(ListView):
    template_name = "tags/tag_list.html"
    context_object_name = "tags"

    def get_queryset(self):
        return list(Article.objects.published().tag_counts())


class TagDetailView(ReaderListMixin, ListView):
    """A tag's articles, paged, and its latest quotes; not found unless it has a public one of either."""

    template_name = "tags/tag_detail.html"

    def get_queryset(self):
        self.tag = get_object_or_404(tags_saying_if_quoted(), slug=self.kwargs["slug"])
        return public_listing().tagged(self.tag)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(tag=self.tag, **kwargs)
        self.tag.quote_count, context["quotes"] = 0, []
        if self.tag.on_quotes:
            quotes = public_quotes().tagged(self.tag)
            latest = ReaderPaginator(quotes, LATEST_QUOTES, list_key=self.list_key("quotes")).page(1)
            self.tag.quote_count, context["quotes"] = latest.paginator.count, latest.object_list
        if not context["page_obj"].object_list and not context["quotes"]:
            raise Http404("No published story or quote has this topic.")
        # Counted like the lists (exact up to a thousand, estimated past it), not tag by tag.
        self.tag.article_count = context["paginator"].count
        return context


class SearchView(ReaderListMixin, ListView):
    """Full-text search over published articles and quotes (see ArticleQuerySet.search)."""

    template_name = "articles/search.html"
    paginator_class = SearchPaginator
    context_object_name = "results"  # named, so ListView does not look into the lazy queryset for one

    def get_queryset(self):
        self.form = SearchForm(printable(self.request.GET))
        self.query = self.form.cleaned_data["q"] if self.form.is_valid() else ""
        # Empty or junk queries too: search() answers them with no rows, counted like any others. Left
        # unbuilt: the pages' rows come from search_results(), and building the queryset cost 1.3 ms.
        return SimpleLazyObject(lambda: public_listing().search(self.query))

    def get_template_names(self):
        return [self.template_name]  # ListView's would look into the lazy queryset for another

    def get_paginator(self, queryset, per_page, **kwargs):
        results = functools.partial(search_results, self.query)
        return super().get_paginator(queryset, per_page, results=results, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(form=self.form, query=self.query, **kwargs)
        for article in context["object_list"]:
            article.snippet_html = snippet_html(article)
        quotes = []
        if self.query and context["page_obj"].number == 1:
            # The newest matches, as the full list of matching quotes starts: ranking them cost more
            # than the stories' search itself on a common word.
            quotes = newest_quotes_matching(self.query, SEARCH_QUOTES)
        context["quotes"] = quotes
        # PostgreSQL ranks only the newest SEARCH_RANKED matches: at the cap there may be many more.
        context["more_matches"] = (
            connection.vendor == "postgresql" and context["paginator"].count >= models.SEARCH_RANKED
        )
        return context


class RobotsView(TemplateView):
    template_name = "robots.txt"
    content_type = "text/plain; charset=utf-8"
