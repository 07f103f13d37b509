"""Writes with rules for the panel. Staff use the Wagtail admin, whose forms apply the same model rules."""

from datetime import date, time

from django.db import transaction

from portal.models import PanelMeeting, PlacementCapacity


@transaction.atomic
def panel_meeting_create(
    *,
    meeting_date: date,
    submission_deadline: date | None = None,
    starts_at: time | None = None,
    location: str = "",
    notes: str = "",
) -> PanelMeeting:
    """Add a meeting. Without a deadline it gets the usual one (see `rules.default_submission_deadline`).

    Raises `rules.SubmissionDeadlineError` for a deadline on or after the meeting, and Django's
    ValidationError for a date that already has a meeting.
    """
    meeting = PanelMeeting(
        meeting_date=meeting_date,
        submission_deadline=submission_deadline,
        starts_at=starts_at,
        location=location,
        notes=notes,
    )
    meeting.full_clean()
    meeting.save()
    return meeting


@transaction.atomic
def placement_capacity_create(*, starts_on: date, places: int) -> PlacementCapacity:
    """Record how many pupils the unit can hold from `starts_on` on (until a later capacity starts)."""
    capacity = PlacementCapacity(starts_on=starts_on, places=places)
    capacity.full_clean()
    capacity.save()
    return capacity
