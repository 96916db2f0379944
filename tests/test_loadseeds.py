"""`manage.py loadseeds`: documents in, articles with people, quotes and tags out, idempotently."""

import io
import json
import os
import re
import shutil
import threading
import tracemalloc
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection
from taggit.models import Tag

from articles import loading
from articles.models import Article, Quote, TaggedArticle
from bench.synthetic import documents
from newsroom import page_cache
from people.models import Person

SEED = Path(settings.BASE_DIR) / "fixtures" / "seeds" / "000_a8ed45d3df2df383.txt"

# What the seed's gold file (/work/shared/seeds/000_a8ed45d3df2df383.gold.json) says, by paragraph.
GOLD_QUOTES = [
    (3, "Antony Blinken", "working with relentless determination"),
    (4, "Antony Blinken", "focused on people in Gaza"),
    (6, "Antony Blinken", "We're determined to get a ceasefire"),
    (6, "Antony Blinken", "And the only reason"),
    (8, "Antony Blinken", "We yearn for the immediate return"),
    (10, "Antony Blinken", "At the same time"),
    (11, "Antony Blinken", "very strong"),
    (12, "Antony Blinken", "Israel has a very strong legal system"),
    (13, "Antony Blinken", "Therefore, trying to use the International Criminal Court"),
    (16, "Benjamin Netanyahu", "We will enter Rafah"),
]
GOLD_PEOPLE = {
    "Antony Blinken": "U.S. Secretary of State",
    "Benjamin Netanyahu": "Prime Minister",
    "Isaac Herzog": "President",
}


def run(*args, **options):
    """call_command with its stdout and stderr captured: (stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    call_command("loadseeds", *[str(arg) for arg in args], stdout=out, stderr=err, **options)
    return out.getvalue(), err.getvalue()


def run_failing(*args, **options):
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError) as raised:
        call_command("loadseeds", *[str(arg) for arg in args], stdout=out, stderr=err, **options)
    return out.getvalue(), err.getvalue(), str(raised.value)


def folder_with(tmp_path, *names, synthetic=0):
    """A folder holding copies of the seed under `names`, plus `synthetic` generated documents."""
    folder = tmp_path / "docs"
    folder.mkdir(exist_ok=True)
    for name in names:
        shutil.copy(SEED, folder / name)
    for name, text in documents(synthetic, seed=7):
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def content():
    """Everything a load writes, in comparable form (no primary keys, no timestamps)."""
    return {
        "articles": sorted(
            (
                a.slug,
                a.headline,
                a.standfirst,
                a.body,
                a.status,
                a.source_name,
                a.source_hash,
                json.dumps(a.source_snapshot, sort_keys=True),
                tuple(sorted(p.slug for p in a.authors.all())),
                tuple(sorted(p.slug for p in a.people.all())),
                tuple(sorted(t.name for t in a.tags.all())),
            )
            for a in Article.objects.all()
        ),
        "quotes": sorted(
            Quote.objects.values_list(
                "article__slug", "paragraph", "position", "text", "cue", "speaker__slug"
            )
        ),
        "people": sorted(Person.objects.values_list("slug", "name", "title", "kind", "bio", "aliases")),
        "tags": sorted(Tag.objects.values_list("name", "slug")),
    }


@pytest.mark.django_db
class TestSeed:
    def test_seed_loads_as_its_gold_says(self):
        """The seed gives its article, byline, three people and ten quotes with the right speakers."""
        out, err = run(SEED)
        article = Article.objects.get(source_name=SEED.name)
        assert article.headline.startswith("US Secretary Blinken tells Herzog")
        assert article.standfirst.startswith("Blinken pushes for hostage deal")
        assert len(article.paragraphs) == 16
        assert article.is_public
        [author] = article.authors.all()
        assert author.name == "All Israel News Staff"
        assert author.kind == Person.Kind.STAFF
        assert author.bio == "The All Israel News Staff is a team of journalists in Israel."
        people = {p.name: p for p in article.people.filter(kind=Person.Kind.PERSON)}
        assert {name: people[name].title for name in GOLD_PEOPLE} == GOLD_PEOPLE
        quotes = list(article.quotes.select_related("speaker").order_by("paragraph", "position"))
        assert [(q.paragraph, q.speaker.name if q.speaker else None) for q in quotes] == [
            (paragraph, speaker) for paragraph, speaker, _ in GOLD_QUOTES
        ]
        for quote, (_, _, opening) in zip(quotes, GOLD_QUOTES, strict=True):
            assert re.sub('[“”"]', "", quote.text).startswith(opening)
        assert {"Hamas", "Gaza", "Israel"} <= set(article.tags.names())
        assert "1 article created, 0 updated, 0 unchanged, 0 failed" in out
        assert err == ""

    def test_default_folder_is_fixtures_seeds(self):
        """Without paths the command loads fixtures/seeds/, as `make run` does."""
        run()
        assert Article.objects.published().filter(source_name=SEED.name).exists()

    def test_a_load_makes_cached_pages_stale(self, django_capture_on_commit_callbacks):
        """Each batch is loaded to its end, where readers' cached pages are made stale."""
        before = page_cache.content_generation()
        with django_capture_on_commit_callbacks(execute=True):
            run(SEED)
        assert page_cache.content_generation() > before

    def test_second_run_changes_nothing_and_says_so(self):
        """Loading the same documents again writes nothing and reports every one unchanged."""
        run(SEED)
        before = content()
        stamp = Article.objects.get().updated_at
        out, _ = run(SEED)
        assert content() == before
        assert Article.objects.get().updated_at == stamp
        assert "0 articles created, 0 updated, 1 unchanged, 0 failed; 0 people, 0 quotes, 0 tags new" in out
        assert "Nothing changed" in out

    def test_draft_option_imports_drafts(self):
        """--draft keeps new articles off the public site until an editor publishes them."""
        run(SEED, draft=True)
        article = Article.objects.get()
        assert article.status == Article.Status.DRAFT and article.published_at is None
        assert not Article.objects.published().exists()

    def test_existing_person_is_never_changed(self):
        """An editor's version of a person survives a load, and the load's quotes point at it."""
        blinken = Person.objects.create(
            name="Antony Blinken", slug="antony-blinken", title="Edited title", aliases="", bio="Edited bio"
        )
        run(SEED)
        blinken.refresh_from_db()
        assert (blinken.title, blinken.bio, blinken.aliases) == ("Edited title", "Edited bio", "")
        assert blinken.quotes.count() == 9
        assert Person.objects.filter(name="Antony Blinken").count() == 1


