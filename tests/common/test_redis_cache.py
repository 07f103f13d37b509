"""The Redis cache backend keeps one redis-py client per connection pool (common/cache.py)."""

import os
import uuid

import pytest

from common.cache import PoolClientRedisCache

# CI points this at its Redis (.ci/run); elsewhere the round trip is skipped.
TEST_REDIS_URL = os.environ.get("TEST_REDIS_URL")


def test_every_cache_call_shares_one_client():
    cache = PoolClientRedisCache("redis://127.0.0.1:6379/13", {})

    clients = [cache._cache.get_client(write=write) for write in (True, False, True, False)]

    assert all(client is clients[0] for client in clients)


@pytest.mark.skipif(not TEST_REDIS_URL, reason="TEST_REDIS_URL names no Redis to talk to")
def test_values_go_to_redis_and_come_back():
    cache = PoolClientRedisCache(TEST_REDIS_URL, {"KEY_PREFIX": f"test-{uuid.uuid4().hex}"})
    page = {"status": 200, "content": b"<!doctype html>"}

    cache.set_many({"page": page, "version": "v1"}, 60)
    found = cache.get_many(["page", "version", "missing"])
    cache.delete_many(["page", "version"])

    assert found == {"page": page, "version": "v1"}
    assert cache.get("page") is None
