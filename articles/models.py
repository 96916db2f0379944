import re

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector, SearchVectorField
from django.db import connections, models, router
from django.db.models.functions import MD5, Coalesce, Now, RowNumber
from django.db.models.lookups import GreaterThan, LessThanOrEqual
from django.utils import timezone
from django_cte import CTE, with_cte
from taggit.managers import TaggableManager
from taggit.models import Tag, TaggedItemBase

from newsroom.compiled_once import CompiledQuery, CompiledSubquery
from newsroom.links import link
from newsroom.querysets import built_once
from people.models import Appearance, Person

from . import snippets
from .json_rows import JSONRows, rows_to_instances
from .pagination import planner_estimate

# Longest search query the reader pages accept (the forms refuse longer ones).
SEARCH_MAX_LENGTH = 200
# Search ranks the newest this many matches (ten pages), so a word found in most of an archive costs
# the same as a rare one.
SEARCH_RANKED = 200
# A search term PostgreSQL expects in at most this many quotes has its quotes found through the
# search index first, then ordered (QuoteQuerySet.matching): a thousand cost about 10 ms.
RARE_QUOTE_MATCHES = 1000
# Related articles are found among the newest this many carrying the article's tags: a day or two of
# stories on a busy topic. At 100,000 articles a thousand cost 5 ms, two hundred 0.9 ms and a hundred
# 0.4 ms: still the article page's slowest query.
RELATED_CANDIDATES = 100
# What lists of articles show of each (feeds add `updated_at`).
LISTED_FIELDS = ("headline", "slug", "standfirst", "published_at", "updated_at")
# What reader pages show of an article's authors, the people in it and its topics (read back into
# instances by articles.json_rows.rows_to_instances).
BYLINE_FIELDS = ("id", "name", "slug", "kind")
PEOPLE_FIELDS = ("id", "name", "slug", "title")
TOPIC_FIELDS = ("id", "name", "slug")
_SEARCH_TERM = re.compile(r'(-?)"([^"]*)(?:"|$)|(-?)([^\s"]+)')


def search_terms(q):
    """Split a reader's query the way websearch syntax does: `"a phrase"`, `word`, `-excluded`.

    Returns (wanted, excluded) lists of lower-case strings, punctuation stripped; used where the
    database has no full-text search (SQLite).
    """
    wanted, excluded = [], []
    for match in _SEARCH_TERM.finditer(q[:SEARCH_MAX_LENGTH]):
        minus = match.group(1) or match.group(3)
        words = re.findall(
            r"\w+(?:['’]\w+)*", match.group(2) if match.group(2) is not None else match.group(4)
        )
        if not words or (not minus and match.group(4) and words[0].lower() == "or"):
            continue
        (excluded if minus else wanted).append(" ".join(words).lower())
    return wanted, excluded


def _lexemes(words):
    """The lexemes PostgreSQL's `english` configuration makes of `words`, space-separated: the planner
    works them out once for the whole query, not for each row."""
    vector = SearchVector(models.Value(words), config="english")
    array = models.Func(vector, function="tsvector_to_array")
    return models.Func(array, models.Value(" "), function="array_to_string", output_field=models.TextField())


def _websearch(q):
    """The reader's query `q` (websearch syntax) for PostgreSQL full-text search."""
    return SearchQuery(q, search_type="websearch", config="english")


def _contains_all(fields, q):
    """A Q admitting rows where every wanted term occurs in one of `fields` and no excluded term does."""
    wanted, excluded = search_terms(q)
    if not wanted:
        return None
    condition = models.Q()
    for term in wanted:
        condition &= models.Q.create([(f"{field}__icontains", term) for field in fields], connector="OR")
    for term in excluded:
        condition &= ~models.Q.create([(f"{field}__icontains", term) for field in fields], connector="OR")
    return condition


def _subquery_count(queryset, column):
    """The number of rows of `queryset` (already correlated with OuterRef), as a subquery expression."""
    counted = queryset.order_by().values(column).annotate(n=models.Count("*")).values("n")
    return Coalesce(models.Subquery(counted), 0)


