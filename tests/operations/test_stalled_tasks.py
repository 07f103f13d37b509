"""A task whose worker died while running it (killed, its server lost) stays marked running, and no
worker takes a running task: the regular job `requeue_stalled_tasks` puts it back in the queue once it
has been running past TASK_STALLED_AFTER_SECONDS, and the next worker runs it. (The stack test kills a
real worker in the middle of sending an email: tests/deploy/test_stack.py.)"""

import datetime

import pytest
from django.core.management import call_command
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from operations.schedule import job_named
from tests.operations import tasks
from tests.operations.conftest import batch_worker


@pytest.fixture
def limit(settings):
    settings.TASK_STALLED_AFTER_SECONDS = 600
    return datetime.timedelta(seconds=600)


def next_ready_task_run_by(worker_id):
    """What a worker's loop does with the task it finds ready, if any (its loop itself would close the
    test's database connection, and with it the test's transaction)."""
    row = DBTaskResult.objects.ready().get_locked()
    if row is not None:
        row.claim(worker_id)
        batch_worker(worker_id).run_task(row)


def taken_by_a_worker_that_died(result, *, started_at):
    """The row as a worker leaves it once it has claimed the task, had it been killed then."""
    DBTaskResult.objects.filter(pk=result.id).update(
        status=TaskResultStatus.RUNNING, started_at=started_at, worker_ids=["killed-worker"]
    )


def test_a_task_left_running_past_the_limit_is_run_again(database_queue, limit, capsys, caplog):
    result = tasks.succeed.enqueue()
    taken_by_a_worker_that_died(result, started_at=timezone.now() - limit - datetime.timedelta(seconds=1))

    call_command("requeue_stalled_tasks")
    next_ready_task_run_by("second-worker")

    row = DBTaskResult.objects.get(pk=result.id)
    assert row.status == TaskResultStatus.SUCCESSFUL
    assert row.worker_ids == ["killed-worker", "second-worker"]
    assert "1 stalled task(s) put back in the queue" in capsys.readouterr().out
    assert f"Task {result.id} (tests.operations.tasks.succeed) was still running after 600 s" in caplog.text


def test_a_task_running_within_the_limit_is_left_to_its_worker(database_queue, limit, capsys):
    result = tasks.succeed.enqueue()
    taken_by_a_worker_that_died(result, started_at=timezone.now() - limit + datetime.timedelta(seconds=5))

    call_command("requeue_stalled_tasks")
    next_ready_task_run_by("second-worker")

    row = DBTaskResult.objects.get(pk=result.id)
    assert (row.status, row.worker_ids) == (TaskResultStatus.RUNNING, ["killed-worker"])
    assert "0 stalled task(s)" in capsys.readouterr().out


def test_finished_tasks_are_never_put_back(database_queue, limit):
    long_ago = timezone.now() - limit * 10
    done, failed = tasks.succeed.enqueue(), tasks.fail.enqueue()
    DBTaskResult.objects.filter(pk=done.id).update(status=TaskResultStatus.SUCCESSFUL, started_at=long_ago)
    DBTaskResult.objects.filter(pk=failed.id).update(status=TaskResultStatus.FAILED, started_at=long_ago)

    call_command("requeue_stalled_tasks")

    assert DBTaskResult.objects.get(pk=done.id).status == TaskResultStatus.SUCCESSFUL
    assert DBTaskResult.objects.get(pk=failed.id).status == TaskResultStatus.FAILED


def test_it_runs_from_the_schedule_every_five_minutes():
    assert str(job_named("requeue_stalled_tasks").cadence) == "every 5 minutes"
