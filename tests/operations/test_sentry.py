"""Error reports go to Sentry only when SENTRY_DSN is set, without personal data: the scrubber takes
emails, names, cookies, request bodies and query strings out of every event."""

import json
import logging
import os
import subprocess
import sys

from operations.sentry import scrub_breadcrumb, scrub_event

ADDRESS = "jane.doe@example.test"


def sample_event():
    """An event as sentry-sdk's Django integration builds one, with everything it could carry."""
    return {
        "level": "error",
        "request": {
            "url": "https://stepping-stones.test/portal/refer/12/?search=Jane+Doe#answers",
            "method": "POST",
            "query_string": "search=Jane+Doe",
            "cookies": {"sessionid": "s3cr3t", "csrftoken": "t0k3n"},
            "data": {"legal_first_name": "Jane", "legal_last_name": "Doe"},
            "headers": {
                "Cookie": "sessionid=s3cr3t",
                "Referer": "https://stepping-stones.test/portal/?q=Doe",
                "User-Agent": "Firefox",
                "X-Request-Id": "abc123abc123",
            },
            "env": {"REMOTE_ADDR": "192.0.2.1"},
        },
        "user": {"id": 42, "email": ADDRESS, "username": ADDRESS, "ip_address": "192.0.2.1"},
        "logentry": {
            "message": "Could not email %s",
            "params": [ADDRESS],
            "formatted": f"Could not email {ADDRESS}",
        },
        "exception": {
            "values": [
                {
                    "type": "IntegrityError",
                    "value": (
                        f"duplicate key value\nDETAIL:  Key (email)=({ADDRESS}) already exists.\n"
                        "Failing row contains (7, Jane, Doe)."
                    ),
                    "stacktrace": {
                        "frames": [
                            {
                                "function": "save",
                                "filename": "portal/placements/models.py",
                                "vars": {"name": "'Jane Doe'"},
                            }
                        ]
                    },
                }
            ]
        },
        "breadcrumbs": {
            "values": [
                {
                    "category": "common.email",
                    "message": f"Sending to {ADDRESS} failed",
                    "data": {"to": ADDRESS},
                },
                {"category": "query", "message": "SELECT 1", "data": {"params": ["Jane"]}},
            ]
        },
        "extra": {"child_name": "Jane Doe", "pupil": {"legal_last_name": "Doe", "year_group": 4}},
        "contexts": {"runtime": {"name": "CPython", "version": "3.12"}},
    }


def test_the_scrubber_leaves_nothing_that_names_someone():
    event = scrub_event(sample_event())

    sent = json.dumps(event)
    for personal in ["Jane", "Doe", "jane.doe", "s3cr3t", "t0k3n", "192.0.2.1", "search="]:
        assert personal not in sent, personal
    assert event["request"] == {
        "method": "POST",
        "url": "https://stepping-stones.test/portal/refer/12/",
        "headers": {"User-Agent": "Firefox", "X-Request-Id": "abc123abc123"},
    }
    assert event["user"] == {"id": 42}
    assert event["logentry"]["formatted"] == "Could not email %s"
    assert event["exception"]["values"][0]["type"] == "IntegrityError"
    assert (
        event["exception"]["values"][0]["stacktrace"]["frames"][0]["filename"]
        == "portal/placements/models.py"
    )
    assert event["extra"]["pupil"]["year_group"] == 4
    assert event["contexts"]["runtime"]["name"] == "CPython"


def test_a_log_breadcrumb_keeps_the_message_as_written_without_its_arguments():
    record = logging.LogRecord(
        "common.email", logging.WARNING, __file__, 1, "Sending to %s failed", (ADDRESS,), None
    )

    breadcrumb = scrub_breadcrumb(
        {"message": record.getMessage(), "data": {"to": ADDRESS}}, {"log_record": record}
    )

    assert breadcrumb == {"message": "Sending to %s failed"}


def production_settings_say(dsn):
    """Whether the production settings started Sentry (in a new interpreter: sentry-sdk's state is global)."""
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DJANGO_SECRET_KEY": "x" * 50,
        "WAGTAILADMIN_BASE_URL": "https://stepping-stones.test",
        "REDIS_URL": "redis://127.0.0.1:6379/12",
        "STRIPE_SECRET_KEY": "sk_test",
        "STRIPE_PUBLISHABLE_KEY": "pk_test",
        "STRIPE_WEBHOOK_SECRET": "whsec_test",
        "SENTRY_DSN": dsn,
    }
    script = "import django, sentry_sdk; django.setup(); print(sentry_sdk.is_initialized())"
    result = subprocess.run(  # noqa: S603 (this interpreter, a fixed script)
        [sys.executable, "-c", script], env=environment, capture_output=True, text=True, check=True
    )
    return result.stdout.strip()


def test_sentry_starts_only_with_a_dsn():
    assert production_settings_say("") == "False"
    assert production_settings_say("https://public@sentry.example.test/1") == "True"
