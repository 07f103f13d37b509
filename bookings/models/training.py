"""Training requests: a school asks for training; staff agree it (date, time, trainer, headcount, price) or
decline it; the school then orders it at the agreed price (card or invoice, `portal.orders`); after
delivery staff record who attended.

    REQUESTED -> AGREED -> DELIVERED, or REQUESTED -> DECLINED, or from REQUESTED or AGREED -> CANCELLED
    (the school withdraws it, or staff cancel it with a reason): declared on `TrainingRequest`
    (`common.workflows`), applied through `bookings.services.training`. Ordering is not a change of
    state: the request keeps its order (and training with an order standing is not cancelled until the
    order is).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from common import workflows


class TrainingMode(models.TextChoices):
    IN_PERSON = "in_person", "In person at the school"
    ONLINE = "online", "Online"


class TrainingStatus(models.TextChoices):
    REQUESTED = "requested", "Awaiting agreement"
    AGREED = "agreed", "Agreed"
    DECLINED = "declined", "Declined"
    DELIVERED = "delivered", "Delivered"
    CANCELLED = "cancelled", "Cancelled"


CHANGE_TRAINING = workflows.staff("bookings.change_trainingrequest")

NOT_AWAITING = "This request has already been {status}."
REASON_REQUIRED = "Enter the reason: the school is told it."
TRAINER_REQUIRED = "Enter who will deliver the training."
NOT_AGREED = "Only agreed training can have its attendance recorded."
NOT_CANCELLABLE = "This training has already been {status}, so it cannot be cancelled."
NOT_WITHDRAWABLE = "This request has already been {status}, so it cannot be withdrawn."


def requester_or_administrator(request, actor):
    """the person who asked for the training, or an administrator at its school"""
    return getattr(actor, "school_id", None) == request.school_id and (
        actor.is_administrator or actor.user_id == request.requested_by_id
    )


class TrainingRequest(workflows.FSMModelMixin, models.Model):
    school = models.ForeignKey("schools.School", on_delete=models.PROTECT, related_name="training_requests")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField()
    training_format = models.ForeignKey(
        "services.TrainingFormat", on_delete=models.PROTECT, related_name="+", verbose_name="format"
    )
    topics = models.ManyToManyField("services.TrainingTopic", related_name="+")
    staff_count = models.PositiveSmallIntegerField("expected number of staff")
    mode = models.CharField(max_length=10, choices=TrainingMode.choices)
    preferred_date_1 = models.DateField("first preferred date")
    preferred_date_2 = models.DateField("second preferred date")
    preferred_date_3 = models.DateField("third preferred date", null=True, blank=True)
    notes = models.TextField(blank=True, max_length=2000)
    quoted_pence = models.PositiveIntegerField("price when requested (pence)")
    status = workflows.StatusField(
        max_length=10, choices=TrainingStatus.choices, default=TrainingStatus.REQUESTED
    )
    # Agreed with the outreach coordinator.
    agreed_date = models.DateField(null=True, blank=True)
    agreed_time = models.TimeField(null=True, blank=True)
    trainer = models.CharField(max_length=150, blank=True)
    final_staff_count = models.PositiveSmallIntegerField("final headcount", null=True, blank=True)
    agreed_price_pence = models.PositiveIntegerField("agreed price (pence)", null=True, blank=True)
    order = models.OneToOneField(
        "orders.Order",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="training_request",
        help_text="The order the school placed for it once agreed, paid by card or invoice.",
    )
    decline_reason = models.TextField(blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    cancel_reason = models.TextField(blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    # After delivery.
    attended_count = models.PositiveSmallIntegerField("staff who attended", null=True, blank=True)
    attendance_note = models.TextField("who attended", blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "training request"
        constraints = [
            models.CheckConstraint(
                condition=~Q(status=TrainingStatus.AGREED) | Q(agreed_price_pence__isnull=False),
                name="bookings_agreed_training_has_a_price",
            )
        ]

    def __str__(self):
        return f"{self.reference}: {self.training_format} for {self.school.name}"

    @property
    def reference(self):
        return f"TRN-{self.pk:05d}"

    @property
    def preferred_dates(self):
        return [day for day in (self.preferred_date_1, self.preferred_date_2, self.preferred_date_3) if day]

    @property
    def awaiting_agreement(self):
        return self.status == TrainingStatus.REQUESTED

    # --- Transitions (applied by `common.workflows.transition_apply` from `bookings.services.training`) ---

    @workflows.transition(
        source=TrainingStatus.REQUESTED,
        target=TrainingStatus.AGREED,
        label="Agree",
        allowed=CHANGE_TRAINING,
        needs={"trainer": TRAINER_REQUIRED},
        refused=NOT_AWAITING,
    )
    def agree(self):
        """The outreach coordinator agrees the date, time, trainer and final headcount with the school;
        the price is the catalogue's for that headcount."""

    @workflows.transition(
        source=TrainingStatus.REQUESTED,
        target=TrainingStatus.DECLINED,
        label="Decline",
        allowed=CHANGE_TRAINING,
        needs={"why": REASON_REQUIRED},
        danger=True,
        refused=NOT_AWAITING,
    )
    def decline(self):
        """The outreach coordinator declines the request; the school is told why."""

    @workflows.transition(
        source=TrainingStatus.AGREED,
        target=TrainingStatus.DELIVERED,
        label="Record attendance",
        allowed=CHANGE_TRAINING,
        refused=NOT_AGREED,
    )
    def deliver(self):
        """The training took place: staff record how many came and who."""

    @workflows.transition(
        source=[TrainingStatus.REQUESTED, TrainingStatus.AGREED],
        target=TrainingStatus.CANCELLED,
        label="Withdraw",
        allowed=requester_or_administrator,
        offered=workflows.PORTAL,
        danger=True,
        refused=NOT_WITHDRAWABLE,
    )
    def withdraw(self):
        """The school no longer wants the training, before it takes place and before it is ordered."""

    @workflows.transition(
        source=[TrainingStatus.REQUESTED, TrainingStatus.AGREED],
        target=TrainingStatus.CANCELLED,
        label="Cancel",
        allowed=CHANGE_TRAINING,
        needs={"why": REASON_REQUIRED},
        danger=True,
        refused=NOT_CANCELLABLE,
    )
    def cancel(self):
        """The unit cannot deliver agreed training after all (or the school asked by phone); the school is
        told why."""
