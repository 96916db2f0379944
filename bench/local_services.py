"""What the bench scripts share about this machine's services: the local PostgreSQL and free ports."""

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
