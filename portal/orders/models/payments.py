"""Card payments: one row per attempt to pay an order by card, keyed on Stripe's ids so a replayed
webhook or a second return from the bank finds the same row and changes nothing."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from common import workflows


class CardPaymentStatus(models.TextChoices):
    STARTED = "started", "Waiting for the card"
    NEEDS_AUTHENTICATION = "requires_action", "Waiting for the bank's check"
    DECLINED = "declined", "Declined"
    SUCCEEDED = "succeeded", "Succeeded"
    CANCELLED = "cancelled", "Cancelled"


# The demo content's card payments carry ids Stripe never issues (its own are letters and digits after
# "pi_"), as they were never made at Stripe: the reconciliation report leaves them out and says so.
DEMO_PAYMENT_INTENT_PREFIX = "pi_demo_"

# Attempts that may still take money: cancelled at Stripe once their order no longer needs them.
OPEN_CARD_PAYMENT_STATUSES = (CardPaymentStatus.STARTED, CardPaymentStatus.NEEDS_AUTHENTICATION)


class CardPayment(workflows.FSMModelMixin, models.Model):
    """Its state follows what Stripe says of the payment: only the system moves it."""

    order = models.ForeignKey("orders.Order", on_delete=models.PROTECT, related_name="card_payments")
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    started_at = models.DateTimeField(default=timezone.now)
    stripe_customer_id = models.CharField(max_length=255)
    setup_intent_id = models.CharField(max_length=255, unique=True)
    payment_intent_id = models.CharField(max_length=255, unique=True, null=True, blank=True)
    amount_pence = models.PositiveIntegerField(null=True, blank=True)
    status = workflows.StatusField(
        max_length=20, choices=CardPaymentStatus.choices, default=CardPaymentStatus.STARTED
    )
    decline_message = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-started_at", "-pk"]

    def __str__(self):
        return f"Card payment for {self.order}: {self.get_status_display().lower()}"

    @workflows.transition(
        source=CardPaymentStatus.STARTED,
        target=CardPaymentStatus.NEEDS_AUTHENTICATION,
        label="The bank asks for its check",
        allowed=workflows.system,
    )
    def needs_authentication(self):
        """Stripe asks for 3-D Secure before it charges the card."""

    @workflows.transition(
        source=[CardPaymentStatus.STARTED, CardPaymentStatus.NEEDS_AUTHENTICATION],
        target=CardPaymentStatus.DECLINED,
        label="Declined",
        allowed=workflows.system,
    )
    def decline(self):
        """The card was declined, or the bank's check failed."""

    @workflows.transition(
        source=[
            CardPaymentStatus.STARTED,
            CardPaymentStatus.NEEDS_AUTHENTICATION,
            CardPaymentStatus.DECLINED,
            # The bank's check can complete at Stripe before our cancellation reaches it.
            CardPaymentStatus.CANCELLED,
        ],
        target=CardPaymentStatus.SUCCEEDED,
        label="Succeeded",
        allowed=workflows.system,
    )
    def succeed(self):
        """Stripe says the payment succeeded."""

    @workflows.transition(
        source=OPEN_CARD_PAYMENT_STATUSES,
        target=CardPaymentStatus.CANCELLED,
        label="Cancelled",
        allowed=workflows.system,
    )
    def cancel(self):
        """Its order was paid another way or cancelled, so the attempt is cancelled at Stripe."""
