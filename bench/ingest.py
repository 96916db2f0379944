"""Ingest benchmark: `manage.py loadseeds` on synthetic documents, against `loaddata` of the same content.

Usage, from the project folder:

    .venv/bin/python bench/ingest.py                          # 10,000 documents, SQLite and PostgreSQL
    .venv/bin/python bench/ingest.py -n 2000 --databases sqlite
    .venv/bin/python bench/ingest.py --postgres postgres://postgres@127.0.0.1:5432   # the default server

(`make bench-ingest` runs the first line.) For each database it

1. writes N documents once into a temporary folder (`bench/synthetic.py`, seed 1);
2. loads the first 1,000 into an empty database: time and peak RSS;
3. loads all N into another empty database: time, documents a second, peak RSS;
4. runs `loadseeds` on the same folder again (every document unchanged: time), then once more with
   `--dump` to write the fixture of the loaded content;
5. loads that fixture with `manage.py loaddata` into a third empty database: time, and the ratio to 3;
6. checks that both databases hold the same numbers of articles, quotes, people and tags.

Each step is a separate `manage.py` process (start-up included in its time) run with DEBUG=0; peak
RSS is the largest process's (the loader or one of its parsing workers), from `wait4`. PostgreSQL
databases are named `newsroom_bench_ingest_*`, created empty and dropped afterwards (`--keep` keeps
them); SQLite files live in the temporary folder. Paste the printed Markdown into bench/RESULTS.md.
"""

import argparse
import datetime
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.synthetic import documents  # noqa: E402

SMALL = 1000
COUNT_SQL = {
    "articles": "SELECT COUNT(*) FROM articles_article",
    "quotes": "SELECT COUNT(*) FROM articles_quote",
    "people": "SELECT COUNT(*) FROM people_person",
    "tags": "SELECT COUNT(*) FROM taggit_tag",
    "tagged": "SELECT COUNT(*) FROM articles_taggedarticle",
}


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("-n", "--count", type=int, default=10_000)
    parser.add_argument(
        "--databases", default="sqlite,postgresql", help="comma-separated: sqlite, postgresql"
    )
    parser.add_argument("--postgres", default="postgres://postgres@127.0.0.1:5432", help="server URL, no db")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", action="store_true", help="keep the PostgreSQL databases")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="bench-ingest-") as tmp:
        tmp = Path(tmp)
        small, full = tmp / "small", tmp / "full"
        small.mkdir()
        full.mkdir()
        started = time.perf_counter()
        for index, (name, text) in enumerate(documents(args.count, seed=args.seed)):
            (full / name).write_bytes(text.encode())
            if index < SMALL:
                (small / name).write_bytes(text.encode())
        print(f"generated {args.count} documents in {time.perf_counter() - started:.1f} s", file=sys.stderr)
        rows = []
        for vendor in args.databases.split(","):
            rows.append(run_vendor(vendor.strip(), args, tmp, small, full))
    print()
    print(machine())
    print()
    print(
        "| database | documents | loadseeds | docs/s | loaddata | loaddata ÷ loadseeds | re-run (unchanged) "
        f"| CPU ms/doc: load, re-run | peak RSS {SMALL:,} | peak RSS {args.count:,} "
        "| rows (articles/quotes/people/tags) |"
    )
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |")
    for row in rows:
        print(
            f"| {row['vendor']} | {args.count:,} | {row['load']:.1f} s | {args.count / row['load']:.0f} "
            f"| {row['loaddata']:.1f} s | {row['loaddata'] / row['load']:.1f}× | {row['rerun']:.1f} s "
            f"| {row['load_cpu']:.2f}, {row['rerun_cpu']:.2f} "
            f"| {row['rss_small'] / 1024:.0f} MiB | {row['rss_full'] / 1024:.0f} MiB | {row['rows']} |"
        )


