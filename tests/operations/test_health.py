"""/health/ answers 200 when the database, the migrations, the cache, the storages and the task queue are
all right, and 503 naming each failing part when one is not; never cached, never with an error's text."""

import datetime
import os
import socket

import pytest
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder
from django.db.utils import OperationalError
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from common import page_cache
from operations import health

# CI points this at its Redis (.ci/run); elsewhere the check against a real Redis is skipped.
TEST_REDIS_URL = os.environ.get("TEST_REDIS_URL")
CHECKS = ["database", "migrations", "cache", "storage", "private_storage", "task_queue"]


@pytest.fixture(autouse=True)
def migrations_not_yet_known():
    health.known["migrations_applied"] = False
    yield
    health.known["migrations_applied"] = False


def statuses(response):
    return {name: check["status"] for name, check in response.json()["checks"].items()}


def waiting_task(*, queued_minutes_ago, run_after=None, status="READY"):
    task = DBTaskResult.objects.create(
        args_kwargs={"args": [], "kwargs": {}},
        task_path="common.email.send_email",
        backend_name="default",
        run_after=run_after,
        status=status,
    )
    queued_at = timezone.now() - datetime.timedelta(minutes=queued_minutes_ago)
    DBTaskResult.objects.filter(pk=task.pk).update(enqueued_at=queued_at)
    return task


def test_everything_right_answers_200_and_is_never_kept(client, db):
    response = client.get("/health/")

    assert response.status_code == 200
    assert response.json()["status"] == "ok"
    assert response.json()["failing"] == []
    assert statuses(response) == dict.fromkeys(CHECKS, "ok")
    assert "no-store" in response["Cache-Control"]
    assert "X-Page-Cache" not in response  # answered before the page cache is asked
    assert page_cache._cache_key({"REQUEST_METHOD": "GET", "PATH_INFO": "/health/"}) is None


def test_plain_text_on_asking(client, db):
    by_parameter = client.get("/health/?format=text")
    by_header = client.get("/health/", headers={"Accept": "text/plain"})

    for response in (by_parameter, by_header):
        assert response["Content-Type"].startswith("text/plain")
        assert response.text.splitlines()[0] == "ok"
        assert "task_queue: ok" in response.text


def test_a_load_balancer_asking_by_address_over_http_is_answered(client, db, settings):
    settings.SECURE_SSL_REDIRECT = True

    response = client.get("/health/", HTTP_HOST="10.0.0.7:8000")

    assert response.status_code == 200


def test_the_database_failing_is_503_without_the_error_s_text(client, db, monkeypatch):
    def refused():
        raise OperationalError('connection to server at "db.internal" failed: password for "portal" wrong')

    with monkeypatch.context() as patched:
        patched.setattr(connection, "cursor", refused)
        response = client.get("/health/")

    assert response.status_code == 503
    assert response.json()["failing"] == ["database", "migrations", "task_queue"]
    assert statuses(response)["migrations"] == "not checked"
    assert statuses(response)["cache"] == "ok"
    assert "db.internal" not in response.text
    assert "password" not in response.text


def closed_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def redis_cache(location):
    return {
        "default": {
            "BACKEND": "common.cache.PoolClientRedisCache",
            "LOCATION": location,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }


@pytest.mark.skipif(not TEST_REDIS_URL, reason="TEST_REDIS_URL names no Redis to talk to")
def test_a_redis_cache_that_answers_is_ok(client, db, settings):
    settings.CACHES = redis_cache(TEST_REDIS_URL)

    assert statuses(client.get("/health/"))["cache"] == "ok"


def test_a_cache_that_cannot_be_reached_is_503(client, db, settings):
    settings.CACHES = redis_cache(f"redis://127.0.0.1:{closed_port()}/12")

    response = client.get("/health/?format=text")

    assert response.status_code == 503
    assert response.text.splitlines()[0] == "failing: cache"
    assert "Connection refused" not in response.text


def test_a_storage_that_cannot_be_written_is_503(client, db, settings, tmp_path):
    not_a_folder = tmp_path / "file"
    not_a_folder.write_text("")
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": not_a_folder},
        },
    }

    response = client.get("/health/")

    assert response.status_code == 503
    assert response.json()["failing"] == ["storage"]
    assert str(tmp_path) not in response.text


def test_the_probe_file_is_removed(client, db, settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path},
        },
    }

    client.get("/health/")

    assert not any(path.is_file() for path in tmp_path.rglob("*"))


def test_an_unapplied_migration_is_503_with_how_many(client, db):
    MigrationRecorder(connection).migration_qs.filter(app="operations", name="0001_initial").delete()

    response = client.get("/health/")

    assert response.status_code == 503
    assert response.json()["failing"] == ["migrations"]
    assert response.json()["checks"]["migrations"]["detail"] == "1 migration(s) not applied"


def test_a_task_waiting_past_the_limit_is_503(client, db, settings):
    settings.HEALTH_TASK_WAIT_LIMIT_SECONDS = 600
    waiting_task(queued_minutes_ago=11)

    response = client.get("/health/")

    assert response.status_code == 503
    assert response.json()["failing"] == ["task_queue"]
    assert "has waited 66" in response.json()["checks"]["task_queue"]["detail"]


def test_tasks_not_waiting_for_a_worker_do_not_count(client, db, settings):
    settings.HEALTH_TASK_WAIT_LIMIT_SECONDS = 600
    waiting_task(queued_minutes_ago=9)
    waiting_task(queued_minutes_ago=60, run_after=timezone.now() + datetime.timedelta(minutes=5))
    waiting_task(queued_minutes_ago=60, status="RUNNING")
    waiting_task(queued_minutes_ago=60, status="SUCCESSFUL")

    response = client.get("/health/")

    assert response.status_code == 200


def test_a_deferred_task_waits_from_when_it_was_due(db):
    waiting_task(queued_minutes_ago=60, run_after=timezone.now() - datetime.timedelta(minutes=2))

    assert 110 < health.oldest_waiting_task_seconds() < 130
