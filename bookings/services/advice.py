"""The advice line: a school asks for a call back; the outreach team records the call and closes it (the
transition `CallbackRequest.close`, applied by `common.workflows.transition_apply`)."""

import datetime

from django.db import transaction
from django.utils import timezone

from bookings.models import CallbackRequest
from common import workflows
from common.audit import record_change
from common.errors import DomainError
from portal.orders import selectors as orders_selectors
from portal.orders.services import rules

# Audited when asked for; closing is the declared transition.
CALLBACK_REQUESTED = "bookings.callback_requested"

NO_UNIVERSAL_OFFER = (
    "The advice line comes with the Universal Support Offer. {school} does not hold it this year."
)
TOPIC_REQUIRED = "Enter what the call is about."
PHONE_INVALID = "Enter a phone number we can call, like 01632 960 123."
TIMES_REQUIRED = "Enter the days and times that suit you, like weekdays after 3:30pm."


def check_phone(*, phone: str) -> str:
    digits = [character for character in phone if character.isdigit()]
    if not 10 <= len(digits) <= 15 or any(c not in "0123456789 +()-" for c in phone):
        raise DomainError(PHONE_INVALID, field="phone")
    return " ".join(phone.split())


@transaction.atomic
def callback_request_create(
    *,
    membership,
    topic: str,
    phone: str,
    times_that_suit: str,
    pupil_initials: str = "",
    pupil_year_group: str = "",
    today: datetime.date | None = None,
) -> CallbackRequest:
    """Ask the advice line to call back. A pupil, when the call is about one, is named by initials and
    year group only (the buying rules' check)."""
    today = today or timezone.localdate()
    school = membership.school
    if not orders_selectors.holds_universal_offer(school=school, on_date=today):
        raise DomainError(NO_UNIVERSAL_OFFER.format(school=school.name))
    topic = " ".join(topic.split())
    if not topic:
        raise DomainError(TOPIC_REQUIRED, field="topic")
    times_that_suit = " ".join(times_that_suit.split())
    if not times_that_suit:
        raise DomainError(TIMES_REQUIRED, field="times_that_suit")
    pupil = rules.Focus()
    if pupil_initials or pupil_year_group:
        pupil = rules.check_pupil(pupil_initials=pupil_initials, pupil_year_group=pupil_year_group)
    request = CallbackRequest.objects.create(
        school=school,
        requested_by=membership.user,
        created_at=timezone.now(),
        topic=topic,
        pupil_initials=pupil.pupil_initials,
        pupil_year_group=pupil.pupil_year_group,
        phone=check_phone(phone=phone),
        times_that_suit=times_that_suit,
    )
    record_change(
        instance=request, action=CALLBACK_REQUESTED, user=membership.user, to=request.get_status_display()
    )
    return request


@transaction.atomic
def callback_close(
    *, callback, user, called_by: str, called_at, duration_minutes: int, advice: str, follow_up: str = ""
) -> CallbackRequest:
    """Record the call (who, when, how long, the advice, any follow-up) and close the request."""
    return workflows.transition_apply(
        callback,
        "close",
        by=user,
        changes={
            "called_by": called_by.strip(),
            "called_at": called_at,
            # 0 minutes counts as missing, as a blank does: the declaration needs the length.
            "duration_minutes": duration_minutes or None,
            "advice": advice.strip(),
            "follow_up": follow_up.strip(),
            "closed_by": user,
        },
    )
