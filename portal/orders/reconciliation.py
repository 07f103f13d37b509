"""The reconciliation report: every difference between what Stripe has of our card payments and refunds
and what the ledger (`CardPayment`, `Refund`) records, for a range of days. It only reads, here and at
Stripe; staff (or `manage.py reconcile_stripe`, from cron) act on what it finds.

The payments compared are those Stripe took in the range, those the ledger records as succeeded that were
started in the range, and those of the refunds recorded in the range; a payment's own date may fall on
either side of the range's edge (a bank's check finished the next morning), so each side is looked up in
the other whatever its date. For each of them, Stripe's refunds are compared with the ledger's.

A refund made in Stripe's dashboard during the range, of a payment taken before it, is not seen here
(Stripe's list of refunds cannot be filtered by date on localstripe); its webhook records it anyway.

The demo content's payment was never made at Stripe (`DEMO_PAYMENT_INTENT_PREFIX`): it is left out, and
counted, so the screen can say so.
"""

import datetime
import enum
from dataclasses import dataclass

from django.db.models import Q, Sum
from django.utils import formats, timezone

from common.errors import DomainError
from common.money import format_pence
from portal.orders import selectors, stripe_gateway
from portal.orders.models import (
    DEMO_PAYMENT_INTENT_PREFIX,
    CardPayment,
    CardPaymentStatus,
    Refund,
    RefundStatus,
)

STRIPE_UNREACHABLE = (
    "Stripe could not be reached, so the ledger could not be compared with it. Try again in a few minutes."
)
RANGE_BACKWARDS = 'Enter a date in "To" that is the same as or after the date in "From".'

PAYMENT_MISSING = "Stripe took {amount} on {when} ({payment}{for_order}), but the ledger has no such payment."
PAYMENT_NOT_SUCCEEDED = (
    "Stripe took {amount} on {when} (payment {payment}), but the ledger records the payment as {status}."
)
PAYMENT_NOT_AT_STRIPE = (
    "The ledger records payment {payment} of {amount} for order {order} as succeeded, "
    "but Stripe has not taken it."
)
PAYMENT_AMOUNT_DIFFERS = (
    "Stripe took {stripe_amount} by payment {payment} for order {order}, but the ledger records {amount}."
)
REFUND_MISSING = (
    "Stripe refunded {amount} of payment {payment} (refund {refund}), but the ledger has no such refund."
)
REFUND_NOT_AT_STRIPE = (
    "The ledger records refund {refund} of {amount} of payment {payment} as refunded, "
    "but Stripe has no such refund."
)
REFUND_FAILED_AT_STRIPE = (
    "The ledger records refund {refund} of {amount} of payment {payment} as refunded, "
    "but Stripe says it failed."
)
REFUND_AMOUNT_DIFFERS = (
    "Stripe refunded {stripe_amount} by refund {refund} of payment {payment}, "
    "but the ledger records {amount}."
)
REFUND_NOT_RECORDED = (
    "Stripe refunded {amount} of payment {payment} (refund {refund}), "
    "but the ledger records the refund as {status}."
)
REFUND_WAITING = (
    "The refund of {amount} of payment {payment} for order {order} has waited for Stripe since {when}: "
    "send it again under Orders > Refunds."
)
MONEY_KEPT = (
    "Payment {payment} took {amount} for order {order} but did not pay it, "
    "and only {refunded} of it has been refunded."
)


class DifferenceKind(enum.Enum):
    """What kind of difference, with the short label the report's table shows."""

    PAYMENT_MISSING = "Payment missing from the ledger"
    PAYMENT_NOT_AT_STRIPE = "Payment not taken by Stripe"
    PAYMENT_AMOUNT_DIFFERS = "Payment amounts differ"
    REFUND_MISSING = "Refund missing from the ledger"
    REFUND_NOT_AT_STRIPE = "Refund not made by Stripe"
    REFUND_AMOUNT_DIFFERS = "Refund amounts differ"
    REFUND_WAITING = "Refund waiting for Stripe"
    MONEY_KEPT = "Money kept for nothing"

    @property
    def label(self):
        return self.value


@dataclass(frozen=True)
class Difference:
    kind: DifferenceKind
    payment_intent_id: str  # or the charge's id, for a charge made without one
    order_reference: str
    message: str  # a sentence for staff


def _day_start(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time.min, tzinfo=timezone.get_current_timezone())


def _when(moment: datetime.datetime) -> str:
    return formats.date_format(timezone.localtime(moment), "j F Y, H:i")


def _stripe_amount(pence, currency):
    if currency == stripe_gateway.CURRENCY:
        return format_pence(pence)
    return f"{pence / 100:.2f} {currency.upper()}"


