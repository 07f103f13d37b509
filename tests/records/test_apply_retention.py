"""Cron runs `manage.py apply_retention` daily: it queues the retention run for today."""

from io import StringIO

import pytest
from django.core.management import call_command

from records.models import Outcome, RetentionRun

pytestmark = pytest.mark.django_db


def test_the_command_runs_the_sweep_for_today(closed_request, time_machine):
    time_machine.move_to("2026-11-22 06:00 +00:00", tick=False)
    out = StringIO()

    call_command("apply_retention", stdout=out)

    retention_run = RetentionRun.objects.get()
    assert "Queued the retention run" in out.getvalue()
    assert str(retention_run.today) == "2026-11-22"
    assert [(action.record_pk, action.outcome) for action in retention_run.actions.all()] == [
        (closed_request.pk, Outcome.ANONYMISED)
    ]
