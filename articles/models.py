from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models.functions import MD5
from django.urls import reverse
from django.utils import timezone
from taggit.managers import TaggableManager
from taggit.models import TaggedItemBase


def published_q(prefix=""):
    """The one rule for what readers may see: published, and not scheduled for later.

    `prefix` lets related models apply the same rule through their path to the article
    (`published_q("article__")` for quotes).
    """
    return models.Q(
        **{f"{prefix}status": Article.Status.PUBLISHED, f"{prefix}published_at__lte": timezone.now()}
    )


class ArticleQuerySet(models.QuerySet):
    def published(self):
        return self.filter(published_q())


class ArticleManager(models.Manager.from_queryset(ArticleQuerySet)):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class TaggedArticle(TaggedItemBase):
    content_object = models.ForeignKey("Article", on_delete=models.CASCADE, related_name="tagged_items")


class Article(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        REVIEW = "review", "In review"
        PUBLISHED = "published", "Published"
        ARCHIVED = "archived", "Archived"

    headline = models.CharField(max_length=300)
    slug = models.SlugField(max_length=300, unique=True)
    standfirst = models.TextField(
        blank=True, help_text="The one- or two-sentence summary under the headline."
    )
    body = models.TextField(blank=True, help_text="Plain text; separate paragraphs with a blank line.")
    authors = models.ManyToManyField("people.Person", blank=True, related_name="bylines")
    people = models.ManyToManyField(
        "people.Person", blank=True, related_name="mentioned_in", help_text="People in this story."
    )
    tags = TaggableManager(through=TaggedArticle, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(
        null=True, blank=True, help_text="A time in the future schedules the article."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    source_name = models.CharField(
        max_length=255, blank=True, editable=False, help_text="File the article was loaded from."
    )
    source_hash = models.CharField(max_length=64, blank=True, editable=False)
    # What the last load wrote, field by field: a field whose value differs from it now was
    # changed by an editor, and a reload keeps it.
    source_snapshot = models.JSONField(default=dict, blank=True, editable=False)
    # Kept up to date by a PostgreSQL trigger (migration 0002); always empty on SQLite.
    search_vector = SearchVectorField(null=True, editable=False)

    objects = ArticleManager()

    class Meta:
        ordering = ["-published_at", "-pk"]
        permissions = [("publish_article", "Can publish and unpublish articles")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=["draft", "review", "published", "archived"]),
                name="article_status_valid",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="published") | models.Q(published_at__isnull=False),
                name="article_published_has_time",
            ),
            models.CheckConstraint(condition=~models.Q(headline=""), name="article_headline_not_empty"),
            models.UniqueConstraint(
                fields=["source_name"], condition=~models.Q(source_name=""), name="article_unique_source"
            ),
        ]
        indexes = [
            models.Index(fields=["status", "-published_at", "-id"], name="article_public_listing"),
        ]

    def __str__(self):
        return self.headline

    def get_absolute_url(self):
        return reverse("articles:detail", kwargs={"slug": self.slug})

    def natural_key(self):
        return (self.slug,)

    @property
    def paragraphs(self):
        return [p.strip() for p in self.body.replace("\r\n", "\n").split("\n\n") if p.strip()]

    @property
    def is_public(self):
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )

    def publish(self, *, at=None):
        """Publish now, or at `at`; an already scheduled time is kept when `at` is not given."""
        self.status = self.Status.PUBLISHED
        self.published_at = at or self.published_at or timezone.now()
        self.save(update_fields=["status", "published_at", "updated_at"])

    def unpublish(self):
        self.status = self.Status.DRAFT
        self.save(update_fields=["status", "updated_at"])

    def submit_for_review(self):
        self.status = self.Status.REVIEW
        self.save(update_fields=["status", "updated_at"])


class QuoteQuerySet(models.QuerySet):
    def published(self):
        return self.filter(published_q("article__"))


class QuoteManager(models.Manager.from_queryset(QuoteQuerySet)):
    def get_by_natural_key(self, article_slug, paragraph, text):
        return self.get(article__slug=article_slug, paragraph=paragraph, text=text)


class TaggedQuote(TaggedItemBase):
    content_object = models.ForeignKey("Quote", on_delete=models.CASCADE, related_name="tagged_items")


class Quote(models.Model):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="quotes")
    text = models.TextField("quoted words")
    speaker = models.ForeignKey(
        "people.Person",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="quotes",
        help_text="Leave empty when the article does not say who said it.",
    )
    paragraph = models.PositiveIntegerField(help_text="Body paragraph the quote stands in, counted from 1.")
    position = models.PositiveIntegerField(default=0, help_text="Where in the paragraph the quote starts.")
    cue = models.CharField("attribution cue", max_length=40, blank=True, help_text='e.g. "said", "declared".')
    tags = TaggableManager(through=TaggedQuote, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Kept up to date by a PostgreSQL trigger (migration 0002); always empty on SQLite.
    search_vector = SearchVectorField(null=True, editable=False)

    objects = QuoteManager()

    class Meta:
        ordering = ["article", "paragraph", "position"]
        constraints = [
            models.UniqueConstraint(
                models.F("article"), models.F("paragraph"), MD5("text"), name="quote_unique_in_paragraph"
            ),
            models.CheckConstraint(condition=models.Q(paragraph__gte=1), name="quote_paragraph_positive"),
            models.CheckConstraint(condition=~models.Q(text=""), name="quote_text_not_empty"),
        ]

    def __str__(self):
        return f"“{self.text[:80]}”"

    def get_absolute_url(self):
        return reverse("quotes:detail", kwargs={"pk": self.pk})

    def natural_key(self):
        return (self.article.slug, self.paragraph, self.text)

    natural_key.dependencies = ["articles.article"]
