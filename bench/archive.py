"""Build the archive-scale database `bench/run.py` measures: N synthetic documents loaded by `loadseeds`.

Usage, from the project folder:

    .venv/bin/python bench/archive.py                  # 100,000 documents into newsroom_bench_archive
    .venv/bin/python bench/archive.py -n 2000 --database newsroom_bench_small

Steps:

1. writes the documents once into `bench/out/archive-N/` (`bench/synthetic.py`, seed 1; git-ignored,
   reused by later runs);
2. loads the first 10,000 of them into an empty `<database>_10k` with `manage.py loadseeds` (dropped
   afterwards): time, documents a second, peak RSS;
3. loads all N into an empty `<database>`: the same figures;
4. spreads the publication times over the years before now, newest last loaded (a loader publishes
   everything "now"; a real archive is years deep, and deep pages only mean something if it is), then
   `VACUUM ANALYZE` so the planner knows the tables' sizes.

Each load is one `manage.py loadseeds` process with DEBUG=0, as an operator would run it; peak RSS is
the largest of it and its workers (`wait4`). Paste the printed lines into bench/RESULTS.md.
"""

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.ingest import create_database, drop_database, machine, manage  # noqa: E402
from bench.synthetic import documents  # noqa: E402

SERVER = "postgres://postgres@127.0.0.1:5432"
SMALL = 10_000
# Minutes between two consecutive articles once the publication times are spread: 100,000 articles
# then cover about five years.
SPACING_MINUTES = 26

SPREAD_SQL = f"""
UPDATE articles_article SET published_at = now() - (
    (SELECT max(id) FROM articles_article) - id
) * interval '{SPACING_MINUTES} minutes' - interval '1 minute'
"""


def write_documents(count, seed):
    """The folder holding `count` documents (written once, reused afterwards)."""
    folder = ROOT / "bench" / "out" / f"archive-{count}"
    if folder.is_dir() and sum(1 for _ in folder.glob("*.txt")) == count:
        return folder
    folder.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    for name, text in documents(count, seed=seed):
        (folder / name).write_bytes(text.encode())
    print(f"generated {count} documents in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    return folder


def subset(folder, count):
    """A folder of hard links to the first `count` documents of `folder`."""
    small = folder.parent / f"{folder.name}-first-{count}"
    if small.is_dir() and sum(1 for _ in small.glob("*.txt")) == count:
        return small
    small.mkdir(exist_ok=True)
    for path in sorted(folder.glob("*.txt"))[:count]:
        link = small / path.name
        if not link.exists():
            os.link(path, link)
    return small


def load(url, folder, count):
    create_database(url)
    manage(url, "migrate", "--noinput")
    seconds, rss, cpu = manage(url, "loadseeds", str(folder))
    rate = count / seconds
    return {"documents": count, "seconds": seconds, "rate": rate, "rss_mib": rss / 1024, "cpu": cpu}


def spread_and_analyze(url):
    import psycopg

    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute(SPREAD_SQL)
        connection.execute("VACUUM ANALYZE")
        row = connection.execute(
            "SELECT (SELECT count(*) FROM articles_article), (SELECT count(*) FROM articles_quote), "
            "(SELECT count(*) FROM people_person), (SELECT count(*) FROM taggit_tag), "
            "(SELECT min(published_at)::date FROM articles_article)"
        ).fetchone()
    return dict(zip(["articles", "quotes", "people", "tags", "oldest"], row, strict=True))


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("-n", "--count", type=int, default=100_000)
    parser.add_argument("--database", default="newsroom_bench_archive")
    parser.add_argument("--server", default=SERVER, help="PostgreSQL server URL, without a database")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--skip-small", action="store_true", help=f"skip the {SMALL:,}-document load")
    args = parser.parse_args()

    folder = write_documents(args.count, args.seed)
    runs = []
    if not args.skip_small and args.count > SMALL:
        small_url = f"{args.server}/{args.database}_10k"
        try:
            runs.append(load(small_url, subset(folder, SMALL), SMALL))
        finally:
            drop_database(small_url)
    url = f"{args.server}/{args.database}"
    runs.append(load(url, folder, args.count))
    rows = spread_and_analyze(url)

    print()
    print(machine())
    print()
    print("| documents | loadseeds | docs/s | CPU s (loader + workers) | peak RSS |")
    print("| ---: | ---: | ---: | ---: | ---: |")
    for run in runs:
        print(
            f"| {run['documents']:,} | {run['seconds']:.1f} s | {run['rate']:.0f} | {run['cpu']:.0f} "
            f"| {run['rss_mib']:.0f} MiB |"
        )
    print()
    print(
        f"{url}: {rows['articles']:,} articles, {rows['quotes']:,} quotes, {rows['people']:,} people, "
        f"{rows['tags']:,} tags; published since {rows['oldest']}"
    )


if __name__ == "__main__":
    main()
