"""What readers may filter articles and quotes by; each filter names the field and lookup it uses.

Topics and people are typed (a name or a slug, as links carry): an archive holds hundreds of topics and
tens of thousands of people, too many to list on every page, so they are looked up only when a reader
asks for one, with one query per field.
"""

import functools
import re

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db import router
from django.db.models import OuterRef
from django.forms.renderers import Jinja2
from django.forms.utils import flatatt
from django.http import QueryDict
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.text import slugify
from markupsafe import escape as escape_html

from newsroom.compiled_once import CompiledExists, CompiledQuery
from newsroom.querysets import built_once
from people.models import Person, public_people

from .models import SEARCH_MAX_LENGTH, Article, Quote, public_tags

# C0 and C1 controls and Unicode noncharacters: none may appear in an HTML page.
_CONTROL_CHARACTERS = re.compile(
    r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufdd0-\ufdef"
    + "".join(chr(plane << 16 | 0xFFFE) + chr(plane << 16 | 0xFFFF) for plane in range(17))
    + "]"
)


def printable(data):
    """A copy of the query string's values without control characters (no reader types them, and a
    page echoing them back would not be valid HTML)."""
    if data is None:
        return None
    if not hasattr(data, "lists"):  # a plain dict, as tests and shells pass
        plain, data = data, QueryDict(mutable=True)
        for key, value in plain.items():
            data.setlist(key, list(value) if isinstance(value, list | tuple) else [value])
    cleaned = data.copy()
    for key, values in data.lists():
        cleaned.setlist(key, [_CONTROL_CHARACTERS.sub("", str(value)) for value in values])
    return cleaned


class ReaderFormRenderer(Jinja2):
    """Django's Jinja2 form renderer, drawing the plain `<input>` widgets in Python.

    Their templates are one line (`django/forms/jinja2/django/forms/widgets/input.html` and
    `attrs.html`), but each trip through the template engine took ~50 µs, and a list page draws
    five: 5 % of its Python. The HTML is the templates', escaped as Jinja2 escapes.
    """

    INPUTS = {f"django/forms/widgets/{kind}.html" for kind in ("input", "text", "date", "hidden")}

    def render(self, template_name, context, request=None):
        if template_name not in self.INPUTS:
            return super().render(template_name, context, request)
        widget = context["widget"]
        html = [f'<input type="{escape_html(widget["type"])}" name="{escape_html(widget["name"])}"']
        if widget["value"] is not None:
            html.append(f' value="{escape_html(widget["value"])}"')
        for name, value in widget["attrs"].items():
            if value is True:
                html.append(f" {escape_html(name)}")
            elif value is not False:
                html.append(f' {escape_html(name)}="{escape_html(value)}"')
        html.append(">")
        return "".join(html)


class ReaderForm(forms.Form):
    """A reader page's filter form: its widgets drawn with Django's Jinja2 form templates, like the
    page around it (newsroom/jinja2.py says why)."""

    default_renderer = ReaderFormRenderer()  # one renderer, one template environment, for every form


class ReaderFilterSet(django_filters.FilterSet):
    """A FilterSet that can list its active filters, each with the query string that removes it."""

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(printable(data), *args, **kwargs)

    def active_filters(self):
        """[(label, value label, query string without this value)], in form order."""
        data = self.data
        active = []
        for name, field in self.form.fields.items():
            given = data.getlist(name) if hasattr(data, "getlist") else [data.get(name)]
            values = [value for value in given if value]
            # Only for the fields in use: a list of a few hundred topics is not read on every page.
            choices = {str(value): label for value, label in getattr(field, "choices", [])} if values else {}
            for value in values:
                remaining = data.copy()
                remaining.setlist(name, [other for other in data.getlist(name) if other != value])
                remaining.pop("page", None)
                active.append((field.label, choices.get(value, value), remaining.urlencode()))
        return active


def _date_filter(label, lookup_expr):
    return django_filters.DateFilter(
        label=label,
        field_name="published_at",
        lookup_expr=lookup_expr,
        widget=forms.DateInput(attrs={"type": "date"}),
    )


