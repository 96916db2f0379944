"""The one write path from parsed news documents (`articles.ingest.Document`) to the database.

`load_documents()` writes each document all or nothing and says per document what it did: "created",
"updated", "unchanged" or "failed". It is keyed so that running it again changes nothing:

- An article is found by `Article.source_name` (the file name). A document whose `content_hash`
  equals the article's `source_hash` is "unchanged" and costs no write at all.
- A changed document updates its article field by field. `Article.source_snapshot` holds a hash of
  what the last load wrote to each field it owns (headline, standfirst, body, authors, people, tags,
  quotes); a field whose current value no longer matches its hash was changed by an editor and is
  kept, unless `force=True`. The quotes count as one field: if an editor added, changed or deleted any
  quote of the article, the load keeps all of its quotes; otherwise it replaces them.
- The slug, the status and the publication time are set when the article is created and never
  touched by a reload: they are editorial decisions (and the slug is the article's address).
- People are found by slug (`slugify(name)`, their natural key). A load creates the people it lacks,
  with the name, title, kind and aliases the document gives; it never changes an existing person,
  not even their aliases, so whatever an editor did to a person stays.
- Tags are found case-insensitively by name (taggit's `TAGGIT_CASE_INSENSITIVE`) and created when
  missing.

Speed: new articles are written a batch at a time (articles with `bulk_create`; quotes, bylines,
people and tags as plain rows with `COPY` on PostgreSQL or `executemany`: a handful of statements
per batch), inside a savepoint; if anything in the batch fails, the batch is rolled back and its
documents are written again one by one, each in its own savepoint, so one bad document cannot take
others with it. Each batch commits on its own: a crash loses at most the batch in flight, never half
a document. On SQLite, a batch that meets another run's write lock is rolled back and started again.

Concurrent runs: unique constraints decide (`Person.slug`, `Tag.name`/`Tag.slug`, `Article.slug`,
`article_unique_source`). People and tags are inserted with `ON CONFLICT DO NOTHING` and selected
again; an article insert that loses a race raises `IntegrityError`, and the document is retried, when
it finds the other run's article and updates it (or leaves it unchanged).
"""

import collections
import functools
import hashlib
import itertools
import json
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from django.core import serializers
from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, OperationalError, connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify
from taggit.models import Tag

from newsroom.page_cache import bump_content_generation
from people.models import Appearance, Person

from .models import Article, Quote, TaggedArticle, TaggedQuote

BATCH_SIZE = 100
# How often one document is tried again after losing a race with a concurrent run.
_ATTEMPTS = 4
# How often a batch is started again while another run holds SQLite's write lock (about a minute).
_LOCKED_ATTEMPTS = 80
# PostgreSQL's deadlock_detected and serialization_failure: both mean "try again".
_RETRY_SQLSTATES = {"40P01", "40001"}

_HEADLINE_MAX = Article._meta.get_field("headline").max_length
_SLUG_MAX = Article._meta.get_field("slug").max_length
_SOURCE_MAX = Article._meta.get_field("source_name").max_length
_NAME_MAX = Person._meta.get_field("name").max_length
_PERSON_SLUG_MAX = Person._meta.get_field("slug").max_length
_TITLE_MAX = Person._meta.get_field("title").max_length
_CUE_MAX = Quote._meta.get_field("cue").max_length
_TAG_MAX = Tag._meta.get_field("name").max_length

OWNED_FIELDS = ("headline", "standfirst", "body", "authors", "people", "tags", "quotes")


@dataclass(frozen=True, slots=True)
class LoadResult:
    """What loading one document did. `kept` names the fields an editor had changed, left as they were."""

    source: str
    action: str  # "created", "updated", "unchanged" or "failed"
    article_id: int | None = None
    people_created: int = 0
    quotes_written: int = 0
    tags_created: int = 0
    kept: tuple[str, ...] = ()
    error: str = ""


@functools.lru_cache(maxsize=8192)
def person_slug(name: str) -> str:
    """A person's natural key: `slugify(name)`, with Unicode kept for names without Latin letters."""
    return (slugify(name) or slugify(name, allow_unicode=True))[:_PERSON_SLUG_MAX]


