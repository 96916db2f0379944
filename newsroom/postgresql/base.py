"""Django's PostgreSQL backend, with a health check that needs no round trip while all is well.

With persistent connections (CONN_MAX_AGE) and CONN_HEALTH_CHECKS, Django sends `SELECT 1` before a
request's first query, so that a connection the server has since closed (a restart, a failover,
an idle timeout) is replaced instead of failing that request. That is a round trip on every request,
which cost about 6 % of an uncached list page (issue 5). A server that ends a connection writes an
error message to it before closing it, so a connection with nothing waiting to be read, outside a
transaction, has not been ended: only otherwise is `SELECT 1` asked.
"""

import select

from django.db.backends.postgresql import base
from psycopg.pq import TransactionStatus


class DatabaseWrapper(base.DatabaseWrapper):
    def is_usable(self):
        connection = self.connection
        if connection is None or connection.closed or connection.broken:
            return False
        idle = connection.info.transaction_status == TransactionStatus.IDLE
        if idle and not _has_input(connection.fileno()):
            return True
        return super().is_usable()


def _has_input(fd):
    """Whether the socket `fd` has something to read, or was closed, without waiting."""
    poll = select.poll()
    poll.register(fd, select.POLLIN | select.POLLPRI)
    return bool(poll.poll(0))
