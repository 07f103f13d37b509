"""The page for an uncaught error (config/urls.py's handler500): 503 when the database or the cache cannot be
reached.

An unreachable database or Redis (stopped, restarting, its network cut) is an outage, not a fault of the
page: the visitor is told the service is unavailable and to try again, with `Retry-After`, and a load
balancer or monitor sees 503, as /health/ answers then. Nothing was saved: a request's writes are each in
a transaction, which the database never committed. Any other error is the usual 500 page.

The stored public pages (common/page_cache.py) do without Redis, but Wagtail (the site's root paths) and
allauth (the sign-in limits) read it on some pages: those are this 503 while Redis is away.
"""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseServerError
from django.template.loader import render_to_string
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

# Errors raised when the database or Redis cannot be reached or the connection was lost (psycopg's as
# Django wraps them, redis-py's). An IntegrityError or a ProgrammingError is a fault of the code: a 500.
SERVICE_UNREACHABLE = (OperationalError, InterfaceError, RedisConnectionError, RedisTimeoutError)
RETRY_AFTER_SECONDS = 30


def server_error(request):
    """Called by Django inside its handling of the exception, which sys.exc_info() gives."""
    if isinstance(sys.exc_info()[1], SERVICE_UNREACHABLE):
        response = HttpResponse(render_to_string("503.html"), status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    return HttpResponseServerError(render_to_string("500.html"))
