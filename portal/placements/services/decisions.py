"""The panel's decisions: recording one (with its reasons, recommendations, lead professional and agreed
actions), or deferring a request to a named later meeting. The school's referrers and the district's
lead for safeguarding are told by reference and link, never the child's details."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format

from common import workflows
from common.audit import record_change
from common.email import send_after_commit
from common.errors import DomainError
from portal.placements import selectors
from portal.placements.models.decisions import AgreedAction, Outcome, PanelDecision
from portal.placements.models.requests import ONLY_DECLINED, REASONS_REQUIRED
from portal.placements.services import placements as placement_services
from portal.placements.services.requests import tell_referrers, to_next_meeting

OFFER_OVER_CAPACITY = "placements.offer_over_capacity"
CHANGE_LABELS = {OFFER_OVER_CAPACITY: "Offer confirmed over capacity, for the weeks starting"}

RECOMMENDATIONS_REQUIRED = "Enter the panel's recommendations for the school."
LEAD_PROFESSIONAL_REQUIRED = "Enter the lead professional."
ACTION_INCOMPLETE = "Give each agreed action an owner and a due date."
DEFER_TO_LATER_MEETING = "Choose a meeting after {meeting}."


@dataclass(frozen=True)
class Action:
    action: str
    owner: str
    due_on: date | None


def _checked(*, outcome, reasons, recommendations, lead_professional, actions):
    if not reasons.strip():
        raise DomainError(REASONS_REQUIRED, field="reasons")
    if outcome != Outcome.OFFER and not recommendations.strip():
        raise DomainError(RECOMMENDATIONS_REQUIRED, field="recommendations")
    if not lead_professional.strip():
        raise DomainError(LEAD_PROFESSIONAL_REQUIRED, field="lead_professional")
    for action in actions:
        if not action.owner.strip() or action.due_on is None:
            raise DomainError(ACTION_INCOMPLETE, field="actions")


def _check_room_for_an_offer(placement_request, *, confirmed: bool) -> list:
    """An offer whose placement would meet a week with no place free is refused, naming the weeks,
    unless staff confirm it. A decision holds no start date, so the placement is taken to start on the
    next school day after the meeting; a school year whose dates do not reach that far is said beside
    the decision."""
    try:
        plan = placement_services.plan_from(placement_request.meeting.meeting_date + timedelta(days=1))
    except DomainError as error:
        raise DomainError(error.message, field="outcome") from error
    return placement_services.capacity_check(plan, confirmed=confirmed)


@transaction.atomic
def placement_request_decide(
    *,
    placement_request,
    user,
    outcome,
    reasons,
    recommendations="",
    recommended_package=None,
    lead_professional,
    actions=(),
    over_capacity_confirmed: bool = False,
) -> PanelDecision:
    """Record the panel's decision on a request on the agenda; an offer whose placement would have a
    week with no place free must be confirmed (`over_capacity_confirmed`)."""
    actions = [action for action in actions if action.action.strip()]
    _checked(
        outcome=outcome,
        reasons=reasons,
        recommendations=recommendations,
        lead_professional=lead_professional,
        actions=actions,
    )
    outcome = Outcome(outcome)

    weeks_full = []

    def check_room(locked):
        if outcome == Outcome.OFFER:
            weeks_full.extend(_check_room_for_an_offer(locked, confirmed=over_capacity_confirmed))

    placement_request = workflows.transition_apply(
        placement_request,
        "decide",
        by=user,
        why=outcome.label,
        changes={"updated_at": timezone.now()},
        check=check_room,
    )
    if weeks_full:
        record_change(
            instance=placement_request,
            action=OFFER_OVER_CAPACITY,
            user=user,
            about=", ".join(placement_services.long_date(week.week_starting) for week in weeks_full),
        )
    decision = PanelDecision.objects.create(
        request=placement_request,
        meeting=placement_request.meeting,
        outcome=outcome,
        reasons=reasons.strip(),
        recommendations=recommendations.strip(),
        recommended_package=recommended_package,
        lead_professional=lead_professional.strip(),
        recorded_by=user,
    )
    AgreedAction.objects.bulk_create(
        AgreedAction(
            meeting=decision.meeting,
            decision=decision,
            action=each.action.strip(),
            owner=each.owner.strip(),
            due_on=each.due_on,
        )
        for each in actions
    )
    context = {"outcome": outcome.label, "meeting": placement_request.meeting}
    tell_referrers(placement_request, "request_decided", **context)
    district = placement_request.school.district
    context.update(
        reference=placement_request.reference,
        school=placement_request.school,
        district=district,
        url=selectors.request_url(placement_request=placement_request),
    )
    send_after_commit(
        "placements/email/request_decided_district", to=district.safeguarding_lead_email, context=context
    )
    if placement_request.looked_after and placement_request.virtual_school_email:
        send_after_commit(
            "placements/email/request_decided_virtual_school",
            to=placement_request.virtual_school_email,
            context=context,
        )
    return decision


def _meetings_moved(earlier, later):
    """What a deferral changed, for the request's history (its status stays "on the agenda")."""
    if earlier is None or later is None:
        return ""
    return (
        f"from the meeting on {date_format(earlier.meeting_date, 'j F Y')} "
        f"to the meeting on {date_format(later.meeting_date, 'j F Y')}"
    )


@transaction.atomic
def placement_request_defer(*, placement_request, user, to_meeting, reasons):
    """The panel puts off deciding until a named later meeting, whose agenda the request moves to."""
    reasons = reasons.strip()

    def check_later_meeting(locked):
        current = locked.meeting
        if to_meeting is None or to_meeting.meeting_date <= current.meeting_date:
            raise DomainError(
                DEFER_TO_LATER_MEETING.format(meeting=date_format(current.meeting_date, "j F Y")),
                field="to_meeting",
            )

    placement_request = workflows.transition_apply(
        placement_request,
        "defer",
        by=user,
        why=reasons,
        about=_meetings_moved(placement_request.meeting, to_meeting),
        changes={"meeting": to_meeting, "updated_at": timezone.now()},
        check=check_later_meeting,
    )
    tell_referrers(placement_request, "request_deferred", meeting=to_meeting, reasons=reasons)
    return placement_request


def _check_declined(placement_request):
    if not selectors.was_declined(placement_request=placement_request):
        raise DomainError(ONLY_DECLINED.format(record=placement_request))


@transaction.atomic
def placement_request_ask_again(*, placement_request, membership, today: date):
    """The school still asks for a placement after the panel declined it: the request goes to the next
    meeting still open, where the panel looks at it again (and the earlier decision stays on record)."""
    return to_next_meeting(
        placement_request, "ask_again", membership=membership, today=today, check=_check_declined
    )
