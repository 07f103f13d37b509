"""Error reports to Sentry when `SENTRY_DSN` is set (production settings call `init`); without it the
SDK is never initialised and nothing is sent.

`send_default_pii` stays off (no user's email, name or IP address, no cookies), local variables are not
captured, request bodies never read, and `scrub_event` removes from every event what could still name
someone: request bodies, cookies, query strings (from the URL, the headers and the query field), every
header but a few harmless ones, the user but their id, a log message's arguments (the message's own
text is the code's), and values under keys that hold names; in what remains, email addresses and the
values a database error quotes are masked (operations/redaction.py).
"""

import sentry_sdk
from sentry_sdk.integrations.django import DjangoIntegration
from sentry_sdk.integrations.logging import ignore_logger

from operations.redaction import MASK, redact

KEPT_HEADERS = {"accept", "content-length", "content-type", "host", "user-agent", "x-request-id"}
# Keys whose values name a person: the user model's and the placement request's fields, and Django's.
PERSONAL_KEYS = ("name", "email", "username")


def init(*, dsn, environment):
    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        integrations=[DjangoIntegration()],
        send_default_pii=False,
        include_local_variables=False,
        max_request_body_size="never",
        before_send=scrub_event,
        before_breadcrumb=scrub_breadcrumb,
    )
    # Their failures are reported by Django and django.tasks, with the exception; one event is enough.
    ignore_logger("operations.requests")
    ignore_logger("operations.tasks")


def scrub_event(event, hint=None):
    request = event.get("request")
    if request:
        event["request"] = {
            "method": request.get("method"),
            "url": (request.get("url") or "").split("?", 1)[0].split("#", 1)[0],
            "headers": {
                name: value
                for name, value in (request.get("headers") or {}).items()
                if name.lower() in KEPT_HEADERS
            },
        }
    if "user" in event:
        event["user"] = {"id": event["user"]["id"]} if event["user"].get("id") is not None else {}
    logentry = event.get("logentry")
    if logentry:
        event["logentry"] = {"message": logentry.get("message"), "formatted": logentry.get("message")}
    for exception in (event.get("exception") or {}).get("values", []):
        for frame in (exception.get("stacktrace") or {}).get("frames", []):
            frame.pop("vars", None)
    if "extra" in event:
        event["extra"] = _without_personal_keys(event["extra"])
    for breadcrumb in (event.get("breadcrumbs") or {}).get("values", []):
        breadcrumb.pop("data", None)
    return _redacted(event)


def scrub_breadcrumb(breadcrumb, hint=None):
    """A log record's breadcrumb keeps the message as the code wrote it, without its arguments."""
    record = (hint or {}).get("log_record")
    if record is not None and isinstance(record.msg, str):
        breadcrumb["message"] = record.msg
    breadcrumb.pop("data", None)
    return _redacted(breadcrumb)


def _is_personal(key):
    return isinstance(key, str) and key.lower().endswith(PERSONAL_KEYS)


def _without_personal_keys(value):
    if isinstance(value, dict):
        return {
            key: MASK if _is_personal(key) else _without_personal_keys(item) for key, item in value.items()
        }
    if isinstance(value, list | tuple):
        return [_without_personal_keys(item) for item in value]
    return value


def _redacted(value):
    if isinstance(value, str):
        return redact(value)
    if isinstance(value, dict):
        return {key: _redacted(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_redacted(item) for item in value]
    return value