def load_document(document, *, publish: bool = True, force: bool = False) -> LoadResult:
    """Load one document in its own transaction (see `load_documents`)."""
    return next(load_documents([document], publish=publish, force=force))


def load_documents(
    documents: Iterable, *, publish: bool = True, force: bool = False, batch_size: int = BATCH_SIZE
) -> Iterator[LoadResult]:
    """Load parsed documents, yielding one `LoadResult` per document, in order.

    `publish` makes new articles published now (otherwise drafts); `force` overwrites fields an
    editor has changed since the last load. A document that cannot be written yields a "failed"
    result carrying the reason, and leaves nothing behind.
    """
    iterator = iter(documents)
    while batch := list(itertools.islice(iterator, batch_size)):
        plans = [_Plan.of(document) for document in batch]
        for attempt in itertools.count(1):
            try:
                results = _load_batch(plans, publish=publish, force=force)
                break
            except _DatabaseLocked:
                # SQLite: another run holds the write lock and a transaction that has read cannot
                # wait for it; the batch was rolled back whole, so wait and start it again.
                if attempt == _LOCKED_ATTEMPTS:
                    raise
                time.sleep(min(0.05 * attempt, 1.0))
        yield from results
    # Bulk writes send no signals: readers' cached pages are made stale once, after the load.
    transaction.on_commit(bump_content_generation)


class _DatabaseLocked(Exception):
    """SQLite's "database is locked", raised past the per-document handling to retry the batch."""


def _check_locked(error):
    if connection.vendor == "sqlite" and "database is locked" in str(error):
        raise _DatabaseLocked(str(error)) from error


@dataclass(slots=True)
class _Plan:
    """What one document asks the database to hold, with every name already turned into its key."""

    document: object
    source: str
    headline: str
    standfirst: str
    body: str
    # slug -> fields for a new Person; byline first, then the people the document names
    people: dict[str, dict] = field(default_factory=dict)
    author_slugs: list[str] = field(default_factory=list)
    mention_slugs: list[str] = field(default_factory=list)
    tag_names: list[str] = field(default_factory=list)
    # (paragraph, position, text, cue, speaker slug or "")
    quotes: list[tuple] = field(default_factory=list)

    @classmethod
    def of(cls, document):
        plan = cls(
            document=document,
            source=document.source[:_SOURCE_MAX],
            headline=" ".join(document.headline.split())[:_HEADLINE_MAX],
            standfirst=document.standfirst.strip(),
            body="\n\n".join(p.strip() for p in document.paragraphs if p.strip()),
        )
        if document.byline is not None:
            slug = plan._add_person(document.byline.name, kind=document.byline.kind, bio=document.byline.bio)
            if slug:
                plan.author_slugs.append(slug)
        for mention in document.people:
            slug = plan._add_person(
                mention.name, kind=mention.kind, title=mention.title or "", aliases=mention.aliases
            )
            if slug and slug not in plan.mention_slugs:
                plan.mention_slugs.append(slug)
        seen_tags = set()
        for name in document.tags:
            name = " ".join(name.split())[:_TAG_MAX]
            if name and name.casefold() not in seen_tags:
                seen_tags.add(name.casefold())
                plan.tag_names.append(name)
        seen_quotes = set()
        for quote in document.quotes:
            text = quote.text.strip()
            # The database holds one quote per paragraph and wording (quote_unique_in_paragraph).
            if not text or (quote.paragraph, text) in seen_quotes:
                continue
            seen_quotes.add((quote.paragraph, text))
            speaker = plan._add_person(quote.speaker, kind="person") if quote.speaker else ""
            plan.quotes.append((quote.paragraph, quote.position, text, (quote.cue or "")[:_CUE_MAX], speaker))
        return plan

    def _add_person(self, name, *, kind, title="", bio="", aliases=()):
        name = " ".join(name.split())[:_NAME_MAX]
        slug = person_slug(name) if name else ""
        if slug and slug not in self.people:
            self.people[slug] = {
                "name": name,
                "kind": kind,
                "title": title[:_TITLE_MAX],
                "bio": bio,
                "aliases": "\n".join(alias for alias in aliases if alias != name),
            }
        return slug

    def wanted(self):
        """The owned fields' values as this document gives them, in the form `_fingerprint` takes."""
        return {
            "headline": self.headline,
            "standfirst": self.standfirst,
            "body": self.body,
            "authors": self.author_slugs,
            "people": self.mention_slugs,
            "tags": self.tag_names,
            "quotes": [
                (paragraph, text, speaker) for paragraph, _position, text, _cue, speaker in self.quotes
            ],
        }


