from django.db import models


class JobOutcome(models.TextChoices):
    RUNNING = "running", "Running"
    DONE = "done", "Done"
    FAILED = "failed", "Failed"


class JobRun(models.Model):
    """One run of a scheduled job for one of its times (operations/schedule.py). The row is written
    before the job starts and is the job's lock: only one server can write it (operations/jobs.py)."""

    job = models.CharField(max_length=100)
    due_at = models.DateTimeField(help_text="The job's time this run is for.")
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(max_length=10, choices=JobOutcome.choices, default=JobOutcome.RUNNING)
    attempts = models.PositiveSmallIntegerField(default=1)
    # Which server and process ran it, and what the command said last (or the error's class).
    runner = models.CharField(max_length=200)
    detail = models.TextField(blank=True)
    request_id = models.CharField(max_length=128, help_text="The id its log lines and queued tasks carry.")

    class Meta:
        ordering = ["-due_at", "job"]
        constraints = [models.UniqueConstraint(fields=["job", "due_at"], name="one_run_per_job_and_time")]

    def __str__(self):
        return f"{self.job} for {self.due_at:%Y-%m-%d %H:%M}: {self.outcome}"
