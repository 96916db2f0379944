#!/usr/bin/env python3
"""Load test: reader pages under 50 concurrent connections, served as in production.

Creates the database `newsroom_load60` on the local PostgreSQL, migrates it, writes N synthetic
documents (`bench/synthetic.py`, seed 1) to a temporary folder and loads them with
`manage.py loadseeds`; samples addresses from the database (articles, public people, tags, quotes,
search words); starts gunicorn (2 sync workers, DEBUG off, CONN_MAX_AGE=60) on 127.0.0.1; then for
`--duration` seconds keeps `--connections` client threads busy, each picking a page kind at random
(home, list filtered by tag, list filtered by person, article, person, quote, search) and one of its
sampled addresses. Every answer must be 2xx or 3xx within `--timeout` seconds; anything else is an
error, printed with its address. Prints requests a second and p50/p99 latency per page kind and
overall, as a Markdown table, and exits 1 if there was any error.

    .venv/bin/python bench/load.py [--articles 10000] [--duration 60] [--connections 50]
                                   [--keep] [--reuse]

`--reuse` skips the set-up when `newsroom_load60` already holds at least `--articles` articles;
`--keep` leaves the database in place afterwards (otherwise it is dropped). Bounded in time, talks to
127.0.0.1 only, and stops gunicorn (its whole process group) whatever happens.
Needs the PostgreSQL cluster at 127.0.0.1:5432, user postgres, trust. Results go in bench/RESULTS.md,
section "Load (60 s, 50 connections)".
"""

import argparse
import http.client
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.local_services import free_port, psql, server_environment  # noqa: E402

PYTHON = ROOT / ".venv" / "bin" / "python"
GUNICORN = ROOT / ".venv" / "bin" / "gunicorn"
DATABASE = "newsroom_load60"
SERVER = "postgres://postgres@127.0.0.1:5432"
SAMPLE = 300  # addresses sampled per page kind

# Run by `manage.py shell` against the loaded database: prints the addresses to request, as JSON.
SAMPLE_ADDRESSES = """
import json, random
from articles.models import Article, Quote
from people.models import Person
n = %(sample)d
rng = random.Random(1)
published = Article.objects.published()
def pick(values):
    values = list(values)
    return rng.sample(values, min(n, len(values)))
tags = pick(published.tag_counts().values_list("slug", flat=True))
people = pick(Person.objects.public().values_list("slug", flat=True)[:20000])
articles = pick(published.values_list("slug", flat=True)[:20000])
quotes = pick(Quote.objects.published().values_list("pk", flat=True)[:20000])
words = [w for h in published.values_list("headline", flat=True)[:2000] for w in h.split() if len(w) > 4]
print(json.dumps({"tags": tags, "people": people, "articles": articles, "quotes": quotes,
                  "words": pick(set(w.strip(",.:;'\\"").lower() for w in words))}))
"""




def article_count():
    if psql(f"select count(*) from pg_database where datname = '{DATABASE}'") != "1":
        return 0
    try:
        return int(psql("select count(*) from articles_article where status = 'published'", DATABASE))
    except subprocess.CalledProcessError:
        return 0


def set_up(env, articles):
    psql(f"drop database if exists {DATABASE} with (force)")
    psql(f"create database {DATABASE}")
    manage = [str(PYTHON), "manage.py"]
    subprocess.run([*manage, "migrate", "--noinput", "-v0"], cwd=ROOT, env=env, check=True, timeout=600)
    with tempfile.TemporaryDirectory(prefix="newsroom-load-") as folder:
        subprocess.run(
            [str(PYTHON), "bench/synthetic.py", folder, "-n", str(articles), "--seed", "1"],
            cwd=ROOT,
            env=env,
            check=True,
            timeout=900,
        )
        started = time.monotonic()
        subprocess.run([*manage, "loadseeds", folder], cwd=ROOT, env=env, check=True, timeout=3600)
        print(f"loaded {articles} documents in {time.monotonic() - started:.0f} s", file=sys.stderr)


def addresses(env):
    """{page kind: [path, …]} sampled from the database."""
    out = subprocess.run(
        [str(PYTHON), "manage.py", "shell", "-v0", "-c", SAMPLE_ADDRESSES % {"sample": SAMPLE}],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
        timeout=300,
    ).stdout
    found = json.loads(out.strip().splitlines()[-1])
    return {
        "home": ["/"],
        "list by tag": [f"/?{urlencode({'tag': slug})}" for slug in found["tags"]],
        "list by person": [f"/?{urlencode({'person': slug})}" for slug in found["people"]],
        "article": [f"/articles/{slug}/" for slug in found["articles"]],
        "person": [f"/people/{slug}/" for slug in found["people"]],
        "quote": [f"/quotes/{pk}/" for pk in found["quotes"]],
        "search": [f"/search/?{urlencode({'q': word})}" for word in found["words"]],
    }