@pytest.mark.django_db
class TestReload:
    def edited_copy(self, folder):
        path = folder / "story.txt"
        path.write_text(
            SEED.read_text(encoding="utf-8").replace(
                "is in Israel on Wednesday", "arrived in Israel on Wednesday"
            ),
            encoding="utf-8",
        )
        return path

    def test_changed_document_updates_its_article(self, tmp_path):
        """A changed document updates the same article: no second article, quotes not doubled."""
        folder = folder_with(tmp_path, "story.txt")
        run(folder)
        self.edited_copy(folder)
        out, _ = run(folder)
        article = Article.objects.get()
        assert "arrived in Israel on Wednesday" in article.body
        assert article.quotes.count() == 10
        assert "0 articles created, 1 updated, 0 unchanged" in out

    def test_editor_edits_survive_a_reload_and_force_overwrites_them(self, tmp_path):
        """Fields an editor changed are kept on reload (the snapshot tells), unless --force."""
        folder = folder_with(tmp_path, "story.txt")
        run(folder)
        article = Article.objects.get()
        article.headline = "An editor's headline"
        article.save()
        article.tags.add("Diplomacy")
        quote = article.quotes.get(paragraph=16)
        quote.speaker = None
        quote.save()
        self.edited_copy(folder)

        out, _ = run(folder)
        article.refresh_from_db()
        assert article.headline == "An editor's headline"
        assert "Diplomacy" in article.tags.names()
        assert article.quotes.get(paragraph=16).speaker is None
        assert "arrived in Israel on Wednesday" in article.body  # not edited: the load updates it
        assert "kept what an editor changed (headline, tags, quotes)" in out

        out, _ = run(folder)  # the same document again: nothing to do, edits still there
        assert "1 unchanged" in out and Article.objects.get().headline == "An editor's headline"

        run(folder, force=True)
        article.refresh_from_db()
        assert article.headline.startswith("US Secretary Blinken tells Herzog")
        assert "Diplomacy" not in article.tags.names()
        assert article.quotes.get(paragraph=16).speaker.name == "Benjamin Netanyahu"
        assert article.quotes.count() == 10

    def test_slug_status_and_publication_time_are_never_reloaded(self, tmp_path):
        """The slug and the publication state are the editors' after the first load."""
        folder = folder_with(tmp_path, "story.txt")
        run(folder)
        article = Article.objects.get()
        article.unpublish()
        self.edited_copy(folder)
        run(folder, force=True)
        article.refresh_from_db()
        assert article.status == Article.Status.DRAFT
        assert article.slug.startswith("us-secretary-blinken-tells-herzog")

    def test_same_headline_gets_a_unique_slug(self, tmp_path):
        """Two documents with one headline become two articles with distinct slugs."""
        run(folder_with(tmp_path, "a.txt", "b.txt"))
        slugs = sorted(Article.objects.values_list("slug", flat=True))
        assert len(set(slugs)) == 2 and slugs[1] == slugs[0] + "-2"


