"""Keeping `Appearance` (who wrote, is mentioned or is quoted in which article) in step with bylines,
mentions and quotes.

Whatever changes an article's authors or people or saves, moves or deletes a quote (the admin, a
shell, a fixture) updates the appearances in the same transaction, not on commit: "stories
featuring" someone is never out of step with the articles it lists, even inside that transaction.
Bulk writes send no signals: the loader records its own. Deleting an article or a person removes
their appearances by cascade.
"""

from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save

from articles.models import Article, Quote

from .models import Appearance


def people_changed(sender, instance, action, reverse, pk_set, **kwargs):
    """An article's authors or people (or a person's bylines or mentions) were added, removed or cleared."""
    if action in ("post_add", "post_remove"):
        pairs = [(pk, instance.pk) if reverse else (instance.pk, pk) for pk in pk_set]
        if action == "post_add":
            Appearance.objects.record(pairs, byline=sender is Article.authors.through)
        else:
            Appearance.objects.forget(pairs)
    elif action == "post_clear":
        appearances = Appearance.objects.filter(**{"person" if reverse else "article": instance.pk})
        appearances.forget()


def quote_saving(sender, instance, **kwargs):
    # The pair the quote stood for before this save, to forget if the save moves or reattributes it.
    instance._appeared = None
    if instance.pk is not None:
        instance._appeared = Quote.objects.filter(pk=instance.pk).values_list("article", "speaker").first()


def quote_saved(sender, instance, **kwargs):
    Appearance.objects.record([(instance.article_id, instance.speaker_id)])
    before = getattr(instance, "_appeared", None)
    if before and before != (instance.article_id, instance.speaker_id):
        Appearance.objects.forget([before])


def quote_deleted(sender, instance, **kwargs):
    Appearance.objects.forget([(instance.article_id, instance.speaker_id)])


def connect():
    for through in (Article.authors.through, Article.people.through):
        m2m_changed.connect(people_changed, sender=through, dispatch_uid=f"appearances-{through.__name__}")
    pre_save.connect(quote_saving, sender=Quote, dispatch_uid="appearances-quote-saving")
    post_save.connect(quote_saved, sender=Quote, dispatch_uid="appearances-quote-saved")
    post_delete.connect(quote_deleted, sender=Quote, dispatch_uid="appearances-quote-deleted")
