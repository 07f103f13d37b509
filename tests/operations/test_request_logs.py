"""In production each request is one JSON log line: time, level, request id, method, path without its
query string (nor the secrets some paths carry), status, duration and the signed-in user's id. The
request id comes from a sane X-Request-ID header, or is made, and is sent back."""

import json
import logging
import sys
from unittest.mock import patch

import pytest
from django.db import OperationalError
from wagtail.models import Site

from home.models import ContactSettings
from operations.logs import JsonFormatter, RequestLogging
from portal.users.factories import VerifiedUserFactory


def request_lines(log_lines):
    return [line for line in log_lines() if line["logger"] == "operations.requests"]


def test_a_request_is_one_line_with_its_id_and_without_its_query_string(wsgi, log_lines, home_page):
    response = wsgi.get(
        "/search/?query=jane.doe%40example.test", X_Request_ID="b2c1d0e9f8a7b6c5d4e3f2a1b0c9d8e7"
    )

    [line] = request_lines(log_lines)
    assert response.status_code == 200
    assert response.headers["X-Request-ID"] == "b2c1d0e9f8a7b6c5d4e3f2a1b0c9d8e7"
    assert line["request_id"] == "b2c1d0e9f8a7b6c5d4e3f2a1b0c9d8e7"
    assert line["method"] == "GET"
    assert line["path"] == "/search/"
    assert line["status"] == 200
    assert line["duration_ms"] > 0
    assert line["level"] == "INFO"
    assert line["time"].endswith("+00:00")
    assert "user_id" not in line
    assert "jane" not in json.dumps(log_lines())


@pytest.mark.parametrize("sent", [None, "short", "has spaces in it", "x" * 200, "line\nbreak-0123456789"])
def test_a_missing_or_strange_request_id_is_replaced(wsgi, log_lines, home_page, sent):
    response = wsgi.get("/", **({"X_Request_ID": sent} if sent is not None else {}))

    made = response.headers["X-Request-ID"]
    assert made != sent
    assert len(made) == 32
    assert request_lines(log_lines)[0]["request_id"] == made


def test_the_signed_in_user_s_id_and_never_their_address(client, wsgi, log_lines, home_page):
    user = VerifiedUserFactory(email="senco@oakfield.test")
    client.force_login(user)

    wsgi.get("/portal/")

    [line] = request_lines(log_lines)
    assert line["user_id"] == user.pk
    assert "senco" not in json.dumps(log_lines())


def test_with_the_database_down_the_error_is_raised_and_logged_once(wsgi, log_lines, home_page):
    """The portal looks the user up and fails; the request's log line does not look them up again."""
    with patch(
        "django.contrib.auth.get_user", side_effect=OperationalError("the database is down")
    ) as lookup:
        response = wsgi.get("/portal/")

    assert response.status_code == 503
    assert lookup.call_count == 1
    [error] = [line for line in log_lines() if "exception" in line]
    assert error["exception"].startswith("django.db.utils.OperationalError\n")
    [line] = request_lines(log_lines)
    assert (line["status"], "user_id" in line) == (503, False)


def test_a_page_that_never_asks_who_is_signed_in_does_not_look_them_up(client, wsgi, log_lines, home_page):
    client.force_login(VerifiedUserFactory())

    with patch("django.contrib.auth.get_user") as lookup:
        wsgi.get("/robots.txt")

    lookup.assert_not_called()
    [line] = request_lines(log_lines)
    assert (line["status"], "user_id" in line) == (200, False)


def test_a_page_served_from_the_cache_is_logged_too(wsgi, log_lines, local_offer):
    ContactSettings.for_site(Site.objects.get())  # made on the first visit otherwise, which purges the cache
    first = wsgi.get("/parents/")
    second = wsgi.get("/parents/")

    assert (first.headers["X-Page-Cache"], second.headers["X-Page-Cache"]) == ("miss", "hit")
    assert [line["status"] for line in request_lines(log_lines)] == [200, 200]


def test_secrets_in_a_path_are_logged_by_name(wsgi, log_lines, db):
    wsgi.get("/accounts/confirm-email/MQ:1vXyZ:abcdefghijklmnop/")
    wsgi.get("/accounts/password/reset/key/1-set-password/")
    wsgi.get("/portal/invitations/8c6976e5b5410415bde908bd4dee15df/")

    paths = [line["path"] for line in request_lines(log_lines)]
    assert paths == [
        "/accounts/confirm-email/<key>/",
        "/accounts/password/reset/key/<uidb36>-<key>/",
        "/portal/invitations/<token>/",
    ]


def test_an_application_that_fails_is_logged_as_a_500(log_lines):
    def broken(environ, start_response):
        raise RuntimeError("broken")

    with pytest.raises(RuntimeError):
        RequestLogging(broken)({"REQUEST_METHOD": "GET", "PATH_INFO": "/x/"}, None)

    [line] = request_lines(log_lines)
    assert (line["status"], line["level"]) == (500, "ERROR")


NAME, ADDRESS = "Jane Doe", "jane@example.test"


def fail_with(name, address):
    try:
        raise KeyError(name)
    except KeyError as error:
        raise ValueError(f"Key (email)=({address}) already exists") from error


def test_an_exception_is_logged_without_its_message_and_addresses_are_masked():
    try:
        fail_with(NAME, ADDRESS)
    except ValueError:
        record = logging.LogRecord("x", logging.ERROR, __file__, 1, "Mail to %s failed", (ADDRESS,), None)
        record.exc_info = sys.exc_info()

    line = json.loads(JsonFormatter().format(record))

    assert line["message"] == "Mail to [Filtered] failed"
    assert line["exception"].startswith("builtins.ValueError\n")
    assert "raise KeyError(name)" in line["exception"]
    assert "\nraised from:\nbuiltins.KeyError\n" in line["exception"]
    assert "Jane" not in line["exception"]
    assert "example.test" not in line["exception"]