def run_vendor(vendor, args, tmp, small, full):
    urls = {label: database_url(vendor, args, tmp, label) for label in ("small", "full", "fixture")}
    try:
        for url in urls.values():
            create_database(url)
            manage(url, "migrate", "--noinput")
        _, rss_small, _ = manage(urls["small"], "loadseeds", str(small))
        load, rss_full, load_cpu = manage(urls["full"], "loadseeds", str(full))
        fixture = tmp / f"{vendor}.json"
        rerun, _, rerun_cpu = manage(urls["full"], "loadseeds", str(full))
        manage(urls["full"], "loadseeds", str(full), "--dump", str(fixture))
        loaddata, _, _ = manage(urls["fixture"], "loaddata", str(fixture))
        loaded, restored = counts(urls["full"]), counts(urls["fixture"])
        if loaded != restored:
            raise SystemExit(f"{vendor}: loaddata gave {restored}, loadseeds {loaded}")
    finally:
        if vendor == "postgresql" and not args.keep:
            for url in urls.values():
                drop_database(url)
    print(
        f"{vendor}: loadseeds {load:.1f} s ({args.count / load:.0f} docs/s), loaddata {loaddata:.1f} s "
        f"(ratio {loaddata / load:.1f}), unchanged re-run {rerun:.1f} s, "
        f"peak RSS {rss_small // 1024} MiB at {SMALL}, {rss_full // 1024} MiB at {args.count}; {loaded}",
        file=sys.stderr,
    )
    rows = "/".join(str(loaded[key]) for key in ("articles", "quotes", "people", "tags"))
    return dict(
        vendor=vendor,
        load=load,
        loaddata=loaddata,
        rerun=rerun,
        load_cpu=load_cpu * 1000 / args.count,
        rerun_cpu=rerun_cpu * 1000 / args.count,
        rss_small=rss_small,
        rss_full=rss_full,
        rows=rows,
    )


def database_url(vendor, args, tmp, label):
    if vendor == "sqlite":
        return f"sqlite:///{tmp / f'ingest-{label}.sqlite3'}"
    if vendor == "postgresql":
        return f"{args.postgres.rstrip('/')}/newsroom_bench_ingest_{label}"
    raise SystemExit(f"unknown database {vendor!r}: use sqlite or postgresql")


def _server(url):
    import psycopg

    server, name = url.rsplit("/", 1)
    return psycopg.connect(f"{server}/postgres", autocommit=True), name


def create_database(url):
    if url.startswith("postgres"):
        connection, name = _server(url)
        with connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
            connection.execute(f'CREATE DATABASE "{name}"')


def drop_database(url):
    connection, name = _server(url)
    with connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')


def manage(url, *arguments):
    """Run one manage.py command; return (wall seconds, peak RSS in KiB of its largest process).

    Also prints the CPU seconds it and its workers used (the database server's not included) and the
    load average, since other work on the machine slows a run down.
    """
    env = dict(os.environ, DATABASE_URL=url, DEBUG="0", SECRET_KEY="bench-only-not-a-secret")
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, str(ROOT / "manage.py"), *arguments], cwd=ROOT, env=env, stdout=subprocess.PIPE
    )
    output = process.stdout.read()
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    process.stdout.close()
    if process.returncode:
        raise SystemExit(f"manage.py {' '.join(arguments)} failed ({process.returncode})")
    cpu = usage.ru_utime + usage.ru_stime
    load = os.getloadavg()[0]
    last = output.decode().strip().splitlines()[-1] if output.strip() else ""
    print(f"  {arguments[0]}: {elapsed:.1f} s, {cpu:.1f} s CPU, load {load:.1f}; {last}", file=sys.stderr)
    return elapsed, usage.ru_maxrss, cpu


def counts(url):
    env = dict(os.environ, DATABASE_URL=url, DEBUG="0", SECRET_KEY="bench-only-not-a-secret")
    script = "from django.db import connection\nwith connection.cursor() as c:\n" + "".join(
        f"    c.execute({sql!r}); print({key!r}, c.fetchone()[0])\n" for key, sql in COUNT_SQL.items()
    )
    output = subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "shell", "-c", script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return {
        key: int(line.split()[1])
        for line in output.splitlines()
        for key in COUNT_SQL
        if line.startswith(f"{key} ")
    }


def machine():
    free = subprocess.run(["free", "-h"], capture_output=True, text=True).stdout.strip()
    return (
        f"{datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC; {platform.platform()}; Python "
        f"{platform.python_version()}; nproc {len(os.sched_getaffinity(0))}\n\n```\n{free}\n```"
    )


if __name__ == "__main__":
    main()