@pytest.mark.django_db
class TestBadDocuments:
    def test_bad_files_are_reported_and_the_good_ones_load(self, tmp_path, monkeypatch):
        """Each bad file gets one stderr line with its reason; the others load; the exit is an error."""
        folder = folder_with(tmp_path, "good.txt")
        bad = {
            "empty.txt": b"",
            "blank.txt": b"\n \r\n\t\n",
            "no-headline.txt": b"---\nSome body text follows here.\n",
            "latin1.txt": "Caf\u00e9 owners protest\nThe body.\n".encode("latin-1"),
            "binary.txt": bytes(range(256)) * 4,
            "huge.txt": b"Headline\n" + b"word " * (loading_limit() // 5 + 1),
            "locked.txt": b"Headline\nBody.\n",
        }
        for name, data in bad.items():
            (folder / name).write_bytes(data)
        real_open = Path.open

        def refuse_locked(self, *args, **kwargs):
            if self.name == "locked.txt":
                raise PermissionError(13, "Permission denied")
            return real_open(self, *args, **kwargs)

        monkeypatch.setattr(Path, "open", refuse_locked)
        out, err, error = run_failing(folder, tmp_path / "missing.txt")

        lines = err.strip().splitlines()
        for name in [*bad, "missing.txt"]:
            assert len([line for line in lines if name in line]) == 1, (name, lines)
        assert "7 articles" not in out
        assert re.search(r"1 article created, 0 updated, 0 unchanged, 8 failed", out)
        assert "8 documents could not be loaded" in error
        reasons = {line.split(": ", 1)[0].rsplit("/", 1)[-1]: line.split(": ", 1)[1] for line in lines}
        assert "empty" in reasons["empty.txt"]
        assert "UTF-8" in reasons["latin1.txt"]
        assert "binary" in reasons["binary.txt"]
        assert "2 MiB" in reasons["huge.txt"]
        assert "Permission denied" in reasons["locked.txt"]
        assert "no such file" in reasons["missing.txt"]
        assert list(Article.objects.values_list("source_name", flat=True)) == ["good.txt"]

    def test_a_write_failing_midway_leaves_nothing_of_its_document(self, tmp_path, monkeypatch):
        """A document whose quotes cannot be written leaves no article, people, tags or quotes."""
        folder = folder_with(tmp_path, "good.txt")
        shutil.copy(SEED, folder / "doomed.txt")
        (folder / "doomed.txt").write_text(
            SEED.read_text(encoding="utf-8").replace("Netanyahu", "Ozymandias Quell"), encoding="utf-8"
        )
        real_insert_quotes = loading._insert_quotes

        def fail_for_doomed(rows, **kwargs):
            doomed = Article.objects.filter(source_name="doomed.txt").values_list("pk", flat=True)
            if any(row[0] in set(doomed) for row in rows):
                raise RuntimeError("disk on fire")
            return real_insert_quotes(rows, **kwargs)

        monkeypatch.setattr(loading, "_insert_quotes", fail_for_doomed)
        _, err, _ = run_failing(folder)
        assert err.strip().endswith("doomed.txt: could not be written: disk on fire")
        assert list(Article.objects.values_list("source_name", flat=True)) == ["good.txt"]
        assert not Person.objects.filter(name__contains="Ozymandias").exists()
        assert Quote.objects.count() == 10
        assert TaggedArticle.objects.filter(content_object__source_name="doomed.txt").count() == 0

        monkeypatch.setattr(loading, "_insert_quotes", real_insert_quotes)
        out, _ = run(folder)  # the next run loads it
        assert "1 article created, 0 updated, 1 unchanged" in out

    def test_two_files_with_one_name_are_refused(self, tmp_path):
        """The file name is the article's key, so a second file of the same name is an error."""
        folder = folder_with(tmp_path, "story.txt")
        (folder / "sub").mkdir()
        shutil.copy(SEED, folder / "sub" / "story.txt")
        _, err, _ = run_failing(folder)
        assert f"{folder / 'sub' / 'story.txt'}: same file name as {folder / 'story.txt'}" in err
        assert Article.objects.count() == 1

    def test_files_load_in_the_order_of_their_paths(self, tmp_path):
        """Paths given load in their order; a folder's files in the order of their paths, subfolders too."""
        folder = tmp_path / "docs"
        for name in ["b.txt", "a/c.txt", "a.txt", "a-z.txt", "notes.md"]:
            (folder / name).parent.mkdir(parents=True, exist_ok=True)
            (folder / name).write_text(f"Headline of {name}\nThe council met on Monday.\n")
        out, err, _ = run_failing(folder / "b.txt", folder, dry_run=True)
        headlines = re.findall(r"Headline of (\S+)", out)
        assert headlines == ["b.txt", "a-z.txt", "a.txt", "a/c.txt"]
        assert f"{folder / 'b.txt'}: same file name as {folder / 'b.txt'}" in err


def test_memory_stays_flat_however_many_files(tmp_path):
    """Listing, ordering and checking names keeps nothing per file: ten times the files, the same peak."""
    text = "Council approves the harbour budget\nThe city council on Monday approved the budget.\n"

    def peak_memory(count):
        folder = tmp_path / str(count)
        for number in range(count):
            path = folder / f"{number % 7}" / f"{number:05}.txt"  # the names are checked across folders
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text)
        with open(os.devnull, "w") as null:
            tracemalloc.reset_peak()
            before = tracemalloc.get_traced_memory()[0]
            call_command("loadseeds", str(folder), dry_run=True, jobs=1, stdout=null, stderr=null)
            return tracemalloc.get_traced_memory()[1] - before

    tracemalloc.start()
    try:
        peak_memory(100)  # imports and caches warm up first
        few, many = peak_memory(200), peak_memory(2000)
    finally:
        tracemalloc.stop()
    # Keeping a mere 20 bytes for each of the 1,800 more files would break this bound.
    assert many - few < 32 * 1024


