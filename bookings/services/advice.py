"""The advice line: a school asks for a call back; the outreach team records the call and closes it."""

import datetime

from django.db import transaction
from django.utils import timezone

from bookings import selectors
from bookings.models import CallbackRequest, CallbackStatus
from common.audit import record_change
from common.errors import DomainError
from portal.orders.services import rules

CALLBACK_REQUESTED = "bookings.callback_requested"
CALLBACK_CLOSED = "bookings.callback_closed"

NO_UNIVERSAL_OFFER = (
    "The advice line comes with the Universal Support Offer. {school} does not hold it this year."
)
TOPIC_REQUIRED = "Enter what the call is about."
PHONE_INVALID = "Enter a phone number we can call, like 01632 960 123."
TIMES_REQUIRED = "Enter the days and times that suit you, like weekdays after 3:30pm."
ALREADY_CLOSED = "This call-back request is already closed."
CALL_DETAILS_REQUIRED = "Enter who called, when, how long the call took and the advice given."


def check_phone(phone: str) -> str:
    digits = [character for character in phone if character.isdigit()]
    if not 10 <= len(digits) <= 15 or any(c not in "0123456789 +()-" for c in phone):
        raise DomainError(PHONE_INVALID, field="phone")
    return " ".join(phone.split())


@transaction.atomic
def callback_request(
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
    if not selectors.may_book(school=school, today=today):
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
        phone=check_phone(phone),
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
    callback = CallbackRequest.objects.select_for_update().get(pk=callback.pk)
    if callback.status != CallbackStatus.WAITING:
        raise DomainError(ALREADY_CLOSED)
    if not (called_by.strip() and called_at and duration_minutes and advice.strip()):
        raise DomainError(CALL_DETAILS_REQUIRED)
    callback.called_by = called_by.strip()
    callback.called_at = called_at
    callback.duration_minutes = duration_minutes
    callback.advice = advice.strip()
    callback.follow_up = follow_up.strip()
    callback.closed_by = user
    callback.status = CallbackStatus.CLOSED
    callback.save()
    record_change(
        instance=callback,
        action=CALLBACK_CLOSED,
        user=user,
        from_=CallbackStatus.WAITING.label,
        to=CallbackStatus.CLOSED.label,
    )
    return callback
