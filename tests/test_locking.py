"""Nothing lost: when two editors save the same article, person or quote, the second save is refused."""

from unittest import mock

import html5lib
import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import User
from django.db import IntegrityError
from django.test import Client
from django.urls import reverse
from reversion.models import Version

from articles.admin import ArticleAdmin
from articles.models import Article, Quote
from people.models import Person

from . import factories as make

pytestmark = pytest.mark.django_db


def change_url(obj):
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])


def form_data(response):
    """What a browser sends back from the admin form on `response`, as it was loaded."""
    assert response.status_code == 200, response.status_code
    page = html5lib.parse(response.content, namespaceHTMLElements=False)
    form = next(f for f in page.iter("form") if f.get("id", "").endswith("_form"))
    data = {}
    for field in form.iter():
        name = field.get("name")
        if field.tag not in {"input", "textarea", "select"}:
            continue
        kind = field.get("type", "text")
        if not name or kind in {"submit", "button", "file"}:
            continue
        if kind in {"checkbox", "radio"}:
            if field.get("checked") is not None:
                data.setdefault(name, []).append(field.get("value", "on"))
        elif field.tag == "textarea":
            data[name] = (field.text or "").removeprefix("\n")
        elif field.tag == "select":
            options = field.iter("option")
            chosen = [o.get("value", o.text) for o in options if o.get("selected") is not None]
            if field.get("multiple") is not None:
                data[name] = chosen
            elif chosen:
                data[name] = chosen[0]
        else:
            data[name] = field.get("value", "")
    return data


def editor_client(username):
    client = Client()
    client.force_login(make.editor(username))
    return client


@pytest.fixture
def alice():
    return editor_client("alice")


@pytest.fixture
def bob():
    return editor_client("bob")


def test_the_change_form_carries_the_loaded_time(alice):
    """The article page sends back the updated_at it was loaded with, in a hidden field."""
    article = make.draft("Stamped")
    data = form_data(alice.get(change_url(article)))
    assert data["loaded_updated_at"] == article.updated_at.isoformat()


def test_second_save_of_an_article_is_refused_and_loses_nothing(alice, bob):
    """Alice and Bob open the article; Alice saves; Bob's save is refused, his text kept in the form."""
    article = make.draft("Storm warning", body="Original body.")
    url = change_url(article)
    alices, bobs = form_data(alice.get(url)), form_data(bob.get(url))

    assert alice.post(url, alices | {"body": "Alice's body."}).status_code == 302
    response = bob.post(url, bobs | {"headline": "Bob's headline", "body": "Bob's body."})

    assert response.status_code == 200
    page = response.content.decode()
    assert "alice saved this article at" in page
    assert "have NOT been saved" in page
    assert "Bob&#x27;s body." in page and "Bob&#x27;s headline" in page
    article.refresh_from_db()
    assert (article.headline, article.body) == ("Storm warning", "Alice's body.")


def test_saving_again_after_the_warning_keeps_the_second_version_and_history_keeps_the_first(alice, bob):
    """Bob, warned, saves again on purpose: his text is saved, and Alice's stays in History."""
    article = make.draft("Storm warning", body="Original body.")
    url = change_url(article)
    alices, bobs = form_data(alice.get(url)), form_data(bob.get(url))
    alice.post(url, alices | {"body": "Alice's body."})
    refused = bob.post(url, bobs | {"body": "Bob's body."})

    assert bob.post(url, form_data(refused)).status_code == 302
    article.refresh_from_db()
    assert article.body == "Bob's body."
    bodies = [version.field_dict["body"] for version in Version.objects.get_for_object(article)]
    assert bodies == ["Bob's body.", "Alice's body."]
    assert LogEntry.objects.first().get_change_message() == "Changed Body."  # the stamp is no change


