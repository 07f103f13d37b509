"""Refunds of card payments, made by staff from the admin through Stripe: one row per refund, keyed on
Stripe's refund id."""

from django.conf import settings
from django.db import models
from django.utils import timezone


class Refund(models.Model):
    order = models.ForeignKey("orders.Order", on_delete=models.PROTECT, related_name="refunds")
    amount_pence = models.PositiveIntegerField()
    stripe_refund_id = models.CharField(max_length=255, unique=True)
    reason = models.CharField(max_length=500)
    refunded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    refunded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-refunded_at", "-pk"]

    def __str__(self):
        return f"Refund {self.stripe_refund_id} on {self.order}"
