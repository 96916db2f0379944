"""Nothing leaked: headers, admin login throttling and CSRF, and the 503 page while the database is down."""

from datetime import timedelta
from unittest import mock

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.models import User
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from . import factories as make

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/"
PASSWORD = "pw-for-tests-only"


def csp(response):
    return {
        directive.split()[0]: directive.split()[1:]
        for directive in response["Content-Security-Policy"].split("; ")
    }


# --- headers ---------------------------------------------------------------------------------


@pytest.fixture
def pages(client):
    """A public article page, the admin login page and an admin change page."""
    article = make.published("Header check")
    editor = Client()
    editor.force_login(make.editor())
    return {
        "public": client.get(article.get_absolute_url()),
        "login": client.get(LOGIN),
        "admin": editor.get(reverse("admin:articles_article_change", args=[article.pk])),
    }


@pytest.mark.parametrize("page", ["public", "login", "admin"])
def test_content_security_policy_allows_only_the_sites_own_files(pages, page):
    """Scripts, styles, fonts and frames come from the site itself; no inline script, no framing."""
    response = pages[page]
    assert response.status_code == 200
    policy = csp(response)
    assert policy["default-src"] == ["'self'"]
    assert policy["img-src"] == ["'self'", "data:"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]
    assert policy["form-action"] == ["'self'"]
    assert "script-src" not in policy and "style-src" not in policy  # both fall back to 'self'
    assert "unsafe-inline" not in response["Content-Security-Policy"]


@pytest.mark.parametrize("page", ["public", "login", "admin"])
def test_content_type_sniffing_is_off(pages, page):
    """X-Content-Type-Options: nosniff on every page."""
    assert pages[page]["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize("page", ["public", "login", "admin"])
def test_referrer_stays_on_the_site(pages, page):
    """Referrer-Policy: same-origin, so admin URLs never reach another site."""
    assert pages[page]["Referrer-Policy"] == "same-origin"


@pytest.mark.parametrize("page", ["public", "login", "admin"])
def test_pages_cannot_be_framed(pages, page):
    """X-Frame-Options: DENY, for browsers that predate frame-ancestors."""
    assert pages[page]["X-Frame-Options"] == "DENY"


def test_error_pages_keep_the_policy_except_djangos_debug_pages(client, settings):
    """A 404 is covered like any page; only DEBUG's technical pages, styled inline, go without."""
    assert "Content-Security-Policy" in client.get("/articles/no-such-story/").headers
    settings.DEBUG = True
    assert "Content-Security-Policy" not in client.get("/articles/no-such-story/").headers


def test_admin_pages_use_no_inline_script(pages):
    """Django's admin runs under the policy: every script it loads is a file of the site's own."""
    for page in ("login", "admin"):
        html = pages[page].content.decode()
        for tag in html.split("<script")[1:]:
            assert 'src="' in tag.split(">")[0], f"inline script on the {page} page: <script{tag[:120]}"


# --- admin login: CSRF and throttling ----------------------------------------------------------


def login_attempt(client, username, password, address="198.51.100.7"):
    return client.post(
        LOGIN, {"username": username, "password": password, "next": "/admin/"}, REMOTE_ADDR=address
    )


def test_admin_login_requires_a_csrf_token():
    """A login form posted from elsewhere, without the site's CSRF token, is refused."""
    make.editor()
    browser = Client(enforce_csrf_checks=True)
    response = browser.post(LOGIN, {"username": "editor", "password": PASSWORD, "next": "/admin/"})
    assert response.status_code == 403
    assert "_auth_user_id" not in browser.session


def test_admin_login_with_the_csrf_token_succeeds():
    """The real form, with its token, logs in."""
    make.editor()
    browser = Client(enforce_csrf_checks=True)
    page = browser.get(LOGIN)
    token = page.context["csrf_token"]
    response = browser.post(
        LOGIN, {"username": "editor", "password": PASSWORD, "next": "/admin/", "csrfmiddlewaretoken": token}
    )
    assert response.status_code == 302
    assert browser.session["_auth_user_id"] == str(User.objects.get(username="editor").pk)


def test_five_failed_logins_lock_that_username_from_that_address(client):
    """After 5 wrong passwords, even the right one is refused (429) for that username and address."""
    make.editor()
    for _ in range(4):
        assert login_attempt(client, "editor", "wrong").status_code == 200
    assert login_attempt(client, "editor", "wrong").status_code == 429
    locked = login_attempt(client, "editor", PASSWORD)
    assert locked.status_code == 429
    assert "Too many login attempts" in locked.content.decode()
    assert "paused for 0:15:00" in locked.content.decode()
    assert "_auth_user_id" not in client.session


def test_lockout_is_keyed_by_username_and_address(client):
    """Another user at the same address, or the same user elsewhere, can still log in."""
    make.editor()
    make.reporter()
    for _ in range(5):
        login_attempt(client, "editor", "wrong")
    assert login_attempt(Client(), "reporter", PASSWORD).status_code == 302
    assert login_attempt(Client(), "editor", PASSWORD, address="203.0.113.9").status_code == 302


def test_lockout_ends_after_fifteen_minutes(client):
    """The cool-off is 15 minutes: after it the right password works again."""
    make.editor()
    for _ in range(5):
        login_attempt(client, "editor", "wrong")
    assert login_attempt(client, "editor", PASSWORD).status_code == 429
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=15, seconds=1))
    assert login_attempt(client, "editor", PASSWORD).status_code == 302


