"""Training requests: the school asks, the outreach coordinator agrees (or declines), staff record who
came, and the school orders it; until then the school may withdraw it and staff may cancel it. Prices
come from `services.pricing`, the function the public calculator uses, and only there. Each change of
state is declared on `TrainingRequest` and applied by `common.workflows.transition_apply`."""

import datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from bookings import selectors
from bookings.models import TrainingRequest
from common import workflows
from common.audit import record_change
from common.email import send_after_commit
from common.errors import DomainError
from common.urls import absolute_url
from portal.orders.models import Order
from portal.orders.services.agreed_orders import order_place_for_agreed_training
from services import pricing

# Audited events that are not a change of state (those are `TrainingRequest`'s declared transitions).
TRAINING_REQUESTED = "bookings.training_requested"
TRAINING_ORDERED = "bookings.training_ordered"

TOPIC_REQUIRED = "Choose at least one topic from the menu."
DATES_REQUIRED = "Give two or three dates that would suit you."
DATES_IN_FUTURE = "Choose preferred dates after today."
DATES_DIFFERENT = "Choose different preferred dates."
AGREED_DATE_IN_PAST = "Choose an agreed date from today on."
NOT_DELIVERED_YET = "Record attendance once the training has taken place."
ATTENDED_INVALID = "Enter how many staff attended, from 0 to {most}."
NOT_AGREED_TO_ORDER = "Only agreed training can be ordered."
ALREADY_ORDERED = "This training is already ordered: {reference}."
WITHDRAW_NOT_ALLOWED = (
    "Only the person who asked for this training, or an administrator at the school, can withdraw it."
)
NOT_A_BUYER = "Ordering needs the administrator or finance role at the school."


def check_topics(*, topics, training_format) -> None:
    """At least one topic, each offered in the chosen format (the catalogue's rule)."""
    if not topics:
        raise DomainError(TOPIC_REQUIRED, field="topics")
    for topic in topics:
        pricing.check_topic_allows_format(topic=topic, training_format=training_format)


def check_preferred_dates(*, dates, today: datetime.date) -> list[datetime.date]:
    dates = [day for day in dates if day is not None]
    if len(dates) < 2:
        raise DomainError(DATES_REQUIRED, field="preferred_date_1")
    if any(day <= today for day in dates):
        raise DomainError(DATES_IN_FUTURE, field="preferred_date_1")
    if len(set(dates)) != len(dates):
        raise DomainError(DATES_DIFFERENT, field="preferred_date_2")
    return dates


def quote(*, training_format, topics, staff_count) -> pricing.TrainingQuote:
    """The price of the request, checking every topic allows the format and the headcount."""
    check_topics(topics=topics, training_format=training_format)
    return pricing.training_quote(training_format=training_format, staff_count=staff_count)


def _notify(request, template, **context):
    send_after_commit(
        f"bookings/email/{template}",
        # The person who asked, or the school's finance contact once their account is gone.
        to=request.requested_by.email if request.requested_by else request.school.finance_email,
        context={
            "request": request,
            "url": absolute_url(reverse("bookings:training_request", args=[request.pk])),
            **context,
        },
    )


@transaction.atomic
def training_request_create(
    *,
    membership,
    training_format,
    topics,
    staff_count,
    mode,
    preferred_dates,
    notes: str = "",
    today: datetime.date | None = None,
) -> TrainingRequest:
    """A school asks for training; the outreach coordinator then agrees it or declines it."""
    today = today or timezone.localdate()
    priced = quote(training_format=training_format, topics=topics, staff_count=staff_count)
    dates = check_preferred_dates(dates=preferred_dates, today=today) + [None]
    request = TrainingRequest.objects.create(
        school=membership.school,
        requested_by=membership.user,
        created_at=timezone.now(),
        training_format=training_format,
        staff_count=staff_count,
        mode=mode,
        preferred_date_1=dates[0],
        preferred_date_2=dates[1],
        preferred_date_3=dates[2],
        notes=notes.strip(),
        quoted_pence=priced.total_pence,
    )
    request.topics.set(topics)
    record_change(
        instance=request, action=TRAINING_REQUESTED, user=membership.user, to=request.get_status_display()
    )
    return request


