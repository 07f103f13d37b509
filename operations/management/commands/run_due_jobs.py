"""`manage.py run_due_jobs [--list]`: run the scheduled jobs that are due (operations/schedule.py). Start it
every five minutes on one or more servers; each job runs once for each of its times wherever it is
started. It exits with 1 when a job failed, so cron's mail or the systemd unit's state shows it."""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from operations import jobs
from operations.models import JobOutcome, JobRun
from operations.schedule import JOBS

FAILED = "{count} job(s) failed: {names}. Their log lines say why."


class Command(BaseCommand):
    help = "Run the scheduled jobs that are due; --list shows the schedule and each job's last run."

    def add_arguments(self, parser):
        parser.add_argument("--list", action="store_true", help="Show the schedule; run nothing.")

    def handle(self, *args, **options):
        if options["list"]:
            self._list()
            return
        runs = jobs.due_jobs_run()
        for run in runs:
            self.stdout.write(f"{run.job}: {run.outcome}")
        failed = [run.job for run in runs if run.outcome == JobOutcome.FAILED]
        if failed:
            raise CommandError(FAILED.format(count=len(failed), names=", ".join(failed)), returncode=1)

    def _list(self):
        for job in JOBS:
            last = JobRun.objects.filter(job=job.name).order_by("-due_at").first()
            when = (
                f"last for {timezone.localtime(last.due_at):%Y-%m-%d %H:%M}: {last.outcome}"
                if last
                else "never run"
            )
            self.stdout.write(f"{job.name:<24} {job.cadence!s:<20} {when}\n    {job.what}")
