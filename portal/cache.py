"""Django's Redis cache with one client per connection pool instead of one per call.

Django's RedisCacheClient makes a new `redis.Redis` for every cache operation (only the
connection pool is kept); redis-py sets up its response callbacks and options in each,
which was about 6 % of the fund queue's time on the production stack, and every page
makes a few cache calls. A `redis.Redis` on a connection pool is safe to share between
threads (redis-py takes a connection from the pool for each command), and Django keeps a
cache backend per thread anyway; so the client is made once per pool and reused.
"""

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient as DjangoRedisCacheClient


class RedisCacheClient(DjangoRedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            pool = self._get_connection_pool(write)
            client = self._clients[index] = self._client(connection_pool=pool)
        return client


class RedisCache(DjangoRedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient
