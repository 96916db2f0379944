#!/usr/bin/env python3
"""Fault drill: the site during a PostgreSQL outage, served as in production.

Creates the database `newsroom_outage` on the local cluster, migrates it and loads a few articles,
starts gunicorn (2 workers, DEBUG off, CONN_MAX_AGE=60) on 127.0.0.1, and polls `/` in a loop. It
then takes the local cluster down (`--mode stop`: stop, wait, start; `--mode restart`: one restart)
and reports the requests made while the database was away — their statuses and worst latency — and
the seconds from the database being back to the first 200. Bounded in time; stops by itself and
cleans up (gunicorn stopped, database dropped, cluster running) whatever happens.

    .venv/bin/python bench/db_outage.py [--mode stop|restart] [--down-seconds 5]

Needs root (pg_ctlcluster) and the PostgreSQL cluster at 127.0.0.1:5432, user postgres, trust.
Results go in bench/RESULTS.md, section "Database outage".
"""

import argparse
import os
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.local_services import free_port, psql, server_environment  # noqa: E402

PYTHON = ROOT / ".venv" / "bin" / "python"
GUNICORN = ROOT / ".venv" / "bin" / "gunicorn"
DATABASE = "newsroom_outage"
SERVER = "postgres://postgres@127.0.0.1:5432"
REQUEST_TIMEOUT = 15  # seconds: a request taking longer counts as hung
DEADLINE = 120  # seconds for the whole drill, set-up excluded

LOAD_ARTICLES = """
from datetime import timedelta
from django.utils import timezone
from articles.models import Article
for n in range(1, 6):
    Article.objects.create(
        headline=f"Outage drill story {n}", slug=f"outage-drill-story-{n}", status="published",
        published_at=timezone.now() - timedelta(hours=n), body=f"Paragraph one of {n}.\\n\\nParagraph two.",
    )
"""


def cluster_version():
    return sorted(os.listdir("/etc/postgresql"))[-1]


def pg_ctl(action):
    subprocess.run(
        ["pg_ctlcluster", "--skip-systemctl-redirect", cluster_version(), "main", action],
        check=True,
        capture_output=True,
        timeout=60,
    )


def database_ready():
    return subprocess.run(["pg_isready", "-q", "-h", "127.0.0.1", "-p", "5432"], timeout=10).returncode == 0



def others_busy():
    """Other sessions in the middle of work on the cluster (a test run, say), which a restart would break."""
    return int(
        psql(
            "select count(*) from pg_stat_activity where backend_type = 'client backend' "
            f"and pid <> pg_backend_pid() and state <> 'idle' and datname <> '{DATABASE}'"
        )
    )