def loading_limit():
    from articles.ingest import MAX_DOCUMENT_BYTES

    return MAX_DOCUMENT_BYTES


@pytest.mark.django_db
class TestDryRun:
    def test_dry_run_writes_nothing(self, tmp_path):
        """--dry-run reads and parses but leaves the database as it was."""
        out, _ = run(folder_with(tmp_path, "story.txt", synthetic=3), dry_run=True)
        assert Article.objects.count() == Person.objects.count() == Tag.objects.count() == 0
        assert "story.txt: US Secretary Blinken" in out and "nothing written" in out

    def test_dry_run_json_shape(self):
        """--dry-run --json prints exactly what the extraction scorer reads, and only that."""
        out, err = run(SEED, dry_run=True, as_json=True)
        [document] = json.loads(out)
        assert set(document) == {"source", "headline", "standfirst", "byline", "people", "quotes", "tags"}
        assert document["source"] == SEED.name
        assert document["byline"] == "All Israel News Staff"
        assert all(set(p) == {"name", "title"} for p in document["people"])
        assert all(set(q) == {"text", "speaker", "paragraph"} for q in document["quotes"])
        assert [(q["paragraph"], q["speaker"]) for q in document["quotes"]] == [
            (paragraph, speaker) for paragraph, speaker, _ in GOLD_QUOTES
        ]
        assert all(isinstance(tag, str) for tag in document["tags"])
        assert "nothing written" in err
        assert Article.objects.count() == 0

    def test_json_needs_dry_run_and_dump_refuses_it(self, tmp_path):
        """Options that cannot go together are refused before anything happens."""
        with pytest.raises(CommandError, match="--dry-run"):
            run(SEED, as_json=True)
        with pytest.raises(CommandError, match="--dump"):
            run(SEED, dry_run=True, dump=tmp_path / "x.json")


