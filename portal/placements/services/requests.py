"""Writes with rules for placement requests: writing the sections, the head teacher's sign-off, and the
school's transitions (submitting, withdrawing), each through `common.workflows.transition_apply`; the
staff's are here too (returning for information, placing on the agenda), the panel's decisions in
`services.decisions`.

A request is the most sensitive record the unit holds: every change is recorded (which section, never
what was typed), every view and download is recorded by `request_access_record` (and every list showing
pupils' names by `requests_listed_record`), and the emails name the request by its reference only, with
a link, never the child or the safeguarding answers.
"""

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format

from common import workflows
from common.audit import record_change
from common.email import send_after_commit
from common.errors import DomainError
from portal.placements import selectors
from portal.placements.models.requests import (
    SENIOR_LEADER,
    AccessKind,
    PlacementRequest,
    RequestAccess,
    RequestStatus,
)
from portal.placements.services import pupil_rules

# What the history of a request records besides its transitions (`workflows.history_labels`).
REQUEST_STARTED = "placements.request_started"
REQUEST_SECTION_SAVED = "placements.request_section_saved"
REQUEST_SIGNED_OFF = "placements.request_signed_off"
REQUEST_SIGN_OFF_WITHDRAWN = "placements.request_sign_off_withdrawn"
SAFEGUARDING_HELP_ASKED = "placements.safeguarding_help_asked"
CHANGE_LABELS = {
    REQUEST_STARTED: "Placement request started",
    REQUEST_SECTION_SAVED: "Section saved",
    REQUEST_SIGNED_OFF: "Signed off by the head teacher or a senior leader",
    REQUEST_SIGN_OFF_WITHDRAWN: "Sign-off withdrawn by a change",
    SAFEGUARDING_HELP_ASKED: "Cleared colleagues asked to complete the safeguarding section",
}

NOT_EDITABLE = "Request {reference} is {status}, so it can no longer be changed."
SAFEGUARDING_NOT_CLEARED = (
    "Only people cleared for safeguarding information can see or change the safeguarding section. "
    "Ask a cleared colleague to complete it, or ask the unit to clear your designated safeguarding lead."
)
NOT_A_SENIOR_LEADER = (
    "Only the head teacher or a named senior leader of {school} can sign off a placement request."
)
INCOMPLETE = "The request is not complete yet: {count} answer(s) are missing. See the list below."
INCOMPLETE_FOR_SIGN_OFF = (
    "The request cannot be signed off yet: {count} answer(s) are missing ({sections}). Sign it off once "
    "they are in."
)
NO_ONE_CLEARED = (
    "No one at {school} is cleared for safeguarding information yet: ask the unit to clear your designated "
    "safeguarding lead, who can then complete the safeguarding section."
)
NOT_SIGNED_OFF = (
    "The head teacher or a named senior leader must sign off the request in the portal before it is sent."
)
NO_MEETING_OPEN = (
    "No panel meeting is open for requests yet. The unit publishes the dates on the placements page; "
    "your request is saved and can be sent once the next meeting is announced."
)
DATE_IN_FUTURE = "The date must be today or in the past."
ORDER_NOT_THE_SCHOOLS = "Select only orders of your own school."


def answer_problems(*, values: dict, today: date) -> list[DomainError]:
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
    if section.restricted and not selectors.may_see_safeguarding(user=user):
        raise DomainError(SAFEGUARDING_NOT_CLEARED)


@transaction.atomic
def placement_request_section_save(
    *, placement_request, section, values: dict, user, today: date
) -> PlacementRequest:
    """Save one section's answers as they are (blanks allowed while it is a draft); refuses answers that
    are wrong as typed, with the first problem's message."""
    _require_cleared(section, user)
    if problems := answer_problems(values=values, today=today):
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
    if not SENIOR_LEADER(placement_request, membership):
        raise DomainError(NOT_A_SENIOR_LEADER.format(school=membership.school.name))
    placement_request = lock_editable(placement_request)
    if missing := selectors.missing_answers(placement_request=placement_request):
        sections = ", ".join(dict.fromkeys(section.title for section, _message in missing))
        raise DomainError(INCOMPLETE_FOR_SIGN_OFF.format(count=len(missing), sections=sections))
    placement_request.approved_by = membership.user
    placement_request.approved_at = timezone.now()
    placement_request.save(update_fields=["approved_by", "approved_at"])
    record_change(instance=placement_request, action=REQUEST_SIGNED_OFF, user=membership.user)
    return placement_request


