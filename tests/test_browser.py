"""A reader and an editor in a real Chromium, driven by Playwright, against a live server.

Debian's Chromium (`apt-get install chromium`) is used; `playwright install` is not needed. Without a
browser these tests skip, unless CI is set: under CI a missing browser is a failure.
"""

import os
import shutil
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connections

from articles.models import Article, Quote

from . import factories as make

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("migration_data_restored"),
]

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOTS = Path(__file__).resolve().parent.parent / "screenshots"
WIDTHS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 900}}


@pytest.fixture
def browser():
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        message = f"no Chromium at {CHROMIUM} (apt-get install -y chromium)"
        if os.environ.get("CI"):
            pytest.fail(f"{message}; CI is set, so the browser tests must run")
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop running in this thread; the tests' own ORM calls are
    # still synchronous, so Django's guard against ORM use from async code is lifted while it runs.
    # The browser starts per test, after the database is set up, so set-up runs without that loop.
    with pytest.MonkeyPatch.context() as patch, sync_playwright() as playwright:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
            browser.close()
        finally:
            # While Playwright's event loop runs in this thread, Django gives the test's ORM calls a
            # connection of their own (asgiref's Local, under a running loop), which nothing else
            # closes: left open, it kept PostgreSQL from dropping the test database after the run.
            connections.close_all()


@pytest.fixture
def page(live_server, browser):
    context = browser.new_context(viewport=WIDTHS["desktop"], base_url=live_server.url)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def test_reader_filters_opens_an_article_follows_a_quote_and_searches(desk, page):
    """A reader narrows the list by tag and person, reads a story, follows a quote, then searches."""
    page.goto("/")
    assert page.locator("h1").inner_text().lower() == "latest stories"
    page.locator("summary", has_text="Filter stories").click()
    page.get_by_label("Topics").fill("gaza")
    page.get_by_role("button", name="Apply").click()
    page.wait_for_url("**/?tag=gaza")
    assert page.locator(".teaser-headline").all_inner_texts() == [desk.story.headline]
    assert page.locator(".active-filters").get_by_text("Topics: Gaza").is_visible()

    page.get_by_label("Gaza", exact=True).uncheck()
    page.get_by_label("Person quoted or mentioned").fill("isaac-herzog")
    page.get_by_role("button", name="Apply").click()
    page.wait_for_url("**/?person=isaac-herzog")
    assert set(page.locator(".teaser-headline").all_inner_texts()) == {
        desk.story.headline,
        desk.other.headline,
    }

    page.get_by_role("link", name=desk.story.headline).click()
    page.wait_for_url(f"**{desk.story.get_absolute_url()}")
    assert page.locator("h1").inner_text() == desk.story.headline
    assert page.locator("a.quote").count() == 2

    page.locator("a.quote").first.click()
    page.wait_for_url(f"**{desk.blinken.get_absolute_url()}")
    assert page.locator("h1").inner_text() == "Antony Blinken"
    assert page.get_by_text("U.S. Secretary of State").first.is_visible()

    page.get_by_label("Search stories and quotes").first.fill("ceasefire")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search/?q=ceasefire")
    assert desk.story.headline in page.locator(".search-results").inner_text()


def test_editor_edits_and_publishes_a_draft_that_then_appears_on_the_home_page(db, page):
    """An editor logs into the admin, edits a draft's headline and tags, publishes it, and sees it on /."""
    make.editor("desk-editor")
    draft = make.draft("Rough draft headline", body="Body text.")
    page.goto("/")
    assert "Rough draft headline" not in page.content()

    page.goto("/admin/")
    page.get_by_label("Username").fill("desk-editor")
    page.get_by_label("Password").fill("pw-for-tests-only")
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/admin/")

    page.goto(f"/admin/articles/article/{draft.pk}/change/")
    page.get_by_label("Headline").fill("Polished and published")
    page.get_by_label("Tags").fill("Elections, Budget")
    page.get_by_label("Status").select_option("published")
    page.locator("#id_published_at_0").fill("2026-01-02")
    page.locator("#id_published_at_1").fill("09:30:00")
    page.get_by_role("button", name="Save", exact=True).click()
    page.wait_for_url("**/admin/articles/article/")
    assert page.locator(".messagelist").inner_text()

    page.goto("/")
    assert page.get_by_role("link", name="Polished and published").is_visible()
    page.goto("/tags/elections/")
    assert page.get_by_role("link", name="Polished and published").is_visible()


@pytest.fixture
def archive(tmp_path):
    """The checked-in seed and forty synthetic documents, loaded the way `make run` loads seeds."""
    from bench.synthetic import documents

    for name, document in documents(40, seed=7):
        (tmp_path / name).write_text(document)
    call_command("loadseeds", "fixtures/seeds", str(tmp_path), verbosity=0)
    article = Article.objects.published().filter(quotes__speaker__isnull=False).order_by("-published_at")[0]
    speaker = Quote.objects.published().filter(speaker__isnull=False).order_by("-article__published_at")[0]
    return {
        "home": "/",
        "article": article.get_absolute_url(),
        "person": speaker.speaker.get_absolute_url(),
        "search": "/search/?q=ceasefire",
    }


def test_screenshots_of_the_reader_pages_at_phone_and_desktop_widths(archive, live_server, browser):
    """Home, article, person and search pages, saved to screenshots/ (git-ignored) for a human to look at."""
    SCREENSHOTS.mkdir(exist_ok=True)
    for width, viewport in WIDTHS.items():
        context = browser.new_context(viewport=viewport, base_url=live_server.url)
        page = context.new_page()
        for name, url in archive.items():
            response = page.goto(url)
            assert response.status == 200, (url, response.status)
            page.screenshot(path=SCREENSHOTS / f"{name}-{width}.png", full_page=True)
        context.close()
    for name in archive:
        for width in WIDTHS:
            assert (SCREENSHOTS / f"{name}-{width}.png").stat().st_size > 10_000
