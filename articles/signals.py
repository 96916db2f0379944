"""Readers' cached pages go stale when what they show changes: each change bumps the content generation.

A decoupled side effect, so a signal: whatever saves or deletes an article, quote, person or tag, or
changes a byline, mention or tag assignment (the admin, a shell, a service function), bumps it once the
transaction commits (`newsroom.page_cache`). Bulk writes send no signals: the loader bumps it itself.
"""

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from taggit.models import Tag

from newsroom.page_cache import bump_content_generation
from people.models import Person

from .models import Article, Quote, TaggedArticle, TaggedQuote


def content_changed(sender, using=None, **kwargs):
    # One bump a transaction, however many rows it changes (an admin save with its inline quotes and
    # tags, a loadseeds batch): each bump is a write. A bump already waiting for this transaction's
    # commit (Django's `run_on_commit` list, emptied of whatever a rolled-back savepoint registered)
    # covers this change too: it is inside every savepoint that bump is.
    pending = transaction.get_connection(using).run_on_commit
    if not any(callback is bump_content_generation for _, callback, _ in pending):
        transaction.on_commit(bump_content_generation, using=using)


def connect():
    for model in (Article, Quote, Person, Tag, TaggedArticle, TaggedQuote):
        post_save.connect(content_changed, sender=model, dispatch_uid=f"page-cache-save-{model.__name__}")
        post_delete.connect(content_changed, sender=model, dispatch_uid=f"page-cache-delete-{model.__name__}")
    for through in (Article.authors.through, Article.people.through, TaggedArticle, TaggedQuote):
        m2m_changed.connect(
            content_changed, sender=through, dispatch_uid=f"page-cache-m2m-{through.__name__}"
        )
