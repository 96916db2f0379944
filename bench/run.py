"""Reader pages at archive scale: requests a second and latency against Django's own ceiling.

Usage, from the project folder, once `bench/archive.py` has built the database:

    .venv/bin/python bench/run.py                       # page cache off, then on (Redis), 10 s a page
    .venv/bin/python bench/run.py --modes off --seconds 3
    .venv/bin/python bench/run.py --database newsroom_bench_small --modes off,locmem,redis
    .venv/bin/python bench/run.py --modes off --pages search    # the ceiling and the two searches only

(`make bench` runs the first line.) Steps:

1. migrates the database (an archive built before the latest migrations gets them) and ANALYZEs it;
   picks the pages from the database: the newest article, the most-quoted person, the most used
   tag, a common word and a rare phrase (a name quoted once) to search for; home's page 500 both
   as readers reach it (the "Older" link of page 499, with its cursor) and typed (`?page=500`);
2. requests each page once through Django's test client against the same database and counts its SQL
   queries; EXPLAINs every query, flags any sequential scan over the articles or quotes tables, and
   prints `EXPLAIN ANALYZE` of the slowest query seen;
3. for each mode — `off` (PAGE_CACHE_SECONDS=0), `locmem` (the default: page cache in each process's
   memory, content generation in the database), `redis` (page cache and generation in Redis,
   CACHE_URL=redis://127.0.0.1:6379/<--redis-db>) — serves the site with
   gunicorn (2 workers, DEBUG=0, CONN_MAX_AGE=60) on 127.0.0.1 and drives every page with wrk (16
   connections, --seconds each), after a warm-up; the trivial view `/bench/ceiling/` (bench/wsgi.py)
   is the ceiling, run for --ceiling-seconds just before each page, which is divided by that run's
   rate: this machine's speed drifts by a third within minutes, and a ceiling measured once at the
   start set pages measured in a slow minute against a fast one;
4. measures search latency with one connection (no queueing behind other requests) as the search
   target's p50;
5. prints the Markdown tables for bench/RESULTS.md.

Needs wrk (Debian: `apt-get install wrk`). Only 127.0.0.1 is ever contacted.
"""

import argparse
import datetime
import html
import json
import os
import re
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SERVER = "postgres://postgres@127.0.0.1:5432"
CEILING = "/bench/ceiling/"
BIG_TABLES = ("articles_article", "articles_quote")

# Targets from issue 5, as ratios to the ceiling because the machines are shared.
UNCACHED_RATIO, CACHED_RATIO, P99_MS, SEARCH_P50_MS = 0.06, 0.50, 150, 20


def environment(args, mode):
    env = dict(
        os.environ,
        DATABASE_URL=f"{args.server}/{args.database}",
        DEBUG="0",
        SECRET_KEY="bench-only-not-a-secret",
        SECURE_SSL_REDIRECT="0",
        ALLOWED_HOSTS="127.0.0.1,localhost,testserver",
        CONN_MAX_AGE="60",
        STATIC_ROOT=str(ROOT / "bench" / "out" / "static"),
        PAGE_CACHE_SECONDS="0" if mode == "off" else "60",
        CACHE_URL=f"redis://127.0.0.1:6379/{args.redis_db}" if mode == "redis" else "",
    )
    env.pop("DJANGO_SETTINGS_MODULE", None)
    return env


def pick_pages(*, deep_page=500):
    """[(label, url)] of the benchmarked pages, found in the database (Django is set up)."""
    from django.db import connection

    from articles.models import Article

    def one(sql):
        with connection.cursor() as cursor:
            cursor.execute(sql)
            return cursor.fetchone()

    article = Article.objects.published().filter(quotes__isnull=False).only("slug").first()
    person = one(
        "SELECT p.slug FROM people_person p JOIN articles_quote q ON q.speaker_id = p.id "
        "GROUP BY p.id ORDER BY count(*) DESC LIMIT 1"
    )[0]
    tag = one(
        "SELECT t.slug FROM taggit_tag t JOIN articles_taggedarticle ta ON ta.tag_id = t.id "
        "GROUP BY t.id ORDER BY count(*) DESC LIMIT 1"
    )[0]
    rare = (
        one(
            "SELECT p.name FROM people_person p JOIN articles_quote q ON q.speaker_id = p.id "
            "GROUP BY p.id HAVING count(*) = 1 ORDER BY p.id LIMIT 1"
        )
        or ["nobody at all"]
    )[0]
    common_word = "talks"
    rare_phrase = urllib.parse.quote(f'"{rare}"')
    return [
        ("trivial view (ceiling)", CEILING),
        ("home", "/"),
        ("home, filtered by tag", f"/?tag={tag}"),
        ("home, filtered by person", f"/?person={person}"),
        (f"home, page {deep_page} linked", linked_page(deep_page)),
        (f"home, page {deep_page} typed", f"/?page={deep_page}"),
        ("article", f"/articles/{article.slug}/"),
        ("most-quoted person", f"/people/{person}/"),
        ("quotes by speaker", f"/quotes/?speaker={person}"),
        ("most used tag", f"/tags/{tag}/"),
        ("search, common word", f"/search/?q={common_word}"),
        ("search, rare phrase", f"/search/?q={rare_phrase}"),
        ("RSS feed", "/feed/"),
    ]


