from django.db import connections, models, router
from django.db.models.lookups import GreaterThan, IsNull

from articles.pagination import EXACT_COUNT_UP_TO
from newsroom.compiled_once import CompiledSubquery
from newsroom.links import link
from newsroom.querysets import built_once

# The people index counts a person's quotes and stories exactly up to this many and shows more as
# "1000+", as the reader lists count their pages: counting all ninety thousand quotes of the most-quoted
# person would cost the page they are on more than the rest of it.
COUNTED_UP_TO = EXACT_COUNT_UP_TO


class PersonQuerySet(models.QuerySet):
    def public(self, *, bylines=True):
        """People a reader may see: writing (unless not `bylines`), mentioned or quoted in a published
        article."""
        from articles.models import Article

        # A probe that stops at the first published article (a scalar subquery with LIMIT 1), over the
        # one relation that holds bylines, mentions and quotes alike.
        appearing = {"appearances__person": models.OuterRef("pk")}
        if not bylines:
            appearing["appearances__byline"] = False
        first = Article.objects.published().order_by().filter(**appearing)
        return self.filter(IsNull(CompiledSubquery(first.values("pk")[:1]), False))

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
        """Annotate `quote_count` (quotes in published articles) and `story_count` (published articles
        they wrote, are mentioned in or are quoted in), each exact up to COUNTED_UP_TO and more than
        COUNTED_UP_TO past it.

        Scalar subqueries, so only the rows a page shows are counted, each from the person's own index
        entries: an entry counts unless its article is among the few readers may not see (drafts and
        scheduled ones, hashed once per query), which spares a look at every article counted.
        """
        from articles.models import Article, Quote

        person = models.OuterRef("pk")
        hidden = Article.objects.unpublished().values("pk")

        def public(rows):
            return _CountUpTo(rows.exclude(article__in=hidden))

        # A story they wrote counts unless they also appear in it otherwise: a probe per byline (a scalar
        # subquery, which PostgreSQL never turns into a join), where an anti-join would hash all thirty
        # thousand appearances of a much-quoted person who also wrote a story. Someone with more bylines
        # than are counted needs no probes: they have more stories too.
        same = {"article": models.OuterRef("article"), "person": models.OuterRef("person"), "byline": False}
        featured = models.Subquery(Appearance.objects.filter(**same).values("pk")[:1])
        wrote_only = Appearance.objects.filter(IsNull(featured, True), person=person, byline=True)
        bylines = public(Appearance.objects.filter(person=person, byline=True))
        return self.annotate(
            quote_count=public(Quote.objects.filter(speaker=person)),
            story_count=models.Case(
                models.When(GreaterThan(bylines, COUNTED_UP_TO), then=bylines),
                default=public(Appearance.objects.filter(person=person, byline=False)) + public(wrote_only),
            ),
        )


class _CountUpTo(models.Subquery):
    """How many rows a correlated queryset has, counting no further than COUNTED_UP_TO + 1."""

    template = "(SELECT COUNT(*) FROM (%(subquery)s) counted)"
    output_field = models.IntegerField()

    def __init__(self, queryset):
        super().__init__(queryset.order_by().values("pk")[: COUNTED_UP_TO + 1])


class PersonManager(models.Manager.from_queryset(PersonQuerySet)):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


@built_once
def public_people(*, bylines=True):
    """`Person.objects.public(bylines=…)` for the reader pages (articles.models.public_listing says
    why a function)."""
    return Person.objects.public(bylines=bylines)


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
        # The primary key last, so the people index pages from a keyset, not an OFFSET.
        ordering = ["name", "pk"]
        verbose_name_plural = "people"
        indexes = [models.Index(fields=["name", "id"], name="person_name")]
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


class AppearanceQuerySet(models.QuerySet):
    def record(self, pairs, *, byline=False):
        """Note each (article id, person id) of `pairs`: the person is mentioned or quoted in the article,
        or with `byline`, wrote it."""
        # Sorted, so concurrent loads take row locks in one order; plain rows, not instances, because a
        # load records tens of thousands (building them was a tenth of the loader's writing).
        rows = sorted({(article, person) for article, person in pairs if person is not None})
        if not rows:
            return
        connection = connections[self._db or router.db_for_write(self.model)]
        quote = connection.ops.quote_name
        fields = ("article", "person", "byline")
        columns = ", ".join(quote(self.model._meta.get_field(name).column) for name in fields)
        insert = f"INSERT INTO {quote(self.model._meta.db_table)} ({columns})"
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute(
                    f"{insert} SELECT article, person, %s FROM unnest(%s::bigint[], %s::bigint[]) "
                    "AS row(article, person) ON CONFLICT DO NOTHING",
                    [byline, [article for article, _ in rows], [person for _, person in rows]],
                )
            else:
                cursor.executemany(
                    f"{insert} VALUES (%s, %s, %s) ON CONFLICT DO NOTHING",
                    [(article, person, byline) for article, person in rows],
                )

    def forget(self, pairs=None):
        """Drop those of these appearances (narrowed to (article id, person id) `pairs`, if given) that
        nothing supports any more: a byline no byline, any other no mention and no quote."""
        from articles.models import Article, Quote

        appearances = self
        if pairs is not None:
            pairs = {(article, person) for article, person in pairs if person is not None}
            if not pairs:
                return
            appearances = self.filter(
                models.Q.create([models.Q(article=a, person=p) for a, p in pairs], connector=models.Q.OR)
            )
        article, person = models.OuterRef("article"), models.OuterRef("person")
        mentioned = models.Exists(Article.people.through.objects.filter(article=article, person=person))
        quoted = models.Exists(Quote.objects.filter(article=article, speaker=person))
        wrote = models.Exists(Article.authors.through.objects.filter(article=article, person=person))
        appearances.filter(
            models.Q(~mentioned, ~quoted, byline=False) | models.Q(~wrote, byline=True)
        ).delete()


class Appearance(models.Model):
    """A person's place in a story: its byline (`Article.authors`), or mentioned in it (`Article.people`)
    or quoted in it (`Quote.speaker`).

    Derived, never edited: `people.signals` keeps it for saves, deletes and byline and mention changes,
    and the loader records what it writes in bulk. With one relation to ask, PostgreSQL plans "stories
    featuring" a person as one join, using what it knows of that person: a few dozen index probes down
    the newest articles for the most-quoted, a read of their handful of articles for a rare one.
    """

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="appearances", db_index=False)
    article = models.ForeignKey(
        "articles.Article", on_delete=models.CASCADE, related_name="appearances", db_index=False
    )
    byline = models.BooleanField(default=False, help_text="They wrote it (rather than being in it).")

    objects = AppearanceQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person", "article", "byline"], name="appearance_unique_role")
        ]
        indexes = [
            models.Index(fields=["article", "person", "byline"], name="appearance_article_person_role")
        ]

    def __str__(self):
        return f"{self.person_id} {'wrote' if self.byline else 'in'} {self.article_id}"
