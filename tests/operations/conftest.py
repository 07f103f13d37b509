import json
import logging
from http.cookies import SimpleCookie

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import RequestFactory
from django_tasks_db.management.commands.db_worker import Worker

from common.page_cache import StoredPublicPages
from operations.logs import JsonFormatter, RequestLogging

# Django's CSRF check accepts the cookie's secret itself as the form's token.
CSRF_SECRET = "wsgi0test0csrf0secret0abcdefghij"


class WsgiResponse:
    def __init__(self, status, headers, body):
        self.status_code = status
        self.headers = dict(headers)
        self.content = body
        self.text = body.decode()


class WsgiClient:
    """Requests through the whole WSGI application as gunicorn calls it (config/wsgi.py's stack), which
    the test client skips: the request log and the stored public pages are in it. Signed in as the test
    client `client` is (its cookies), with a CSRF token for posts."""

    def __init__(self, client):
        self.client = client
        self.application = RequestLogging(StoredPublicPages(WSGIHandler()))

    def get(self, path, **headers):
        return self.request(RequestFactory().get(path), headers)

    def post(self, path, data=None, **headers):
        return self.request(
            RequestFactory().post(path, {**(data or {}), "csrfmiddlewaretoken": CSRF_SECRET}), headers
        )

    def request(self, request, headers):
        environ = dict(request.environ)
        cookies = SimpleCookie()
        cookies.load({name: morsel.value for name, morsel in self.client.cookies.items()})
        cookies["csrftoken"] = CSRF_SECRET
        environ["HTTP_COOKIE"] = "; ".join(f"{name}={morsel.value}" for name, morsel in cookies.items())
        environ.update({f"HTTP_{name.upper().replace('-', '_')}": value for name, value in headers.items()})
        answer = {}

        def start_response(status, response_headers, exc_info=None):
            answer["status"] = int(status.split(" ", 1)[0])
            answer["headers"] = response_headers

        # As the test client does: a request must not close the connection holding the test's transaction.
        for signal in (request_started, request_finished):
            signal.disconnect(close_old_connections)
        try:
            iterable = self.application(environ, start_response)
            body = b"".join(iterable)
            if hasattr(iterable, "close"):
                iterable.close()
        finally:
            for signal in (request_started, request_finished):
                signal.connect(close_old_connections)
        return WsgiResponse(answer["status"], answer["headers"], body)


def batch_worker(worker_id):
    """django-tasks-db's worker, as `db_worker --batch` makes it."""
    return Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id=worker_id,
        excluded_queue_names=[],
    )


@pytest.fixture
def database_queue(db, settings):
    """Tasks go to django-tasks-db's queue, as in production, instead of running at once."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


@pytest.fixture
def wsgi(client):
    return WsgiClient(client)


@pytest.fixture
def log_lines(caplog):
    """`log_lines()`: every record logged so far in the test, as the production formatter writes it, each
    parsed back from its JSON. Records are captured from DEBUG up, below what production logs."""
    caplog.set_level(logging.DEBUG)
    formatter = JsonFormatter()

    def lines():
        return [json.loads(formatter.format(record)) for record in caplog.records]

    return lines
