"""The PostgreSQL backend's health check (newsroom/postgresql/base.py): no query for a sound connection
in steady use, and one for a connection the server ended, one in a transaction or one left idle."""

import time

import pytest
from django.db import connection

from newsroom.postgresql.base import TRUSTED_FOR_SECONDS, _has_input

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's own backend")


def asked(monkeypatch):
    """Counts the queries the health check sends (it uses psycopg directly, not Django's cursor)."""
    sent = []
    cursor = connection.connection.cursor

    def counted(*args, **kwargs):
        sent.append(1)
        return cursor(*args, **kwargs)

    monkeypatch.setattr(connection.connection, "cursor", counted)
    return sent


# No test transaction: the connection is idle, as between two requests (and, like the suite's other
# such tests, restored from its serialized state, so content types keep their keys).
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_connection_in_steady_use_is_usable_without_a_query(monkeypatch):
    connection.ensure_connection()
    connection.checked_at = time.monotonic() - TRUSTED_FOR_SECONDS - 1
    sent = asked(monkeypatch)
    assert connection.is_usable()  # left idle a while: asked
    assert connection.is_usable()  # a moment later: not asked
    assert len(sent) == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_connection_left_idle_is_asked(monkeypatch):
    connection.ensure_connection()
    sent = asked(monkeypatch)
    connection.checked_at = time.monotonic() - TRUSTED_FOR_SECONDS - 1
    assert connection.is_usable()
    assert len(sent) == 1


@pytest.mark.django_db  # the test's transaction is open
def test_a_connection_in_a_transaction_is_asked(monkeypatch):
    connection.ensure_connection()
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    sent = asked(monkeypatch)
    connection.checked_at = time.monotonic()
    assert connection.is_usable()
    assert len(sent) == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_connection_the_server_ended_is_replaced_before_it_is_used():
    connection.ensure_connection()
    connection.checked_at = time.monotonic()
    ended = connection.connection.info.backend_pid
    other = connection.get_new_connection(connection.get_connection_params())
    try:
        other.execute("SELECT pg_terminate_backend(%s)", [ended])
    finally:
        other.close()
    deadline = time.monotonic() + 5
    while not _has_input(connection.connection.fileno()) and time.monotonic() < deadline:
        time.sleep(0.01)

    assert not connection.is_usable()
    connection.health_check_done = False
    connection.close_if_health_check_failed()  # what Django does before a request's first query
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        assert cursor.fetchone()[0] != ended