def demo_payments_left_out(*, start: datetime.date, end: datetime.date) -> int:
    """How many of the demo content's card payments (never made at Stripe) the report leaves out."""
    return CardPayment.objects.filter(
        payment_intent_id__startswith=DEMO_PAYMENT_INTENT_PREFIX,
        started_at__gte=_day_start(start),
        started_at__lt=_day_start(end + datetime.timedelta(days=1)),
    ).count()


def differences(*, start: datetime.date, end: datetime.date) -> list[Difference]:
    """Every difference between Stripe and the ledger for the days `start` to `end` (both included), in
    the order the payments were made. `StripeUnreachable` (with a message for staff) if Stripe cannot be
    asked."""
    try:
        return _Comparison(start=start, end=end).differences()
    except stripe_gateway.StripeUnreachable as error:
        raise stripe_gateway.StripeUnreachable(STRIPE_UNREACHABLE) from error


class _Comparison:
    def __init__(self, *, start, end):
        self.since = _day_start(start)
        self.until = _day_start(end + datetime.timedelta(days=1))
        self.found: list[Difference] = []

    def differences(self) -> list[Difference]:
        # Everything Stripe took from the range's first moment on, so that a ledger payment started in
        # the range is found however late its bank's check finished.
        at_stripe = {
            taken.payment_intent_id or taken.charge_id: taken
            for taken in stripe_gateway.succeeded_payments_since(since=int(self.since.timestamp()) - 1)
        }
        taken_in_range = [taken for taken in at_stripe.values() if taken.created < self.until.timestamp()]
        ledger = {
            payment.payment_intent_id: payment
            for payment in CardPayment.objects.filter(
                Q(payment_intent_id__in=[taken.payment_intent_id for taken in taken_in_range])
                | Q(status=CardPaymentStatus.SUCCEEDED)
                & (
                    Q(started_at__gte=self.since, started_at__lt=self.until)
                    | Q(refunds__refunded_at__gte=self.since, refunds__refunded_at__lt=self.until)
                )
            )
            .exclude(payment_intent_id=None)
            .exclude(payment_intent_id__startswith=DEMO_PAYMENT_INTENT_PREFIX)
            .select_related("order")
            .distinct()
        }
        for taken in sorted(taken_in_range, key=lambda taken: taken.created):
            key = taken.payment_intent_id or taken.charge_id
            self._compare_payment(key, taken, ledger.pop(taken.payment_intent_id, None))
        for payment in sorted(ledger.values(), key=lambda payment: payment.started_at):
            self._compare_payment(
                payment.payment_intent_id,
                at_stripe.get(payment.payment_intent_id) or self._taken_before(payment),
                payment,
            )
        return self.found

    def _taken_before(self, payment) -> stripe_gateway.StripePayment | None:
        """A succeeded ledger payment not among those Stripe took since the range began (a refund in the
        range of an older payment, say): ask Stripe for it by its id."""
        try:
            charge = stripe_gateway.payment_intent_fetch(payment_intent_id=payment.payment_intent_id)
        except stripe_gateway.StripeUnreachable:
            raise
        except DomainError:
            return None  # Stripe has no such payment
        if not charge.succeeded:
            return None
        return stripe_gateway.StripePayment(
            payment_intent_id=charge.payment_intent_id,
            amount_pence=charge.amount_pence,
            currency=charge.currency,
            created=0,
        )

    def _add(self, kind, payment_id, order_reference, message, **fields):
        self.found.append(
            Difference(
                kind=kind,
                payment_intent_id=payment_id,
                order_reference=order_reference,
                message=message.format(**fields),
            )
        )

    def _compare_payment(self, key, taken, payment):
        order = payment.order.reference if payment is not None else ""
        if taken is None:
            if payment.status == CardPaymentStatus.SUCCEEDED:
                self._add(
                    DifferenceKind.PAYMENT_NOT_AT_STRIPE,
                    key,
                    order,
                    PAYMENT_NOT_AT_STRIPE,
                    payment=key,
                    amount=format_pence(payment.amount_pence),
                    order=order,
                )
            return
        stripe_amount = _stripe_amount(taken.amount_pence, taken.currency)
        when = _when(datetime.datetime.fromtimestamp(taken.created, tz=datetime.UTC))
        if payment is None:
            order = self._order_reference_at_stripe(taken)
            self._add(
                DifferenceKind.PAYMENT_MISSING,
                key,
                order,
                PAYMENT_MISSING,
                amount=stripe_amount,
                when=when,
                payment=f"payment {key}" if taken.payment_intent_id else f"charge {key}",
                for_order=f", for order {order}" if order else "",
            )
            return
        if payment.status != CardPaymentStatus.SUCCEEDED:
            self._add(
                DifferenceKind.PAYMENT_MISSING,
                key,
                order,
                PAYMENT_NOT_SUCCEEDED,
                amount=stripe_amount,
                when=when,
                payment=key,
                status=payment.get_status_display().lower(),
            )
            return
        if (taken.amount_pence, taken.currency) != (payment.amount_pence, stripe_gateway.CURRENCY):
            self._add(
                DifferenceKind.PAYMENT_AMOUNT_DIFFERS,
                key,
                order,
                PAYMENT_AMOUNT_DIFFERS,
                stripe_amount=stripe_amount,
                payment=key,
                order=order,
                amount=format_pence(payment.amount_pence),
            )
        self._compare_refunds(payment)
        self._check_money_kept(payment)

    @staticmethod
    def _order_reference_at_stripe(taken) -> str:
        """The order a payment made without us names in its metadata, if it was made for one."""
        if not taken.payment_intent_id:
            return ""
        return stripe_gateway.payment_intent_fetch(payment_intent_id=taken.payment_intent_id).order_reference

    def _compare_refunds(self, payment):
        order = payment.order.reference
        recorded = list(Refund.objects.filter(card_payment=payment).order_by("refunded_at", "pk"))
        matched = set()
        for made in stripe_gateway.refunds_of(payment_intent_id=payment.payment_intent_id):
            refund = next(
                (
                    each
                    for each in recorded
                    if each.stripe_refund_id == made.refund_id
                    or (not each.stripe_refund_id and Refund.pk_of_ledger_key(made.ledger_key) == each.pk)
                ),
                None,
            )
            if refund is not None:
                matched.add(refund.pk)
            self._compare_refund(made, refund, order=order)
        for refund in recorded:
            if refund.pk not in matched and refund.status == RefundStatus.REFUNDED:
                self._add(
                    DifferenceKind.REFUND_NOT_AT_STRIPE,
                    payment.payment_intent_id,
                    order,
                    REFUND_NOT_AT_STRIPE,
                    refund=refund.stripe_refund_id or refund.ledger_key,
                    amount=format_pence(refund.amount_pence),
                    payment=payment.payment_intent_id,
                )
            self._check_waiting(refund, order=order)

    def _compare_refund(self, made, refund, *, order):
        fields = {"payment": made.payment_intent_id, "refund": made.refund_id}
        if refund is None:
            if not made.failed:
                self._add(
                    DifferenceKind.REFUND_MISSING,
                    made.payment_intent_id,
                    order,
                    REFUND_MISSING,
                    amount=format_pence(made.amount_pence),
                    **fields,
                )
            return
        if made.amount_pence != refund.amount_pence:
            self._add(
                DifferenceKind.REFUND_AMOUNT_DIFFERS,
                made.payment_intent_id,
                order,
                REFUND_AMOUNT_DIFFERS,
                stripe_amount=format_pence(made.amount_pence),
                amount=format_pence(refund.amount_pence),
                **fields,
            )
        elif made.failed and refund.status == RefundStatus.REFUNDED:
            self._add(
                DifferenceKind.REFUND_NOT_AT_STRIPE,
                made.payment_intent_id,
                order,
                REFUND_FAILED_AT_STRIPE,
                amount=format_pence(refund.amount_pence),
                **fields,
            )
        elif not made.failed and refund.status in (RefundStatus.FAILED, RefundStatus.SETTLED_ELSEWHERE):
            # Paid back twice, perhaps: by Stripe after all, and by staff another way.
            self._add(
                DifferenceKind.REFUND_MISSING,
                made.payment_intent_id,
                order,
                REFUND_NOT_RECORDED,
                amount=format_pence(made.amount_pence),
                status=refund.get_status_display().lower(),
                **fields,
            )

    def _check_waiting(self, refund, *, order):
        if refund.is_waiting and refund.refunded_at <= timezone.now() - selectors.REFUND_WAIT_BEFORE_SHOWN:
            self._add(
                DifferenceKind.REFUND_WAITING,
                refund.card_payment.payment_intent_id,
                order,
                REFUND_WAITING,
                amount=format_pence(refund.amount_pence),
                payment=refund.card_payment.payment_intent_id,
                order=order,
                when=_when(refund.refunded_at),
            )

    def _check_money_kept(self, payment):
        """A payment that took money but did not pay its order must be refunded in full (a refund still
        on its way counts; one that failed at Stripe does not)."""
        if payment.order.paid_by_reference == payment.payment_intent_id:
            return
        refunded = (
            payment.refunds.exclude(status=RefundStatus.FAILED).aggregate(total=Sum("amount_pence"))["total"]
            or 0
        )
        if refunded < payment.amount_pence:
            self._add(
                DifferenceKind.MONEY_KEPT,
                payment.payment_intent_id,
                payment.order.reference,
                MONEY_KEPT,
                payment=payment.payment_intent_id,
                amount=format_pence(payment.amount_pence),
                order=payment.order.reference,
                refunded=format_pence(refunded),
            )
