from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.urls import reverse
from django.utils import timezone
from reversion.models import Version

from articles.models import Article, Quote
from people.models import Person

from . import factories as make

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client):
    client.force_login(make.editor())
    return client


@pytest.fixture
def reporter_client(client):
    client.force_login(make.reporter())
    return client


@pytest.fixture
def newsroom():
    """One of everything, so every admin page has a row to show."""
    speaker = make.person("Antony Blinken", title="U.S. Secretary of State", aliases="Blinken")
    article = make.published("Blinken visits", tags=["Gaza"])
    article.authors.add(make.person("All Israel News Staff", kind=Person.Kind.STAFF))
    article.people.add(speaker)
    quote = make.quote(article, "Very strong.", speaker=speaker, paragraph=2)
    return {"person": speaker, "article": article, "quote": quote}


def article_form_data(article, **changes):
    data = {
        "headline": article.headline,
        "slug": article.slug,
        "standfirst": article.standfirst,
        "body": article.body,
        "status": article.status,
        "published_at_0": "",
        "published_at_1": "",
        "authors": [a.pk for a in article.authors.all()],
        "people": [p.pk for p in article.people.all()],
        "tags": ", ".join(article.tags.names()),
        "quotes-TOTAL_FORMS": "0",
        "quotes-INITIAL_FORMS": "0",
        "quotes-MIN_NUM_FORMS": "0",
        "quotes-MAX_NUM_FORMS": "1000",
    }
    if article.published_at:
        data["published_at_0"] = article.published_at.strftime("%Y-%m-%d")
        data["published_at_1"] = article.published_at.strftime("%H:%M:%S")
    data.update(changes)
    return data


@pytest.mark.parametrize("model", ["articles/article", "articles/quote", "people/person", "taggit/tag"])
def test_changelist_and_add_pages_render_for_an_editor(editor_client, newsroom, model):
    """Every admin list and add page renders for an editor."""
    assert editor_client.get(f"/admin/{model}/").status_code == 200
    assert editor_client.get(f"/admin/{model}/add/").status_code == 200


@pytest.mark.parametrize("key", ["article", "quote", "person"])
def test_change_and_history_pages_render_for_an_editor(editor_client, newsroom, key):
    """Every admin change page and its revision history render for an editor."""
    obj = newsroom[key]
    opts = obj._meta
    change = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
    history = reverse(f"admin:{opts.app_label}_{opts.model_name}_history", args=[obj.pk])
    assert editor_client.get(change).status_code == 200
    assert editor_client.get(history).status_code == 200


def test_article_changelist_shows_byline_and_quote_count(editor_client, newsroom):
    """Editors see who wrote each article and how many quotes it holds."""
    response = editor_client.get("/admin/articles/article/")
    row = response.content.decode()
    assert "All Israel News Staff" in row
    assert response.context["cl"].result_list[0].quote_count == 1


def test_admin_search_and_filters(editor_client, newsroom):
    """Admin search finds by body text and alias; filters narrow by status, tag, speaker and kind."""
    make.draft("Unrelated draft", body="Nothing here.")
    found = editor_client.get("/admin/articles/article/", {"q": "Second paragraph"}).context["cl"].result_list
    assert list(found) == [newsroom["article"]]
    drafts = (
        editor_client.get("/admin/articles/article/", {"status__exact": "draft"}).context["cl"].result_list
    )
    assert [a.headline for a in drafts] == ["Unrelated draft"]
    gaza = newsroom["article"].tags.get().pk
    tagged = (
        editor_client.get("/admin/articles/article/", {"tags__id__exact": gaza}).context["cl"].result_list
    )
    assert [a.headline for a in tagged] == ["Blinken visits"]
    people = editor_client.get("/admin/people/person/", {"q": "Blinken"}).context["cl"].result_list
    assert [p.name for p in people] == ["Antony Blinken"]
    staff = editor_client.get("/admin/people/person/", {"kind__exact": "staff"}).context["cl"].result_list
    assert [p.name for p in staff] == ["All Israel News Staff"]
    quotes = (
        editor_client.get("/admin/articles/quote/", {"speaker__id__exact": newsroom["person"].pk})
        .context["cl"]
        .result_list
    )
    assert list(quotes) == [newsroom["quote"]]
    assert list(editor_client.get("/admin/articles/quote/", {"q": "strong"}).context["cl"].result_list) == [
        newsroom["quote"]
    ]


def test_person_page_shows_their_quotes_and_articles(editor_client, newsroom):
    """From a person, an editor sees what they said and where they appear."""
    person = newsroom["person"]
    response = editor_client.get(reverse("admin:people_person_change", args=[person.pk]))
    page = response.content.decode()
    assert "Very strong." in page
    assert "Blinken visits" in page