def test_one_editor_saving_twice_in_a_row_is_not_refused(alice):
    """Each save hands the form the new time: an editor's own successive saves never conflict."""
    article = make.draft("Rolling")
    url = change_url(article)
    data = form_data(alice.get(url))
    response = alice.post(url, data | {"body": "First take.", "_continue": "1"})
    assert response.status_code == 302
    data = form_data(alice.get(response["Location"]))
    assert alice.post(url, data | {"body": "Second take."}).status_code == 302
    article.refresh_from_db()
    assert article.body == "Second take."


def test_a_stale_form_that_changes_nothing_is_accepted(alice, bob):
    """A stale page that would leave the article exactly as it now is overwrites nothing."""
    article = make.draft("Same", body="Body.")
    url = change_url(article)
    bobs = form_data(bob.get(url))
    Article.objects.filter(pk=article.pk).update(updated_at=article.updated_at.replace(year=2030))
    assert bob.post(url, bobs).status_code == 302


def test_a_change_made_outside_the_admin_also_refuses_a_stale_save(bob):
    """Sent for review by a command or an action since Bob opened it: refused, naming no one."""
    article = make.draft("Quiet change", body="Body.")
    url = change_url(article)
    bobs = form_data(bob.get(url))
    article.submit_for_review()
    response = bob.post(url, bobs | {"body": "Bob's body."})
    assert response.status_code == 200
    assert "Someone else saved this article at" in response.content.decode()
    article.refresh_from_db()
    assert (article.status, article.body) == (Article.Status.REVIEW, "Body.")


def test_second_save_of_a_person_is_refused(alice, bob):
    """The same guard protects people."""
    person = make.person("Antony Blinken", title="Secretary")
    url = change_url(person)
    alices, bobs = form_data(alice.get(url)), form_data(bob.get(url))
    assert alice.post(url, alices | {"title": "U.S. Secretary of State"}).status_code == 302
    response = bob.post(url, bobs | {"bio": "Bob's biography."})
    assert response.status_code == 200
    assert "alice saved this person at" in response.content.decode()
    assert "Bob&#x27;s biography." in response.content.decode()
    person.refresh_from_db()
    assert (person.title, person.bio) == ("U.S. Secretary of State", "")


def test_second_save_of_a_quote_is_refused(alice, bob):
    """The same guard protects quotes in their own admin page."""
    quote = make.quote(make.draft("Talks"), "Very strong.", cue="said")
    url = change_url(quote)
    alices, bobs = form_data(alice.get(url)), form_data(bob.get(url))
    assert alice.post(url, alices | {"cue": "declared"}).status_code == 302
    response = bob.post(url, bobs | {"text": "Very, very strong."})
    assert response.status_code == 200
    assert "alice saved this quote at" in response.content.decode()
    assert Quote.objects.get(pk=quote.pk).text == "Very strong."


def test_inline_quote_changed_elsewhere_is_not_overwritten_from_the_article_page(alice, bob):
    """Alice fixes a quote on its own page; Bob's older article page cannot put the old words back."""
    article = make.draft("Talks", body="One.\n\nTwo.")
    quote = make.quote(article, "Very strong.", paragraph=1)
    bobs = form_data(bob.get(change_url(article)))
    assert bobs["quotes-0-loaded_updated_at"] == quote.updated_at.isoformat()

    alices = form_data(alice.get(change_url(quote)))
    assert alice.post(change_url(quote), alices | {"text": "Very strong indeed."}).status_code == 302
    response = bob.post(change_url(article), bobs | {"body": "One.\n\nTwo, revised."})

    assert response.status_code == 200
    assert "alice saved this quote at" in response.content.decode()
    assert Quote.objects.get(pk=quote.pk).text == "Very strong indeed."
    article.refresh_from_db()
    assert article.body == "One.\n\nTwo."


def test_inline_quotes_left_alone_do_not_block_the_article(alice, bob):
    """A quote changed elsewhere that the article page would leave as it is blocks nothing."""
    article = make.draft("Talks", body="One.")
    quote = make.quote(article, "Very strong.", paragraph=1)
    bobs = form_data(bob.get(change_url(article)))
    Quote.objects.filter(pk=quote.pk).update(updated_at=quote.updated_at.replace(year=2030))
    assert bob.post(change_url(article), bobs | {"body": "One, revised."}).status_code == 302


