"""Card payments: one row per attempt to pay an order by card, keyed on Stripe's ids so a replayed
webhook or a second return from the bank finds the same row and changes nothing."""

from django.conf import settings
from django.db import models
from django.utils import timezone


class CardPaymentStatus(models.TextChoices):
    STARTED = "started", "Waiting for the card"
    NEEDS_AUTHENTICATION = "requires_action", "Waiting for the bank's check"
    DECLINED = "declined", "Declined"
    SUCCEEDED = "succeeded", "Succeeded"


class CardPayment(models.Model):
    order = models.ForeignKey("orders.Order", on_delete=models.PROTECT, related_name="card_payments")
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    started_at = models.DateTimeField(default=timezone.now)
    stripe_customer_id = models.CharField(max_length=255)
    setup_intent_id = models.CharField(max_length=255, unique=True)
    payment_intent_id = models.CharField(max_length=255, unique=True, null=True, blank=True)
    amount_pence = models.PositiveIntegerField(null=True, blank=True)
    status = models.CharField(
        max_length=20, choices=CardPaymentStatus.choices, default=CardPaymentStatus.STARTED
    )
    decline_message = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-started_at", "-pk"]

    def __str__(self):
        return f"Card payment for {self.order}: {self.get_status_display().lower()}"
