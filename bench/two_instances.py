"""Two app servers, one database, one cache: an edit made through either is visible through both at once.

Usage, from the project folder (needs PostgreSQL and Redis on 127.0.0.1):

    .venv/bin/python bench/two_instances.py                  # page cache in Redis, shared
    .venv/bin/python bench/two_instances.py --cache locmem   # the default: each process's own memory

It builds a small database `newsroom_bench_two` (30 synthetic documents through `loadseeds`) and an
admin user, empties Redis database 8, then starts two gunicorn servers on ports 8401 and 8402 with
the production settings (DEBUG=0, CONN_MAX_AGE=60, PAGE_CACHE_SECONDS=60, CACHE_URL=redis://…/8,
sessions in Redis) — or, with `--cache locmem`, no CACHE_URL: pages in each worker's own memory, the
content generation in the database. It then

1. reads the home page four times through each server: both show the newest story, later reads are
   hits (`X-Page-Cache`; with local memory each of a server's two workers has its own copy);
2. logs in to the admin of server A and unpublishes that story there ("Unpublish" action);
3. reads the home page through server B, then A: the story is gone from both, at once;
4. publishes it again through the admin of server B, and reads both again: it is back on both.

Prints each step and "PASS" or "FAIL"; exits non-zero on failure. The servers run behind no proxy:
requests say `X-Forwarded-Proto: https` (SECURE_PROXY_SSL_HEADER=1), as a TLS proxy would, because
the admin's cookies are Secure in production.
"""

import argparse
import http.client
import os
import re
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.ingest import create_database, manage  # noqa: E402
from bench.synthetic import documents  # noqa: E402

DATABASE = "postgres://postgres@127.0.0.1:5432/newsroom_bench_two"
REDIS = "redis://127.0.0.1:6379/8"
PORTS = {"A": 8401, "B": 8402}
PASSWORD = "bench-two-instances-only"


def environment(cache):
    return dict(
        os.environ,
        DATABASE_URL=DATABASE,
        CACHE_URL=REDIS if cache == "redis" else "",
        PAGE_CACHE_SECONDS="60",
        DEBUG="0",
        SECRET_KEY="bench-only-not-a-secret",
        SECURE_SSL_REDIRECT="0",
        SECURE_PROXY_SSL_HEADER="1",
        CONN_MAX_AGE="60",
        STATIC_ROOT=str(ROOT / "bench" / "out" / "static"),
    )


def request(port, method, path, *, cookies=None, form=None):
    """(status, headers, body, cookies) of one request to 127.0.0.1:port, as if through a TLS proxy."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers = {"X-Forwarded-Proto": "https", "Referer": f"https://127.0.0.1:{port}{path}"}
    cookies = dict(cookies or {})
    if cookies:
        headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in cookies.items())
    body = None
    if form is not None:
        body = urllib.parse.urlencode(form, doseq=True)
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    connection.request(method, path, body=body, headers=headers)
    response = connection.getresponse()
    content = response.read().decode("utf-8", "replace")
    for header, value in response.getheaders():
        if header.lower() == "set-cookie":
            name, _, rest = value.partition("=")
            cookies[name] = rest.split(";", 1)[0]
    connection.close()
    return response.status, dict(response.getheaders()), content, cookies


def admin_session(port):
    status, _, page, cookies = request(port, "GET", "/admin/login/?next=/admin/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    form = {"username": "bench", "password": PASSWORD, "csrfmiddlewaretoken": token, "next": "/admin/"}
    status, _, _, cookies = request(port, "POST", "/admin/login/?next=/admin/", cookies=cookies, form=form)
    if status != 302 or "sessionid" not in cookies:
        raise SystemExit(f"admin login on {port} failed ({status})")
    return cookies


def admin_action(port, cookies, action, article_id):
    _, _, page, cookies = request(port, "GET", "/admin/articles/article/", cookies=cookies)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    form = {"action": action, "_selected_action": [article_id], "csrfmiddlewaretoken": token, "index": "0"}
    status, _, _, _ = request(port, "POST", "/admin/articles/article/", cookies=cookies, form=form)
    if status != 302:
        raise SystemExit(f"admin action {action} on {port} answered {status}")


def home(name, headline):
    status, headers, page, _ = request(PORTS[name], "GET", "/")
    shown = headline in page.replace("&#x27;", "'").replace("&quot;", '"').replace("&amp;", "&")
    print(
        f"  server {name}: GET / → {status}, X-Page-Cache {headers.get('X-Page-Cache', '-')}, "
        f"story shown: {shown}"
    )
    return shown


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cache", choices=["redis", "locmem"], default="redis")
    cache = parser.parse_args().cache
    env = environment(cache)
    folder = ROOT / "bench" / "out" / "two-instances"
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in documents(30, seed=2):
        (folder / name).write_text(text, encoding="utf-8")
    create_database(DATABASE)
    manage(DATABASE, "migrate", "--noinput")
    manage(DATABASE, "loadseeds", str(folder))
    script = (
        "from django.contrib.auth.models import User\n"
        f"User.objects.create_superuser('bench', 'bench@example.org', {PASSWORD!r})\n"
        "from articles.models import Article\n"
        "a = Article.objects.published().first()\n"
        "print(a.pk); print(a.headline)\n"
    )
    output = (
        subprocess.run(
            [sys.executable, "manage.py", "shell", "-c", script],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        .stdout.strip()
        .splitlines()
    )
    article_id, headline = int(output[-2]), output[-1]
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True
    )
    if cache == "redis":
        import redis

        redis.Redis.from_url(REDIS).flushdb()
    servers = [
        subprocess.Popen(
            [
                str(ROOT / ".venv" / "bin" / "gunicorn"),
                "newsroom.wsgi",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                "2",
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for port in PORTS.values()
    ]
    ok = True
    try:
        for port in PORTS.values():
            for _ in range(100):
                try:
                    request(port, "GET", "/robots.txt")
                    break
                except OSError:
                    time.sleep(0.1)
        print(f"Story: {headline!r} (article {article_id})")
        print(f"1. Both servers show it; later reads are cache hits ({cache}):")
        ok &= all(home(name, headline) for name in ("A", "B") * 4)
        print("2. Unpublished through the admin of server A.")
        admin_action(PORTS["A"], admin_session(PORTS["A"]), "unpublish", article_id)
        print("3. Read at once through B, then A:")
        ok &= not home("B", headline) and not home("A", headline)
        print("4. Published again through the admin of server B; read through A, then B:")
        admin_action(PORTS["B"], admin_session(PORTS["B"]), "publish_now", article_id)
        ok &= home("A", headline) and home("B", headline)
    finally:
        for server in servers:
            server.terminate()
            server.wait(timeout=30)
    print("PASS" if ok else "FAIL")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
