"""The page for an uncaught error (config/urls.py's handler500): 503 when the database cannot be reached.

An unreachable database (stopped, restarting, its network cut) is an outage, not a fault of the page: the
visitor is told the service is unavailable and to try again, with `Retry-After`, and a load balancer or
monitor sees 503, as /health/ answers then. Nothing was saved: a request's writes are each in a
transaction, which the database never committed. Any other error is the usual 500 page.
"""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseServerError
from django.template.loader import render_to_string

# Errors raised when the database cannot be reached or the connection to it was lost (psycopg's, as
# Django wraps them). An IntegrityError or a ProgrammingError is a fault of the code: a 500.
DATABASE_UNREACHABLE = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 30


def server_error(request):
    """Called by Django inside its handling of the exception, which sys.exc_info() gives."""
    if isinstance(sys.exc_info()[1], DATABASE_UNREACHABLE):
        response = HttpResponse(render_to_string("503.html"), status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    return HttpResponseServerError(render_to_string("500.html"))
