import functools
import itertools
import json
import os
import sqlite3
import time
from collections import deque
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, connections

from articles.ingest import MAX_DOCUMENT_BYTES, ParseError, parse_document
from articles.loading import BATCH_SIZE, LoadResult, dump_fixture, load_documents

DEFAULT_FOLDER = Path("fixtures") / "seeds"
# Progress lines go to stderr for runs of more documents than this, at most every few seconds.
PROGRESS_FROM = 200
PROGRESS_SECONDS = 2.0
# Parsing is pure Python and takes as long as writing: runs of more documents than this parse in
# worker processes while this one writes.
PARALLEL_FROM = 200
PARSE_CHUNK = 50
# The list of files to load lives in a temporary SQLite file, of which this much is kept in memory.
FILE_LIST_CACHE_KIB = 1024


def _plural(count, word, plural=None):
    return f"{count} {word if count == 1 else plural or word + 's'}"


class Command(BaseCommand):
    help = (
        "Load plain-text news documents as articles with their people, quotes and tags: every .txt "
        "under fixtures/seeds/, or the files and folders given. Safe to run again: unchanged documents "
        "are skipped, changed ones update their article but keep what editors changed (unless --force). "
        "A document that is empty, has no headline, is not UTF-8 text, is binary, is over 2 MiB or cannot "
        "be read is reported on stderr and skipped; the others load, and the exit status is non-zero."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "paths", nargs="*", type=Path, help="files and folders (default: fixtures/seeds/)"
        )
        parser.add_argument("--dry-run", action="store_true", help="parse only; write nothing")
        parser.add_argument(
            "--json",
            action="store_true",
            dest="as_json",
            help="with --dry-run: print what was extracted, as a JSON list",
        )
        parser.add_argument("--draft", action="store_true", help="new articles are drafts, not published")
        parser.add_argument(
            "--force", action="store_true", help="overwrite fields editors changed since the last load"
        )
        parser.add_argument(
            "--jobs",
            type=int,
            default=min(os.cpu_count() or 1, 4),
            help=f"for runs of over {PARALLEL_FROM} documents: processes that parse them (on PostgreSQL, "
            "that also write them); default: the CPUs, at most 4",
        )
        parser.add_argument(
            "--dump", metavar="FILE", type=Path, help="afterwards, write the loaded articles as a fixture"
        )

    def handle(self, *args, paths, dry_run, as_json, draft, force, dump, jobs, **options):
        if as_json and not dry_run:
            raise CommandError("--json prints what a dry run extracted: use it with --dry-run.")
        if dump and dry_run:
            raise CommandError("--dump writes what was loaded, and a dry run loads nothing.")
        self.failed = 0
        with _FileList(self.document_files(paths or [Path(settings.BASE_DIR) / DEFAULT_FOLDER])) as files:
            self.progress = _Progress(self.stderr, len(files))
            jobs = jobs if len(files) > PARALLEL_FROM else 1
            if dry_run:
                self.dry_run(self.parsed_documents(files, jobs=jobs), as_json=as_json)
            elif jobs > 1 and connection.vendor == "postgresql":
                # PostgreSQL takes concurrent writers (as two runs at once): each worker parses and writes.
                self.load(self.loaded_in_workers(files, jobs=jobs, publish=not draft, force=force), dump=dump)
            else:
                self.load(self.loaded_here(files, jobs=jobs, publish=not draft, force=force), dump=dump)
        if self.failed:
            raise CommandError(f"{_plural(self.failed, 'document')} could not be loaded (see above).")

    def document_files(self, paths):
        """(number of the path given, file) for each file to load: the .txt files in folders, and files."""
        for number, path in enumerate(paths):
            if path.is_dir():
                yield from ((number, file) for file in _text_files(path))
            elif path.is_file():
                yield number, str(path)
            else:
                self.fail(path, "no such file or folder")

    def parsed_documents(self, files, *, jobs):
        for path, document, error in _parse_all(self.unique_names(files), jobs=jobs):
            self.progress.step()
            if error:
                self.fail(path, error)
            else:
                yield document
        self.progress.done()

    def loaded_here(self, files, *, jobs, publish, force):
        """(path, LoadResult) for each file, written by this process (parsed in `jobs` processes)."""
        parsed = _parse_all(self.unique_names(files), jobs=jobs)
        while batch := list(itertools.islice(parsed, BATCH_SIZE)):
            yield from _write(batch, publish=publish, force=force)

    def loaded_in_workers(self, files, *, jobs, publish, force):
        """(path, LoadResult) for each file, parsed and written by `jobs` worker processes."""
        work = functools.partial(_load_chunk, publish=publish, force=force)
        for results in _in_workers(work, self.unique_names(files), jobs=jobs, size=BATCH_SIZE):
            yield from results

    def unique_names(self, files):
        """The files, less those whose name (their articles' key) an earlier file has already."""
        for path, first in files:
            if first:
                self.progress.step()
                self.fail(path, f"same file name as {first}: names must be unique")
            else:
                yield path

    def dry_run(self, documents, *, as_json):
        parsed = 0
        if as_json:
            self.stdout.write("[", ending="")
        for document in documents:
            if as_json:
                separator = ",\n" if parsed else "\n"
                self.stdout.write(separator + json.dumps(document.as_dict()), ending="")
            else:
                people = _plural(len(document.people), "person", "people")
                quotes, tags = _plural(len(document.quotes), "quote"), _plural(len(document.tags), "tag")
                self.stdout.write(f"{document.source}: {document.headline} — {people}, {quotes}, {tags}")
            parsed += 1
        if as_json:
            self.stdout.write("\n]")
        summary = f"Dry run: {_plural(parsed, 'document')} read, {self.failed} failed; nothing written."
        (self.stderr if as_json else self.stdout).write(summary)

    def load(self, results, *, dump):
        counts = dict.fromkeys(["created", "updated", "unchanged"], 0)
        people = quotes = tags = 0
        loaded = []
        for path, result in results:
            self.progress.step()
            if result.action == "failed":
                self.fail(path, result.error)
                continue
            counts[result.action] += 1
            people += result.people_created
            quotes += result.quotes_written
            tags += result.tags_created
            if dump:
                loaded.append(result.article_id)
            if result.kept:
                self.stdout.write(
                    f"{result.source}: kept what an editor changed ({', '.join(result.kept)}); "
                    "--force overwrites it"
                )
        self.progress.done()
        self.stdout.write(
            f"{_plural(counts['created'], 'article')} created, {counts['updated']} updated, "
            f"{counts['unchanged']} unchanged, {self.failed} failed; "
            f"{_plural(people, 'person', 'people')}, {_plural(quotes, 'quote')}, {_plural(tags, 'tag')} new"
        )
        if not (counts["created"] or counts["updated"] or self.failed):
            self.stdout.write("Nothing changed: every document is loaded already and unchanged.")
        if dump:
            with dump.open("w", encoding="utf-8") as stream:
                written = dump_fixture(loaded, stream)
            self.stdout.write(f"Wrote {_plural(written, 'object')} to {dump}.")

    def fail(self, path, reason):
        self.failed += 1
        self.stderr.write(f"{path}: {reason}")


