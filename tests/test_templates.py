"""Reader pages' Jinja2 environment (newsroom/jinja2.py): the helpers behave like Django's own."""

import datetime

import pytest
from django import forms
from django.forms.renderers import Jinja2
from django.http import QueryDict
from django.template import engines
from django.test import RequestFactory, override_settings
from django.utils import dateformat, timezone
from django.utils.safestring import mark_safe

from articles.filters import ArticleFilter, ReaderFormRenderer
from newsroom.jinja2 import date, pluralize, querystring


def render(source, **context):
    return engines["jinja2"].from_string(source).render(context)


def test_text_is_escaped_and_django_safe_strings_are_not_escaped_twice():
    assert render("{{ text }}", text="<b>&") == "&lt;b&gt;&amp;"
    assert render("{{ html }}", html=mark_safe("<em>ok</em>")) == "<em>ok</em>"


def test_querystring_changes_one_parameter_and_keeps_the_others():
    request = RequestFactory().get("/?tag=budget&tag=floods&page=2")
    assert QueryDict(querystring(request, page=3)[1:]) == QueryDict("tag=budget&tag=floods&page=3")
    assert querystring(request, page=None) == "?tag=budget&tag=floods"
    assert querystring(RequestFactory().get("/?page=2"), page=None) == "?"  # as Django's: a link that clears
    assert querystring(RequestFactory().get("/"), page=None) == ""


def test_pluralize_takes_django_s_suffixes():
    assert [pluralize(n) for n in (0, 1, 2)] == ["s", "", "s"]
    assert [pluralize(n, "y,ies") for n in (0, 1, 2)] == ["ies", "y", "ies"]


@override_settings(TIME_ZONE="Europe/Madrid")
def test_dates_are_shown_in_the_site_s_time_zone():
    moment = datetime.datetime(2026, 1, 1, 23, 30, tzinfo=datetime.UTC)
    assert date(moment, "j F Y, H:i") == "2 January 2026, 00:30"
    assert date(moment, "c") == "2026-01-02T00:30:00+01:00"
    assert date(None, "c") == ""


def test_the_500_page_renders_without_a_request_or_a_database():
    """Django renders 500.html with no request and no context; it must not fail in its turn (and a
    query would: this test has no database)."""
    page = engines["jinja2"].get_template("500.html").render()
    assert "Something went wrong" in page and 'href="/"' in page


@override_settings(TIME_ZONE="America/New_York")
def test_dates_read_as_django_s_date_filter_writes_them():
    """newsroom.jinja2.date spells the reader pages' formats itself; every one must match Django's."""
    formats = ["c", "j F Y", "j M Y", "l j F Y, H:i", "j F Y, H:i", "d/m/Y", "N j, Y", r"j \o\f F"]
    start = datetime.datetime(2024, 12, 31, 22, 5, 7, 120, tzinfo=datetime.UTC)
    moments = [start + datetime.timedelta(days=37 * n, hours=5 * n) for n in range(40)]
    moments.append(datetime.datetime(987, 3, 4, 1, 2, tzinfo=datetime.UTC))
    for moment in moments:
        local = timezone.localtime(moment)
        for format_string in formats:
            assert date(moment, format_string) == dateformat.format(local, format_string), format_string


def test_reader_form_inputs_are_drawn_as_django_s_templates_draw_them(monkeypatch):
    """The filter forms' <input> widgets, drawn in Python, match Django's Jinja2 widget templates byte
    for byte (values and attributes escaped alike, booleans as Django writes them), without the engine."""
    renderer = ReaderFormRenderer()
    widgets = [
        forms.TextInput(attrs={"placeholder": 'Name "quoted" <b> & \'it\'', "maxlength": 200}),
        forms.DateInput(attrs={"type": "date", "required": True, "disabled": False, "data-x": None}),
        forms.HiddenInput(),
        forms.TextInput(attrs={"aria-describedby": "id_q_helptext", "aria-invalid": "true"}),
    ]
    values = [None, "", "talks", 'a "b" <c> & \'d\'', mark_safe("<i>safe</i>"), 0, datetime.date(2026, 3, 9)]
    expected = {}
    for number, widget in enumerate(widgets):
        for value in values:
            context = widget.get_context(f"field{number}", value, {"id": f"id_{number}"})
            expected[number, str(value)] = Jinja2().render(widget.template_name, context)
    monkeypatch.setattr(Jinja2, "get_template", lambda *args: pytest.fail("drawn through a template"))
    for number, widget in enumerate(widgets):
        for value in values:
            context = widget.get_context(f"field{number}", value, {"id": f"id_{number}"})
            assert renderer.render(widget.template_name, context) == expected[number, str(value)]
    assert ArticleFilter(QueryDict("q=talks&since=2026-01-02")).form["q"].as_widget() == (
        '<input type="text" name="q" value="talks" maxlength="200" id="id_q">'
    )