def safeguarding_help_ask(*, placement_request, membership) -> list:
    """Email the school's colleagues cleared for safeguarding information, asking them to complete the
    request's safeguarding section (by reference and link only). Returns whom it asked."""
    colleagues = [
        each for each in selectors.cleared_referrers_of(school=placement_request.school) if each != membership
    ]
    if not colleagues:
        raise DomainError(NO_ONE_CLEARED.format(school=placement_request.school.name))
    context = {
        "reference": placement_request.reference,
        "asked_by": membership.user,
        "url": selectors.request_url(placement_request=placement_request),
    }
    for colleague in colleagues:
        send_after_commit(
            "placements/email/safeguarding_help",
            to=colleague.user.email,
            context={**context, "colleague": colleague},
        )
    record_change(
        instance=placement_request,
        action=SAFEGUARDING_HELP_ASKED,
        user=membership.user,
        about=", ".join(str(colleague.user) for colleague in colleagues),
    )
    return colleagues


def tell_referrers(placement_request, template, **context):
    """Email each referrer of the school: by reference and link only, never the child's details."""
    context = {
        "placement_request": placement_request,
        "reference": placement_request.reference,
        "school": placement_request.school,
        "url": selectors.request_url(placement_request=placement_request),
        **context,
    }
    for email in selectors.referrer_emails_of(school=placement_request.school):
        send_after_commit(f"placements/email/{template}", to=email, context=context)


def to_next_meeting(placement_request, transition, *, membership, today, check=None) -> PlacementRequest:
    """Make `transition` (submitting, or asking again after a decline): the request goes to the next
    meeting whose last submission date has not passed, and the school's referrers are told."""
    meeting = selectors.next_open_meeting(today=today)

    def checked(locked):
        if check is not None:
            check(locked)
        if meeting is None:
            raise DomainError(NO_MEETING_OPEN)

    now = timezone.now()
    placement_request = workflows.transition_apply(
        placement_request,
        transition,
        by=membership,
        why=f"For the meeting on {date_format(meeting.meeting_date, 'j F Y')}" if meeting else "",
        changes={
            "meeting": meeting,
            "submitted_at": now,
            "submitted_by": membership.user,
            "returned_because": "",
            "updated_at": now,
        },
        check=checked,
    )
    tell_referrers(placement_request, "request_submitted", meeting=meeting, submitted_by=membership.user)
    return placement_request


def _check_complete_and_signed_off(placement_request):
    if missing := selectors.missing_answers(placement_request=placement_request):
        raise DomainError(INCOMPLETE.format(count=len(missing)))
    if not placement_request.is_signed_off:
        raise DomainError(NOT_SIGNED_OFF)


@transaction.atomic
def placement_request_submit(*, placement_request, membership, today: date) -> PlacementRequest:
    """A referrer sends a complete, signed-off request to the next meeting whose last submission date
    has not passed (on a later day it goes to the following meeting). A returned request is sent again
    the same way."""
    return to_next_meeting(
        placement_request, "submit", membership=membership, today=today, check=_check_complete_and_signed_off
    )


@transaction.atomic
def placement_request_return_for_information(*, placement_request, user, what_is_needed) -> PlacementRequest:
    """The panel sends a request back to the school, saying what is missing; the school can change it
    and send it again before the deadline."""
    what_is_needed = what_is_needed.strip()
    placement_request = workflows.transition_apply(
        placement_request,
        "return_for_information",
        by=user,
        why=what_is_needed,
        changes={"returned_because": what_is_needed, "updated_at": timezone.now()},
    )
    tell_referrers(placement_request, "request_returned", what_is_needed=what_is_needed)
    return placement_request


def placement_request_place_on_agenda(*, placement_request, user) -> PlacementRequest:
    return workflows.transition_apply(
        placement_request, "place_on_agenda", by=user, changes={"updated_at": timezone.now()}
    )


def placement_request_withdraw(*, placement_request, membership, why="") -> PlacementRequest:
    """The school no longer asks for a placement (before the panel decides)."""
    return workflows.transition_apply(
        placement_request, "withdraw", by=membership, why=why, changes={"updated_at": timezone.now()}
    )


def access_by(user, *, placement_request, kind, what) -> RequestAccess:
    """An unsaved access by `user`, who is named as they are now, so the record outlives their account."""
    return RequestAccess(
        request=placement_request,
        user=user,
        viewer_name=user.get_full_name().strip(),
        viewer_email=user.email,
        kind=kind,
        what=what,
    )


def request_access_record(*, placement_request, user, kind=AccessKind.VIEWED, what) -> RequestAccess:
    """Record that someone saw a request's page or downloaded one of its documents."""
    access = access_by(user, placement_request=placement_request, kind=kind, what=what)
    access.save()
    return access


def requests_listed_record(*, placement_requests, user, what) -> list[RequestAccess]:
    """Record that a list showed `user` the pupil's name of each of `placement_requests` that has one
    (one insert for the whole list)."""
    return RequestAccess.objects.bulk_create(
        access_by(user, placement_request=placement_request, kind=AccessKind.LISTED, what=what)
        for placement_request in placement_requests
        if placement_request.pupil_name
    )