@pytest.mark.django_db
def test_dump_round_trip_into_an_empty_database(tmp_path):
    """--dump writes a natural-key fixture that loaddata turns back into the same content."""
    fixture = tmp_path / "seeds.json"
    run(folder_with(tmp_path, "story.txt", synthetic=5), dump=fixture)
    Article.objects.get(source_name="story.txt").tags.add("Extra")  # tags on quotes and articles alike
    Quote.objects.first().tags.add("Quoted")
    run(folder_with(tmp_path), dump=fixture)
    loaded = content()
    assert len(loaded["articles"]) == 6 and len(loaded["quotes"]) > 40

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:  # check the deferred foreign keys now, or TRUNCATE refuses
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    call_command("flush", interactive=False, verbosity=0)
    assert Article.objects.count() == Person.objects.count() == Tag.objects.count() == 0
    call_command("loaddata", str(fixture), verbosity=0)
    assert content() == loaded
    assert Quote.objects.filter(tags__name="Quoted").count() == 1


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="concurrent writers need PostgreSQL: SQLite serialises writers with one database lock",
)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_loads_at_once_leave_no_duplicates(tmp_path):
    """Two simultaneous runs on one folder: one article per document, one person and tag per name."""
    folder = folder_with(tmp_path, "story.txt", synthetic=60)
    start = threading.Barrier(2)
    failures, outputs = [], []

    def load():
        try:
            start.wait()
            out = io.StringIO()
            call_command("loadseeds", str(folder), stdout=out, stderr=io.StringIO(), jobs=1)
            outputs.append(out.getvalue())
        except Exception as error:  # reported below, in the test's thread
            failures.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=load) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert failures == []
    assert Article.objects.count() == 61
    assert Article.objects.values("source_name").distinct().count() == 61
    names = Person.objects.values_list("name", flat=True)
    assert len(names) == len(set(names))
    tags = [name.casefold() for name in Tag.objects.values_list("name", flat=True)]
    assert len(tags) == len(set(tags))
    assert (
        TaggedArticle.objects.count()
        == TaggedArticle.objects.values("content_object", "tag").distinct().count()
    )
    assert Article.objects.get(source_name="story.txt").quotes.count() == 10
    new = [
        re.search(r"(\d+) (?:person|people), \d+ quotes?, (\d+) tags? new", out).groups() for out in outputs
    ]
    assert sum(int(people) for people, _ in new) == Person.objects.count()  # each counted by one run
    assert sum(int(tags) for _, tags in new) == Tag.objects.count()
    out, _ = run(folder)
    assert "0 articles created, 0 updated, 61 unchanged" in out


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="parallel writers are used on PostgreSQL only: SQLite serialises writers with one database lock",
)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_large_runs_on_postgresql_write_in_worker_processes(tmp_path, monkeypatch):
    """Workers that parse and write chunks side by side load every document once, and report all."""
    from articles.management.commands import loadseeds

    monkeypatch.setattr(loadseeds, "PARALLEL_FROM", 0)
    monkeypatch.setattr(loadseeds, "BATCH_SIZE", 8)
    folder = folder_with(tmp_path, "story.txt", synthetic=40)
    (folder / "empty.txt").write_bytes(b"")
    _, err, _ = run_failing(folder, jobs=2)
    assert err.count("empty.txt: ") == 1
    assert Article.objects.count() == 41
    assert Article.objects.get(source_name="story.txt").quotes.count() == 10
    (folder / "empty.txt").unlink()
    out, _ = run(folder, jobs=2)
    assert "0 articles created, 0 updated, 41 unchanged, 0 failed" in out
