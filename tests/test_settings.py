"""Settings read from the environment, as an operator sets them (README "Configuration", "Production").

Each test starts a fresh Python with only the variables it names, as a server process would.
"""

import json
import os
import re
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent

# The production environment the README documents, with a made-up host and key.
PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "n3-wsr00m-pr0duction-key-for-tests-only-7f9a2c4e8b1d6f3a5c7e9b2d4f6a8c0e",
    "ALLOWED_HOSTS": "news.example.org",
    "CSRF_TRUSTED_ORIGINS": "https://news.example.org",
    "SECURE_PROXY_SSL_HEADER": "1",
    "DATABASE_URL": "postgres://newsroom@127.0.0.1:5432/newsroom",
    "CONN_MAX_AGE": "60",
    "CACHE_URL": "redis://127.0.0.1:6379/0",
}

SHOWN = [
    "DEBUG",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SECURE_PROXY_SSL_HEADER",
    "CSRF_TRUSTED_ORIGINS",
    "SESSION_COOKIE_SECURE",
    "SESSION_COOKIE_HTTPONLY",
    "CSRF_COOKIE_SECURE",
    "CSRF_COOKIE_HTTPONLY",
    "SESSION_ENGINE",
    "CACHES",
    "STORAGES",
    "DATABASES",
]


def run(args, **env):
    """Run Python with the project's settings and exactly `env` on top of a bare environment."""
    clean = {"PATH": os.environ["PATH"], "HOME": os.environ.get("HOME", "/tmp")}
    clean["DJANGO_SETTINGS_MODULE"] = "newsroom.settings"
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=clean | env, capture_output=True, text=True, timeout=120
    )


def settings_under(**env):
    code = (
        "import json, django; django.setup(); from django.conf import settings; "
        f"print(json.dumps({{name: getattr(settings, name, None) for name in {SHOWN!r}}}, default=str))"
    )
    result = run(["-c", code], **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_documented_production_environment_passes_check_deploy_with_no_warnings():
    """`manage.py check --deploy` finds nothing to warn about in the README's production setup."""
    result = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], **PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout
    assert "WARNINGS" not in result.stdout + result.stderr


def test_check_deploy_catches_an_insecure_production_setup():
    """The deploy check is a real guard: turning the HTTPS redirect and HSTS off is reported."""
    result = run(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        **PRODUCTION,
        SECURE_SSL_REDIRECT="0",
        SECURE_HSTS_SECONDS="0",
    )
    assert result.returncode != 0
    assert "security.W008" in result.stderr
    assert "security.W004" in result.stderr


def test_production_without_a_secret_key_refuses_to_start():
    """DEBUG off and no SECRET_KEY: start-up fails at once, saying what to set."""
    env = {key: value for key, value in PRODUCTION.items() if key != "SECRET_KEY"}
    result = run(["manage.py", "check"], **env)
    assert result.returncode != 0
    assert "ImproperlyConfigured: SECRET_KEY is not set." in result.stderr


