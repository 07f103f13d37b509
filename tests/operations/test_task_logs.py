"""Each task run is one log line (task, id, outcome, duration) carrying the id of the request that queued
it: kept beside the task's arguments in the queue, set again by the worker while the task runs."""

import json

from django_tasks_db.models import DBTaskResult

from operations.logs import REQUEST_ID_KEY, request_id_set
from portal.users.factories import VerifiedUserFactory
from tests.operations import tasks
from tests.operations.conftest import batch_worker

QUEUED_BY = "5f0c6e2a9b8d4c3e2f1a0b9c8d7e6f5a"


def run_as_the_worker(result):
    row = DBTaskResult.objects.get(pk=result.id)
    row.claim("test-worker")
    batch_worker("test-worker").run_task(row)


def task_lines(log_lines):
    return [line for line in log_lines() if line["logger"] == "operations.tasks"]


def test_the_worker_logs_the_run_with_the_id_of_the_request_that_queued_it(database_queue, log_lines):
    with request_id_set(QUEUED_BY):
        result = tasks.succeed.enqueue()

    run_as_the_worker(result)

    assert DBTaskResult.objects.get(pk=result.id).args_kwargs[REQUEST_ID_KEY] == QUEUED_BY
    [line] = task_lines(log_lines)
    assert line["request_id"] == QUEUED_BY
    assert line["task"] == "tests.operations.tasks.succeed"
    assert line["task_id"] == str(result.id)
    assert line["outcome"] == "successful"
    assert line["duration_ms"] >= 0
    assert line["level"] == "INFO"


def test_a_failed_run_is_an_error_line_with_the_exception_s_class_and_not_its_text(database_queue, log_lines):
    with request_id_set(QUEUED_BY):
        result = tasks.fail.enqueue()

    run_as_the_worker(result)

    [line] = task_lines(log_lines)
    assert (line["outcome"], line["level"], line["error"]) == ("failed", "ERROR", "builtins.ValueError")
    assert all(line["request_id"] == QUEUED_BY for line in log_lines())
    assert "Jane" not in json.dumps(log_lines())
    assert "jane.doe@" not in json.dumps(log_lines())


def test_a_task_run_at_once_carries_the_current_request_id(log_lines):
    with request_id_set(QUEUED_BY):
        tasks.succeed.enqueue()

    [line] = task_lines(log_lines)
    assert line["request_id"] == QUEUED_BY


def test_an_email_queued_by_a_request_carries_the_request_s_id(database_queue, wsgi, db, fresh_rate_limits):
    VerifiedUserFactory(email="senco@oakfield.test")

    response = wsgi.post("/accounts/password/reset/", {"email": "senco@oakfield.test"})

    [queued] = DBTaskResult.objects.filter(task_path="common.email.send_email")
    assert response.status_code == 302
    assert queued.args_kwargs[REQUEST_ID_KEY] == response.headers["X-Request-ID"]