def get(url):
    """(status, seconds) for one GET; status 0 when no HTTP answer came at all."""
    started = time.monotonic()
    try:
        with urllib.request.urlopen(url, timeout=REQUEST_TIMEOUT) as response:
            response.read()
            status = response.status
    except urllib.error.HTTPError as error:
        status = error.code
    except (urllib.error.URLError, TimeoutError, ConnectionError):
        status = 0
    return status, time.monotonic() - started


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mode", choices=["stop", "restart"], default="stop")
    parser.add_argument("--down-seconds", type=float, default=5.0, help="with --mode stop")
    parser.add_argument("--quiet-wait", type=float, default=120.0, help="wait this long for others' work")
    args = parser.parse_args()

    out = ROOT / "bench" / "out"
    out.mkdir(parents=True, exist_ok=True)
    port = free_port()
    env = server_environment(f"{SERVER}/{DATABASE}")
    gunicorn = None
    try:
        if not database_ready():
            pg_ctl("start")
        psql(f"drop database if exists {DATABASE} with (force)")
        psql(f"create database {DATABASE}")
        manage = [str(PYTHON), "manage.py"]
        subprocess.run([*manage, "migrate", "--noinput", "-v0"], cwd=ROOT, env=env, check=True, timeout=300)
        subprocess.run(
            [*manage, "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True, timeout=300
        )
        subprocess.run(
            [*manage, "shell", "-v0", "-c", LOAD_ARTICLES], cwd=ROOT, env=env, check=True, timeout=120
        )

        log = open(out / "db_outage_gunicorn.log", "w")
        gunicorn = subprocess.Popen(
            [
                str(GUNICORN),
                "newsroom.wsgi",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                "2",
                "--timeout",
                "30",
            ],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        url = f"http://127.0.0.1:{port}/"
        for _ in range(100):
            if get(url)[0] == 200:
                break
            time.sleep(0.2)
        else:
            raise SystemExit(f"gunicorn did not answer 200 on {url}; see {log.name}")

        waited = time.monotonic()
        while others_busy() and time.monotonic() - waited < args.quiet_wait:
            time.sleep(2)

        samples = []  # (seconds since start the request was sent, status, seconds it took)
        done = threading.Event()
        start = time.monotonic()

        def poll():
            while not done.is_set() and time.monotonic() - start < DEADLINE:
                sent = time.monotonic() - start
                status, seconds = get(url)
                samples.append((sent, status, seconds))
                time.sleep(0.05)

        readiness = []  # (seconds since start, pg_isready says up)

        def watch_database():
            while not done.is_set() and time.monotonic() - start < DEADLINE:
                readiness.append((time.monotonic() - start, database_ready()))
                time.sleep(0.05)

        threads = [
            threading.Thread(target=poll, daemon=True),
            threading.Thread(target=watch_database, daemon=True),
        ]
        for thread in threads:
            thread.start()
        time.sleep(3)
        command_at = time.monotonic() - start
        if args.mode == "restart":
            pg_ctl("restart")
        else:
            pg_ctl("stop")
            time.sleep(args.down_seconds)
            pg_ctl("start")

        def seen(up, after):
            return next((t for t, ready in list(readiness) if t >= after and ready == up), None)

        while time.monotonic() - start < DEADLINE and seen(True, seen(False, command_at) or DEADLINE) is None:
            time.sleep(0.1)
        down_at = seen(False, command_at)
        back_at = seen(True, down_at if down_at is not None else DEADLINE)
        if down_at is None or back_at is None:
            done.set()
            raise SystemExit("the outage was not observed within the time limit")
        while time.monotonic() - start < DEADLINE and not any(sent >= back_at + 3 for sent, _, _ in samples):
            time.sleep(0.1)
        done.set()
        for thread in threads:
            thread.join()

        report(args, samples, command_at, down_at, back_at)
    finally:
        if gunicorn is not None:
            os.killpg(gunicorn.pid, signal.SIGTERM)
            try:
                gunicorn.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(gunicorn.pid, signal.SIGKILL)
            log.close()
        if not database_ready():
            pg_ctl("start")
            for _ in range(100):
                if database_ready():
                    break
                time.sleep(0.2)
        psql(f"drop database if exists {DATABASE} with (force)")


def report(args, samples, command_at, down_at, back_at):
    before = [s for s in samples if s[0] < command_at]
    stopping = [s for s in samples if command_at <= s[0] < down_at]
    during = [s for s in samples if down_at <= s[0] < back_at]
    after = [s for s in samples if s[0] >= back_at]
    first_ok = next((t + seconds for t, status, seconds in after if status == 200), None)
    mode = f"stop, {args.down_seconds:g} s down, start" if args.mode == "stop" else "restart"

    def statuses(group):
        return ", ".join(
            f"{code or 'no answer'}×{n}" for code, n in sorted(Counter(s[1] for s in group).items())
        )

    def worst(group):
        return f"{max(s[2] for s in group) * 1000:.0f} ms" if group else "-"

    print(f"database outage drill ({mode}); gunicorn 2 workers, DEBUG=0, CONN_MAX_AGE=60")
    print(f"requests before the outage: {len(before)} ({statuses(before)}), max latency {worst(before)}")
    print(
        f"requests after the {args.mode} command, database still up: {len(stopping)} ({statuses(stopping)})"
    )
    print(f"database down for {back_at - down_at:.1f} s (pg_isready polled every 50 ms)")
    print(f"requests during the outage: {len(during)} ({statuses(during)}), max latency {worst(during)}")
    print(f"requests after it: {len(after)} ({statuses(after)}), max latency {worst(after)}")
    if first_ok is None:
        print("no 200 after the database came back")
    else:
        print(f"seconds from database back to first 200: {max(0.0, first_ok - back_at):.2f}")
    print(f"any 500s or hangs: {'yes' if any(s[1] in (0, 500) for s in samples) else 'no'}")


if __name__ == "__main__":
    sys.exit(main())
