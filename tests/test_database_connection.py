"""The PostgreSQL backend's health check (newsroom/postgresql/base.py): no query while a persistent
connection is sound, and a connection the server ended is still found out and replaced."""

import time

import pytest
from django.db import connection

from newsroom.postgresql.base import _has_input

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's own backend")


@pytest.mark.django_db(transaction=True)  # no test transaction: idle, as between two requests
def test_a_sound_idle_connection_is_usable_without_a_query(monkeypatch):
    connection.ensure_connection()
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")

    def no_query(*args, **kwargs):
        raise AssertionError("the health check asked the database")

    monkeypatch.setattr(connection.connection, "cursor", no_query)
    assert connection.is_usable()


@pytest.mark.django_db(transaction=True)
def test_a_connection_the_server_ended_is_replaced_before_it_is_used():
    connection.ensure_connection()
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