class TopicsInput(forms.Widget):
    """The topics chosen so far, each a ticked box a reader can untick, then a box to type one more.

    An archive holds hundreds of topics: a list of them all on every page would be most of the page
    (and of the time it takes); the topics page lists them, and every topic link sets this filter.
    """

    def __init__(self, attrs=None):
        super().__init__(attrs)
        self.labels = {}  # value → topic name, set by TopicsField.clean() for the values it knows

    def value_from_datadict(self, data, files, name):
        return data.getlist(name) if hasattr(data, "getlist") else [data.get(name)]

    def render(self, name, value, attrs=None, renderer=None):
        attrs = self.build_attrs(self.attrs, attrs)
        base = attrs.get("id", f"id_{name}")
        chosen = "".join(
            f'<label class="chosen-topic" for="{base}_{index}"><input type="checkbox" id="{base}_{index}"'
            f' name="{escape(name)}" value="{escape(value)}" checked>'
            f" {escape(self.labels.get(value, value))}</label>"
            for index, value in enumerate(item for item in value or [] if item)
        )
        return mark_safe(f'{chosen}<input type="text" name="{escape(name)}"{flatatt(attrs)}>')


class TopicsField(forms.Field):
    """Topics typed by name or slug (`?tag=budget`, repeatable), each of which must be among `tags()`.

    Cleans to the tags (id, name and slug), with one query however many are given: the filter then
    compares ids, which lets PostgreSQL plan with what it knows of each tag (common or rare).
    """

    widget = TopicsInput

    def __init__(self, *, tags=None, items="story", **kwargs):
        self.tags, self.items = tags, items
        super().__init__(**kwargs)

    def clean(self, value):
        given = list(dict.fromkeys(item.strip() for item in value or [] if item and item.strip()))
        if not given:
            return []
        slugs = {item: slugify(item) or slugify(item, allow_unicode=True) for item in given}
        found = {tag.slug: tag for tag in named(self.tags, set(slugs.values()))}
        # Named, for the list of active filters and the ticked boxes.
        self.choices = [(item, found[slugs[item]].name if slugs[item] in found else item) for item in given]
        self.widget.labels = dict(self.choices)
        unknown = [item for item in given if slugs[item] not in found]
        if unknown:
            raise ValidationError(
                "No published %(items)s has the topic “%(topic)s”.",
                code="invalid_choice",
                params={"items": self.items, "topic": unknown[0][:100]},
            )
        return list({found[slugs[item]].pk: found[slugs[item]] for item in given}.values())


class TopicsFilter(django_filters.Filter):
    field_class = TopicsField


# How many names a reader's filter may give for one field and still be looked up with SQL compiled
# once; more (a hand-made address) are looked up as any query is.
NAMED_COMPILED_UP_TO = 4


def named(rows, slugs):
    """The rows of `rows()` (a module-level function returning people or tags) whose slug is among
    `slugs`, only their name and slug loaded.

    A reader's filter names a person or a topic or two on every filtered page, and building and
    compiling the query to find them cost more than running it; so each list and number of names
    has its query compiled once (newsroom.compiled_once).
    """
    slugs = sorted(slugs)
    if not slugs:
        return []
    if len(slugs) > NAMED_COMPILED_UP_TO:
        return list(rows().filter(slug__in=slugs).only("name", "slug"))
    using = router.db_for_read(rows().model)
    values = {f"slug{n}": slug for n, slug in enumerate(slugs)}
    return _named_query(rows, len(slugs)).rows(len(slugs), using=using, **values)


@functools.lru_cache(maxsize=64)  # bounded: a `rows` made anew for each call would cost speed, not memory
def _named_query(rows, count):
    return CompiledQuery(
        lambda limit, **slugs: rows().filter(slug__in=list(slugs.values())).only("name", "slug")[:limit],
        **{f"slug{n}": f"\ue002slug {n}\ue003" for n in range(count)},
    )