def test_a_successful_login_clears_the_failures(client):
    """4 failures, a success, 4 failures: not locked, the count started again."""
    make.editor()
    for _ in range(4):
        login_attempt(client, "editor", "wrong")
    assert login_attempt(client, "editor", PASSWORD).status_code == 302
    client.logout()
    for _ in range(4):
        assert login_attempt(client, "editor", "wrong").status_code == 200
    assert login_attempt(client, "editor", PASSWORD).status_code == 302


def test_test_helpers_still_log_in(client):
    """force_login needs no password; client.login works when given a request, as axes requires."""
    editor = make.editor()
    client.force_login(editor)
    assert client.get("/admin/").status_code == 200
    client.logout()
    assert client.login(request=HttpRequest(), username="editor", password=PASSWORD)
    assert client.get("/admin/").status_code == 200


# --- database outage ---------------------------------------------------------------------------


def database_down(error=OperationalError):
    """Every query fails as it does while PostgreSQL restarts."""
    return mock.patch(
        "django.db.backends.utils.CursorWrapper.execute",
        side_effect=error("connection to server at 127.0.0.1, port 5432 failed: Connection refused"),
    )


@pytest.mark.parametrize("error", [OperationalError, InterfaceError])
def test_database_outage_gives_a_503_page_with_retry_after(client, error):
    """Readers get the site's 503 page and a Retry-After, not a 500 or a traceback."""
    article = make.published("Still here")
    with database_down(error):
        response = client.get(article.get_absolute_url())
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert response["Cache-Control"] == "no-store"
    page = response.content.decode()
    assert "Back in a moment" in page
    assert "/static/css/site.css" in page
    assert "Traceback" not in page and "OperationalError" not in page
    assert "Content-Security-Policy" in response.headers


def test_redis_outage_gives_the_503_page_too(client, settings):
    """With the cache and sessions in Redis, a Redis outage is the same short outage, not a 500."""
    client.force_login(make.editor())
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    settings.CACHES = {
        "default": {
            "BACKEND": "newsroom.redis_cache.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there: connection refused
        }
    }
    response = client.get("/admin/")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"


def test_site_answers_again_once_the_database_is_back(client):
    """No restart needed: the next request after the outage is served normally."""
    article = make.published("Back again")
    with database_down():
        assert client.get("/").status_code == 503
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    assert "Back again" in response.content.decode()


def test_admin_during_an_outage_also_gets_the_503_page(client):
    """Editors see the same page, not a 500."""
    client.force_login(make.editor())
    with database_down():
        response = client.get("/admin/articles/article/")
    assert response.status_code == 503


def test_other_errors_are_not_hidden_as_outages(client):
    """Only database connection errors become 503s; a bug stays a bug."""
    with mock.patch("articles.views.ArticleListView.get", side_effect=ValueError("a bug")):
        with pytest.raises(ValueError):
            client.get("/")


# --- in a real browser -------------------------------------------------------------------------


def chromium_path():
    import shutil

    return shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.mark.browser
@pytest.mark.skipif(not chromium_path(), reason="Chromium is not installed")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_admin_and_public_pages_raise_no_csp_violations_in_chromium(migration_data_restored, live_server):
    """Logging in, using the admin's widgets and reading the site in Chromium: no CSP violation."""
    from playwright.sync_api import expect, sync_playwright

    make.editor()
    article = make.published("Policy in the browser", body="One.\n\nTwo.")
    make.quote(article, "Words under policy.", paragraph=1)
    person = make.person("Someone Quoted")
    change = reverse("admin:articles_article_change", args=[article.pk])
    pages = [
        change,
        "/admin/articles/article/",
        "/admin/articles/article/add/",
        reverse("admin:people_person_change", args=[person.pk]),
        reverse("admin:articles_article_history", args=[article.pk]),
        article.get_absolute_url(),
        "/",
    ]
    violations = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path())
        page = browser.new_page()
        page.on(
            "console",
            lambda message: (
                violations.append(f"{page.url}: {message.text}")
                if "Content Security Policy" in message.text
                else None
            ),
        )
        page.goto(f"{live_server.url}{LOGIN}")
        page.fill("#id_username", "editor")
        page.fill("#id_password", PASSWORD)
        page.click("input[type=submit]")
        page.wait_for_url(f"{live_server.url}/admin/")
        for path in pages:
            page.goto(f"{live_server.url}{path}")
            page.wait_for_load_state("load")
        # The admin's own scripts run under the policy: inline rows, date shortcuts, autocomplete, slugs.
        page.goto(f"{live_server.url}{change}")
        rows = page.locator("#quotes-group tr.form-row:not(.empty-form)")
        expect(rows).to_have_count(1)
        page.click("#quotes-group .add-row a")
        expect(rows).to_have_count(2)
        page.click(".datetimeshortcuts >> text=Today")
        expect(page.locator("#id_published_at_0")).not_to_have_value("")
        page.click("#id_people + .select2")
        page.keyboard.type("Someone")
        expect(page.locator(".select2-results__option", has_text="Someone Quoted")).to_be_visible()
        page.goto(f"{live_server.url}/admin/articles/article/add/")
        page.type("#id_headline", "A fresh story")
        expect(page.locator("#id_slug")).to_have_value("a-fresh-story")
        browser.close()
    assert violations == []
