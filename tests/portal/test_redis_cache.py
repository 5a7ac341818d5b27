"""portal.cache.RedisCache, the production cache: Django's Redis cache with one client per
connection pool, against the Redis that `make test` starts (REDIS_URL; skipped without)."""

import os
import threading

import pytest
from django.core.cache.backends.redis import RedisCache as DjangoRedisCache

from portal.cache import RedisCache

REDIS_URL = os.environ.get("REDIS_URL")
pytestmark = pytest.mark.skipif(not REDIS_URL, reason="needs the Redis of make test (REDIS_URL)")


def _cache(prefix="t"):
    cache = RedisCache(REDIS_URL, {"KEY_PREFIX": f"portal-cache-test-{prefix}-{os.getpid()}"})
    return cache


def test_it_is_djangos_redis_cache_in_everything_it_stores():
    cache = _cache("same")
    theirs = DjangoRedisCache(REDIS_URL, {"KEY_PREFIX": cache.key_prefix})
    cache.set("a", {"n": 1, "t": ("x", 2)}, 30)
    assert theirs.get("a") == {"n": 1, "t": ("x", 2)}
    theirs.set("b", [1, 2], 30)
    assert cache.get_many(["a", "b", "c"]) == {"a": {"n": 1, "t": ("x", 2)}, "b": [1, 2]}
    assert cache.add("a", "other", 30) is False
    assert cache.incr(cache.add("n", 1, 30) and "n") == 2
    cache.delete_many(["a", "b", "n"])
    assert theirs.get_many(["a", "b", "n"]) == {}


def test_one_client_serves_every_call():
    cache = _cache("one")
    first = cache._cache.get_client("x")
    cache.set("x", 1, 30)
    cache.get("x")
    assert cache._cache.get_client("y", write=True) is first
    assert cache._cache.get_client(None) is first
    cache.delete("x")


def test_threads_sharing_the_client_each_get_their_own_values():
    cache = _cache("threads")
    wrong = []

    def work(n):
        for i in range(50):
            key = f"k{n}-{i}"
            cache.set(key, (n, i), 30)
            if cache.get(key) != (n, i) or cache.get_many([key])[key] != (n, i):
                wrong.append(key)
            cache.delete(key)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert wrong == []