def _parse_all(paths, *, jobs):
    """(path, document or None, error or "") for each path, in order; parsed in `jobs` processes."""
    if jobs <= 1:
        yield from map(_parse, paths)
        return
    for parsed in _in_workers(_parse_chunk, paths, jobs=jobs, size=PARSE_CHUNK):
        yield from parsed


def _in_workers(function, paths, *, jobs, size):
    """`function(chunk)` for consecutive chunks of `size` paths, in `jobs` processes; results in order."""
    connections.close_all()  # each worker opens its own connection, if it needs one
    chunks = iter(lambda: list(itertools.islice(paths, size)), [])
    with ProcessPoolExecutor(jobs) as pool:
        # A few chunks ahead and no more, so memory stays flat however many documents there are.
        pending = deque(pool.submit(function, chunk) for chunk in itertools.islice(chunks, jobs * 3))
        while pending:
            done = pending.popleft().result()
            pending.extend(pool.submit(function, chunk) for chunk in itertools.islice(chunks, 1))
            yield done


def _parse_chunk(paths):
    return [_parse(path) for path in paths]


def _load_chunk(paths, *, publish, force):
    """In a worker: parse and load a chunk of documents; (path, LoadResult) for each."""
    try:
        return _write(list(map(_parse, paths)), publish=publish, force=force)
    finally:
        connections.close_all()  # a worker ends without Django's request cycle to close it