def _tagged(queryset, through, tags):
    """`queryset` narrowed to rows carrying every one of `tags` through `through`.

    A Tag instance (or a tag's id) is matched by id, which lets PostgreSQL plan with what it knows of that tag
    (common or rare); a slug costs a join to the tags table.
    """
    for tag in tags:
        if isinstance(tag, Tag | int):
            match = {"tag_id": getattr(tag, "pk", tag)}
        else:
            match = {"tag__slug": tag}
        queryset = queryset.filter(
            models.Exists(through.objects.filter(content_object=models.OuterRef("pk"), **match))
        )
    return queryset


@built_once
def public_tags(*, articles=True, quotes=True):
    """Tags on at least one published article (`articles`) or quote of one (`quotes`), by name.

    One probe per tag that stops at its first public item (a scalar subquery with LIMIT 1, which
    PostgreSQL does not turn into a join over every tagged row), so it costs milliseconds whatever
    the size of the archive.
    """
    found = models.Q(pk__in=[])
    tags = Tag.objects.all()
    if articles:
        published = Article.objects.published().values("pk")
        first = TaggedArticle.objects.filter(tag=models.OuterRef("pk"), content_object__in=published)
        tags = tags.alias(first_article=CompiledSubquery(first.values("pk")[:1]))
        found |= models.Q(first_article__isnull=False)
    if quotes:
        published = Quote.objects.published().values("pk")
        first = TaggedQuote.objects.filter(tag=models.OuterRef("pk"), content_object__in=published)
        tags = tags.alias(first_quote=CompiledSubquery(first.values("pk")[:1]))
        found |= models.Q(first_quote__isnull=False)
    return tags.filter(found).order_by("name")


@built_once
def tags_saying_if_quoted():
    """Tags by name and slug, each saying whether any quote carries it (`on_quotes`): editors tag
    quotes by hand and most topics have none, so a topic's page need not look for its quotes (the
    query's planning alone took 0.4 ms)."""
    return Tag.objects.only("name", "slug").annotate(
        on_quotes=models.Exists(TaggedQuote.objects.filter(tag=models.OuterRef("pk")))
    )


def published_q(prefix=""):
    """The one rule for what readers may see: published, and not scheduled for later.

    `ArticleQuerySet.unpublished()` spells out its complement for an index: change both together
    (tests/test_people_scale.py checks they split every status between them).

    The database's clock decides, so a queryset built once (at import, in a cache) still lets a
    scheduled article through when its time comes.
    `prefix` lets related models apply the same rule through their path to the article
    (`published_q("article__")` for quotes).
    """
    return models.Q(**{f"{prefix}status": Article.Status.PUBLISHED, f"{prefix}published_at__lte": Now()})


