"""Writes with rules for MAPP meetings and placement capacity. The admin's forms call these."""

from datetime import date, time, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from common.audit import record_change
from common.email import send_after_commit
from common.errors import DomainError
from common.urls import absolute_url
from portal.placements import selectors
from portal.placements.models.decisions import AgreedAction
from portal.placements.models.mapp import MappMeeting, PlacementCapacity

ACTION_DONE = "placements.action_done"
AGENDA_SENT = "placements.agenda_sent"

# Schools normally have two weeks before a meeting to send a request; editors may set another date.
DEFAULT_DEADLINE_GAP = timedelta(weeks=2)


def default_submission_deadline(*, meeting_date: date) -> date:
    return meeting_date - DEFAULT_DEADLINE_GAP


def submission_deadline_for(*, meeting_date: date, submission_deadline: date | None) -> date:
    """The deadline a meeting gets: the one given, or the usual one. A deadline on or after the
    meeting is refused, because the panel needs the request before it meets."""
    if submission_deadline is None:
        return default_submission_deadline(meeting_date=meeting_date)
    if submission_deadline >= meeting_date:
        raise DomainError(
            "The last date to submit a request must be before the meeting date "
            f"({date_format(meeting_date, 'j F Y')}).",
            field="submission_deadline",
        )
    return submission_deadline


def _validated(record):
    """Django's field checks (a date that already has a meeting, say) as a DomainError on the field."""
    try:
        record.full_clean()
    except ValidationError as error:
        field, messages = next(iter(error.message_dict.items()))
        raise DomainError(messages[0], field=field) from error
    return record


@transaction.atomic
def mapp_meeting_save(*, meeting: MappMeeting) -> MappMeeting:
    """Add or change a meeting (the admin's create and edit forms both come here)."""
    meeting.submission_deadline = submission_deadline_for(
        meeting_date=meeting.meeting_date, submission_deadline=meeting.submission_deadline
    )
    _validated(meeting).save()
    return meeting


def mapp_meeting_create(
    *,
    meeting_date: date,
    submission_deadline: date | None = None,
    starts_at: time | None = None,
    location: str = "",
    notes: str = "",
) -> MappMeeting:
    """Add a meeting. Without a deadline it gets the usual one (see `default_submission_deadline`)."""
    meeting = MappMeeting(
        meeting_date=meeting_date,
        submission_deadline=submission_deadline,
        starts_at=starts_at,
        location=location,
        notes=notes,
    )
    return mapp_meeting_save(meeting=meeting)


@transaction.atomic
def placement_capacity_create(*, starts_on: date, places: int) -> PlacementCapacity:
    """Record how many pupils the unit can hold from `starts_on` on (until a later capacity starts)."""
    capacity = _validated(PlacementCapacity(starts_on=starts_on, places=places))
    capacity.save()
    return capacity


CHAIR_NOT_INVITED = "Invite the chair to the meeting too."
MINUTE_TAKER_NOT_INVITED = "Invite the minute-taker to the meeting too."


def check_meeting_roles(*, invited, chair, minute_taker) -> None:
    """The chair and the minute-taker are among the members invited."""
    invited = set(invited)
    if chair is not None and chair not in invited:
        raise DomainError(CHAIR_NOT_INVITED, field="chair")
    if minute_taker is not None and minute_taker not in invited:
        raise DomainError(MINUTE_TAKER_NOT_INVITED, field="minute_taker")


ACTION_ALREADY_DONE = "This action was already marked done on {day}."


@transaction.atomic
def agreed_action_mark_done(*, action, user):
    """An agreed action stays open until someone marks it done; recorded on the meeting."""
    action = AgreedAction.objects.select_for_update().get(pk=action.pk)
    if action.done_at is not None:
        raise DomainError(ACTION_ALREADY_DONE.format(day=date_format(action.done_at, "j F Y")))
    action.done_at = timezone.now()
    action.save(update_fields=["done_at"])
    record_change(instance=action.meeting, action=ACTION_DONE, user=user, about=action.action, to="done")
    return action


NOBODY_INVITED = "Invite the panel's members to the meeting before sending its agenda."
MEETING_HELD = "The meeting on {day} has already been held."


@transaction.atomic
def meeting_agenda_send(*, meeting, user, today: date) -> int:
    """Email the agenda (each request by reference and school, never a child's details) to every member
    invited, before the meeting; returns how many were emailed. It may be sent again after a change."""
    meeting = MappMeeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.meeting_date < today:
        raise DomainError(MEETING_HELD.format(day=date_format(meeting.meeting_date, "j F Y")))
    members = list(meeting.invited.filter(is_active=True))
    if not members:
        raise DomainError(NOBODY_INVITED)
    context = {
        "meeting": meeting,
        "agenda": list(selectors.agenda_of(meeting=meeting)),
        "pack_url": absolute_url(reverse("placements_admin_panel_pack", args=[meeting.pk])),
    }
    for member in members:
        send_after_commit("placements/email/agenda", to=member.email, context={**context, "member": member})
    meeting.agenda_sent_at = timezone.now()
    meeting.save(update_fields=["agenda_sent_at"])
    record_change(instance=meeting, action=AGENDA_SENT, user=user, about=f"{len(members)} members")
    return len(members)
