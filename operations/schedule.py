"""The one schedule of the site's regular jobs: every management command that runs by the clock, and when.

`manage.py run_due_jobs`, started every five minutes (by cron or a systemd timer, on any or every
server), runs each job whose latest time has come and that has not yet run for it. Each run is
recorded in `JobRun`, one row per job and time, which is also its lock: the server that writes the row
runs the job, any other skips it with a log line (operations/jobs.py). So the schedule lives here, in
one reviewed and tested place, rather than in crontabs on each server; a server that was down at a
job's time runs it at its next tick; adding a job is a line here, not a change to every server.

Each job is a management command safe to run twice, even at once (someone may run one by hand): the
reminders mark each booking or school in the transaction that queues its email; the retention run
locks each record and reads it again; the card housekeeping locks each row it changes and sends Stripe
each refund under the refund's own key; Django's, Wagtail's and the task queue's own commands only
delete or publish what is due. The four commands of ours queue a task, which the worker runs.

Times are the site's (Europe/London). None falls between 01:00 and 02:00, which the clocks skip or
repeat once a year.
"""

import datetime
from dataclasses import dataclass

from django.utils import timezone


@dataclass(frozen=True)
class Daily:
    at: datetime.time

    def latest(self, now):
        """The latest time at or before `now` that the job was due."""
        day = timezone.localtime(now).date()
        due = timezone.make_aware(datetime.datetime.combine(day, self.at))
        if due > now:
            due = timezone.make_aware(datetime.datetime.combine(day - datetime.timedelta(days=1), self.at))
        return due

    def __str__(self):
        return f"daily at {self.at:%H:%M}"


@dataclass(frozen=True)
class Every:
    minutes: int  # a divisor of 60: the job is due on the hour and every `minutes` after

    def latest(self, now):
        local = timezone.localtime(now).replace(second=0, microsecond=0)
        return local.replace(minute=local.minute - local.minute % self.minutes)

    def __str__(self):
        return "hourly" if self.minutes == 60 else f"every {self.minutes} minutes"


@dataclass(frozen=True)
class Job:
    command: str
    cadence: Daily | Every
    what: str
    # How many times a failed run is tried again before the job's next time (operations/jobs.py).
    retries: int = 2
    # After this long a run still marked running is taken to have died with its server, and run again.
    allowed_minutes: int = 60

    @property
    def name(self):
        return self.command


JOBS = (
    Job(
        "settle_card_payments",
        Every(minutes=60),
        "cancels card orders left unpaid past the days set in Settings > Buying and invoices, sends again "
        "the refunds Stripe could not be reached for, cancels the attempts of orders already settled",
    ),
    Job(
        "send_absence_alerts",
        Every(minutes=15),
        "tells the home school of a pupil absent from the unit without a reason, once the time set in the "
        "referral placement terms has passed on a school day, once a day each",
    ),
    Job(
        "requeue_stalled_tasks",
        Every(minutes=5),
        "puts back in the queue the tasks a worker took but never finished (it was killed or its server "
        "lost), once they have been marked running past TASK_STALLED_AFTER_SECONDS",
    ),
    Job(
        "publish_scheduled",
        Every(minutes=10),
        "publishes and unpublishes the pages editors scheduled (Wagtail)",
    ),
    Job(
        "apply_retention",
        Daily(at=datetime.time(3, 0)),
        "deletes or anonymises the records past their retention period, except under a legal hold",
    ),
    Job("clearsessions", Daily(at=datetime.time(3, 30)), "deletes expired sign-in sessions (Django)"),
    Job(
        "prune_db_task_results",
        Daily(at=datetime.time(4, 0)),
        "deletes finished tasks' rows after 14 days: they hold the emails' text and addresses",
    ),
    Job(
        "reconcile_stripe",
        Daily(at=datetime.time(6, 0)),
        "compares Stripe's payments and refunds with the ledger, the financial year to date; a difference "
        "is logged as an error (and reported to Sentry)",
        # A difference found is a finding, not a fault: report it once a day, not three times.
        retries=0,
    ),
    Job(
        "send_renewal_reminders",
        Daily(at=datetime.time(8, 0)),
        "tells schools next year's Universal Offer can be bought, once a year each",
    ),
    Job(
        "send_surgery_reminders",
        Daily(at=datetime.time(8, 15)),
        "reminds everyone booked at the next day's behaviour surgeries, once each",
    ),
)


def job_named(name):
    return next(job for job in JOBS if job.name == name)