class ArticleQuerySet(models.QuerySet):
    def published(self):
        return self.filter(published_q())

    def unpublished(self):
        """Everything published() leaves out (drafts, articles in review or archived, scheduled ones),
        spelt so an index finds these few rows rather than passing over every public one."""
        others = [status for status in Article.Status if status != Article.Status.PUBLISHED]
        return self.filter(
            models.Q(status__in=others) | models.Q(status=Article.Status.PUBLISHED, published_at__gt=Now())
        )

    def _full_text(self):
        return connections[self.db].vendor == "postgresql"

    def for_listing(self):
        """What a list of articles shows: headline, standfirst, dates, and byline and topics (as JSON
        columns of the same query, articles.json_rows says why); no other column."""
        return self.only(*LISTED_FIELDS).annotate(
            listed_byline=_person_rows("bylines", BYLINE_FIELDS), listed_topics=_topic_rows()
        )

    def for_reading(self):
        """What an article page shows of the article: the article with its byline, topics and people as
        JSON columns, in one query (the page then reads its quotes, with their speakers, in a second)."""
        return self.defer("source_snapshot", "search_vector").annotate(
            listed_byline=_person_rows("bylines", BYLINE_FIELDS),
            listed_topics=_topic_rows(),
            listed_people=_person_rows("mentioned_in", PEOPLE_FIELDS),
        )

    def featuring(self, person, *, bylines=False):
        """Articles `person` (an instance or a key) is mentioned or quoted in.

        With `bylines`, also the articles they wrote.
        One relation (people.Appearance) answers: an OR of EXISTS over mentions, quotes and bylines
        would make PostgreSQL hash every article of a much-quoted person before reading the first one.
        """
        appearances = Appearance.objects.filter(article=models.OuterRef("pk"), person=person)
        if not bylines:
            appearances = appearances.filter(byline=False)
        return self.filter(models.Exists(appearances))

    def tagged(self, *tags):
        """Articles carrying every one of `tags` (Tag instances, ids or slugs)."""
        return _tagged(self, TaggedArticle, tags)

    def related_to(self, article, *, limit=4):
        """Other articles sharing the most tags with `article` (its `topics` read by `for_reading()`),
        newest first on ties; the columns are the caller's (`public_headlines()`)."""
        tag_ids = [tag.pk for tag in article.topics]
        if not tag_ids:
            return self.none()
        recent = (
            TaggedArticle.objects.filter(tag__in=tag_ids)
            .order_by("-content_object_id")
            .values("content_object_id")[:RELATED_CANDIDATES]
        )
        return (
            self.exclude(pk=article.pk)
            .filter(pk__in=recent, tags__in=tag_ids)
            .annotate(shared_tags=models.Count("tags"))
            .order_by("-shared_tags", "-published_at", "-pk")[:limit]
        )

    def matching(self, q):
        """Articles matching the reader's query `q` (websearch syntax), in the current order."""
        q = (q or "")[:SEARCH_MAX_LENGTH]
        if not search_terms(q)[0]:
            return self.none()  # nothing wanted: junk, or only exclusions
        if self._full_text():
            return self.filter(search_vector=_websearch(q))
        condition = _contains_all(["headline", "standfirst", "body"], q)
        return self.none() if condition is None else self.filter(condition)

    def search(self, q):
        """Articles matching `q`, best first, each with the `total` number of results (for
        articles.search.SearchPaginator), and what its snippet is cut from (articles.snippets.cut):
        `snippet_text`, the body, and `lexemes`, the query's words as the search matched them.

        On PostgreSQL: the trigger-maintained, weighted `search_vector` (headline over standfirst
        over body) with its GIN index, ranked by SearchRank; the lexemes are those of the `english`
        configuration, stop words left out. Only the newest SEARCH_RANKED matches are ranked: a word
        in most of the archive would otherwise rank every article on each request. Elsewhere: every
        word must occur, newest first, and each word's stem is a lexeme.
        """
        q = (q or "")[:SEARCH_MAX_LENGTH]
        words = " ".join(search_terms(q)[0])
        if not self._full_text():
            return (
                self.matching(q)
                .annotate(
                    snippet_text=models.F("body"),
                    lexemes=models.Value(" ".join(snippets.word_stems(words))),
                    total=models.Window(models.Count("*")),
                )
                .order_by("-published_at", "-pk")
            )
        return self.ranked(q, words, SEARCH_RANKED)

    def ranked(self, q, words, newest_ranked, *, places=None):
        """search() on PostgreSQL, given the query's wanted `words` and how many of the newest matches
        to rank; with `places`, (after, through), only the results in those places (a page: (20, 40)).

        The newest matches are ranked and numbered as they are found, and only the page's are then
        joined back to their articles for what a list shows: ranking them after that join read every
        one of them twice (0.7 ms of the common-word search's 2.3), and an OFFSET there would read
        the body, byline and topics of every result before the page. The page's places are
        parameters, not a LIMIT written into the SQL, so one compiled query serves every page.
        Common table expressions (django-cte), which PostgreSQL folds into the query.
        """
        query = _websearch(q)
        newest = CTE(
            self.matching(q)
            .order_by("-published_at", "-pk")
            .values("pk", "published_at", rank=SearchRank(models.F("search_vector"), query))[:newest_ranked],
            name="newest",
        )
        best_first = ["-rank", "-published_at", "-pk"]
        best = CTE(
            newest.queryset()
            .annotate(
                total=models.Window(models.Count("*")),
                place=models.Window(RowNumber(), order_by=best_first),
            )
            .order_by()
            .values("pk", "rank", "total", "place"),
            name="best",
        )
        shown = best.join(self, pk=best.col.pk).annotate(
            rank=best.col.rank,
            total=best.col.total,
            snippet_text=models.F("body"),
            lexemes=_lexemes(words),
        )
        if places is not None:
            after, through = places
            shown = shown.filter(GreaterThan(best.col.place, after), LessThanOrEqual(best.col.place, through))
        return with_cte(newest, best, select=shown.order_by(best.col.place))

    def tag_counts(self):
        """The tags of these articles or their quotes, each with how many of each carry it."""
        articles = TaggedArticle.objects.filter(
            tag=models.OuterRef("pk"), content_object__in=self.values("pk")
        )
        quotes = TaggedQuote.objects.filter(
            tag=models.OuterRef("pk"), content_object__article__in=self.values("pk")
        )
        return (
            Tag.objects.annotate(
                article_count=_subquery_count(articles, "tag"), quote_count=_subquery_count(quotes, "tag")
            )
            .filter(models.Q(article_count__gt=0) | models.Q(quote_count__gt=0))
            .order_by("name")
        )