# --- stale forms in general: never a 500 ---------------------------------------------------------


def test_a_garbled_stamp_is_a_form_error_not_a_crash(alice):
    """Whatever comes back in the hidden field, the answer is the form with an error."""
    article = make.draft("Garbled")
    url = change_url(article)
    data = form_data(alice.get(url)) | {"loaded_updated_at": "not-a-time", "body": "New."}
    response = alice.post(url, data)
    assert response.status_code == 200
    assert "after you opened it" in response.content.decode()


def test_saving_an_article_deleted_meanwhile_is_no_crash(alice, bob):
    """Bob saves an article Alice deleted: he is told, no 500."""
    article = make.draft("Gone")
    url = change_url(article)
    bobs = form_data(bob.get(url))
    article.delete()
    response = bob.post(url, bobs | {"body": "Too late."}, follow=True)
    assert response.status_code == 200
    assert "doesn’t exist" in response.content.decode()


def test_saving_an_article_whose_inline_quote_was_deleted_meanwhile_is_no_crash(alice, bob):
    """A quote deleted elsewhere since the page was loaded: the save is refused, saying which; saving
    again keeps Bob's other changes and does not bring the quote back."""
    article = make.draft("Talks", body="One.")
    gone = make.quote(article, "Very strong.", paragraph=1)
    kept = make.quote(article, "Still here.", paragraph=1)
    bobs = form_data(bob.get(change_url(article)))
    gone.delete()
    response = bob.post(change_url(article), bobs | {"body": "One, revised."})
    assert response.status_code == 200
    page = response.content.decode()
    assert "someone else deleted the quote “Very strong.”" in page
    assert "One, revised." in page
    again = bob.post(change_url(article), form_data(response))
    assert again.status_code == 302
    article.refresh_from_db()
    assert article.body == "One, revised."
    assert list(article.quotes.all()) == [kept]


def test_a_save_the_database_refuses_shows_the_form_again(alice):
    """An IntegrityError (two editors saving at the same instant) is rolled back and explained."""
    article = make.draft("Racing")
    url = change_url(article)
    data = form_data(alice.get(url)) | {"body": "Kept in the form."}
    clash = IntegrityError('duplicate key value violates unique constraint "articles_article_slug_key"')
    with mock.patch.object(ArticleAdmin, "save_model", side_effect=clash):
        response = alice.post(url, data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "This could not be saved" in page and "articles_article_slug_key" in page
    assert "Kept in the form." in page
    article.refresh_from_db()
    assert article.body != "Kept in the form."


def test_two_identical_new_quotes_in_one_save_are_a_form_error(alice):
    """The same words twice in one paragraph break a database constraint: the form says so, no 500."""
    article = make.draft("Twice", body="One.")
    url = change_url(article)
    data = form_data(alice.get(url))
    for row in ("0", "1"):
        data |= {f"quotes-{row}-text": "Same words.", f"quotes-{row}-paragraph": "1", f"quotes-{row}-cue": ""}
    data["quotes-TOTAL_FORMS"] = "2"
    response = alice.post(url, data)
    assert response.status_code == 200
    assert not Quote.objects.exists()


def test_a_reporter_viewing_a_live_article_sees_no_stamp(client):
    """Read-only pages carry no stamp (there is nothing to save)."""
    reporter = make.reporter()
    client.force_login(reporter)
    article = make.published("Live")
    response = client.get(change_url(article))
    assert response.status_code == 200
    assert "loaded_updated_at" not in response.content.decode()
    assert User.objects.get(pk=reporter.pk).has_perm("articles.view_article")


def test_person_model_has_the_stamp_field():
    """Every locked model has an auto-updated updated_at to compare (no new field needed)."""
    for model in (Article, Quote, Person):
        assert model._meta.get_field("updated_at").auto_now