def get(port, path, timeout):
    """(status, seconds); status 0 for no answer in time or a broken connection."""
    started = time.monotonic()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request("GET", path, headers={"Host": "127.0.0.1"})
        response = connection.getresponse()
        response.read()
        status = response.status
    except (OSError, http.client.HTTPException):
        status = 0
    finally:
        connection.close()
    return status, time.monotonic() - started


def hammer(port, pages, *, duration, connections, timeout):
    """Run the clients; return ({kind: [seconds, …]}, [(kind, path, status)], seconds taken)."""
    latencies, errors = defaultdict(list), []
    lock = threading.Lock()
    kinds = sorted(pages)
    start = time.monotonic()
    stop_at = start + duration

    def client(number):
        rng = random.Random(number)
        while time.monotonic() < stop_at:
            kind = rng.choice(kinds)
            path = rng.choice(pages[kind])
            status, seconds = get(port, path, timeout)
            with lock:
                latencies[kind].append(seconds)
                if not 200 <= status < 400:
                    errors.append((kind, path, status))

    threads = [threading.Thread(target=client, args=(n,), daemon=True) for n in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=duration + timeout + 30)
    return latencies, errors, time.monotonic() - start


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def report(latencies, errors, elapsed, args, loaded):
    error_count = defaultdict(int)
    for kind, _, _ in errors:
        error_count[kind] += 1
    print(
        f"{args.duration:g} s, {args.connections} connections, gunicorn 2 sync workers, DEBUG=0, "
        f"CONN_MAX_AGE=60, PostgreSQL, {loaded} published articles; client timeout {args.timeout:g} s"
    )
    print()
    print("| page | requests | req/s | p50 ms | p99 ms | max ms | errors |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    every = []
    for kind in sorted(latencies):
        values = latencies[kind]
        every += values
        print(
            f"| {kind} | {len(values)} | {len(values) / elapsed:.1f} | {percentile(values, 0.5) * 1000:.0f} "
            f"| {percentile(values, 0.99) * 1000:.0f} | {max(values) * 1000:.0f} | {error_count[kind]} |"
        )
    if every:
        print(
            f"| **all** | {len(every)} | {len(every) / elapsed:.1f} | {percentile(every, 0.5) * 1000:.0f} "
            f"| {percentile(every, 0.99) * 1000:.0f} | {max(every) * 1000:.0f} | {len(errors)} |"
        )
    for kind, path, status in errors[:20]:
        print(f"error: {kind} {path} -> {status or 'no answer'}", file=sys.stderr)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--duration", type=float, default=60.0)
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--timeout", type=float, default=30.0, help="seconds before a request counts as hung")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    parser.add_argument("--reuse", action="store_true", help="skip set-up if the database is loaded")
    args = parser.parse_args()

    out = ROOT / "bench" / "out"
    out.mkdir(parents=True, exist_ok=True)
    static_root = tempfile.mkdtemp(prefix="newsroom-load-static-")
    env = server_environment(f"{SERVER}/{DATABASE}", STATIC_ROOT=static_root)
    gunicorn = log = None
    try:
        if not (args.reuse and article_count() >= args.articles):
            set_up(env, args.articles)
        else:  # a kept database still gets the migrations added since it was loaded
            subprocess.run(
                [str(PYTHON), "manage.py", "migrate", "--noinput", "-v0"],
                cwd=ROOT,
                env=env,
                check=True,
                timeout=900,
            )
        psql("analyze", DATABASE)  # planner statistics for the loaded rows and any new indexes
        loaded = article_count()
        if loaded < args.articles:
            raise SystemExit(f"only {loaded} published articles in {DATABASE}; wanted {args.articles}")
        subprocess.run(
            [str(PYTHON), "manage.py", "collectstatic", "--noinput", "-v0"],
            cwd=ROOT,
            env=env,
            check=True,
            timeout=300,
        )
        pages = addresses(env)
        port = free_port()
        log = open(out / "load_gunicorn.log", "w")
        gunicorn = subprocess.Popen(
            [str(GUNICORN), "newsroom.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "2"]
            + ["--timeout", "60", "--backlog", "2048"],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        for _ in range(150):
            if get(port, "/", 5)[0] == 200:
                break
            time.sleep(0.2)
        else:
            raise SystemExit(f"gunicorn did not answer 200 on port {port}; see {log.name}")
        for kind in pages:  # one warm-up request per kind (imports, first connections)
            get(port, pages[kind][0], args.timeout)
        latencies, errors, elapsed = hammer(
            port, pages, duration=args.duration, connections=args.connections, timeout=args.timeout
        )
        report(latencies, errors, elapsed, args, loaded)
        return 1 if errors else 0
    finally:
        if gunicorn is not None:
            os.killpg(gunicorn.pid, signal.SIGTERM)
            try:
                gunicorn.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(gunicorn.pid, signal.SIGKILL)
                gunicorn.wait()
        if log is not None:
            log.close()
        subprocess.run(["rm", "-rf", static_root], check=False)
        if not args.keep:
            psql(f"drop database if exists {DATABASE} with (force)")


if __name__ == "__main__":
    sys.exit(main())