class ArticleManager(models.Manager.from_queryset(ArticleQuerySet)):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


# A function, not a manager method: related managers (`person.bylines`) are built from the default
# manager's class, and each of them would be a new cache entry holding its own rows.
@built_once
def public_listing():
    """`Article.objects.published().for_listing()`: where every reader list of articles starts."""
    return Article.objects.published().for_listing()


@built_once
def public_headlines():
    """Published articles with what a list of links to them shows: headline, slug and date."""
    return Article.objects.published().only("headline", "slug", "published_at")


@built_once
def public_reading():
    """`Article.objects.published().for_reading()`: where an article page starts."""
    return Article.objects.published().for_reading()


def _tag_key():
    """taggit's key to the tag, without an index of its own: the tagged items' (tag, item) index starts
    with it."""
    return models.ForeignKey(
        Tag, related_name="%(app_label)s_%(class)s_items", on_delete=models.CASCADE, db_index=False
    )


class TaggedArticle(TaggedItemBase):
    tag = _tag_key()
    content_object = models.ForeignKey("Article", on_delete=models.CASCADE, related_name="tagged_items")

    class Meta:
        # A tag's articles from the index alone (tag pages and filters at archive scale).
        indexes = [models.Index(fields=["tag", "content_object"], name="taggedarticle_tag_article")]


def _person_rows(relation, fields):
    """The article's people through `relation` ("bylines", "mentioned_in"), in name order."""
    return JSONRows(
        Person.objects.filter(**{relation: models.OuterRef("pk")}),
        model=Person,
        fields=fields,
        order_by=Person._meta.ordering,
    )


