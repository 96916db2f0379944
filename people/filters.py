"""What readers may filter the people index by."""

import django_filters

from articles.filters import ReaderFilterSet, ReaderForm

from .models import Person


class PersonFilter(ReaderFilterSet):
    q = django_filters.CharFilter(label="Name or title", method="filter_words", max_length=100)
    kind = django_filters.ChoiceFilter(
        label="Kind", field_name="kind", lookup_expr="exact", choices=Person.Kind.choices, empty_label="All"
    )

    class Meta:
        form = ReaderForm
        model = Person
        fields = ["q", "kind"]

    def filter_words(self, queryset, name, value):
        return queryset.matching(value)
