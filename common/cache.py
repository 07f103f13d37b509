"""Django's Redis cache, with one redis-py client kept per connection pool.

Django makes a new `redis.Redis` for every cache call, and redis-py builds some 170 response callbacks
for each one: more than half the time a stored public page took to serve went on that. A client holds
nothing of its own beyond its pool, and redis-py's clients are safe to share between threads.
"""

from django.core.cache.backends.redis import RedisCache, RedisCacheClient


class PoolClientRedisCacheClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(pool)
        if client is None:
            client = self._clients[pool] = self._client(connection_pool=pool)
        return client


class PoolClientRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = PoolClientRedisCacheClient
