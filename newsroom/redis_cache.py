"""Django's Redis cache backend, with one redis-py client per connection pool.

Django's client builds a `redis.Redis` for every cache operation, and redis-py 8 fills a table of
some 170 response callbacks in each: 57 µs, against 136 µs for the round trip that reads a cached
page and the content generation (bench/RESULTS.md). A `redis.Redis` takes a connection from its pool
for each command, so one client per pool serves every thread.
"""

from django.core.cache.backends import redis


class RedisCacheClient(redis.RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(pool)
        if client is None:
            client = self._clients[pool] = self._client(connection_pool=pool)
        return client


class RedisCache(redis.RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient
