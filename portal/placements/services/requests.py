"""Writes with rules for placement requests: writing the sections, the head teacher's sign-off, and the
status transitions (one function each, recorded with `common.audit`, emails after commit).

A request is the most sensitive record the unit holds: every change is recorded (which section, never
what was typed), every view and download is recorded by `request_access_record`, and the emails name
the request by its reference only, with a link, never the child or the safeguarding answers.
"""

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from common.audit import record_change
from common.email import send_after_commit
from common.errors import DomainError
from common.urls import absolute_url
from portal.placements import selectors
from portal.placements.models.requests import (
    AccessKind,
    PlacementRequest,
    RequestAccess,
    RequestStatus,
)
from portal.placements.sections import SECTIONS, is_started, missing_in
from portal.placements.services import pupil_rules

VIEW_SAFEGUARDING = "placements.view_safeguarding"

# What the history of a request records.
REQUEST_STARTED = "placements.request_started"
REQUEST_SECTION_SAVED = "placements.request_section_saved"
REQUEST_SIGNED_OFF = "placements.request_signed_off"
REQUEST_SIGN_OFF_WITHDRAWN = "placements.request_sign_off_withdrawn"
REQUEST_SUBMITTED = "placements.request_submitted"
REQUEST_RETURNED = "placements.request_returned"
REQUEST_PLACED_ON_AGENDA = "placements.request_placed_on_agenda"
REQUEST_WITHDRAWN = "placements.request_withdrawn"
REQUEST_DECIDED = "placements.request_decided"
REQUEST_DEFERRED = "placements.request_deferred"
REQUEST_ASKED_AGAIN = "placements.request_asked_again"
CHANGE_LABELS = {
    REQUEST_STARTED: "Placement request started",
    REQUEST_SECTION_SAVED: "Section saved",
    REQUEST_SIGNED_OFF: "Signed off by the head teacher or a senior leader",
    REQUEST_SIGN_OFF_WITHDRAWN: "Sign-off withdrawn by a change",
    REQUEST_SUBMITTED: "Submitted to the panel",
    REQUEST_RETURNED: "Returned for more information",
    REQUEST_PLACED_ON_AGENDA: "Placed on the panel's agenda",
    REQUEST_WITHDRAWN: "Withdrawn",
    REQUEST_DECIDED: "Decided by the panel",
    REQUEST_DEFERRED: "Deferred to a later meeting",
    REQUEST_ASKED_AGAIN: "Declined, and sent to the panel again",
}

# Which status may follow which (deciding is the panel's, in the admin).
ALLOWED_TRANSITIONS = {
    RequestStatus.DRAFT: {RequestStatus.SUBMITTED, RequestStatus.WITHDRAWN},
    RequestStatus.SUBMITTED: {RequestStatus.RETURNED, RequestStatus.ON_AGENDA, RequestStatus.WITHDRAWN},
    RequestStatus.RETURNED: {RequestStatus.SUBMITTED, RequestStatus.WITHDRAWN},
    RequestStatus.ON_AGENDA: {RequestStatus.RETURNED, RequestStatus.DECIDED, RequestStatus.WITHDRAWN},
    # Only a declined request, when the school still asks (see services.decisions).
    RequestStatus.DECIDED: {RequestStatus.SUBMITTED},
    RequestStatus.WITHDRAWN: set(),
}

NOT_EDITABLE = "Request {reference} is {status}, so it can no longer be changed."
NOT_ALLOWED = "Request {reference} is {status}: it cannot be {action}."
SAFEGUARDING_NOT_CLEARED = (
    "Only people cleared for safeguarding information can see or change the safeguarding section. "
    "Ask the unit to clear your designated safeguarding lead."
)
NOT_A_SENIOR_LEADER = (
    "Only the head teacher or a named senior leader of {school} can sign off a placement request."
)
INCOMPLETE = "The request is not complete yet: {count} answer(s) are missing. See the list below."
NOT_SIGNED_OFF = (
    "The head teacher or a named senior leader must sign off the request in the portal before it is sent."
)
NO_MEETING_OPEN = (
    "No panel meeting is open for requests yet. The unit publishes the dates on the placements page; "
    "your request is saved and can be sent once the next meeting is announced."
)
DATE_IN_FUTURE = "The date must be today or in the past."
WHAT_IS_NEEDED_REQUIRED = "Say what the school needs to add or change."
ORDER_NOT_THE_SCHOOLS = "Select only orders of your own school."


@dataclass(frozen=True)
class SectionProgress:
    section: object
    status: str  # "completed", "in_progress", "not_started" or "optional"
    missing: list[str]
    count: int | None


def list_counts(placement_request) -> dict[str, int]:
    return {
        section.list_of: getattr(placement_request, section.list_of).count()
        for section in SECTIONS
        if section.is_list
    }


def progress_of(placement_request) -> list[SectionProgress]:
    """Each section with its status on the task list and what it still lacks."""
    counts = list_counts(placement_request)
    progress = []
    for section in SECTIONS:
        missing = missing_in(section, placement_request, counts=counts)
        if section.is_optional:
            status = "optional"
        elif not missing:
            status = "completed"
        elif is_started(section, placement_request, counts=counts):
            status = "in_progress"
        else:
            status = "not_started"
        progress.append(SectionProgress(section, status, missing, counts.get(section.list_of)))
    return progress


def missing_answers(placement_request) -> list[tuple[object, str]]:
    """(section, message) for everything the request lacks before it can be sent, sign-off apart."""
    return [(each.section, message) for each in progress_of(placement_request) for message in each.missing]


def answer_problems(values: dict, *, today: date) -> list[DomainError]:
    """What is wrong with answers as typed (a bad UPN, an age that does not fit the year group, a date
    in the future). An answer left blank is not a problem until the request is sent."""
    problems = []
    if values.get("upn"):
        try:
            pupil_rules.check_upn(values["upn"])
        except DomainError as error:
            problems.append(error)
    if values.get("date_of_birth") and values.get("year_group") not in (None, ""):
        try:
            pupil_rules.check_year_group(
                date_of_birth=values["date_of_birth"], year_group=values["year_group"], today=today
            )
        except DomainError as error:
            problems.append(error)
    for name in (
        "date_of_birth",
        "consent_to_referral_on",
        "consent_to_sharing_on",
        "ehc_plan_date",
        "governing_board_approved_on",
    ):
        if values.get(name) and values[name] > today:
            problems.append(DomainError(DATE_IN_FUTURE, field=name))
    return problems


def may_see_safeguarding(user) -> bool:
    return user.has_perm(VIEW_SAFEGUARDING)


def lock(placement_request) -> PlacementRequest:
    return (
        PlacementRequest.objects.select_for_update(of=("self",))
        .select_related("school")
        .get(pk=placement_request.pk)
    )


def lock_editable(placement_request) -> PlacementRequest:
    locked = lock(placement_request)
    if not locked.is_editable:
        raise DomainError(
            NOT_EDITABLE.format(reference=locked.reference, status=locked.get_status_display().lower())
        )
    return locked


def record_content_change(placement_request, *, user, about):
    """Record a change to the request's content; a change after sign-off needs signing off again."""
    placement_request.updated_at = timezone.now()
    fields = ["updated_at"]
    if placement_request.is_signed_off:
        placement_request.approved_by = None
        placement_request.approved_at = None
        fields += ["approved_by", "approved_at"]
        record_change(instance=placement_request, action=REQUEST_SIGN_OFF_WITHDRAWN, user=user, about=about)
    placement_request.save(update_fields=fields)
    record_change(instance=placement_request, action=REQUEST_SECTION_SAVED, user=user, about=about)


@transaction.atomic
def placement_request_start(*, membership) -> PlacementRequest:
    """A new draft for the member's school; any referrer of the school may carry on with it."""
    placement_request = PlacementRequest.objects.create(school=membership.school, created_by=membership.user)
    record_change(
        instance=placement_request, action=REQUEST_STARTED, user=membership.user, to=RequestStatus.DRAFT.label
    )
    return placement_request


def _require_cleared(section, user):
    if section.restricted and not may_see_safeguarding(user):
        raise DomainError(SAFEGUARDING_NOT_CLEARED)


@transaction.atomic
def placement_request_section_save(
    *, placement_request, section, values: dict, user, today: date
) -> PlacementRequest:
    """Save one section's answers as they are (blanks allowed while it is a draft); refuses answers that
    are wrong as typed, with the first problem's message."""
    _require_cleared(section, user)
    if problems := answer_problems(values, today=today):
        raise problems[0]
    placement_request = lock_editable(placement_request)
    answers = [name for name in section.fields if name in values and name != "outreach_orders"]
    for name in answers:
        value = values[name]
        setattr(placement_request, name, pupil_rules.normalised_upn(value) if name == "upn" else value)
    if answers:
        placement_request.save(update_fields=answers)
    if "outreach_orders" in values:
        orders = list(values["outreach_orders"])
        if any(order.school_id != placement_request.school_id for order in orders):
            raise DomainError(ORDER_NOT_THE_SCHOOLS, field="outreach_orders")
        placement_request.outreach_orders.set(orders)
    record_content_change(placement_request, user=user, about=section.title)
    return placement_request


@transaction.atomic
def placement_request_item_add(*, placement_request, section, values: dict, user):
    """Add a parent or carer, a professional or an intervention to a list section."""
    _require_cleared(section, user)
    placement_request = lock_editable(placement_request)
    item = getattr(placement_request, section.list_of).create(**values)
    record_content_change(placement_request, user=user, about=f"{section.title}: added an entry")
    return item


@transaction.atomic
def placement_request_item_remove(*, placement_request, section, item, user) -> None:
    _require_cleared(section, user)
    placement_request = lock_editable(placement_request)
    item.delete()
    record_content_change(placement_request, user=user, about=f"{section.title}: removed an entry")


@transaction.atomic
def placement_request_sign_off(*, placement_request, membership) -> PlacementRequest:
    """The head teacher's (or a named senior leader's) approval, needed before the request is sent. Any
    later change to the request withdraws it."""
    if not membership.is_senior_leader or membership.school_id != placement_request.school_id:
        raise DomainError(NOT_A_SENIOR_LEADER.format(school=membership.school.name))
    placement_request = lock_editable(placement_request)
    placement_request.approved_by = membership.user
    placement_request.approved_at = timezone.now()
    placement_request.save(update_fields=["approved_by", "approved_at"])
    record_change(instance=placement_request, action=REQUEST_SIGNED_OFF, user=membership.user)
    return placement_request


def may_move(placement_request, *, to) -> bool:
    return to in ALLOWED_TRANSITIONS[RequestStatus(placement_request.status)]


def check_move(placement_request, *, to, verb):
    status = RequestStatus(placement_request.status)
    if not may_move(placement_request, to=to):
        raise DomainError(
            NOT_ALLOWED.format(
                reference=placement_request.reference, status=status.label.lower(), action=verb
            )
        )


def move(placement_request, *, to, user, action, verb, why=""):
    """The one place a status changes: only along ALLOWED_TRANSITIONS, recorded (who, when, from, to)."""
    check_move(placement_request, to=to, verb=verb)
    before = RequestStatus(placement_request.status)
    placement_request.status = to
    placement_request.updated_at = timezone.now()
    record_change(
        instance=placement_request, action=action, user=user, from_=before.label, to=to.label, why=why
    )


def request_url(placement_request):
    """The request's page in the portal, for emails (whoever follows it must sign in with two-factor)."""
    return absolute_url(reverse("placement_requests:request", args=[placement_request.pk]))


