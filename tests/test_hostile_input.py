"""Hostile query strings and paths: whatever a client sends, a reader page answers without a 5xx.

Property tests over every filter parameter of every list page, plus `q` and `page`: tsquery
operators, quotes and backslashes, NULs and other control characters, 10 KB values, page numbers
that are negative, huge or not numbers, repeated parameters, lone surrogates and broken UTF-8
percent-encoded, and percent-encoding junk. Runs on SQLite and PostgreSQL alike.
"""

from urllib.parse import quote

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .conftest import parse_html

pytestmark = pytest.mark.django_db

# Each list page and the parameters it reads (its FilterSet's fields, `q`, `page`).
LIST_PAGES = {
    "/": ["q", "tag", "person", "author", "since", "until", "page"],
    "/quotes/": ["q", "speaker", "tag", "article", "page"],
    "/people/": ["q", "kind", "page"],
    "/tags/gaza/": ["page"],
    "/search/": ["q", "page"],
}

hostile_settings = settings(
    max_examples=50,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def encoded(text):
    """`text` percent-encoded as a browser would, lone surrogates included (as broken UTF-8)."""
    return quote(text.encode("utf-8", "surrogatepass"), safe="")


TSQUERY = st.text(alphabet="&|!<->:*()'\"\\ ab1-", max_size=40)
CONTROL = st.text(alphabet=st.characters(max_codepoint=0x1F), min_size=1, max_size=10)
UNICODE = st.text(alphabet=st.characters(codec=None, categories=None), max_size=30)  # surrogates too
LONG = st.sampled_from(["x", "&", "\\", "'", "é", "\x00", ":*", "<->", "%"]).map(lambda piece: piece * 10_240)
NUMBERS = st.one_of(
    st.integers(min_value=-(10**40), max_value=10**40).map(str),
    st.sampled_from(["0", "-0", "1e9", "1.5", "NaN", "inf", "-inf", "0x10", " 2", "last", "first", "", "٣"]),
)
DATES = st.sampled_from(["2024-02-30", "0000-00-00", "99999-01-01", "2024-13-45", "yesterday", "1/2/3"])
values = st.one_of(
    TSQUERY.map(encoded),
    CONTROL.map(encoded),
    UNICODE.map(encoded),
    LONG.map(encoded),
    NUMBERS.map(encoded),
    DATES.map(encoded),
    # Percent-encoding junk, sent as it is: truncated escapes, overlong and invalid UTF-8, raw '+' and '%'.
    st.lists(
        st.sampled_from(
            ["%", "%%", "%G0", "%0", "%ED%A0%80", "%FF%FE", "%C0%80", "%C0%AE", "%E2%82", "%25", "%u0041"]
            + ["+", "%2B", "%26", "%3D", "a", "%00", "%0A", "%F0%9F%92%A9", "%F4%90%80%80"]
        ),
        max_size=12,
    ).map("".join),
)


def query_strings(parameters):
    """A query string of one to six parameters, names repeated or unknown, values hostile."""
    names = st.one_of(st.sampled_from(parameters), st.sampled_from(["", "%00", "page[]", "q%5B%5D", "x"]))
    return st.lists(st.tuples(names, values), min_size=1, max_size=6).map(
        lambda pairs: "&".join(f"{name}={value}" for name, value in pairs)
    )


def assert_answered(client, url):
    response = client.get(url)
    assert response.status_code < 500, (url[:300], response.status_code)
    if response.status_code == 200 and response["Content-Type"].startswith("text/html"):
        parse_html(response)  # echoed input never breaks the page's HTML
    return response


@pytest.mark.parametrize("path", LIST_PAGES)
def test_hostile_query_strings_never_cause_a_server_error(desk, path):
    """Any query string on any list page gets a page, a redirect or a 404, never a 5xx."""
    client = Client()

    @hostile_settings
    @given(query=query_strings(LIST_PAGES[path]))
    def check(query):
        assert_answered(client, f"{path}?{query}")

    check()


@hostile_settings
@given(page=NUMBERS, other=st.sampled_from(["", "&page=2", "&page=1&page=-1"]))
def test_any_page_number_is_a_page_or_a_404(desk, page, other):
    """Negative, huge, non-numeric and repeated page numbers: a page or a 404, on every list."""
    client = Client()
    for path in LIST_PAGES:
        response = assert_answered(client, f"{path}?page={encoded(page)}{other}")
        assert response.status_code in (200, 302, 404)


MALFORMED_PATHS = [
    "/articles/%00/",
    "/articles/%00/preview/",
    "/articles/" + "a" * 5000 + "/",
    "/articles/" + "a-" * 150 + "/",
    "/articles/%ED%A0%80/",
    "/articles/%FF/",
    "/articles/..%2F..%2Fetc%2Fpasswd/",
    "/people/" + "a" * 5000 + "/",
    "/people/" + "a" * 5000 + "/feed/",
    "/people/%00/",
    "/tags/" + "a" * 5000 + "/",
    "/tags/" + "a" * 5000 + "/feed/atom/",
    "/tags/%C0%AE/",
    "/quotes/99999999999999999999999999/",
    "/quotes/9223372036854775808/",
    "/quotes/0/",
    "/quotes/-1/",
    "/sitemap-%00.xml",
    "/sitemap-nothing.xml",
    "/sitemap-articles.xml?p=-1",
    "/sitemap-articles.xml?p=abc",
    "/sitemap-articles.xml?p=99999999999999999999999",
    "/%ED%A0%80",
    "/" + "x" * 8000,
]


@pytest.mark.parametrize("path", MALFORMED_PATHS, ids=lambda path: path[:40])
def test_malformed_paths_are_not_found(client, desk, path):
    """Addresses no page has — NULs, broken UTF-8, 5,000-character slugs, huge ids — are a 404, not a 500."""
    assert client.get(path).status_code == 404