def linked_page(number):
    """The address of home's page `number` as a reader reaches it: the "Older" link of the page before
    (it carries a cursor, so the page reads its rows from there; a typed number skips to them)."""
    from django.test import Client

    response = Client(HTTP_HOST="127.0.0.1").get(f"/?page={number - 1}" if number > 2 else "/")
    older = re.search(r'rel="next" href="([^"]+)"', response.content.decode())
    if older is None:
        raise SystemExit(f"home has no page {number}: load a larger archive (bench/archive.py)")
    return "/" + html.unescape(older.group(1))


def count_queries(pages):
    """{url: (status, queries, slowest (ms, sql, params), sequential scans over big tables)}."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="127.0.0.1")
    results = {}
    slowest = (0.0, "", None)
    for _, url in pages:
        if url == CEILING:
            results[url] = (200, 0, [])
            continue
        # The first request warms the per-process caches (content types, the generation, a long
        # list's estimate, a typed page's starting row): the second is what a page costs on most
        # requests, and the queries of both are checked for sequential scans.
        with CaptureQueriesContext(connection) as first:
            client.get(url)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        scans = []
        for query in first.captured_queries + captured.captured_queries:
            sql = query["sql"]
            if sql.startswith(("SAVEPOINT", "RELEASE", "EXPLAIN")) or connection.vendor != "postgresql":
                continue
            with connection.cursor() as cursor:
                cursor.execute("EXPLAIN " + sql)
                plan = "\n".join(row[0] for row in cursor.fetchall())
            scans += [table for table in BIG_TABLES if re.search(rf"Seq Scan on {table}\b", plan)]
            if float(query["time"]) * 1000 > slowest[0]:
                slowest = (float(query["time"]) * 1000, sql, url)
        results[url] = (response.status_code, len(captured.captured_queries), sorted(set(scans)))
        times = ", ".join(f"{float(q['time']) * 1000:.0f}" for q in captured.captured_queries)
        print(f"  {url}: SQL ms {times} ({len(first)} queries on the first request)", file=sys.stderr)
    analyzed = ""
    if slowest[1]:
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + slowest[1])
            analyzed = "\n".join(row[0] for row in cursor.fetchall())
    return results, (slowest[0], slowest[2], slowest[1], analyzed)


def serve(args, mode):
    env = environment(args, mode)
    log = open(ROOT / "bench" / "out" / f"run-gunicorn-{mode}.log", "w")  # noqa: SIM115 (kept open)
    process = subprocess.Popen(
        [
            str(ROOT / ".venv" / "bin" / "gunicorn"),
            "bench.wsgi",
            "--bind",
            f"127.0.0.1:{args.port}",
            "--workers",
            "2",
            "--backlog",
            "2048",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{args.port}{CEILING}", timeout=2).read()
            return process
        except OSError:
            time.sleep(0.2)
    process.terminate()
    raise SystemExit(f"gunicorn did not start; see bench/out/run-gunicorn-{mode}.log")


def wrk(url, *, seconds, connections):
    """(requests a second, p50 ms, p99 ms, non-2xx responses) from wrk."""
    output = subprocess.run(
        [
            "wrk",
            "-t",
            str(min(2, connections)),
            "-c",
            str(connections),
            "-d",
            f"{seconds}s",
            "--latency",
            "--timeout",
            "10s",
            url,
        ],
        capture_output=True,
        text=True,
        check=True,
        timeout=seconds + 30,
    ).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))

    def percentile(label):
        value, unit = re.search(rf"^\s+{label}%\s+([\d.]+)(us|ms|s)\s*$", output, re.M).groups()
        return float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]

    bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    errors = re.search(r"Socket errors:.*", output)
    return (
        rate,
        percentile("50"),
        percentile("99"),
        int(bad.group(1)) if bad else 0,
        errors.group(0) if errors else "",
    )


def measure(args, mode, pages):
    """({url: wrk figures}, {url: the ceiling's req/s measured just before it}, {search label: p50})."""
    process = serve(args, mode)
    rows, ceilings = {}, {}
    try:
        base = f"http://127.0.0.1:{args.port}"
        for _, url in pages:
            for _ in range(3):
                urllib.request.urlopen(base + url, timeout=30).read()
            subprocess.run(
                ["wrk", "-t", "1", "-c", "4", "-d", "1s", base + url], capture_output=True, check=True
            )
            if url != CEILING:
                ceiling = wrk(base + CEILING, seconds=args.ceiling_seconds, connections=args.connections)
                ceilings[url] = ceiling[0]
            rows[url] = wrk(base + url, seconds=args.seconds, connections=args.connections)
            print(
                f"  {mode} {url}: {rows[url][0]:.0f} req/s, p50 {rows[url][1]:.1f} ms, "
                f"p99 {rows[url][2]:.1f} ms",
                file=sys.stderr,
            )
        search = {}
        if mode == "off":
            for label, url in pages:
                if url.startswith("/search/"):
                    search[label] = wrk(base + url, seconds=max(2, args.seconds // 2), connections=1)[1]
    finally:
        process.terminate()
        process.wait(timeout=30)
    return rows, ceilings, search


def table(mode, pages, rows, ceilings, queries):
    target = UNCACHED_RATIO if mode == "off" else CACHED_RATIO
    lines = [
        f"Page cache **{mode}** (target: ≥ {target:.0%} of the ceiling"
        + (f", p99 < {P99_MS} ms)" if mode == "off" else ")"),
        "",
        "| page | req/s | p50 ms | p99 ms | ceiling req/s | ÷ ceiling | SQL queries | meets target |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for label, url in pages:
        rate, p50, p99, bad, _ = rows[url]
        ceiling = ceilings.get(url, rate)
        ratio = rate / ceiling
        ok = ratio >= target and (mode != "off" or p99 < P99_MS) and not bad
        flag = "—" if url == CEILING else ("yes" if ok else "**no**")
        status = f" ({bad} non-2xx)" if bad else ""
        lines.append(
            f"| {label} (`{url}`){status} | {rate:.0f} | {p50:.1f} | {p99:.1f} | {ceiling:.0f} | {ratio:.1%} "
            f"| {queries[url][1]} | {flag} |"
        )
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--database", default="newsroom_bench_archive")
    parser.add_argument("--server", default=SERVER)
    parser.add_argument("--modes", default="off,redis", help="comma-separated: off, locmem, redis")
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument(
        "--ceiling-seconds", type=int, default=3, help="the trivial view's run just before each page"
    )
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--port", type=int, default=8391)
    parser.add_argument("--redis-db", type=int, default=7)
    parser.add_argument("--queries-only", action="store_true", help="steps 1 and 2 only")
    parser.add_argument(
        "--pages", default="", help="comma-separated words: only the pages labelled with one, and the ceiling"
    )
    args = parser.parse_args()

    os.environ.update(environment(args, "off"))
    os.environ["DJANGO_SETTINGS_MODULE"] = "newsroom.settings"
    for command in (["collectstatic", "--noinput"], ["migrate", "--noinput"]):
        subprocess.run([sys.executable, "manage.py", *command, "--verbosity", "0"], cwd=ROOT, check=True)
    import django

    django.setup()
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # the planner needs statistics for what a migration added
    pages = pick_pages()
    if args.pages:
        wanted = [word for word in args.pages.split(",") if word]
        pages = [(label, url) for label, url in pages if url == CEILING or any(w in label for w in wanted)]
    queries, (slow_ms, slow_url, slow_sql, analyzed) = count_queries(pages)
    for label, url in pages:
        status, count, scans = queries[url]
        print(f"  {label}: {url} → {status}, {count} queries, seq scans: {scans or 'none'}", file=sys.stderr)

    if args.queries_only:
        print(f"slowest query: {slow_ms:.1f} ms on {slow_url}\n{slow_sql}\n{analyzed}")
        return
    results, ceilings, search = {}, {}, {}
    for mode in args.modes.split(","):
        results[mode], ceilings[mode], found = measure(args, mode, pages)
        search.update(found)

    from bench.ingest import machine

    print()
    print(machine())
    print()
    print(
        f"Database `{args.database}`; wrk, {args.connections} connections, {args.seconds} s a page; "
        "gunicorn 2 sync workers, DEBUG=0, CONN_MAX_AGE=60."
    )
    for mode in results:
        print()
        print(table(mode, pages, results[mode], ceilings[mode], queries))
    print()
    scans = {url: q[2] for url, q in queries.items() if q[2]}
    print(f"Sequential scans over {', '.join(BIG_TABLES)} in any page's queries: {scans or 'none'}")
    if search:
        print()
        print(
            "Search, one connection (server time without queueing; target p50 < 20 ms): "
            + ", ".join(f"{label} p50 {p50:.1f} ms" for label, p50 in search.items())
        )
    print()
    print(f"Slowest query seen ({slow_ms:.1f} ms, on `{slow_url}`):")
    print()
    print("```sql\n" + slow_sql + "\n```\n\n```\n" + analyzed + "\n```")
    out = ROOT / "bench" / "out" / f"run-{datetime.datetime.now(datetime.UTC):%Y%m%d-%H%M}.json"
    out.write_text(
        json.dumps({"results": results, "ceilings": ceilings, "queries": queries, "search": search}, indent=1)
    )


if __name__ == "__main__":
    main()
