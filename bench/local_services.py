"""What the bench scripts share: the local PostgreSQL, free ports and a server's environment."""

import os
import secrets
import socket
import subprocess


def psql(sql, database="postgres"):
    """Run one statement on the local cluster as postgres; its output, stripped."""
    return subprocess.run(
        ["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", database, "-tAc", sql],
        check=True,
        capture_output=True,
        text=True,
        timeout=60,
    ).stdout.strip()


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def server_environment(database_url, **extra):
    """A clean production-mode environment for a server on the loopback (plain HTTP: TLS is the proxy's)."""
    return {
        "PATH": os.environ["PATH"],
        "HOME": os.environ.get("HOME", "/tmp"),
        "DJANGO_SETTINGS_MODULE": "newsroom.settings",
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "DATABASE_URL": database_url,
        "CONN_MAX_AGE": "60",
        # The drills measure the site itself; the page cache is measured by bench/run.py.
        "PAGE_CACHE_SECONDS": "0",
        **extra,
    }
