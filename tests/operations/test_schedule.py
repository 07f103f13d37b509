"""One schedule (operations/schedule.py) lists every job that runs by the clock; `run_due_jobs` runs each
due job once for each of its times, tries a failed one again, takes over a run that died, and skips one
that another server is running."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command, get_commands
from django.core.management.base import CommandError

from operations import jobs
from operations.models import JobOutcome, JobRun
from operations.schedule import JOBS, Daily, Every, job_named

LONDON = ZoneInfo("Europe/London")
# The commands the README told operators to put in cron before the schedule existed.
CRON_COMMANDS = [
    "send_renewal_reminders",
    "send_surgery_reminders",
    "apply_retention",
    "settle_card_payments",
    "reconcile_stripe",
    "send_absence_alerts",
]


def at(hour, minute=0, day=7):
    return datetime.datetime(2026, 12, day, hour, minute, tzinfo=LONDON)


@pytest.fixture
def tick(time_machine):
    """`tick(when)`: run_due_jobs as cron starts it at `when`."""

    def run_at(when):
        time_machine.move_to(when, tick=False)
        return jobs.due_jobs_run()

    return run_at


@pytest.fixture
def commands_run(monkeypatch):
    """The commands the jobs call, recorded instead of run; `commands_run.failing` names any that fail."""

    class Recorder(list):
        failing = set()

    recorder = Recorder()

    def call(name, **options):
        recorder.append(name)
        if name in recorder.failing:
            raise CommandError("Stripe could not be reached.", returncode=2)
        options["stdout"].write(f"{name} queued\n")

    monkeypatch.setattr(jobs, "call_command", call)
    return recorder


def test_the_schedule_has_every_job_cron_used_to_run():
    assert set(CRON_COMMANDS) <= {job.command for job in JOBS}


def test_every_job_is_a_command_that_exists_once():
    commands = get_commands()
    assert [job.command for job in JOBS if job.command not in commands] == []
    assert len({job.name for job in JOBS}) == len(JOBS)


@pytest.mark.parametrize(
    ("cadence", "now", "latest"),
    [
        (Daily(at=datetime.time(8, 0)), at(8, 0), at(8, 0)),
        (Daily(at=datetime.time(8, 0)), at(7, 59), at(8, 0, day=6)),
        (Daily(at=datetime.time(8, 0)), at(23, 59), at(8, 0)),
        (Every(minutes=60), at(10, 37), at(10, 0)),
        (Every(minutes=10), at(10, 37), at(10, 30)),
    ],
)
def test_a_job_is_due_from_its_latest_time(cadence, now, latest):
    assert cadence.latest(now) == latest


def test_each_due_job_runs_once_for_its_time(db, commands_run, tick):
    tick(at(9, 0))
    tick(at(9, 4))

    assert sorted(commands_run) == sorted(job.command for job in JOBS)
    assert set(JobRun.objects.values_list("outcome", flat=True)) == {JobOutcome.DONE}
    assert JobRun.objects.get(job="apply_retention").detail == "apply_retention queued"


def test_an_hour_later_only_the_frequent_jobs_run_again(db, commands_run, tick):
    tick(at(9, 0))
    commands_run.clear()

    tick(at(10, 2))

    assert sorted(commands_run) == [
        "publish_scheduled",
        "requeue_stalled_tasks",
        "send_absence_alerts",
        "settle_card_payments",
    ]


def test_a_server_that_was_down_at_a_job_s_time_runs_it_at_its_next_tick(db, commands_run, tick):
    tick(at(7, 0))
    commands_run.clear()

    tick(at(11, 40))  # down from 7:00 to 11:40

    assert {"send_renewal_reminders", "send_surgery_reminders"} <= set(commands_run)
    assert commands_run.count("settle_card_payments") == 1  # once for 11:00, not for every hour missed


def test_a_failed_run_is_tried_again_later_up_to_its_retries(db, commands_run, tick):
    commands_run.failing.add("settle_card_payments")
    job = job_named("settle_card_payments")

    tried_at = []
    for minute in (0, 5, 14, 20, 35, 50, 55):
        if "settle_card_payments" in [run.job for run in tick(at(9, minute))]:
            tried_at.append(minute)

    assert tried_at == [0, 20, 35]  # at least 15 minutes apart, tried again twice
    assert job.retries == 2
    run = JobRun.objects.get(job=job.name)
    assert (run.outcome, run.attempts) == (JobOutcome.FAILED, 1 + job.retries)
    assert "Stripe could not be reached." in run.detail


def test_the_report_is_not_run_again_the_same_day(db, commands_run, tick):
    commands_run.failing.add("reconcile_stripe")

    for hour in (6, 7, 8):
        tick(at(hour, 30))

    assert commands_run.count("reconcile_stripe") == 1


def test_a_run_still_going_is_skipped_with_a_log_line(db, commands_run, caplog, tick, time_machine):
    job = job_named("apply_retention")
    time_machine.move_to(at(3, 0))
    jobs.job_claim(job=job)  # another server started it and is still running it

    tick(at(3, 30))

    assert "apply_retention" not in commands_run
    assert "Job apply_retention skipped: already running on" in caplog.text


def test_a_run_that_died_with_its_server_is_run_again(db, commands_run, tick, time_machine):
    job = job_named("apply_retention")
    time_machine.move_to(at(3, 0))
    jobs.job_claim(job=job)  # its server died

    tick(at(3, 0) + datetime.timedelta(minutes=job.allowed_minutes + 5))

    run = JobRun.objects.get(job="apply_retention")
    assert "apply_retention" in commands_run
    assert (run.outcome, run.attempts) == (JobOutcome.DONE, 2)


def test_the_command_exits_1_when_a_job_failed(db, commands_run, time_machine):
    time_machine.move_to(at(9, 0))
    commands_run.failing.add("clearsessions")

    with pytest.raises(CommandError, match="clearsessions") as failed:
        call_command("run_due_jobs")

    assert failed.value.returncode == 1


def test_the_list_shows_each_job_s_time_and_last_run(db, commands_run, capsys, tick):
    tick(at(9, 0))

    call_command("run_due_jobs", "--list")

    lines = [line.split() for line in capsys.readouterr().out.splitlines()]
    assert ["apply_retention", "daily", "at", "03:00", "last", "for", "2026-12-07", "03:00:", "done"] in lines
    assert ["settle_card_payments", "hourly", "last", "for", "2026-12-07", "09:00:", "done"] in lines


def test_the_tasks_a_job_queues_carry_its_run_s_request_id(db, caplog):
    job = job_named("send_surgery_reminders")

    run = jobs.job_run(job=job, run=jobs.job_claim(job=job))

    [task_line] = [record for record in caplog.records if record.name == "operations.tasks"]
    [job_line] = [record for record in caplog.records if record.name == "operations.jobs"]
    assert run.outcome == JobOutcome.DONE
    assert task_line.request_id == job_line.request_id == run.request_id
    assert job_line.job == "send_surgery_reminders"
