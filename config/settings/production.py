"""Settings for the live site. Everything secret or site-specific comes from the environment."""

from .base import *  # noqa: F403
from .base import env

# Links in emails and the admin must carry the site's real address, and sign-in rate limits must be
# shared by every worker process: refuse to start rather than fall back to localhost.
WAGTAILADMIN_BASE_URL = env("WAGTAILADMIN_BASE_URL", required=True)
CACHES = {"default": {**CACHES["default"], "LOCATION": env("REDIS_URL", required=True)}}  # noqa: F405

SECURE_SSL_REDIRECT = env("DJANGO_SECURE_SSL_REDIRECT", "true").lower() == "true"
# The one header of the proxy's that Django trusts: nginx sets X-Forwarded-Proto to its own scheme,
# replacing whatever a visitor sent (base.py says why Host's X-Forwarded- variants are not read).
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True

# The live site sits behind one TLS-terminating proxy (see the README), which adds X-Forwarded-For.
ALLAUTH_TRUSTED_PROXY_COUNT = int(env("ALLAUTH_TRUSTED_PROXY_COUNT", "1"))

# Card payments cannot work without Stripe's keys.
STRIPE_SECRET_KEY = env("STRIPE_SECRET_KEY", required=True)
STRIPE_PUBLISHABLE_KEY = env("STRIPE_PUBLISHABLE_KEY", required=True)
STRIPE_WEBHOOK_SECRET = env("STRIPE_WEBHOOK_SECRET", required=True)

# --- Operations (issue 22): logs as JSON lines, errors to Sentry -------------------------------------
# One JSON object a line (operations/logs.py): a request's, a task run's, a job run's, and any warning.
LOGGING = {
    **LOGGING,  # noqa: F405
    "formatters": {"json": {"()": "operations.logs.JsonFormatter"}},
    "filters": {"warnings_only": {"()": "operations.logs.WarningsOnly"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "json"}},
    "loggers": {
        **LOGGING["loggers"],  # noqa: F405
        # The task worker sets this logger to INFO; its lines per task repeat operations.tasks'.
        "django.tasks": {"level": "WARNING", "filters": ["warnings_only"]},
    },
}
# Error reports go to Sentry only when a DSN is set; without one the SDK is never started.
SENTRY_DSN = env("SENTRY_DSN", "")
if SENTRY_DSN:
    from operations import sentry

    sentry.init(dsn=SENTRY_DSN, environment=env("SENTRY_ENVIRONMENT", "production"))