def _topic_rows():
    return JSONRows(
        TaggedArticle.objects.filter(content_object=models.OuterRef("pk")),
        model=Tag,
        fields=TOPIC_FIELDS,
        order_by=["pk"],
        row_of="tag",
    )


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
    # Kept up to date by a PostgreSQL trigger (migration 0002), and in the row, not the TOAST table
    # (0008: storage MAIN, which an ALTER COLUMN … TYPE would reset); always empty on SQLite.
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
        return link("articles:detail", slug=self.slug)

    def natural_key(self):
        return (self.slug,)

    @property
    def byline(self):
        """The article's authors: what `for_listing()` or `for_reading()` fetched, or asks the database."""
        rows = getattr(self, "listed_byline", None)
        if rows is None:
            return list(self.authors.all())
        return rows_to_instances(Person, BYLINE_FIELDS, rows, using=self._state.db)

    @property
    def people_in_story(self):
        """The people the story is about: what `for_reading()` fetched, or asks the database."""
        rows = getattr(self, "listed_people", None)
        if rows is None:
            return list(self.people.all())
        return rows_to_instances(Person, PEOPLE_FIELDS, rows, using=self._state.db)

    @property
    def topics(self):
        """The article's tags in the order they were given (the first is its kicker): what
        `for_listing()` or `for_reading()` fetched, or asks the database."""
        rows = getattr(self, "listed_topics", None)
        if rows is None:
            return [item.tag for item in self.tagged_items.select_related("tag").order_by("pk")]
        return rows_to_instances(Tag, TOPIC_FIELDS, rows, using=self._state.db)

    @property
    def kicker(self):
        """The first of the article's topics, shown above its headline; None without topics. A list
        reads only this one of each article's topics."""
        rows = getattr(self, "listed_topics", None)
        if rows is None:
            return next(iter(self.topics), None)
        first = rows_to_instances(Tag, TOPIC_FIELDS, rows[:1], using=self._state.db)
        return first[0] if first else None

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

    def for_listing(self):
        """What a list of quotes shows: the words, the speaker and the article, newest article first;
        no other column (a speaker's biography, say, on every card)."""
        speaker = [f"speaker__{name}" for name in ("name", "slug", "title")]
        article = [f"article__{name}" for name in ("headline", "slug", "published_at")]
        return (
            self.select_related("speaker", "article")
            .only("text", "paragraph", "position", *speaker, *article)
            .order_by("-article__published_at", "-article_id", "paragraph", "position", "pk")
        )

    def tagged(self, *tags):
        """Quotes carrying every one of `tags` (Tag instances, ids or slugs)."""
        return _tagged(self, TaggedQuote, tags)

    def matching(self, q):
        """Quotes whose words match the reader's query `q` (websearch syntax).

        On PostgreSQL, in whichever of two ways suits how many quotes match, as the planner estimates
        it. A list of quotes is read newest first, and for a common word that soon meets enough of
        them; for a rarer one PostgreSQL would take the same way, expecting its matches spread evenly
        through the years, and a word that matched mostly in older stories ("Zurich") walked back
        through 40,000 stories for a page of quotes (170 ms). So up to RARE_QUOTE_MATCHES are first
        found through the search index, and then ordered.
        """
        q = (q or "")[:SEARCH_MAX_LENGTH]
        if not search_terms(q)[0]:
            return self.none()  # nothing wanted: junk, or only exclusions
        if connections[self.db].vendor == "postgresql":
            return self.found(q, rare=_rare_in_quotes(q, using=self.db))
        condition = _contains_all(["text"], q)
        return self.none() if condition is None else self.filter(condition)

    def found(self, q, *, rare):
        """matching() on PostgreSQL, the way `rare` says."""
        query = _websearch(q)
        if rare:
            # The LIMIT keeps PostgreSQL from merging the two steps back into one walk; an estimate
            # far short of the truth is cut there, rather than costing what it will.
            found = Quote.objects.using(self.db).filter(search_vector=query).values("pk")
            return self.filter(pk__in=found[: 10 * RARE_QUOTE_MATCHES])
        return self.filter(search_vector=query)


def _rare_in_quotes(q, *, using):
    """Whether PostgreSQL expects `q` in at most RARE_QUOTE_MATCHES quotes."""
    def found():
        return Quote.objects.using(using).filter(search_vector=_websearch(q))

    return planner_estimate(found, list_key=("quotes matching", q), using=using) <= RARE_QUOTE_MATCHES


class QuoteManager(models.Manager.from_queryset(QuoteQuerySet)):
    def get_by_natural_key(self, article_slug, paragraph, text):
        return self.get(article__slug=article_slug, paragraph=paragraph, text=text)


@built_once
def public_quotes():
    """`Quote.objects.published().for_listing()`: where every reader list of quotes starts."""
    return Quote.objects.published().for_listing()


# What the search page's queries are compiled with, once per process, in place of a reader's query,
# its words and the page's places: values no other parameter of theirs equals.
_QUERY_STAND_IN, _WORDS_STAND_IN = "\ue002query\ue003", "\ue002words\ue003"
_AFTER_STAND_IN, _THROUGH_STAND_IN = -9_437_189, -9_437_191
_SEARCH_RESULTS = CompiledQuery(
    lambda newest_ranked, q, words, after, through: public_listing().ranked(
        q, words, newest_ranked, places=(after, through)
    ),
    q=_QUERY_STAND_IN,
    words=_WORDS_STAND_IN,
    after=_AFTER_STAND_IN,
    through=_THROUGH_STAND_IN,
)
_NEWEST_QUOTES = CompiledQuery(
    lambda limit, rare, q: public_quotes().found(q, rare=rare)[:limit], q=_QUERY_STAND_IN
)


# A person's page lists their newest quotes, the newest stories they are in and those they wrote,
# and an article page its quotes: compiling these queries cost more of the pages' Python than reading
# their rows. The stand-in, a key, is a number no other parameter of these queries equals.
_KEY_STAND_IN = -7_340_033
_QUOTES_IN = CompiledQuery(
    lambda article: Quote.objects.filter(article=article).select_related("speaker"), article=_KEY_STAND_IN
)
_STORIES_FEATURING = CompiledQuery(
    lambda limit, person: public_headlines().featuring(person)[:limit], person=_KEY_STAND_IN
)
_STORIES_BY = CompiledQuery(
    lambda limit, person: public_headlines().filter(authors=person)[:limit], person=_KEY_STAND_IN
)
_QUOTES_BY = CompiledQuery(
    lambda limit, person: public_quotes().filter(speaker=person)[:limit], person=_KEY_STAND_IN
)


