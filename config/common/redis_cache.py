"""Django's Redis cache with one redis-py client per connection pool, made once, instead of
one per cache operation: building a client (its table of reply handlers) costs more CPU than
the round trip to Redis, and a page served from the cache is one operation. Clients of
redis-py are thread-safe; each one borrows a connection from the pool per command, as before.
"""

from django.core.cache.backends.redis import RedisCache, RedisCacheClient


class _ReusedClients(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class ReusedClientRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = _ReusedClients