def _topics_filter(tags, *, items, plural):
    """A filter of `items` by topics among `tags()`: a function, so the queryset is built only when
    one is typed."""
    help_text = f"A topic's name; {plural} with every topic chosen. Untick one to drop it."
    widget = TopicsInput(attrs={"placeholder": "Topic", "maxlength": 100})
    return TopicsFilter(
        label="Topics", method="filter_tags", help_text=help_text, widget=widget, tags=tags, items=items
    )


class PersonField(forms.CharField):
    """A person typed by name or by slug (`?person=isaac-herzog`), who must be among `people()`.

    Cleans to the person (their key, name and slug), with one query: the filter then compares ids,
    which lets PostgreSQL plan with what it knows of that very person (a much-quoted one or not).
    The name becomes the field's only choice, so the list of active filters shows it.
    """

    def __init__(self, *, people=None, **kwargs):
        self.people = people
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return value
        slug = slugify(value) or slugify(value, allow_unicode=True)
        person = next(iter(named(self.people, {slug})), None)
        if person is None:
            raise ValidationError("No one of that name is in a published story.", code="invalid_choice")
        self.choices = [(value, person.name)]
        return person


class PersonNameFilter(django_filters.CharFilter):
    field_class = PersonField


def _person_filter(label, people, **kwargs):
    """A filter by a person among `people()`: a function, so the queryset is built only when one is typed."""
    widget = forms.TextInput(attrs={"placeholder": "Name"})
    return PersonNameFilter(label=label, max_length=200, widget=widget, people=people, **kwargs)


# Plain functions, not a manager's bound methods or partials: the filters are deep-copied for each
# request, and a copied manager would never find the queryset built for the first; named() keeps
# the lookup it compiles under the function itself, which a copied partial would not be.
def _story_topics():
    return public_tags(quotes=False)


def _quote_topics():
    return public_tags(articles=False)


@built_once
def _people_in_stories():
    return public_people(bylines=False)


@built_once
def _authors():
    return Person.objects.filter(CompiledExists(Article.objects.published().filter(authors=OuterRef("pk"))))


@built_once
def _speakers():
    return Person.objects.filter(CompiledExists(Quote.objects.published().filter(speaker=OuterRef("pk"))))


class ArticleFilter(ReaderFilterSet):
    q = django_filters.CharFilter(label="Words", method="filter_words", max_length=SEARCH_MAX_LENGTH)
    tag = _topics_filter(_story_topics, items="story", plural="stories")
    person = _person_filter(
        "Person quoted or mentioned",
        _people_in_stories,
        field_name="people",
        method="filter_person",
    )
    author = _person_filter("Author", _authors, field_name="authors", lookup_expr="exact")
    since = _date_filter("From", "date__gte")
    until = _date_filter("To", "date__lte")

    class Meta:
        form = ReaderForm
        model = Article
        fields = ["q", "tag", "person", "author", "since", "until"]

    def filter_words(self, queryset, name, value):
        return queryset.matching(value)

    def filter_tags(self, queryset, name, value):
        return queryset.tagged(*value)

    def filter_person(self, queryset, name, value):
        return queryset.featuring(value)


class QuoteFilter(ReaderFilterSet):
    q = django_filters.CharFilter(label="Words", method="filter_words", max_length=SEARCH_MAX_LENGTH)
    speaker = _person_filter("Speaker", _speakers, field_name="speaker", lookup_expr="exact")
    tag = _topics_filter(_quote_topics, items="quote", plural="quotes")
    article = django_filters.CharFilter(
        label="Article", field_name="article__slug", lookup_expr="exact", widget=forms.HiddenInput
    )

    class Meta:
        form = ReaderForm
        model = Quote
        fields = ["q", "speaker", "tag", "article"]

    def filter_words(self, queryset, name, value):
        return queryset.matching(value)

    def filter_tags(self, queryset, name, value):
        return queryset.tagged(*value)


class SearchForm(forms.Form):
    q = forms.CharField(label="Search stories and quotes", max_length=SEARCH_MAX_LENGTH, required=False)
