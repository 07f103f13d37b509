"""An unreachable database or Redis is a 503 page saying the service is unavailable and nothing was saved,
with Retry-After; any other error stays the 500 page (tests/home/test_views.py). The stack test cuts real
PostgreSQL and Redis connections: tests/deploy/test_stack.py."""

import pytest
from django.db import InterfaceError, OperationalError, ProgrammingError
from django.test import override_settings
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from home.models import HomePage


@pytest.fixture
def failing_home_page(client, home_page, monkeypatch):
    """`failing_home_page(error)`: the home page raises `error`; the answer to asking for it."""
    client.raise_request_exception = False

    def ask(error):
        def broken_serve(*args, **kwargs):
            raise error

        monkeypatch.setattr(HomePage, "serve", broken_serve)
        return client.get("/")

    return ask


@override_settings(DEBUG=False)
@pytest.mark.parametrize(
    "error",
    [
        OperationalError("connection refused"),
        InterfaceError("connection already closed"),
        RedisConnectionError("Error 111 connecting to 127.0.0.1:6379. Connection refused."),
        RedisTimeoutError("Timeout reading from socket"),
    ],
)
def test_a_database_or_cache_out_of_reach_is_503_with_when_to_try_again(failing_home_page, error):
    response = failing_home_page(error)

    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    page = response.content.decode()
    assert "Sorry, the service is unavailable" in page
    assert "Nothing you sent has been saved" in page
    assert "onnect" not in page


@override_settings(DEBUG=False)
def test_a_fault_of_the_code_is_still_500(failing_home_page):
    response = failing_home_page(ProgrammingError("relation does not exist"))

    assert response.status_code == 500
    assert "Sorry, there is a problem with the service" in response.content.decode()
