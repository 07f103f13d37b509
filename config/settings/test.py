"""Settings for the test suite."""

import os
import tempfile
from pathlib import Path

os.environ.setdefault("DJANGO_SECRET_KEY", "test-only-insecure-key")

from .base import *  # noqa: F403

ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Each request reads the version token: tests clear the cache and expect the next request to see it.
# (tests/common/test_page_cache_processes.py checks the copies each process keeps between reads.)
PAGE_CACHE_VERSION_CHECK_SECONDS = 0
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    # Never the project's folder; tests that upload point it at their own temporary directory.
    "private": {
        "BACKEND": "common.storage.PrivateFileSystemStorage",
        "OPTIONS": {"location": Path(tempfile.gettempdir()) / "stepping-stones-test-private-media"},
    },
}
# Static files are served from the apps' folders (whitenoise's finders, the live server's handler), never
# from STATIC_ROOT, which the stack test fills: whitenoise would otherwise read its thousand files for every
# test client it starts.
STATIC_ROOT = None
# Images and their renditions that tests make go to a temporary folder, never the project's.
MEDIA_ROOT = Path(tempfile.gettempdir()) / "stepping-stones-test-media"
WAGTAILADMIN_BASE_URL = "http://testserver"
PORTAL_REQUIRE_TWO_FACTOR_FOR_PLACEMENT_DATA = True
COMPILED_READS_CHECKED = True
# Tasks (emails) run at once, in the test's own thread.
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":  # noqa: F405
    # No connection is kept between requests: the threads a test starts (the live server's, a race's)
    # then leave none open behind them, and PostgreSQL can drop each test database at the end.
    DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405
    # A commit returns before PostgreSQL has flushed it to disk (a fifth of the time per commit here): the
    # tests' databases need not outlive a crash of the server, and browser journeys commit hundreds of times.
    DATABASES["default"]["OPTIONS"]["options"] = "-c synchronous_commit=off"  # noqa: F405
