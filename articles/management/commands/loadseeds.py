import functools
import itertools
import json
import os
import time
from collections import deque
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, connections

from articles.ingest import MAX_DOCUMENT_BYTES, ParseError, parse_document
from articles.loading import BATCH_SIZE, dump_fixture, load_documents

DEFAULT_FOLDER = Path("fixtures") / "seeds"
# Progress lines go to stderr for runs of more documents than this, at most every few seconds.
PROGRESS_FROM = 200
PROGRESS_SECONDS = 2.0
# Parsing is pure Python and takes as long as writing: runs of more documents than this parse in
# worker processes while this one writes.
PARALLEL_FROM = 200
PARSE_CHUNK = 50


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
        self.paths_by_source = {}
        files = self.document_files(paths or [Path(settings.BASE_DIR) / DEFAULT_FOLDER])
        self.progress = _Progress(self.stderr, len(files))
        jobs = jobs if len(files) > PARALLEL_FROM else 1
        if dry_run:
            self.dry_run(self.parsed_documents(files, jobs=jobs), as_json=as_json)
        elif jobs > 1 and connection.vendor == "postgresql":
            # PostgreSQL takes concurrent writers (as two runs at once): each worker parses and writes.
            self.load(self.loaded_in_workers(files, jobs=jobs, publish=not draft, force=force), dump=dump)
        else:
            documents = self.parsed_documents(files, jobs=jobs)
            self.load(load_documents(documents, publish=not draft, force=force), dump=dump)
        if self.failed:
            raise CommandError(f"{_plural(self.failed, 'document')} could not be loaded (see above).")

    def document_files(self, paths):
        """The files to load, as strings (a few times smaller than Paths when there are very many)."""
        files = []
        for path in paths:
            if path.is_dir():
                files += sorted(str(p) for p in path.rglob("*.txt") if p.is_file())
            elif path.is_file():
                files.append(str(path))
            else:
                self.fail(path, "no such file or folder")
        return files

    def parsed_documents(self, files, *, jobs):
        for path, document, error in _parse_all(self.unique_names(files), jobs=jobs):
            self.progress.step()
            if error:
                self.fail(path, error)
            else:
                yield document
        self.progress.done()

    def loaded_in_workers(self, files, *, jobs, publish, force):
        work = functools.partial(_load_chunk, publish=publish, force=force)
        for failures, results in _in_workers(work, self.unique_names(files), jobs=jobs, size=BATCH_SIZE):
            for path, reason in failures:
                self.progress.step()
                self.fail(path, reason)
            for result in results:
                self.progress.step()
                yield result
        self.progress.done()

    def unique_names(self, files):
        """The files, less those whose name (their articles' key) an earlier file has already."""
        for path in files:
            name = os.path.basename(path)
            if name in self.paths_by_source:
                self.progress.step()
                self.fail(path, f"same file name as {self.paths_by_source[name]}: names must be unique")
            else:
                self.paths_by_source[name] = path
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
        counts = dict.fromkeys(["created", "updated", "unchanged", "failed"], 0)
        people = quotes = tags = 0
        loaded = []
        for result in results:
            counts[result.action] += 1
            if result.action == "failed":
                self.fail(self.paths_by_source[result.source], result.error)
                continue
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
        counts["failed"] = self.failed
        self.stdout.write(
            f"{_plural(counts['created'], 'article')} created, {counts['updated']} updated, "
            f"{counts['unchanged']} unchanged, {counts['failed']} failed; "
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
    """In a worker: parse and load a chunk of documents; return (read/parse failures, load results)."""
    failures, documents = [], []
    for path, document, error in map(_parse, paths):
        if error:
            failures.append((path, error))
        else:
            documents.append(document)
    try:
        return failures, list(load_documents(documents, publish=publish, force=force))
    finally:
        connections.close_all()  # a worker ends without Django's request cycle to close it


def _parse(path):
    try:
        return path, parse_document(read_document(Path(path)), source=os.path.basename(path)), ""
    except ParseError as error:
        return path, None, str(error)


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
