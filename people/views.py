"""Reader pages for people: the index and each person's quotes and stories."""

import functools

from django.shortcuts import get_object_or_404
from django.views.generic import ListView

from articles.models import newest_quotes_by, newest_stories_by, newest_stories_featuring, public_quotes
from articles.views import FilteredListView, ReaderListMixin

from .filters import PersonFilter
from .models import COUNTED_UP_TO, public_people


class PersonListView(FilteredListView):
    filterset_class = PersonFilter
    paginate_by = 50

    def get_queryset(self):
        return public_people().with_public_counts()

    def get_context_data(self, **kwargs):
        return super().get_context_data(counted_up_to=COUNTED_UP_TO, **kwargs)

    template_name = "people/person_list.html"


class PersonDetailView(ReaderListMixin, ListView):
    """A person's quotes, newest first and paged, with the stories that feature or are by them."""

    template_name = "people/person_detail.html"
    context_object_name = "quotes"

    def get_queryset(self):
        self.person = get_object_or_404(public_people(), slug=self.kwargs["slug"])
        return public_quotes().filter(speaker=self.person)

    def get_paginator(self, queryset, per_page, **kwargs):
        first_rows = functools.partial(newest_quotes_by, self.person)
        return super().get_paginator(queryset, per_page, first_rows=first_rows, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            person=self.person,
            stories=newest_stories_featuring(self.person, 10),
            bylines=newest_stories_by(self.person, 10),
            **kwargs,
        )
