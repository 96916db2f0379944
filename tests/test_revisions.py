"""Nothing lost: an earlier version restored through the admin's History is what readers see."""

import re

import pytest
from django.test import Client
from django.urls import reverse
from reversion.models import Version

from articles.models import Article

from . import factories as make
from .test_locking import change_url, form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor():
    client = Client()
    client.force_login(make.editor())
    return client


def save(client, obj, **changes):
    url = change_url(obj)
    response = client.post(url, form_data(client.get(url)) | changes)
    assert response.status_code == 302, response.content.decode()[:2000]


def restore_from_history(client, obj, version):
    """Open History, follow the link to `version`, and save the form it shows, as an editor would."""
    history = client.get(reverse("admin:articles_article_history", args=[obj.pk])).content.decode()
    link = reverse("admin:articles_article_revision", args=[obj.pk, version.pk])
    assert f'href="{link}"' in history
    response = client.post(link, form_data(client.get(link)))
    assert response.status_code == 302, response.content.decode()[:2000]


def test_restoring_the_first_version_puts_its_text_back_on_the_public_page(editor, client):
    """Edit, edit again, restore the first from History: the article page shows the first text."""
    article = make.published("Ceasefire talks resume", body="Opening paragraph.")
    save(editor, article, body="First edit: talks resume in Cairo.\n\nMediators attend.")
    save(editor, article, body="Second edit: talks stall.", standfirst="A setback.")
    page = client.get(article.get_absolute_url()).content.decode()
    assert "Second edit: talks stall." in page

    first = Version.objects.get_for_object(article).last()
    assert first.field_dict["body"].startswith("First edit")
    restore_from_history(editor, article, first)

    page = client.get(article.get_absolute_url()).content.decode()
    assert "First edit: talks resume in Cairo." in page and "Mediators attend." in page
    assert "Second edit" not in page and "A setback." not in page
    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED


def test_restoring_keeps_the_version_it_replaces(editor):
    """The restore is a new version: the text it replaced can itself be restored later."""
    article = make.draft("Draft", body="Zero.")
    save(editor, article, body="One.")
    save(editor, article, body="Two.")
    restore_from_history(editor, article, Version.objects.get_for_object(article).last())
    bodies = [version.field_dict["body"] for version in Version.objects.get_for_object(article)]
    assert bodies == ["One.", "Two.", "One."]
    comment = Version.objects.get_for_object(article).first().revision.get_comment()
    assert comment.startswith("Reverted to previous version")


def test_restoring_brings_back_the_articles_quotes(editor):
    """One revision holds the article and its inline quotes: restoring it restores the quote's words."""
    article = make.draft("Talks", body="He said it.")
    quote = make.quote(article, "Very strong.", paragraph=1)
    save(editor, article, body="He said it, twice.")
    save(editor, article, **{"quotes-0-text": "Very, very strong."})
    quote.refresh_from_db()
    assert quote.text == "Very, very strong."
    restore_from_history(editor, article, Version.objects.get_for_object(article).last())
    quote.refresh_from_db()
    assert quote.text == "Very strong."


def test_a_deleted_article_can_be_recovered_and_is_public_again(editor, client):
    """Deleted by mistake: "Recover deleted articles" brings it back, page and all."""
    article = make.published("Gone by mistake", body="Worth keeping.")
    save(editor, article, body="Worth keeping, edited.")
    url = article.get_absolute_url()
    article.delete()
    assert client.get(url).status_code == 404

    recover_list = editor.get(reverse("admin:articles_article_recoverlist")).content.decode()
    link = re.search(r'href="(/admin/articles/article/recover/\d+/)"', recover_list).group(1)
    assert editor.post(link, form_data(editor.get(link))).status_code == 302
    assert "Worth keeping, edited." in client.get(url).content.decode()
