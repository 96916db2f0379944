"""A small, untimed run of bench/run.py's page list: every page answers, with a constant query count."""

import pytest
from django.core.management import call_command

from bench.run import CEILING, count_queries, pick_pages, table
from bench.synthetic import documents

pytestmark = pytest.mark.django_db


def load(folder, count, *, start):
    for name, text in documents(count, seed=3, start=start, people=40):
        (folder / name).write_text(text, encoding="utf-8")
    call_command("loadseeds", str(folder), verbosity=0)


def test_benchmarked_pages_answer_with_as_many_queries_at_twice_the_archive(tmp_path):
    """Every benchmarked page is a 200 at 100 and at 200 documents, with the same number of queries
    (at 100 every list is longer than a page, so each is counted: a shorter one needs no count)."""
    load(tmp_path, 100, start=0)
    pages = [(label, url) for label, url in pick_pages(deep_page=2) if url != CEILING]
    before, _ = count_queries(pages)
    load(tmp_path, 100, start=100)
    after, _ = count_queries(pages)
    for label, url in pages:
        assert before[url][0] == after[url][0] == 200, (label, url, before[url], after[url])
        assert before[url][1] == after[url][1], (label, url, before[url][1], after[url][1])


def test_each_page_is_divided_by_the_ceiling_measured_just_before_it():
    """The machine's speed drifts: a page's ratio is to the trivial view's run next to it, shown beside it."""
    pages = [("trivial view (ceiling)", CEILING), ("home", "/"), ("feed", "/feed/")]
    page = (150, 60.0, 90.0, 0, "")
    rows = {CEILING: (3000, 4.0, 9.0, 0, ""), "/": page, "/feed/": page}
    queries = {CEILING: (200, 0, []), "/": (200, 1, []), "/feed/": (200, 1, [])}
    lines = table("off", pages, rows, {"/": 2000, "/feed/": 3000}, queries).splitlines()
    assert lines[-2].endswith("| 150 | 60.0 | 90.0 | 2000 | 7.5% | 1 | yes |")
    assert lines[-1].endswith("| 150 | 60.0 | 90.0 | 3000 | 5.0% | 1 | **no** |")
