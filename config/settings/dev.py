"""Settings for running on a laptop with `make run`."""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "dev-only-insecure-key-never-use-in-production")

from .base import *  # noqa: F403

DEBUG = True
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
# A laptop may have no Redis: a local-memory cache keeps `make run` self-contained.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
# The demo staff login must reach the admin after `make run` without an authenticator app.
# Production and the test suite keep the rule on (base.py).
PORTAL_REQUIRE_TWO_FACTOR_FOR_PLACEMENT_DATA = False
# As in the tests: a compiled read whose SQL differs from Django's fails at once (common/compiled_reads.py).
COMPILED_READS_CHECKED = True

# Card payments go to localstripe, which `make run` starts on port 8420 and points its webhook here.
LOCALSTRIPE = "http://127.0.0.1:8420"
STRIPE_API_BASE = LOCALSTRIPE
STRIPE_JS_URL = f"{LOCALSTRIPE}/js.stripe.com/v3/"
STRIPE_SECRET_KEY = "sk_test_localstripe"
STRIPE_PUBLISHABLE_KEY = "pk_test_localstripe"
STRIPE_WEBHOOK_SECRET = "whsec_localstripe"
