"""Refunds of card payments: one row per refund, recorded before Stripe is asked so that a retry finds
it and never refunds twice. A refund is made by staff from the admin, automatically when a card payment
arrives for an order that no longer needs it, or in Stripe's own dashboard (recorded when Stripe tells us).
Its Stripe id is unique, so a replayed event finds the row it made."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from common import workflows


class RefundStatus(models.TextChoices):
    REQUESTED = "requested", "Waiting for Stripe"
    REFUNDED = "refunded", "Refunded"
    FAILED = "failed", "Failed at Stripe"
    SETTLED_ELSEWHERE = "settled_elsewhere", "Settled another way"


class RefundOrigin(models.TextChoices):
    STAFF = "staff", "By the unit's staff"
    AUTOMATIC = "automatic", "Automatic: the order did not need the payment"
    STRIPE = "stripe", "In Stripe's dashboard"


LEDGER_KEY_PREFIX = "refund-"
REFUND_DUE_ELSEWHERE = (
    "Say how the money went back to the school (for example the bank transfer's reference). It is "
    "recorded on the order's history."
)


class Refund(workflows.FSMModelMixin, models.Model):
    order = models.ForeignKey("orders.Order", on_delete=models.PROTECT, related_name="refunds")
    card_payment = models.ForeignKey("orders.CardPayment", on_delete=models.PROTECT, related_name="refunds")
    amount_pence = models.PositiveIntegerField()
    status = workflows.StatusField(
        max_length=20, choices=RefundStatus.choices, default=RefundStatus.REQUESTED
    )
    origin = models.CharField(max_length=10, choices=RefundOrigin.choices, default=RefundOrigin.STAFF)
    stripe_refund_id = models.CharField(max_length=255, unique=True, null=True, blank=True)
    reason = models.CharField(max_length=500)
    failure_message = models.CharField(max_length=500, blank=True)
    refunded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    refunded_at = models.DateTimeField("recorded at", default=timezone.now)

    class Meta:
        ordering = ["-refunded_at", "-pk"]

    def __str__(self):
        return f"Refund {self.stripe_refund_id or self.pk} on {self.order}"

    @property
    def ledger_key(self):
        """What Stripe knows this refund by before we know its id: its idempotency key and metadata."""
        return f"{LEDGER_KEY_PREFIX}{self.pk}"

    @staticmethod
    def pk_of_ledger_key(ledger_key) -> int | None:
        number = ledger_key.removeprefix(LEDGER_KEY_PREFIX)
        return int(number) if ledger_key.startswith(LEDGER_KEY_PREFIX) and number.isdigit() else None

    @property
    def is_waiting(self):
        return self.status == RefundStatus.REQUESTED

    @workflows.transition(
        source=RefundStatus.REQUESTED,
        target=RefundStatus.REFUNDED,
        label="Refunded by Stripe",
        allowed=workflows.system,
    )
    def accept(self):
        """Stripe has taken the refund (the money is on its way back to the card)."""

    @workflows.transition(
        source=[RefundStatus.REQUESTED, RefundStatus.REFUNDED],
        target=RefundStatus.FAILED,
        label="Refund failed",
        allowed=workflows.system,
    )
    def fail(self):
        """Stripe could not refund the card (a closed account, say): staff settle it another way."""

    @workflows.transition(
        source=RefundStatus.FAILED,
        target=RefundStatus.SETTLED_ELSEWHERE,
        label="Settled another way",
        allowed=workflows.staff("orders.change_order"),
        needs={"why": REFUND_DUE_ELSEWHERE},
    )
    def settle_elsewhere(self):
        """Staff paid the money back another way, such as a bank transfer."""