def test_production_defaults_are_https_only():
    """With DEBUG off: redirect to HTTPS, a year of HSTS, cookies secure and HttpOnly, hashed static files."""
    settings = settings_under(**PRODUCTION)
    assert settings["DEBUG"] is False
    assert settings["SECURE_SSL_REDIRECT"] is True
    assert settings["SECURE_HSTS_SECONDS"] == 31536000
    assert settings["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert settings["SECURE_HSTS_PRELOAD"] is True
    assert settings["SESSION_COOKIE_SECURE"] is True
    assert settings["SESSION_COOKIE_HTTPONLY"] is True
    assert settings["CSRF_COOKIE_SECURE"] is True
    assert settings["CSRF_COOKIE_HTTPONLY"] is True
    assert settings["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert settings["STORAGES"]["staticfiles"]["BACKEND"] == (
        "whitenoise.storage.CompressedManifestStaticFilesStorage"
    )


def test_hsts_seconds_and_trusted_origins_come_from_the_environment():
    """SECURE_HSTS_SECONDS is a number of seconds; CSRF_TRUSTED_ORIGINS a comma-separated list."""
    settings = settings_under(
        **PRODUCTION
        | {
            "SECURE_HSTS_SECONDS": "3600",
            "CSRF_TRUSTED_ORIGINS": "https://news.example.org, https://admin.example.org",
        }
    )
    assert settings["SECURE_HSTS_SECONDS"] == 3600
    assert settings["CSRF_TRUSTED_ORIGINS"] == ["https://news.example.org", "https://admin.example.org"]


def test_proxy_ssl_header_is_opt_in():
    """X-Forwarded-Proto is trusted only when the operator says a proxy sets it."""
    env = {key: value for key, value in PRODUCTION.items() if key != "SECURE_PROXY_SSL_HEADER"}
    assert settings_under(**env)["SECURE_PROXY_SSL_HEADER"] is None


def test_local_development_works_over_plain_http():
    """`make run` (DEBUG=1, no key): no redirect, no HSTS, cookies usable on http://127.0.0.1:8000."""
    settings = settings_under(DEBUG="1")
    assert settings["SECURE_SSL_REDIRECT"] is False
    assert settings["SECURE_HSTS_SECONDS"] == 0
    assert settings["SESSION_COOKIE_SECURE"] is False
    assert settings["CSRF_COOKIE_SECURE"] is False
    assert settings["STORAGES"]["staticfiles"]["BACKEND"] == (
        "django.contrib.staticfiles.storage.StaticFilesStorage"
    )


def test_local_memory_cache_and_database_sessions_without_cache_url():
    """No CACHE_URL: a per-process cache, sessions in the database."""
    settings = settings_under(DEBUG="1")
    assert settings["CACHES"]["default"]["BACKEND"] == "django.core.cache.backends.locmem.LocMemCache"
    assert settings["SESSION_ENGINE"] == "django.contrib.sessions.backends.db"


def test_redis_cache_url_selects_the_redis_backend_and_cached_db_sessions():
    """CACHE_URL=redis://… uses Django's RedisCache (one client per pool, newsroom.redis_cache), and
    sessions go through it to the database."""
    settings = settings_under(DEBUG="1", CACHE_URL="redis://127.0.0.1:6379/1")
    assert settings["CACHES"]["default"] == {
        "BACKEND": "newsroom.redis_cache.RedisCache",
        "LOCATION": "redis://127.0.0.1:6379/1",
    }
    assert settings["SESSION_ENGINE"] == "django.contrib.sessions.backends.cached_db"


def test_an_unknown_cache_url_refuses_to_start():
    """A CACHE_URL that is not Redis is a configuration error, not a silent fallback."""
    result = run(["manage.py", "check"], DEBUG="1", CACHE_URL="memcached://127.0.0.1:11211")
    assert result.returncode != 0
    assert "CACHE_URL must be a redis:// URL" in result.stderr


def redis_is_up():
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
    except OSError:
        return False
    return True


@pytest.mark.skipif(not redis_is_up(), reason="no Redis on 127.0.0.1:6379")
def test_redis_cache_round_trip():
    """The Redis cache really stores and returns values."""
    code = (
        "import django; django.setup(); from django.core.cache import cache; "
        "cache.set('newsroom-settings-test', 'kept', 30); print(cache.get('newsroom-settings-test')); "
        "cache.delete('newsroom-settings-test')"
    )
    result = run(["-c", code], DEBUG="1", CACHE_URL="redis://127.0.0.1:6379/15")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "kept"


def test_postgresql_connections_time_out_quickly():
    """An unreachable PostgreSQL fails a connection within seconds (so readers get the 503 page)."""
    settings = settings_under(**PRODUCTION)
    assert settings["DATABASES"]["default"]["OPTIONS"]["connect_timeout"] == 3
    assert settings["DATABASES"]["default"]["OPTIONS"]["options"] == "-c jit=off"
    assert settings["DATABASES"]["default"]["CONN_MAX_AGE"] == 60
    assert settings["DATABASES"]["default"]["CONN_HEALTH_CHECKS"] is True


def test_production_serves_hashed_compressed_static_files_through_whitenoise(tmp_path):
    """After collectstatic, pages link css/site.<hash>.css; WhiteNoise serves it gzipped, cached for ever."""
    static_root = str(tmp_path / "static")
    collected = run(["manage.py", "collectstatic", "--noinput", "-v0"], **PRODUCTION, STATIC_ROOT=static_root)
    assert collected.returncode == 0, collected.stderr
    code = (
        "import django; django.setup(); from django.templatetags.static import static; "
        "from django.test import Client; url = static('css/site.css'); "
        "r = Client().get(url, HTTP_HOST='news.example.org', HTTP_ACCEPT_ENCODING='gzip', secure=True); "
        "print(url, r.status_code, r.headers.get('Content-Encoding'), r.headers.get('Cache-Control'))"
    )
    served = run(["-c", code], **PRODUCTION, STATIC_ROOT=static_root)
    assert served.returncode == 0, served.stderr
    url, status, encoding, cache_control = served.stdout.split(" ", 3)
    assert re.fullmatch(r"/static/css/site\.[0-9a-f]{12}\.css", url)
    assert (status, encoding) == ("200", "gzip")
    assert "max-age=315360000" in cache_control and "immutable" in cache_control


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="a PostgreSQL setting")
def test_postgresql_sessions_run_without_jit():
    """Short queries are never held up by JIT compiling (see DATABASES in the settings)."""
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"
