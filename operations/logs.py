"""One log line per request and one per task run, each carrying a request id; never personal data.

- `RequestLogging` wraps the WSGI application (config/wsgi.py), outside the stored public pages, so every
  request is logged, a page served from the cache included. It takes the request id from an incoming
  `X-Request-ID` header when that is a sane token (nginx sets one), otherwise makes one, sends it back in
  the response's `X-Request-ID` and logs: method, path, status, duration and the signed-in user's id.
- `RequestLogMiddleware`, inside Django, tells it the user's id and the path to log: with the secrets some
  addresses carry (password reset and email confirmation keys, invitation tokens) replaced by their name.
  The query string is never logged: searches and `next` addresses are typed by people.
- A task queued while a request runs carries the request's id (kept beside its arguments in the
  queue's row, `REQUEST_ID_KEY`); the worker sets it again while the task runs, so the task's line, and
  any task it queues in turn, say which request started it. `run_due_jobs` gives each job run an id too.
- `JsonFormatter` (production) writes each record as one JSON object. Email addresses and the values a
  database error quotes are masked in every message (operations/redaction.py), and an exception is
  logged as its type and stack without its message, which may quote a row's values (a name).

Log messages name records by id, never by a person's name or address.
"""

import contextlib
import datetime
import json
import logging
import re
import time
import traceback
import uuid
from contextvars import ContextVar

from django.core.handlers.wsgi import get_path_info
from django.db.models.signals import pre_save
from django.tasks.signals import task_finished, task_started
from django.utils.functional import empty

from operations.redaction import redact

REQUEST_ID_HEADER = "X-Request-ID"
REQUEST_ID_KEY = "request_id"
# What nginx's $request_id (32 hex digits) or a UUID looks like; anything else is replaced, so a visitor
# cannot write into the logs through the header.
SANE_REQUEST_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{7,127}")
# URL arguments that are secrets (allauth's keys, invitation tokens) or may name a child (the name staff
# gave a document): logged by their name, not their value.
HIDDEN_URL_ARGUMENTS = ("key", "token", "uidb36", "document_filename")
# Where the Django middleware leaves what the WSGI wrapper logs, in the request's environ.
USER_ID_VARIABLE = "operations.user_id"
PATH_VARIABLE = "operations.path"

request_logger = logging.getLogger("operations.requests")
task_logger = logging.getLogger("operations.tasks")

request_id = ContextVar("request_id", default=None)


def new_request_id():
    return uuid.uuid4().hex


def request_id_from(header):
    return header if header and SANE_REQUEST_ID.fullmatch(header) else new_request_id()


@contextlib.contextmanager
def request_id_set(value):
    token = request_id.set(value)
    try:
        yield value
    finally:
        request_id.reset(token)


def milliseconds(seconds):
    return round(seconds * 1000, 1)


class RequestLogging:
    """Wrap a WSGI application: give each request its id and log one line when it has been answered
    (the duration is the time to the response's first byte: a long download is not counted)."""

    def __init__(self, application):
        self.application = application

    def __call__(self, environ, start_response):
        value = request_id_from(environ.get("HTTP_X_REQUEST_ID"))
        environ["HTTP_X_REQUEST_ID"] = value  # what Django's request.headers sees
        started = time.perf_counter()
        status = None

        def start_with_id(status_line, headers, exc_info=None):
            nonlocal status
            status = int(status_line.split(" ", 1)[0])
            return start_response(status_line, [*headers, (REQUEST_ID_HEADER, value)], exc_info)

        with request_id_set(value):
            try:
                return self.application(environ, start_with_id)
            finally:
                log_request(environ, status=status or 500, seconds=time.perf_counter() - started)


def log_request(environ, *, status, seconds):
    method = environ.get("REQUEST_METHOD", "")
    path = redact(environ.get(PATH_VARIABLE) or get_path_info(environ))
    duration_ms = milliseconds(seconds)
    level = logging.ERROR if status >= 500 else logging.INFO
    request_logger.log(
        level,
        "%s %s %s %sms",
        method,
        path,
        status,
        duration_ms,
        extra={
            "method": method,
            "path": path,
            "status": status,
            "duration_ms": duration_ms,
            "user_id": environ.get(USER_ID_VARIABLE),
        },
    )