def _write(parsed, *, publish, force):
    """(path, LoadResult) for each (path, document, error) parsed; those that did not parse failed."""
    documents = [document for _, document, error in parsed if not error]
    # Run to its end, not just as far as the results: its last step makes cached pages stale.
    results = iter(list(load_documents(documents, publish=publish, force=force)))
    return [
        (path, LoadResult(os.path.basename(path), "failed", error=error) if error else next(results))
        for path, document, error in parsed
    ]


def _parse(path):
    try:
        return path, parse_document(read_document(Path(path)), source=os.path.basename(path)), ""
    except ParseError as error:
        return path, None, str(error)


def _text_files(folder):
    """The paths of the .txt files in `folder` and its subfolders, as `Path.rglob("*.txt")` finds them.

    One entry at a time, in the file system's order (`_FileList` sorts them): however big a folder,
    its listing is never held in memory.
    """
    try:
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    yield from _text_files(entry.path)
                elif entry.name.endswith(".txt") and entry.is_file():
                    yield entry.path
    except PermissionError:
        return  # an unreadable subfolder is passed over, as rglob does


class _FileList:
    """The files to load, in order, each with the first file of the same name if that came earlier.

    Files load in the order of the paths given and, under a folder, in the order of their paths. The
    file name is its article's key, so a second file of a name already met cannot load. Both the
    sorting and the matching of names happen in a temporary SQLite file, not in this process: the
    memory it takes stays the same (its page cache, `FILE_LIST_CACHE_KIB`) for ten files or for
    millions, and so does the memory of the worker processes forked from it.
    """

    def __init__(self, files):
        """`files`: (number of the path given, file) pairs, in any order."""
        self.db = sqlite3.connect("")  # a private temporary file, deleted when closed
        self.db.execute(f"PRAGMA cache_size = -{FILE_LIST_CACHE_KIB}")
        self.db.execute("CREATE TABLE file (given INTEGER, path BLOB, name BLOB)")
        # Paths as bytes: any file name the file system holds goes in and comes out unchanged.
        rows = ((given, os.fsencode(path), os.fsencode(os.path.basename(path))) for given, path in files)
        self.db.executemany("INSERT INTO file VALUES (?, ?, ?)", rows)
        (self.count,) = self.db.execute("SELECT count(*) FROM file").fetchone()

    def __len__(self):
        return self.count

    def __iter__(self):
        """(path, "" or the path of an earlier file with the same name), in load order."""
        rows = self.db.execute(
            "SELECT path, first_value(path) OVER same_name, first_value(rowid) OVER same_name = rowid "
            "FROM file WINDOW same_name AS (PARTITION BY name ORDER BY given, path) ORDER BY given, path"
        )
        for path, first, is_first in rows:
            yield os.fsdecode(path), "" if is_first else os.fsdecode(first)

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.db.close()


def read_document(path):
    """A document's bytes; the size limit is checked before anything is read."""
    try:
        size = path.stat().st_size
        if size > MAX_DOCUMENT_BYTES:
            raise ParseError(f"larger than the {MAX_DOCUMENT_BYTES // 1024 // 1024} MiB limit ({size} bytes)")
        with path.open("rb") as stream:
            return stream.read(MAX_DOCUMENT_BYTES + 1)
    except OSError as error:
        raise ParseError(f"cannot be read ({error.strerror or error})") from None


class _Progress:
    """ "n/total documents" on stderr every few seconds, for runs long enough to need it."""

    def __init__(self, stream, total):
        self.stream, self.total, self.count = stream, total, 0
        self.started = self.last = time.monotonic()

    def step(self):
        self.count += 1
        now = time.monotonic()
        if self.total > PROGRESS_FROM and now - self.last >= PROGRESS_SECONDS:
            self.last = now
            rate = self.count / (now - self.started)
            self.stream.write(f"… {self.count}/{self.total} documents ({rate:.0f} a second)")

    def done(self):
        if self.total > PROGRESS_FROM:
            elapsed = max(time.monotonic() - self.started, 1e-9)
            self.stream.write(f"… {self.count}/{self.total} documents in {elapsed:.1f} s")
