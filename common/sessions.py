"""Sessions read from the shared cache (Redis), written to the database as well: Django's `cached_db`.

Every signed-in request reads its session before anything else; from Redis that costs a fraction of a
database query, and a session missing from the cache (evicted, or written while Redis was away) is read
from the database and put back. While Redis cannot be reached the site carries on from the database alone,
as the page cache does (common/page_cache.py), except that ending a session fails loudly, as Django's own
does: a session left in the cache would outlive its end once Redis was back. Signing out ends one, and so
does signing in (the visitor's session before it is replaced), which needs Redis anyway for allauth's
rate limits.
"""

import logging

from django.contrib.sessions.backends import cached_db
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore

from common.page_cache import CACHE_UNREACHABLE

logger = logging.getLogger(__name__)


class SessionStore(cached_db.SessionStore):
    def load(self):
        try:
            return super().load()
        except CACHE_UNREACHABLE:
            # Read from the database, then not stored back in the cache, which could not be reached.
            logger.warning("The cache cannot be reached: the session is read from the database.")
            return DatabaseSessionStore.load(self)

    def exists(self, session_key):
        try:
            return super().exists(session_key)
        except CACHE_UNREACHABLE:
            return DatabaseSessionStore.exists(self, session_key)