def tell_referrers(placement_request, template, **context):
    """Email each referrer of the school: by reference and link only, never the child's details."""
    context = {
        "placement_request": placement_request,
        "reference": placement_request.reference,
        "school": placement_request.school,
        "url": request_url(placement_request),
        **context,
    }
    for email in selectors.referrer_emails_of(school=placement_request.school):
        send_after_commit(f"placements/email/{template}", to=email, context=context)


@transaction.atomic
def placement_request_submit(*, placement_request, user, today: date) -> PlacementRequest:
    """Send a complete, signed-off request to the next meeting whose last submission date has not
    passed (on a later day it goes to the following meeting). A returned request is sent again the
    same way."""
    placement_request = lock(placement_request)
    if not placement_request.is_editable:
        status = placement_request.get_status_display().lower()
        raise DomainError(
            NOT_ALLOWED.format(reference=placement_request.reference, status=status, action="sent")
        )
    if missing := missing_answers(placement_request):
        raise DomainError(INCOMPLETE.format(count=len(missing)))
    if not placement_request.is_signed_off:
        raise DomainError(NOT_SIGNED_OFF)
    send_to_next_meeting(placement_request, user=user, today=today, action=REQUEST_SUBMITTED)
    placement_request.returned_because = ""
    placement_request.save()
    return placement_request


def send_to_next_meeting(placement_request, *, user, today, action):
    """Move the request to "submitted" for the next meeting still open, and tell the school's referrers."""
    meeting = selectors.next_open_meeting(today=today)
    if meeting is None:
        raise DomainError(NO_MEETING_OPEN)
    move(
        placement_request,
        to=RequestStatus.SUBMITTED,
        user=user,
        action=action,
        verb="sent",
        why=f"For the meeting on {date_format(meeting.meeting_date, 'j F Y')}",
    )
    placement_request.meeting = meeting
    placement_request.submitted_at = timezone.now()
    placement_request.submitted_by = user
    tell_referrers(placement_request, "request_submitted", meeting=meeting, submitted_by=user)


@transaction.atomic
def placement_request_return_for_information(*, placement_request, user, what_is_needed) -> PlacementRequest:
    """The panel sends a request back to the school, saying what is missing; the school can change it
    and send it again before the deadline."""
    what_is_needed = what_is_needed.strip()
    if not what_is_needed:
        raise DomainError(WHAT_IS_NEEDED_REQUIRED, field="what_is_needed")
    placement_request = lock(placement_request)
    move(
        placement_request,
        to=RequestStatus.RETURNED,
        user=user,
        action=REQUEST_RETURNED,
        verb="returned",
        why=what_is_needed,
    )
    placement_request.returned_because = what_is_needed
    placement_request.save()
    tell_referrers(placement_request, "request_returned", what_is_needed=what_is_needed)
    return placement_request


@transaction.atomic
def placement_request_place_on_agenda(*, placement_request, user) -> PlacementRequest:
    placement_request = lock(placement_request)
    move(
        placement_request,
        to=RequestStatus.ON_AGENDA,
        user=user,
        action=REQUEST_PLACED_ON_AGENDA,
        verb="placed on the agenda",
    )
    placement_request.save()
    return placement_request


@transaction.atomic
def placement_request_withdraw(*, placement_request, user, why="") -> PlacementRequest:
    """The school no longer asks for a placement (before the panel decides)."""
    placement_request = lock(placement_request)
    move(
        placement_request,
        to=RequestStatus.WITHDRAWN,
        user=user,
        action=REQUEST_WITHDRAWN,
        verb="withdrawn",
        why=why,
    )
    placement_request.save()
    return placement_request


def request_access_record(*, placement_request, user, kind=AccessKind.VIEWED, what) -> RequestAccess:
    """Record that someone saw a request's page or downloaded one of its documents."""
    return RequestAccess.objects.create(request=placement_request, user=user, kind=kind, what=what)