def _fingerprint(name, value):
    """A short hash of one owned field's value, the same whether it comes from a document or a row."""
    if name in {"authors", "people"}:
        value = sorted(value)  # people's slugs
    elif name == "tags":
        value = sorted(tag_name.casefold() for tag_name in value)
    elif name == "quotes":
        value = sorted([paragraph, text, speaker or ""] for paragraph, text, speaker in value)
    elif name == "body":
        value = "\n\n".join(p.strip() for p in value.replace("\r\n", "\n").split("\n\n") if p.strip())
    else:
        value = " ".join(value.split())
    encoded = json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode()
    return hashlib.sha256(encoded).hexdigest()[:20]


def _load_batch(plans, *, publish, force):
    with transaction.atomic():
        for attempt in (1, 2):
            results, fresh, changed = _sort_out(plans, force=force)
            if not fresh:
                break
            try:
                with transaction.atomic():
                    results.update(_create(fresh, publish=publish))
                break
            except (IntegrityError, OperationalError) as error:
                _check_locked(error)
                if attempt == 1 and _worth_retrying(error):
                    continue  # a concurrent run got there first: look again at what exists now
                changed = fresh + changed
            except Exception:  # the documents are tried again one by one below
                # One bad row undid the whole batch (a savepoint): writing its documents one at a
                # time finds which, and loads the others.
                changed = fresh + changed
            break
        for plan in changed:
            results[id(plan)] = _load_one(plan, publish=publish, force=force)
    return [results[id(plan)] for plan in plans]


def _sort_out(plans, *, force):
    """({id(plan): "unchanged" result}, plans without an article, plans whose article needs a look)."""
    existing = {
        source: (pk, source_hash)
        for source, pk, source_hash in _loaded(Article.objects)
        .filter(source_name__in=[plan.source for plan in plans])
        .values_list("source_name", "pk", "source_hash")
    }
    results, fresh, changed = {}, [], []
    for plan in plans:
        if plan.source not in existing:
            fresh.append(plan)
        elif existing[plan.source][1] == plan.document.content_hash and not force:
            results[id(plan)] = LoadResult(plan.source, "unchanged", existing[plan.source][0])
        else:
            changed.append(plan)
    return results, fresh, changed


def _load_one(plan, *, publish, force):
    for attempt in range(1, _ATTEMPTS + 1):
        try:
            with transaction.atomic():
                return _create_or_update(plan, publish=publish, force=force)
        except (IntegrityError, OperationalError) as error:
            _check_locked(error)
            if attempt == _ATTEMPTS or not _worth_retrying(error):
                return LoadResult(plan.source, "failed", error=_describe(error))
        except Exception as error:  # one document's failure must not stop the others
            return LoadResult(plan.source, "failed", error=_describe(error))
    raise AssertionError("unreachable")


def _worth_retrying(error):
    if isinstance(error, IntegrityError):
        return True  # a concurrent run created the same article, slug, person or tag first
    return getattr(error.__cause__, "sqlstate", None) in _RETRY_SQLSTATES


def _describe(error):
    message = " ".join(str(error).split()) or type(error).__name__
    return f"could not be written: {message[:300]}"


def _create_or_update(plan, *, publish, force):
    article = _loaded(Article.objects.select_for_update()).filter(source_name=plan.source).first()
    if article is None:
        return _create([plan], publish=publish)[id(plan)]
    if article.source_hash == plan.document.content_hash and not force:
        return LoadResult(plan.source, "unchanged", article.pk)
    return _update(article, plan, force=force)


