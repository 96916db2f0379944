"""Faults during a load: `loadseeds` killed outright, and two runs at once, leave nothing lost or doubled.

The command runs as a real process (`manage.py loadseeds DIR`, parsing and writing in worker
processes as large runs do) against the test database, and the result is compared with a clean load
of the same documents: per article the same quotes with the same speakers, the same people and tags.
"""

import os
import re
import signal
import subprocess
import sys
import time
from collections import Counter

import pytest
from django.conf import settings
from django.db import connection
from django.db.models import Q
from taggit.models import Tag

from articles.models import Article, Quote
from bench.synthetic import documents
from people.models import Person

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="the suite's SQLite test database lives in memory, out of reach of a loadseeds subprocess "
        "(and SQLite serialises writers with one file lock, so two runs at once would only queue)",
    ),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

SUMMARY = re.compile(r"(\d+) articles? created, (\d+) updated, (\d+) unchanged, (\d+) failed")


def write_documents(folder, count):
    folder.mkdir()
    for name, text in documents(count, seed=11):
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def loadseeds(folder):
    """`manage.py loadseeds folder` as a process of its own group, against the test database."""
    database = connection.settings_dict
    url = f"postgres://{database['USER']}@{database['HOST'] or '127.0.0.1'}:{database['PORT'] or 5432}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "DATABASE_URL": f"{url}/{database['NAME']}",
    }
    return subprocess.Popen(
        [sys.executable, "manage.py", "loadseeds", str(folder)],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # its parsing and writing workers share its process group
    )


def finished(process, timeout=120):
    out, err = process.communicate(timeout=timeout)
    assert process.returncode == 0, (process.returncode, err[-2000:])
    created, updated, unchanged, failed = map(int, SUMMARY.search(out).groups())
    return {"created": created, "updated": updated, "unchanged": unchanged, "failed": failed}


def snapshot():
    """What the database holds, keyed by natural keys: comparable between two loads."""
    quotes = {}
    for source, paragraph, text, speaker in Quote.objects.values_list(
        "article__source_name", "paragraph", "text", "speaker__slug"
    ):
        quotes.setdefault(source, []).append((paragraph, text, speaker or ""))
    return {
        "articles": sorted(Article.objects.values_list("source_name", "headline", "body", "standfirst")),
        "quotes": {source: sorted(rows) for source, rows in quotes.items()},
        # Slug and name: a person's title and kind come from whichever document created them first, and
        # parallel workers create people in no fixed order, so those may differ between two clean loads.
        "people": sorted(Person.objects.values_list("slug", "name")),
        "tags": sorted(Tag.objects.values_list("name", flat=True)),
    }


def assert_whole(count):
    """One article per document, no orphan quotes or people, no duplicate people, tags or tag links."""
    assert Article.objects.count() == count
    assert Article.objects.values("source_name").distinct().count() == count
    assert not Quote.objects.filter(article__isnull=True).exists()
    assert Quote.objects.count() == Quote.objects.filter(article__in=Article.objects.all()).count()
    names = Counter(Person.objects.values_list("name", flat=True))
    assert [name for name, n in names.items() if n > 1] == []
    orphans = Person.objects.exclude(
        Q(bylines__isnull=False) | Q(mentioned_in__isnull=False) | Q(quotes__isnull=False)
    )
    assert list(orphans.values_list("name", flat=True)) == []
    tags = Counter(name.casefold() for name in Tag.objects.values_list("name", flat=True))
    assert [name for name, n in tags.items() if n > 1] == []
    tagged = Article.tags.through.objects
    assert tagged.count() == tagged.values("content_object", "tag").distinct().count()


def wipe():
    Quote.objects.all().delete()
    Article.objects.all().delete()
    Person.objects.all().delete()
    Tag.objects.all().delete()


def test_a_load_killed_midway_then_run_again_loses_and_doubles_nothing(tmp_path):
    """SIGKILL in the middle of 2,000 documents, then a second run: the same content as a clean load."""
    folder = write_documents(tmp_path / "docs", 2000)
    process = loadseeds(folder)
    deadline = time.monotonic() + 120
    while not Article.objects.exists():
        assert process.poll() is None, "the load ended before any article was seen"
        assert time.monotonic() < deadline
        time.sleep(0.05)
    os.killpg(process.pid, signal.SIGKILL)  # the command and its workers, with no chance to clean up
    process.communicate(timeout=30)
    time.sleep(0.5)  # PostgreSQL notices the dropped connections and rolls back the batches in flight
    survived = Article.objects.count()
    assert 0 < survived < 2000, survived

    summary = finished(loadseeds(folder))
    assert summary["failed"] == 0 and summary["updated"] == 0
    assert summary["created"] + summary["unchanged"] == 2000
    assert summary["unchanged"] == survived  # every article the killed run committed was whole
    assert_whole(2000)
    recovered = snapshot()

    wipe()
    assert finished(loadseeds(folder))["created"] == 2000
    assert_whole(2000)
    assert recovered == snapshot()


def test_two_load_processes_at_once_leave_no_duplicates(tmp_path):
    """Two `loadseeds` processes on one folder both succeed and write what one clean load writes.

    (tests/test_loadseeds.py runs two loads at once in threads of one process; this is two processes,
    each with its own parsing and writing workers.)
    """
    folder = write_documents(tmp_path / "docs", 300)
    first, second = loadseeds(folder), loadseeds(folder)
    summaries = [finished(first), finished(second)]
    assert [s["failed"] for s in summaries] == [0, 0]
    assert sum(s["created"] for s in summaries) == 300
    assert all(s["created"] + s["updated"] + s["unchanged"] == 300 for s in summaries)
    assert_whole(300)
    together = snapshot()

    wipe()
    assert finished(loadseeds(folder))["created"] == 300
    assert together == snapshot()