class RequestLogMiddleware:
    """Tell the request's log line who was signed in and which path to show. Place it after
    AuthenticationMiddleware. The user is logged only if the request's handling looked them up: looking
    them up here would cost a page that never asked its queries and, with the database down, raise the
    error that has just made the 500 page a second time (its traceback logged twice)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        # AuthenticationMiddleware's lazy user: `_wrapped` stays `empty` until it is first read (and after
        # a read that failed).
        looked_up = getattr(user, "_wrapped", None) is not empty
        if user is not None and looked_up and user.is_authenticated:
            request.META[USER_ID_VARIABLE] = user.pk
        request.META[PATH_VARIABLE] = loggable_path(request)
        return response


def loggable_path(request):
    path = request.path
    match = request.resolver_match
    if match is not None:
        for name in HIDDEN_URL_ARGUMENTS:
            if match.kwargs.get(name):
                path = path.replace(str(match.kwargs[name]), f"<{name}>")
    return path


# Tasks ------------------------------------------------------------------------------------------------

_running_tasks = {}  # task id -> the token that puts back the request id the task replaced


def stamp_task_with_request_id(sender, instance, **kwargs):
    """Keep the current request id beside a task's arguments as it is queued (the worker ignores the
    extra key: it reads only "args" and "kwargs")."""
    current = request_id.get()
    if current and instance._state.adding and REQUEST_ID_KEY not in instance.args_kwargs:
        instance.args_kwargs = {**instance.args_kwargs, REQUEST_ID_KEY: current}


def task_run_started(sender, task_result, **kwargs):
    db_result = getattr(task_result, "db_result", None)  # set by django-tasks-db; tests run tasks at once
    queued_by = db_result.args_kwargs.get(REQUEST_ID_KEY) if db_result is not None else None
    _running_tasks[task_result.id] = request_id.set(queued_by or request_id.get() or new_request_id())


def task_run_finished(sender, task_result, **kwargs):
    outcome = task_result.status.value.lower()
    duration_ms = None
    if task_result.started_at and task_result.finished_at:
        duration_ms = milliseconds((task_result.finished_at - task_result.started_at).total_seconds())
    failed = task_result.errors and outcome == "failed"
    error = task_result.errors[-1].exception_class_path if failed else None
    task_logger.log(
        logging.ERROR if failed else logging.INFO,
        "Task %s %s %s in %sms",
        task_result.task.name,
        task_result.id,
        outcome,
        duration_ms,
        extra={
            "task": task_result.task.module_path,
            "task_id": str(task_result.id),
            "outcome": outcome,
            "duration_ms": duration_ms,
            "error": error,
        },
    )
    token = _running_tasks.pop(task_result.id, None)
    if token is not None:
        request_id.reset(token)


def stamp_records_with_request_id():
    """Give every log record the request id current where it is made, whenever it is written out."""
    make_record = logging.getLogRecordFactory()

    def record_with_request_id(*args, **kwargs):
        record = make_record(*args, **kwargs)
        record.request_id = request_id.get()
        return record

    logging.setLogRecordFactory(record_with_request_id)


def connect_task_logging():
    from django_tasks_db.models import DBTaskResult

    pre_save.connect(
        stamp_task_with_request_id, sender=DBTaskResult, dispatch_uid="operations-task-request-id"
    )
    task_started.connect(task_run_started, dispatch_uid="operations-task-started")
    task_finished.connect(task_run_finished, dispatch_uid="operations-task-finished")


# Formatting -------------------------------------------------------------------------------------------

# What a line may carry beyond its time, level, logger, request id and message: ids, counts and codes.
LINE_FIELDS = (
    "method",
    "path",
    "status",
    "duration_ms",
    "user_id",
    "task",
    "task_id",
    "job",
    "outcome",
    "error",
)


class JsonFormatter(logging.Formatter):
    """One JSON object a line, for the production logs."""

    def format(self, record):
        line = {
            "time": datetime.datetime.fromtimestamp(record.created, datetime.UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "request_id": getattr(record, "request_id", None),
            "message": redact(record.getMessage()),
        }
        for field in LINE_FIELDS:
            value = getattr(record, field, None)
            if value is not None:
                line[field] = value
        if record.exc_info and record.exc_info[1] is not None:
            line["exception"] = exception_without_message(record.exc_info[1])
        return json.dumps(line, default=str)


def exception_without_message(error):
    """The exception's type and where it was raised, then the same for what it was raised from, without
    the messages (a database error quotes the row's values)."""
    parts, seen = [], set()
    while error is not None and id(error) not in seen:
        seen.add(id(error))
        kind = type(error)
        frames = "".join(traceback.TracebackException.from_exception(error).stack.format())
        parts.append(f"{kind.__module__}.{kind.__qualname__}\n{frames}")
        error = error.__cause__ or error.__context__
    return "\nraised from:\n".join(parts)


class WarningsOnly(logging.Filter):
    """For a logger whose level a command resets (the task worker sets django.tasks to INFO): its
    per-task lines repeat the project's own."""

    def filter(self, record):
        return record.levelno >= logging.WARNING
