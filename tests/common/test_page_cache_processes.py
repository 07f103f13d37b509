"""Each process serves its own copies of stored pages, and a purge (what every save that matters calls)
still reaches every process within a second."""

import multiprocessing
import time

import django
import pytest
from django.core.cache import caches
from django.test import RequestFactory, override_settings

from common import page_cache
from common.page_cache import STATUS_HEADER, StoredPublicPages

pytestmark = pytest.mark.django_db

PATH = "/robots.txt"
RENDERED = b"rendered by the application"


def application(environ, start_response):
    """What stands behind the stored pages here: anything it answers was not served from the cache."""
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [RENDERED]


@pytest.fixture
def shared_cache(settings, tmp_path):
    """A cache that separate processes share, as Redis is in production, with copies trusted for 0.5 s."""
    settings.CACHES = {
        **settings.CACHES,
        "shared": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(tmp_path),
        },
    }
    settings.PAGE_CACHE_ALIAS = "shared"
    settings.PAGE_CACHE_VERSION_CHECK_SECONDS = 0.5
    yield caches["shared"]
    page_cache.process_copies.note_version(None)  # the next test's cache has its own version


def store(client):
    """Visit PATH until it is stored: the first visit makes the site's missing settings, which purges."""
    client.get(PATH)
    response = client.get(PATH)
    assert response[STATUS_HEADER] == "miss"
    return response


def served(environ):
    """The body and the cache's header of a request through the WSGI wrapper that serves stored pages."""
    headers = {}

    def start_response(status, response_headers, exc_info=None):
        headers.update(response_headers)

    body = b"".join(StoredPublicPages(application)(dict(environ), start_response))
    return body, headers.get(STATUS_HEADER)


def another_process(cache_settings, connection):
    """A process of its own, started afresh (a fork of this multi-threaded test process could deadlock)
    with the test's settings: answer each "ask" from the test with what it serves for PATH, until "stop"."""
    django.setup()
    with override_settings(**cache_settings):
        environ = RequestFactory().get(PATH).environ
        while connection.recv() == "ask":
            connection.send(served(environ))


def test_a_process_serves_its_own_copy_without_the_shared_cache(client, shared_cache, settings):
    settings.PAGE_CACHE_VERSION_CHECK_SECONDS = 60
    stored_page = store(client)

    shared_cache.clear()  # the version token and the page: only this process's copy is left
    body, status = served(RequestFactory().get(PATH).environ)

    assert status == "hit"
    assert body == stored_page.content


def test_a_purge_in_one_process_reaches_the_others_within_a_second(client, shared_cache, settings):
    store(client)
    cache_settings = {
        name: getattr(settings, name)
        for name in ("CACHES", "PAGE_CACHE_ALIAS", "PAGE_CACHE_VERSION_CHECK_SECONDS")
    }
    context = multiprocessing.get_context("spawn")
    connections, processes = [], []
    for _ in range(2):
        ours, theirs = context.Pipe()
        process = context.Process(target=another_process, args=(cache_settings, theirs))
        process.start()
        connections.append(ours)
        processes.append(process)
    try:
        for connection in connections:
            connection.send("ask")
            assert connection.recv()[1] == "hit"  # each now holds a copy of the page

        page_cache.purge()
        time.sleep(1)

        for connection in connections:
            connection.send("ask")
            assert connection.recv() == (RENDERED, None)
    finally:
        for connection, process in zip(connections, processes, strict=True):
            connection.send("stop")
            process.join(timeout=10)
