"""`/health/`: what the proxy or load balancer asks each app server before sending it visitors.

It checks the database, that every migration is applied, the cache (Redis in production), the storages
(a small file written, read back and deleted in the default and the private storage) and the task queue
(the oldest task waiting for a worker, against `HEALTH_TASK_WAIT_LIMIT_SECONDS`). All pass: 200. Any fails:
503, naming each failing part. JSON by default, plain text for `Accept: text/plain` or `?format=text`.
The body says only "ok" or "failing" and, for a failure the check measured itself, the figure (how many
migrations, how long a task has waited); never an exception's text, which the log has (without its
message, see operations/logs.py). Sent `Cache-Control: no-store`, never kept by the page cache.

The middleware answers it first in MIDDLEWARE, before anything else may fail or refuse for another
reason: the HTTPS redirect (a load balancer asks over plain HTTP), the allowed hosts (it asks by the
server's address) and the site lookup (which needs the database this is checking).

django-health-check (4.8, which supports Django 6.1) was considered: it answers 500 rather than 503,
puts part of the database driver's error in the body, has no migrations check in its 4.x releases, and
runs the checks in threads of an async view, each with its own database connection; the two checks it
lacks would be ours anyway, so the whole is this module.
"""

import datetime
import logging
import time
import uuid

from django.conf import settings
from django.core.cache import caches
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.models import Case, DateTimeField, F, Min, When
from django.db.models.functions import Greatest
from django.http import HttpResponse, JsonResponse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers

logger = logging.getLogger(__name__)

OK = "ok"
FAILING = "failing"
NOT_CHECKED = "not checked"
PROBE_CONTENT = b"health check"


class Failing(Exception):
    """A check found the part failing; its message is a figure safe to show (no exception's text)."""


def check_database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        if cursor.fetchone() != (1,):
            raise Failing("SELECT 1 did not answer 1")


# Once every migration this code knows is applied, it stays so for the life of the process: only a
# release brings new migrations, and it starts new processes. Loading them all costs about 50 ms.
known = {"migrations_applied": False}


def check_migrations():
    if known["migrations_applied"]:
        return
    executor = MigrationExecutor(connection)
    unapplied = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if unapplied:
        raise Failing(f"{len(unapplied)} migration(s) not applied")
    known["migrations_applied"] = True


def check_cache():
    cache = caches["default"]
    key = f"health-check:{uuid.uuid4().hex}"
    cache.set(key, OK, 10)
    try:
        if cache.get(key) != OK:
            raise Failing("a value stored could not be read back")
    finally:
        cache.delete(key)


def storage_check(alias):
    def check_storage():
        storage = storages[alias]
        name = storage.save(f"health-check/{uuid.uuid4().hex}.txt", ContentFile(PROBE_CONTENT))
        try:
            with storage.open(name) as probe:
                if probe.read() != PROBE_CONTENT:
                    raise Failing("a file written could not be read back")
        finally:
            storage.delete(name)

    return check_storage


def oldest_waiting_task_seconds():
    """How long the task that has waited longest for a worker has waited (0 when none waits). A task
    deferred to later (an email's retry) waits from the time it was due."""
    from django_tasks_db.models import DBTaskResult, get_date_max

    waiting_since = Case(
        When(run_after=get_date_max(), then=F("enqueued_at")),
        default=Greatest("run_after", "enqueued_at"),
        output_field=DateTimeField(),
    )
    oldest = DBTaskResult.objects.ready().aggregate(since=Min(waiting_since))["since"]
    return max(0.0, (timezone.now() - oldest).total_seconds()) if oldest else 0.0


def check_task_queue():
    waited = oldest_waiting_task_seconds()
    limit = settings.HEALTH_TASK_WAIT_LIMIT_SECONDS
    if waited > limit:
        raise Failing(f"the oldest waiting task has waited {int(waited)} s (limit {limit} s)")


# (name, check, needs the database)
CHECKS = (
    ("database", check_database, False),
    ("migrations", check_migrations, True),
    ("cache", check_cache, False),
    ("storage", storage_check("default"), False),
    ("private_storage", storage_check("private"), False),
    ("task_queue", check_task_queue, True),
)


def run_checks():
    """{name: {"status": ..., "ms": ..., "detail": ...}} for every check, in order."""
    results = {}
    for name, check, needs_database in CHECKS:
        if needs_database and results["database"]["status"] != OK:
            results[name] = {"status": NOT_CHECKED, "detail": "needs the database"}
            continue
        started = time.perf_counter()
        result = {"status": OK}
        try:
            check()
        except Failing as failure:
            result = {"status": FAILING, "detail": str(failure)}
        except Exception:
            logger.warning("Health check %s failed.", name, exc_info=True)
            result = {"status": FAILING}
        result["ms"] = round((time.perf_counter() - started) * 1000, 1)
        results[name] = result
    return results


def health_response(request):
    results = run_checks()
    failing = [name for name, result in results.items() if result["status"] != OK]
    status = 503 if failing else 200
    summary = f"failing: {', '.join(failing)}" if failing else OK
    if request.GET.get("format") == "text" or request.headers.get("Accept", "").startswith("text/plain"):
        lines = [summary] + [
            f"{name}: {result['status']}" + (f" ({result['detail']})" if "detail" in result else "")
            for name, result in results.items()
        ]
        response = HttpResponse("\n".join(lines) + "\n", status=status, content_type="text/plain")
    else:
        body = {
            "status": FAILING if failing else OK,
            "failing": failing,
            "checks": results,
            "time": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        }
        response = JsonResponse(body, status=status, json_dumps_params={"indent": 1})
    add_never_cache_headers(response)
    return response


class HealthCheckMiddleware:
    """Answer `settings.HEALTH_CHECK_PATH` before the other middleware run. Place it first."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info == settings.HEALTH_CHECK_PATH and request.method in ("GET", "HEAD"):
            return health_response(request)
        return self.get_response(request)
