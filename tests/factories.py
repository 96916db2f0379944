"""Small builders for test data, with named states (published, draft, scheduled, …)."""

import itertools
from datetime import timedelta

from django.contrib.auth.models import Group, User
from django.utils import timezone
from django.utils.text import slugify

from articles.models import Article, Quote
from people.models import Person

_counter = itertools.count(1)


def person(name=None, **fields):
    name = name or f"Person {next(_counter)}"
    fields.setdefault("slug", slugify(name))
    return Person.objects.create(name=name, **fields)


def article(headline=None, *, status=Article.Status.PUBLISHED, published_at=None, tags=(), **fields):
    headline = headline or f"Headline number {next(_counter)}"
    if status == Article.Status.PUBLISHED and published_at is None:
        published_at = timezone.now() - timedelta(hours=1)
    fields.setdefault("slug", slugify(headline)[:300])
    fields.setdefault("body", "First paragraph.\n\nSecond paragraph.")
    created = Article.objects.create(headline=headline, status=status, published_at=published_at, **fields)
    if tags:
        created.tags.add(*tags)
    return created


def published(headline=None, **fields):
    return article(headline, status=Article.Status.PUBLISHED, **fields)


def draft(headline=None, **fields):
    return article(headline, status=Article.Status.DRAFT, **fields)


def in_review(headline=None, **fields):
    return article(headline, status=Article.Status.REVIEW, **fields)


def archived(headline=None, **fields):
    return article(
        headline, status=Article.Status.ARCHIVED, published_at=timezone.now() - timedelta(days=9), **fields
    )


def scheduled(headline=None, **fields):
    return article(
        headline, status=Article.Status.PUBLISHED, published_at=timezone.now() + timedelta(days=1), **fields
    )


def quote(article, text=None, *, speaker=None, paragraph=1, **fields):
    text = text or f"Words number {next(_counter)}."
    return Quote.objects.create(article=article, text=text, speaker=speaker, paragraph=paragraph, **fields)


def staff_user(username, group):
    user = User.objects.create_user(username=username, password="pw-for-tests-only", is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    return user


def editor(username="editor"):
    return staff_user(username, "Editors")


def reporter(username="reporter"):
    return staff_user(username, "Reporters")