def test_anonymous_user_is_sent_to_login(client):
    """The admin is for staff only."""
    response = client.get("/admin/articles/article/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_editor_can_publish_with_the_action(editor_client):
    """The "publish now" action publishes for an editor."""
    article = make.draft("Ready")
    editor_client.post(
        "/admin/articles/article/", {"action": "publish_now", "_selected_action": [article.pk]}
    )
    assert list(Article.objects.published()) == [article]


def test_reporter_cannot_publish_with_the_action(reporter_client):
    """A reporter posting the publish action by hand is refused."""
    article = make.draft("Not yet")
    response = reporter_client.post(
        "/admin/articles/article/", {"action": "publish_now", "_selected_action": [article.pk]}
    )
    assert response.status_code in (200, 302)
    assert not Article.objects.published().exists()


def test_reporter_cannot_publish_through_the_form(reporter_client):
    """A reporter setting status=published in the form gets an error and nothing is published."""
    article = make.draft("Not yet")
    url = reverse("admin:articles_article_change", args=[article.pk])
    data = article_form_data(
        article, status="published", published_at_0="2026-01-01", published_at_1="10:00:00"
    )
    response = reporter_client.post(url, data)
    assert response.status_code == 200
    assert "Only editors may publish" in response.content.decode()
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT


def test_reporter_can_write_and_send_for_review(reporter_client):
    """A reporter edits a draft and sends it for review."""
    article = make.draft("Rough")
    url = reverse("admin:articles_article_change", args=[article.pk])
    response = reporter_client.post(url, article_form_data(article, headline="Polished", status="review"))
    assert response.status_code == 302
    article.refresh_from_db()
    assert (article.headline, article.status) == ("Polished", Article.Status.REVIEW)


def test_reporter_cannot_change_a_published_article(reporter_client):
    """What is live belongs to the editors: a reporter's edit of it is refused."""
    article = make.published("Live")
    url = reverse("admin:articles_article_change", args=[article.pk])
    reporter_client.post(url, article_form_data(article, headline="Vandalised"))
    article.refresh_from_db()
    assert article.headline == "Live"


def test_editor_can_publish_through_the_form(editor_client):
    """An editor publishes by setting the status and time in the form."""
    article = make.draft("Ready")
    url = reverse("admin:articles_article_change", args=[article.pk])
    data = article_form_data(
        article, status="published", published_at_0="2026-01-01", published_at_1="10:00:00"
    )
    assert editor_client.post(url, data).status_code == 302
    assert list(Article.objects.published()) == [article]


def test_saving_keeps_the_publication_time_to_the_microsecond(editor_client):
    """The form shows whole seconds: an untouched time must not move the story among those published in
    the same second (a `loadseeds` run publishes a whole batch at one moment); a changed one is taken."""
    moment = (timezone.now() - timedelta(hours=1)).replace(microsecond=654321)
    article = make.published("Harbour reopens", published_at=moment)
    url = reverse("admin:articles_article_change", args=[article.pk])
    assert (
        editor_client.post(url, article_form_data(article, headline="Harbour reopens at dawn")).status_code
        == 302
    )
    article.refresh_from_db()
    assert (article.headline, article.published_at) == ("Harbour reopens at dawn", moment)
    earlier = moment.replace(microsecond=0) - timedelta(minutes=5)
    data = article_form_data(
        article, published_at_0=earlier.strftime("%Y-%m-%d"), published_at_1=earlier.strftime("%H:%M:%S")
    )
    assert editor_client.post(url, data).status_code == 302
    article.refresh_from_db()
    assert article.published_at == earlier


def test_revision_is_kept_and_can_be_restored(editor_client):
    """Every admin save keeps a version; restoring an old one brings its text back."""
    article = make.draft("First headline")
    url = reverse("admin:articles_article_change", args=[article.pk])
    editor_client.post(url, article_form_data(article, headline="First headline"))
    editor_client.post(url, article_form_data(article, headline="Second headline"))
    versions = Version.objects.get_for_object(article)
    assert versions.count() == 2
    first = versions.last()
    assert first.revision.user.username == "editor"
    response = editor_client.post(
        reverse("admin:articles_article_revision", args=[article.pk, first.pk]),
        article_form_data(article, headline="First headline"),
    )
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.headline == "First headline"
    assert Version.objects.get_for_object(article).count() == 3


def test_quotes_are_edited_inline_with_their_article(editor_client, newsroom):
    """An editor fixes a quote's speaker from the article page."""
    article, quote = newsroom["article"], newsroom["quote"]
    other = make.person("Isaac Herzog")
    data = article_form_data(
        article,
        **{
            "quotes-TOTAL_FORMS": "1",
            "quotes-INITIAL_FORMS": "1",
            "quotes-0-id": quote.pk,
            "quotes-0-article": article.pk,
            "quotes-0-text": quote.text,
            "quotes-0-speaker": other.pk,
            "quotes-0-paragraph": quote.paragraph,
            "quotes-0-cue": "said",
        },
    )
    response = editor_client.post(reverse("admin:articles_article_change", args=[article.pk]), data)
    assert response.status_code == 302
    assert Quote.objects.get(pk=quote.pk).speaker == other


def test_roles_exist_with_the_right_permissions():
    """The data migration creates Editors (may publish) and Reporters (may not)."""
    editor = make.editor()
    reporter = make.reporter()
    assert editor.has_perm("articles.publish_article")
    assert not reporter.has_perm("articles.publish_article")
    assert reporter.has_perm("articles.change_article")
    assert not User.objects.filter(is_superuser=True).exists()


def test_change_page_links_the_draft_preview(editor_client):
    """Editors reach a draft's preview from its admin page; "view on site" stays the public URL."""
    article = make.draft("Embargoed")
    page = editor_client.get(reverse("admin:articles_article_change", args=[article.pk])).content.decode()
    assert reverse("articles:preview", args=[article.slug]) in page
    assert editor_client.get(reverse("articles:preview", args=[article.slug])).status_code == 200
