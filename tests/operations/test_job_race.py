"""Two servers starting `run_due_jobs` at the same moment: each job runs once, and the server that finds
it taken says so in its log (each thread has its own database connection, closed at its end).

On PostgreSQL the two run side by side. SQLite's test database lives in memory, where a second writer
is refused ("database table is locked") instead of waiting as it does on a file: there the servers take
turns, and the second finds every job already run."""

import threading
import time
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import connection

from operations import jobs
from operations.models import JobOutcome, JobRun
from operations.schedule import job_named
from tests.portal.orders.conftest import at_once

RACED = ("apply_retention", "settle_card_payments")


@pytest.mark.django_db(transaction=True)
def test_two_runs_at_once_do_each_job_once(monkeypatch, time_machine, caplog):
    time_machine.move_to(datetime(2026, 12, 7, 9, 0, tzinfo=ZoneInfo("Europe/London")), tick=False)
    monkeypatch.setattr(jobs, "JOBS", tuple(job_named(name) for name in RACED))
    side_by_side = connection.vendor != "sqlite"
    ran, both_started = [], threading.Barrier(2 if side_by_side else 1)

    def slow_command(name, **options):
        ran.append(name)
        time.sleep(0.5)  # long enough for the other server to find the job taken

    monkeypatch.setattr(jobs, "call_command", slow_command)

    def server():
        both_started.wait(timeout=10)
        return jobs.due_jobs_run()

    outcomes = at_once(server, server, workers=2 if side_by_side else 1)

    assert [kind for kind, _ in outcomes] == ["done", "done"]
    assert sorted(ran) == sorted(RACED)
    assert sorted(run.job for _, runs in outcomes for run in runs) == sorted(RACED)
    assert sorted(JobRun.objects.values_list("job", "outcome")) == [(name, JobOutcome.DONE) for name in RACED]
    if side_by_side:
        assert "skipped: already running on" in caplog.text
