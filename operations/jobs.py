"""Running the schedule (operations/schedule.py): each job once for each of its times, on one server,
however many servers run `run_due_jobs` and however often.

A run starts by writing its `JobRun` row (job, time). The row's unique key is the lock, the same on
PostgreSQL and on a laptop's SQLite: the first server to write it runs the job, and any other finds the
row and skips with a log line. No transaction or database lock is held while the job runs (the job's
own transactions stay its own). The row then records the outcome. A failed run is tried again on a
later tick (`RETRY_AFTER`, up to the job's `retries`); a run still marked running after the job's
`allowed_minutes` died with its server, and is run again. Taking over a row is one conditional UPDATE,
so of two servers only one succeeds.

Each run has a request id of its own: its log lines and the tasks its command queues carry it.
"""

import datetime
import io
import logging
import os
import socket
import time

from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from operations.logs import milliseconds, new_request_id, request_id_set
from operations.models import JobOutcome, JobRun
from operations.schedule import JOBS

logger = logging.getLogger("operations.jobs")

RETRY_AFTER = datetime.timedelta(minutes=15)
DETAIL_CHARACTERS = 2000


def runner():
    return f"{socket.gethostname()} pid {os.getpid()}"


def due_jobs_run() -> list[JobRun]:
    """Run every job that is due and that no server has run or is running; the runs made here."""
    runs = []
    for job in JOBS:
        run = job_claim(job=job)
        if run is not None:
            runs.append(job_run(job=job, run=run))
    return runs


def job_claim(*, job) -> JobRun | None:
    """The job's run for its latest time, written for this process to run; None when another process
    has it, or it is done."""
    now = timezone.now()
    due_at = job.cadence.latest(now)
    claim = {"started_at": now, "runner": runner(), "request_id": new_request_id()}
    try:
        with transaction.atomic():
            return JobRun.objects.create(job=job.name, due_at=due_at, **claim)
    except IntegrityError:
        pass
    found = JobRun.objects.filter(job=job.name, due_at=due_at).first()
    if found is None or not _may_take_over(job, found, now):
        return None
    taken = JobRun.objects.filter(pk=found.pk, outcome=found.outcome, started_at=found.started_at).update(
        outcome=JobOutcome.RUNNING, finished_at=None, attempts=F("attempts") + 1, detail="", **claim
    )
    if not taken:
        _skipped(job, "another server took it first")
        return None
    return JobRun.objects.get(pk=found.pk)


def _may_take_over(job, found, now):
    if found.attempts > job.retries:
        return False
    if found.outcome == JobOutcome.RUNNING:
        if found.started_at > now - datetime.timedelta(minutes=job.allowed_minutes):
            _skipped(
                job,
                f"already running on {found.runner} since {timezone.localtime(found.started_at):%H:%M:%S}",
            )
            return False
        return True
    return found.outcome == JobOutcome.FAILED and found.finished_at <= now - RETRY_AFTER


def _skipped(job, why):
    logger.info("Job %s skipped: %s.", job.name, why, extra={"job": job.name, "outcome": "skipped"})


def job_run(*, job, run) -> JobRun:
    """Run the job's command and record how it went."""
    output = io.StringIO()
    started = time.perf_counter()
    with request_id_set(run.request_id):
        try:
            call_command(job.command, stdout=output, stderr=output)
        except CommandError as error:
            outcome, said = JobOutcome.FAILED, str(error)
        except Exception as error:
            logger.exception("Job %s raised %s.", job.name, type(error).__name__, extra={"job": job.name})
            outcome, said = JobOutcome.FAILED, type(error).__name__
        else:
            lines = output.getvalue().strip().splitlines()
            outcome, said = JobOutcome.DONE, lines[-1] if lines else "(it printed nothing)"
        duration_ms = milliseconds(time.perf_counter() - started)
        run.outcome, run.finished_at = outcome, timezone.now()
        printed = output.getvalue().strip()
        run.detail = (printed if outcome == JobOutcome.DONE else f"{printed}\n{said}".strip())[
            -DETAIL_CHARACTERS:
        ]
        run.save(update_fields=["outcome", "finished_at", "detail"])
        logger.log(
            logging.INFO if outcome == JobOutcome.DONE else logging.ERROR,
            "Job %s %s in %sms: %s",
            job.name,
            outcome,
            duration_ms,
            said,
            extra={"job": job.name, "outcome": str(outcome), "duration_ms": duration_ms},
        )
    return run