def quotes_in(article):
    """`article.quotes.select_related("speaker")`, from SQL compiled once, each quote with its article."""
    quotes = _QUOTES_IN.rows(using=router.db_for_read(Quote, instance=article), article=article.pk)
    for quote in quotes:
        quote.article = article
    return quotes


def newest_quotes_by(person, limit):
    """The first `limit` of `public_quotes().filter(speaker=person)`, from SQL compiled once."""
    return _QUOTES_BY.rows(limit, using=router.db_for_read(Quote), person=person.pk)


def newest_stories_featuring(person, limit):
    """The first `limit` of `public_headlines().featuring(person)`, from SQL compiled once."""
    return _STORIES_FEATURING.rows(limit, using=router.db_for_read(Article), person=person.pk)


def newest_stories_by(person, limit):
    """The first `limit` of `public_headlines().filter(authors=person)`, from SQL compiled once."""
    return _STORIES_BY.rows(limit, using=router.db_for_read(Article), person=person.pk)


def search_results(q, offset, limit):
    """`public_listing().search(q)[offset:offset + limit]`; on PostgreSQL one query, from SQL
    compiled once, for every page."""
    q = (q or "")[:SEARCH_MAX_LENGTH]
    wanted = search_terms(q)[0]
    using = router.db_for_read(Article)
    if wanted and connections[using].vendor == "postgresql":
        return _SEARCH_RESULTS.rows(
            SEARCH_RANKED, using=using, q=q, words=" ".join(wanted), after=offset, through=offset + limit
        )
    found = public_listing().search(q)
    if not offset:
        return list(found[:limit])
    # The page's keys first: with OFFSET the database would read the bodies, bylines and topics of
    # every row it skips. The total is the keys' (the rows' own would count only the page).
    keys = list(found.values_list("pk", "total")[offset : offset + limit])
    rows = list(found.filter(pk__in=[pk for pk, _ in keys]))
    for row in rows:
        row.total = keys[0][1]
    return rows


def newest_quotes_matching(q, limit):
    """The first `limit` of `public_quotes().matching(q)`; on PostgreSQL, from SQL compiled once."""
    q = (q or "")[:SEARCH_MAX_LENGTH]
    using = router.db_for_read(Quote)
    if not search_terms(q)[0] or connections[using].vendor != "postgresql":
        return list(public_quotes().matching(q)[:limit])
    return _NEWEST_QUOTES.rows(limit, _rare_in_quotes(q, using=using), using=using, q=q)


class TaggedQuote(TaggedItemBase):
    tag = _tag_key()
    content_object = models.ForeignKey("Quote", on_delete=models.CASCADE, related_name="tagged_items")

    class Meta:
        indexes = [models.Index(fields=["tag", "content_object"], name="taggedquote_tag_quote")]


class Quote(models.Model):
    # Neither key has an index of its own: quote_unique_in_paragraph starts with the article and
    # quote_speaker_article with the speaker, and each index costs every quote a load writes.
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="quotes", db_index=False)
    text = models.TextField("quoted words")
    speaker = models.ForeignKey(
        "people.Person",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="quotes",
        db_index=False,
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
        indexes = [
            # A speaker's articles from the index alone: "stories featuring" a much-quoted person.
            models.Index(fields=["speaker", "article"], name="quote_speaker_article"),
        ]

    def __str__(self):
        return f"“{self.text[:80]}”"

    def get_absolute_url(self):
        return link("quotes:detail", pk=self.pk)

    def natural_key(self):
        return (self.article.slug, self.paragraph, self.text)

    natural_key.dependencies = ["articles.article"]


class ContentGeneration(models.Model):
    """One row counting the changes to what readers see: the stamp of cached pages when each process
    caches them in its own memory (newsroom.page_cache), since every process shares the database."""

    number = models.BigIntegerField(default=0)

    def __str__(self):
        return f"content generation {self.number}"
