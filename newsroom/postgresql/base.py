"""Django's PostgreSQL backend, with a health check that needs no round trip while the site is busy.

With persistent connections (CONN_MAX_AGE) and CONN_HEALTH_CHECKS, Django sends `SELECT 1` before a
request's first query, so that a connection that died meanwhile is replaced instead of failing that
request. That is a round trip on every request: about 6 % of an uncached list page (issue 5).

A connection checked less than TRUSTED_FOR_SECONDS ago, outside a transaction and with nothing
waiting to be read, is taken as sound without asking. A server that ends a connection (a restart,
`pg_terminate_backend`, its idle timeouts) writes an error to it before closing it, and a reset
shows too, so those connections are asked and replaced at once. One dropped silently (a NAT or
firewall forgetting it, a host gone) shows nothing: it is asked once it has been idle that long,
as before, and only a connection in use moments ago is spared the round trip.
"""

import select
import time

from django.db.backends.postgresql import base
from psycopg.pq import TransactionStatus

TRUSTED_FOR_SECONDS = 1.0


class DatabaseWrapper(base.DatabaseWrapper):
    checked_at = float("-inf")

    def is_usable(self):
        connection = self.connection
        if connection is None or connection.closed:
            return False
        now = time.monotonic()
        recent, self.checked_at = now - self.checked_at < TRUSTED_FOR_SECONDS, now
        idle = connection.info.transaction_status == TransactionStatus.IDLE
        if recent and idle and not _has_input(connection.fileno()):
            return True
        return super().is_usable()


def _has_input(fd):
    """Whether the socket `fd` has something to read, or was closed, without waiting."""
    poll = select.poll()
    poll.register(fd, select.POLLIN | select.POLLPRI)
    return bool(poll.poll(0))