def _create(plans, *, publish):
    """Insert new articles for `plans` with a few bulk queries; return {id(plan): LoadResult}."""
    people, people_created = _people_for(plans)
    tags, tags_created = _tags_for(plans)
    slugs = _free_slugs(plans)
    now = timezone.now()
    status = Article.Status.PUBLISHED if publish else Article.Status.DRAFT
    articles = []
    for plan, slug in zip(plans, slugs, strict=True):
        wanted = plan.wanted()
        articles.append(
            Article(
                headline=plan.headline,
                slug=slug,
                standfirst=plan.standfirst,
                body=plan.body,
                status=status,
                published_at=now if publish else None,
                source_name=plan.source,
                source_hash=plan.document.content_hash,
                source_snapshot={name: _fingerprint(name, wanted[name]) for name in OWNED_FIELDS},
            )
        )
    Article.objects.bulk_create(articles)
    authors, mentions, tagged, quotes = [], [], [], []
    for plan, article in zip(plans, articles, strict=True):
        authors += [(article.pk, people[slug]) for slug in plan.author_slugs]
        mentions += [(article.pk, people[slug]) for slug in plan.mention_slugs]
        tagged += [(article.pk, tags[name.casefold()]) for name in plan.tag_names]
        quotes += _quote_rows(article, plan, people)
    _insert(Article.authors.through, ["article", "person"], authors)
    Appearance.objects.record(authors, byline=True)
    _insert(Article.people.through, ["article", "person"], mentions)
    Appearance.objects.record(mentions)
    _insert(TaggedArticle, ["content_object", "tag"], tagged)
    _insert_quotes(quotes, now=now)
    return {
        id(plan): LoadResult(
            plan.source,
            "created",
            article.pk,
            people_created=people_created.get(id(plan), 0),
            quotes_written=len(plan.quotes),
            tags_created=tags_created.get(id(plan), 0),
        )
        for plan, article in zip(plans, articles, strict=True)
    }


def _update(article, plan, *, force):
    """Bring an existing article in line with a changed document, keeping what an editor changed."""
    people, people_created = _people_for([plan])
    tags, tags_created = _tags_for([plan])
    wanted = plan.wanted()
    current = {
        "headline": article.headline,
        "standfirst": article.standfirst,
        "body": article.body,
        "authors": list(article.authors.values_list("slug", flat=True)),
        "people": list(article.people.values_list("slug", flat=True)),
        "tags": list(article.tags.values_list("name", flat=True)),
        "quotes": list(article.quotes.values_list("paragraph", "text", "speaker__slug")),
    }
    snapshot = dict(article.source_snapshot or {})
    kept, written = [], []
    for name in OWNED_FIELDS:
        now_print = _fingerprint(name, current[name])
        wanted_print = _fingerprint(name, wanted[name])
        if now_print == wanted_print:
            snapshot[name] = wanted_print
        elif name in snapshot and now_print != snapshot[name] and not force:
            kept.append(name)  # the snapshot keeps the old print, so the field stays "edited"
        else:
            snapshot[name] = wanted_print
            written.append(name)
    article.source_hash = plan.document.content_hash
    article.source_snapshot = snapshot
    update_fields = ["source_hash", "source_snapshot"]
    for name in {"headline", "standfirst", "body"} & set(written):
        setattr(article, name, wanted[name])
        update_fields.append(name)
    if written:
        update_fields.append("updated_at")
    article.save(update_fields=update_fields)
    if "authors" in written:
        article.authors.set([people[slug] for slug in plan.author_slugs])
    if "people" in written:
        article.people.set([people[slug] for slug in plan.mention_slugs])
    if "tags" in written:
        TaggedArticle.objects.filter(content_object=article).delete()
        _insert(
            TaggedArticle,
            ["content_object", "tag"],
            [(article.pk, tags[n.casefold()]) for n in plan.tag_names],
        )
    quotes_written = 0
    if "quotes" in written:
        article.quotes.all().delete()
        quotes_written = _insert_quotes(_quote_rows(article, plan, people), now=timezone.now())
    return LoadResult(
        plan.source,
        "updated" if written else "unchanged",
        article.pk,
        people_created=people_created.get(id(plan), 0) if written else 0,
        quotes_written=quotes_written,
        tags_created=tags_created.get(id(plan), 0) if written else 0,
        kept=tuple(kept),
    )


