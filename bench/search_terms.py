"""Search over many words, not one: the latency of `/search/?q=<word>` for words sampled from the archive.

Usage, from the project folder, once `bench/archive.py` has built the database:

    .venv/bin/python bench/search_terms.py                 # 200 words from newsroom_bench_archive
    .venv/bin/python bench/search_terms.py --words 500 --database newsroom_bench_small

`bench/run.py` times a common word and a rare phrase. A reader types anything, and a word found in a
few hundred stories or quotes, mostly old ones, costs what neither of those does. This script takes
the words of every twentieth article's search vector that appear in 2 to 300 of those (so roughly 40
to 6,000 of the whole archive), samples `--words` of them (seed 1), asks for each search page once to
warm the process, then again through Django's test client (DEBUG=0, page cache off: server time,
no HTTP), and prints the latency percentiles and the slowest words.
"""

import argparse
import os
import random
import sys
import time
import urllib.parse
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.run import SERVER, environment  # noqa: E402

VOCABULARY_SQL = """
SELECT word, ndoc FROM ts_stat('SELECT search_vector FROM articles_article WHERE id % 20 = 0')
WHERE ndoc BETWEEN 2 AND 300 ORDER BY word
"""


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--database", default="newsroom_bench_archive")
    parser.add_argument("--server", default=SERVER)
    parser.add_argument("--words", type=int, default=200)
    args = parser.parse_args()
    os.environ.update(environment(SimpleNamespace(redis_db=0, **vars(args)), "off"))
    os.environ["DJANGO_SETTINGS_MODULE"] = "newsroom.settings"
    import django

    django.setup()
    from django.db import connection
    from django.test import Client

    with connection.cursor() as cursor:
        cursor.execute(VOCABULARY_SQL)
        vocabulary = cursor.fetchall()
    words = random.Random(1).sample(vocabulary, min(args.words, len(vocabulary)))
    client = Client(HTTP_HOST="127.0.0.1")
    urls = [(word, f"/search/?q={urllib.parse.quote(word)}") for word, _ in words]
    for _, url in urls:
        client.get(url)
    timed = []
    for word, url in urls:
        started = time.perf_counter()
        status = client.get(url).status_code
        timed.append(((time.perf_counter() - started) * 1000, word, status))
    timed.sort()
    milliseconds = [ms for ms, _, _ in timed]

    def percentile(share):
        return milliseconds[min(len(milliseconds) - 1, int(len(milliseconds) * share))]

    statuses = sorted({status for _, _, status in timed})
    print(
        f"{len(timed)} words, statuses {statuses}: p50 {percentile(0.5):.1f} ms, "
        f"p90 {percentile(0.9):.1f} ms, p99 {percentile(0.99):.1f} ms, max {milliseconds[-1]:.1f} ms"
    )
    print("slowest: " + ", ".join(f"{word} {ms:.0f} ms" for ms, word, _ in timed[-6:][::-1]))


if __name__ == "__main__":
    main()