@transaction.atomic
def training_agree(
    *,
    request,
    user,
    agreed_date,
    agreed_time,
    trainer: str,
    final_staff_count,
    today: datetime.date | None = None,
) -> TrainingRequest:
    """Agree the date, time, trainer and final headcount; the price is the catalogue's for that headcount."""
    today = today or timezone.localdate()

    def check(request):
        if agreed_date < today:
            raise DomainError(AGREED_DATE_IN_PAST, field="agreed_date")

    return workflows.transition_apply(
        request,
        "agree",
        by=user,
        check=check,
        changes={
            "agreed_date": agreed_date,
            "agreed_time": agreed_time,
            "trainer": trainer.strip(),
            "final_staff_count": final_staff_count,
            "agreed_price_pence": pricing.training_price(
                training_format=request.training_format, staff_count=final_staff_count
            ),
            "decided_at": timezone.now(),
        },
        notify=lambda agreed: _notify(agreed, "training_agreed"),
    )


@transaction.atomic
def training_decline(*, request, user, reason: str) -> TrainingRequest:
    """Decline the request; the school is emailed the reason."""
    reason = reason.strip()
    return workflows.transition_apply(
        request,
        "decline",
        by=user,
        why=reason,
        changes={"decline_reason": reason, "decided_at": timezone.now()},
        notify=lambda declined: _notify(declined, "training_declined"),
    )


def _refuse(refusal: str | None):
    if refusal is not None:
        raise DomainError(refusal)


@transaction.atomic
def training_withdraw(*, request, membership, today: datetime.date | None = None) -> TrainingRequest:
    """The school withdraws its request, or agreed training, before the day and before ordering it."""
    today = today or timezone.localdate()

    try:
        return workflows.transition_apply(
            request,
            "withdraw",
            by=membership,
            check=lambda request: _refuse(selectors.training_withdraw_refusal(request=request, today=today)),
            changes={"cancelled_at": timezone.now()},
        )
    except PermissionDenied:
        raise DomainError(WITHDRAW_NOT_ALLOWED) from None


@transaction.atomic
def training_cancel(*, request, user, reason: str) -> TrainingRequest:
    """Staff cancel a request or agreed training that will not take place; the school is emailed why."""
    reason = reason.strip()
    return workflows.transition_apply(
        request,
        "cancel",
        by=user,
        why=reason,
        check=lambda request: _refuse(selectors.training_cancel_refusal(request=request)),
        changes={"cancel_reason": reason, "cancelled_at": timezone.now()},
        notify=lambda cancelled: _notify(cancelled, "training_cancelled"),
    )


@transaction.atomic
def training_record_attendance(
    *, request, user, attended_count: int, attendance_note: str = "", today: datetime.date | None = None
) -> TrainingRequest:
    """After delivery: how many came and who; the request is then delivered."""
    today = today or timezone.localdate()
    most = pricing.MAX_TRAINING_STAFF

    def check(request):
        if not selectors.training_has_taken_place(request=request, today=today):
            raise DomainError(NOT_DELIVERED_YET)
        if (
            isinstance(attended_count, bool)
            or not isinstance(attended_count, int)
            or not 0 <= attended_count <= most
        ):
            raise DomainError(ATTENDED_INVALID.format(most=most), field="attended_count")

    return workflows.transition_apply(
        request,
        "deliver",
        by=user,
        why=f"{attended_count} attended",
        check=check,
        changes={"attended_count": attended_count, "attendance_note": attendance_note.strip()},
    )


@transaction.atomic
def training_order(*, request, membership, payment_method: str, invoice_details=None) -> Order:
    """The school orders agreed training at the agreed price, by card (then pays on the order's page) or
    by invoice; once per request, unless an unpaid card order was cancelled."""
    if not membership.can_buy:
        raise DomainError(NOT_A_BUYER)
    request = (
        TrainingRequest.objects.select_for_update(of=("self",))
        .select_related("training_format", "order")
        .get(pk=request.pk, school=membership.school)
    )
    if not selectors.training_is_agreed(request=request):
        raise DomainError(NOT_AGREED_TO_ORDER)
    standing = selectors.training_order_standing(request=request)
    if standing is not None:
        raise DomainError(ALREADY_ORDERED.format(reference=standing.reference))
    order = order_place_for_agreed_training(
        school=membership.school,
        placed_by=membership.user,
        training_format=request.training_format,
        description=selectors.training_order_description(request=request),
        price_pence=request.agreed_price_pence,
        payment_method=payment_method,
        invoice_details=invoice_details,
    )
    request.order = order
    request.save(update_fields=["order"])
    record_change(instance=request, action=TRAINING_ORDERED, user=membership.user, to=order.reference)
    return order
