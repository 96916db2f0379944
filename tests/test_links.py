"""Remembered page addresses (newsroom.links): the same as reverse(), under any prefix or URLconf."""

import pytest
from django.urls import reverse, set_script_prefix

from newsroom.links import _link, link

from . import factories as make


@pytest.fixture(autouse=True)
def fresh():
    _link.cache_clear()
    yield
    set_script_prefix("/")


def test_link_is_reverse_and_is_worked_out_once():
    assert link("articles:detail", slug="harbour") == reverse("articles:detail", kwargs={"slug": "harbour"})
    link("articles:detail", slug="harbour")
    assert _link.cache_info().hits == 1


def test_a_site_under_a_sub_path_links_under_it():
    """The script prefix (SCRIPT_NAME) is part of what is remembered."""
    plain = link("people:detail", slug="ana-ruiz")
    set_script_prefix("/news/")
    assert link("people:detail", slug="ana-ruiz") == "/news" + plain


def test_a_swapped_urlconf_gets_its_own_addresses(settings):
    link("articles:detail", slug="harbour")
    settings.ROOT_URLCONF = "tests.urls_elsewhere"
    assert link("articles:detail", slug="harbour") == "/elsewhere/harbour/"


@pytest.mark.django_db
def test_models_and_topic_links_use_it(client):
    story = make.published("Harbour reopens", tags=["Ports"])
    body = client.get("/").content.decode()
    assert f'href="{story.get_absolute_url()}"' in body and 'href="/tags/ports/"' in body
    assert _link.cache_info().currsize >= 2


def test_reader_templates_url_is_the_remembered_address():
    from django.template import engines

    template = engines["jinja2"].from_string("{{ url('people:detail', slug='ana-ruiz') }}")
    assert template.render({}) == reverse("people:detail", kwargs={"slug": "ana-ruiz"})
    assert _link.cache_info().currsize == 1


@pytest.mark.django_db
def test_a_page_reads_its_urlconf_prefix_and_time_zone_once_however_many_links_and_dates(client, monkeypatch):
    """newsroom.request_locals: the Locals Django keeps them in are read once a request, not once
    for each of the page's links and dates."""
    from newsroom import request_locals

    for number in range(5):
        story = make.published(f"Story {number}", tags=[f"Topic {number}"])
        story.authors.add(make.person(f"Writer Number{number}"))
    reads = []
    for name in ("get_urlconf", "get_script_prefix"):
        read = getattr(request_locals, name)
        monkeypatch.setattr(request_locals, name, lambda read=read, name=name: reads.append(name) or read())
    read_zone = request_locals.timezone.get_current_timezone
    monkeypatch.setattr(
        request_locals.timezone, "get_current_timezone", lambda: reads.append("zone") or read_zone()
    )
    body = client.get("/").content.decode()
    assert body.count('href="/articles/') >= 5 and body.count("<time") >= 5
    assert sorted(reads) == ["get_script_prefix", "get_urlconf", "zone"]


@pytest.mark.django_db
def test_a_page_under_a_sub_path_links_under_it(client):
    """The prefix a request is served under reaches every link of its page."""
    story = make.published("Harbour reopens", tags=["Ports"])
    set_script_prefix("/news/")
    body = client.get("/").content.decode()
    assert f'href="/news/articles/{story.slug}/"' in body
    assert 'href="/news/tags/ports/"' in body


def test_a_request_served_with_its_own_urlconf_links_with_it(client, settings):
    """A middleware may set request.urlconf (a site serving several hosts): links follow it."""
    settings.MIDDLEWARE = ["tests.urls_elsewhere.UrlconfElsewhereMiddleware", *settings.MIDDLEWARE]
    assert client.get("/a-link/").content.decode() == "/elsewhere/harbour/"
