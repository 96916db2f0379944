from django.db import models
from django.db.models.lookups import IsNull

from newsroom.links import link


class PersonQuerySet(models.QuerySet):
    def public(self):
        """People a reader may see: writing, mentioned or quoted in a published article."""
        from articles.models import Article, Quote

        published = Article.objects.published()

        def any_of(items):
            # A probe that stops at the first item (a scalar subquery with LIMIT 1): PostgreSQL would
            # turn OR-ed EXISTS into a hash of every article a much-quoted person is in.
            return IsNull(models.Subquery(items.values("pk")[:1]), False)

        return self.filter(
            models.Q(any_of(published.filter(authors=models.OuterRef("pk"))))
            | models.Q(any_of(published.filter(people=models.OuterRef("pk"))))
            | models.Q(any_of(Quote.objects.published().filter(speaker=models.OuterRef("pk"))))
        )

    def matching(self, q):
        """People whose name, title or aliases contain every word of `q`."""
        condition = models.Q()
        for word in (q or "").split()[:10]:
            condition &= (
                models.Q(name__icontains=word)
                | models.Q(title__icontains=word)
                | models.Q(aliases__icontains=word)
            )
        return self.filter(condition)

    def with_public_counts(self):
        """Annotate `quote_count` (published quotes) and `story_count` (published articles they wrote,
        are mentioned in or are quoted in)."""
        from articles.models import Article, Quote

        quotes = Quote.objects.published().filter(speaker=models.OuterRef("pk"))
        # Two levels out: from inside featuring()'s Exists, through the article subquery, to the person.
        stories = Article.objects.published().featuring(models.OuterRef(models.OuterRef("pk")), bylines=True)
        return self.annotate(quote_count=_count(quotes), story_count=_count(stories))


def _count(correlated):
    """COUNT(*) of a correlated queryset, as a scalar subquery."""
    return models.Subquery(
        correlated.order_by().annotate(n=models.Func(models.Value(1), function="COUNT")).values("n")[:1]
    )


class PersonManager(models.Manager.from_queryset(PersonQuerySet)):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class Person(models.Model):
    class Kind(models.TextChoices):
        PERSON = "person", "Person"
        ORGANIZATION = "organization", "Organization"
        STAFF = "staff", "Staff byline"

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=220, unique=True)
    title = models.CharField(
        max_length=200, blank=True, help_text='Role as the news gives it, e.g. "U.S. Secretary of State".'
    )
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.PERSON, db_index=True)
    bio = models.TextField(blank=True)
    aliases = models.TextField(
        blank=True,
        help_text='Other names the news uses, one a line (e.g. "Blinken", "the U.S. secretary").',
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PersonManager()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "people"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=["person", "organization", "staff"]), name="person_kind_valid"
            ),
            models.CheckConstraint(condition=~models.Q(name=""), name="person_name_not_empty"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return link("people:detail", slug=self.slug)

    def natural_key(self):
        return (self.slug,)

    @property
    def alias_list(self):
        return [line.strip() for line in self.aliases.splitlines() if line.strip()]