def _quote_rows(article, plan, people):
    return [
        (article.pk, paragraph, position, text, cue, people[speaker] if speaker else None)
        for paragraph, position, text, cue, speaker in plan.quotes
    ]


def _insert_quotes(rows, *, now):
    """Insert quotes given as (article id, paragraph, position, text, cue, speaker id) tuples."""
    stamp = Quote._meta.get_field("created_at").get_db_prep_save(now, connection)
    columns = ["article", "paragraph", "position", "text", "cue", "speaker", "created_at", "updated_at"]
    _insert(Quote, columns, [(*row, stamp, stamp) for row in rows])
    Appearance.objects.record((article, speaker) for article, *_, speaker in rows)
    return len(rows)


def _insert(model, field_names, rows):
    """Insert plain value tuples in bulk, skipping model instances altogether.

    `bulk_create` spends most of a load building and preparing one instance per quote and per
    through row; these rows hold only integers, text and one prepared timestamp, so they go straight
    to the database: on PostgreSQL with `COPY … FROM STDIN` (triggers and constraints apply as to any
    insert), elsewhere with `executemany`. Signals are not sent, as with `bulk_create`.
    """
    if not rows:
        return
    quote = connection.ops.quote_name
    columns = ", ".join(quote(model._meta.get_field(name).column) for name in field_names)
    table = f"{quote(model._meta.db_table)} ({columns})"
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.copy(f"COPY {table} FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            cursor.executemany(f"INSERT INTO {table} VALUES ({', '.join(['%s'] * len(field_names))})", rows)


def _people_for(plans):
    """Every person the plans need, by slug, creating the missing ones race-safely.

    Returns ({slug: person id}, {id(plan): how many people it brought in}).
    """
    wanted = {}
    first_plan = {}
    for plan in plans:
        for slug, fields in plan.people.items():
            wanted.setdefault(slug, fields)
            first_plan.setdefault(slug, id(plan))
    found = dict(Person.objects.filter(slug__in=wanted).values_list("slug", "pk"))
    missing = sorted(set(wanted) - set(found))  # sorted: concurrent runs take row locks in one order
    created = {}
    if missing:
        stamp = Person._meta.get_field("created_at").get_db_prep_save(timezone.now(), connection)
        columns = ["slug", "name", "title", "kind", "bio", "aliases", "created_at", "updated_at"]
        rows = [(slug, *(wanted[slug][name] for name in columns[1:6]), stamp, stamp) for slug in missing]
        inserted = _insert_new(Person, columns, rows, returning="slug")
        found.update(Person.objects.filter(slug__in=missing).values_list("slug", "pk"))
        for slug in inserted:
            created[first_plan[slug]] = created.get(first_plan[slug], 0) + 1
    return found, created


def _insert_new(model, field_names, rows, *, returning):
    """Insert the rows no unique constraint already holds; return the `returning` values inserted.

    `bulk_create(ignore_conflicts=True)` cannot tell which rows went in, and a concurrent run may
    have inserted some of them first: `ON CONFLICT DO NOTHING RETURNING` (PostgreSQL, SQLite 3.35+)
    does, so the summary counts only what this run created.

    On PostgreSQL the rows go in as one array a column (`unnest`), as Django's own bulk_create
    sends them: the statement's text is the same for any number of rows, where a placeholder a
    value made psycopg parse a new 9 KB statement for each batch (7 ms, a tenth of a batch's Python).
    """
    quote = connection.ops.quote_name
    fields = [model._meta.get_field(name) for name in field_names]
    columns = ", ".join(quote(field.column) for field in fields)
    table = f"{quote(model._meta.db_table)} ({columns})"
    key = quote(model._meta.get_field(returning).column)
    if connection.vendor == "postgresql" and rows:
        arrays = ", ".join(f"%s::{field.db_type(connection).split('(')[0]}[]" for field in fields)
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {table} SELECT * FROM unnest({arrays}) ON CONFLICT DO NOTHING RETURNING {key}",
                [list(column) for column in zip(*rows, strict=True)],
            )
            return [value for (value,) in cursor.fetchall()]
    row = f"({', '.join(['%s'] * len(field_names))})"
    per_statement = max(1, (connection.features.max_query_params or 10_000) // len(field_names))
    inserted = []
    with connection.cursor() as cursor:
        for start in range(0, len(rows), per_statement):
            chunk = rows[start : start + per_statement]
            cursor.execute(
                f"INSERT INTO {table} VALUES {', '.join([row] * len(chunk))} "
                f"ON CONFLICT DO NOTHING RETURNING {key}",
                [value for values in chunk for value in values],
            )
            inserted += [value for (value,) in cursor.fetchall()]
    return inserted


def _tags_for(plans):
    """Every tag the plans need, by case-folded name, creating the missing ones race-safely.

    Returns ({casefolded name: tag id}, {id(plan): how many tags it brought in}).
    """
    wanted = {}
    first_plan = {}
    for plan in plans:
        for name in plan.tag_names:
            wanted.setdefault(name.casefold(), name)
            first_plan.setdefault(name.casefold(), id(plan))
    if not wanted:
        return {}, {}
    slug_of = {key: Tag().slugify(name)[:_TAG_MAX] for key, name in wanted.items()}

    def select(keys):
        rows = Tag.objects.filter(slug__in=[slug_of[key] for key in keys]).values_list("name", "pk")
        return {name.casefold(): pk for name, pk in rows if name.casefold() in wanted}

    found = select(wanted)
    missing = sorted(set(wanted) - set(found))
    created = {}
    if missing:
        rows = [(wanted[key], slug_of[key]) for key in missing]
        inserted = {name.casefold() for name in _insert_new(Tag, ["name", "slug"], rows, returning="name")}
        found.update(select(missing))
        for key in missing:
            if key not in found:
                # Its slug belongs to another name ("C++" and "C"): taggit finds a free slug.
                found[key], new = _tag_named(wanted[key])
                if new:
                    inserted.add(key)
            if key in inserted:
                created[first_plan[key]] = created.get(first_plan[key], 0) + 1
    return found, created


def _tag_named(name):
    """(id, created?) of the tag with this name in any case, created when there is none."""
    existing = Tag.objects.filter(name__iexact=name).first()
    if existing:
        return existing.pk, False
    return Tag.objects.create(name=name).pk, True


def _loaded(articles):
    """Articles that came from a document: the condition `article_unique_source` is indexed on.

    Spelled out so SQLite uses that partial index (it cannot infer the condition from `IN (…)`).
    """
    return articles.exclude(source_name="")


def _free_slugs(plans):
    """A unique article slug per plan: the headline's, with "-2", "-3", … when it is taken.

    Candidates are looked up by exact slug, a window of numbers at a time for all the batch's repeated
    headlines at once, so that every lookup uses the unique index (a `LIKE 'slug-%'` scan is not
    indexed on SQLite, and headlines repeat in archives).
    """
    bases = [
        (slugify(plan.headline) or slugify(plan.headline, allow_unicode=True) or "article")[:_SLUG_MAX]
        for plan in plans
    ]
    taken = set(Article.objects.filter(slug__in=set(bases)).values_list("slug", flat=True))
    repeated = []
    for base in bases:
        repeated.append(base in taken)
        taken.add(base)
    numbered = _numbered_slugs([base for base, again in zip(bases, repeated, strict=True) if again], taken)
    return [next(numbered[base]) if again else base for base, again in zip(bases, repeated, strict=True)]


# Per headline slug, the number after the last this process gave it. Archives repeat headlines ("Live
# updates", "Letters"): a search from "-2" every time would read every number given before, a longer
# window for each copy.
_next_numbers: dict[str, int] = {}
_NEXT_NUMBERS_KEPT = 10_000
_SLUG_WINDOW = 20
# Slugs a lookup asks for at most: SQLite takes 999 parameters a query.
_SLUG_LOOKUP_CHUNK = 500


def _numbered_slugs(bases, taken):
    """{base: iterator of free "base-N" slugs}, as many as `bases` holds that base; adds them to `taken`.

    The search for a base starts where this process left it, checking the number before: if that one
    is free, articles were deleted (or the database is another) and the search starts again from 2.
    """
    wanted = collections.Counter(bases)
    found = {base: [] for base in wanted}
    start = {base: _next_numbers.get(base, 2) for base in wanted}
    size = _SLUG_WINDOW
    while pending := [base for base in wanted if len(found[base]) < wanted[base]]:
        windows = {base: range(max(start[base] - 1, 2), start[base] + size) for base in pending}
        candidates = [_with_number(base, number) for base, window in windows.items() for number in window]
        for offset in range(0, len(candidates), _SLUG_LOOKUP_CHUNK):
            chunk = candidates[offset : offset + _SLUG_LOOKUP_CHUNK]
            taken.update(Article.objects.filter(slug__in=chunk).values_list("slug", flat=True))
        for base, window in windows.items():
            if window.start < start[base] and _with_number(base, window.start) not in taken:
                start[base] = 2  # the number before the one kept was free: look again from the start
                continue
            for number in window[1:] if window.start < start[base] else window:
                slug = _with_number(base, number)
                if slug not in taken and len(found[base]) < wanted[base]:
                    taken.add(slug)
                    found[base].append(number)
            start[base] = window.stop
        size *= 4
    for base, numbers in found.items():
        _next_numbers.pop(base, None)
        if len(_next_numbers) >= _NEXT_NUMBERS_KEPT:
            del _next_numbers[next(iter(_next_numbers))]
        _next_numbers[base] = numbers[-1] + 1
    return {base: iter([_with_number(base, number) for number in numbers]) for base, numbers in found.items()}


def _with_number(base, number):
    suffix = f"-{number}"
    return base[: _SLUG_MAX - len(suffix)] + suffix


def dump_fixture(article_ids, stream, *, chunk_size=500) -> int:
    """Write the given articles with their people, quotes and tags to `stream` as a JSON fixture.

    Natural keys throughout (people and articles by slug, tags by name, quotes by article, paragraph
    and wording), so `loaddata` rebuilds the same content in an empty database. Taggit's through rows
    have no natural key of their own: they keep their primary keys and point at their article or
    quote and tag by natural key. Returns the number of objects written.
    """
    article_ids = list(article_ids)
    articles = Article.objects.filter(pk__in=article_ids)
    quotes = Quote.objects.filter(article__in=articles)
    people = Person.objects.filter(
        Q(bylines__in=articles) | Q(mentioned_in__in=articles) | Q(quotes__in=quotes)
    ).distinct()
    tagged_articles = TaggedArticle.objects.filter(content_object__in=articles)
    tagged_quotes = TaggedQuote.objects.filter(content_object__in=quotes)
    tags = Tag.objects.filter(Q(pk__in=tagged_articles.values("tag")) | Q(pk__in=tagged_quotes.values("tag")))
    # In dependency order: what a row points at comes before it.
    parts = [
        (tags.order_by("pk"), True),
        (people.order_by("pk"), True),
        (articles.order_by("pk").prefetch_related("authors", "people"), True),
        (quotes.order_by("pk").select_related("article", "speaker"), True),
        (tagged_articles.order_by("pk").select_related("content_object", "tag"), False),
        (tagged_quotes.order_by("pk").select_related("content_object__article", "tag"), False),
    ]
    written = 0
    stream.write("[")
    for queryset, natural_primary_keys in parts:
        for chunk in _chunks(queryset.iterator(chunk_size=chunk_size), chunk_size):
            rows = serializers.serialize(
                "python",
                chunk,
                use_natural_foreign_keys=True,
                use_natural_primary_keys=natural_primary_keys,
            )
            for row in rows:
                stream.write(",\n" if written else "\n")
                stream.write(json.dumps(row, cls=DjangoJSONEncoder, ensure_ascii=False))
                written += 1
    stream.write("\n]\n")
    return written


def _chunks(iterable, size):
    iterator = iter(iterable)
    while chunk := list(itertools.islice(iterator, size)):
        yield chunk
