"""The telephone advice line: a school asks for a call back; the outreach team calls, records it, closes it.

WAITING -> CLOSED (call recorded): declared on `CallbackRequest` (`common.workflows`), applied through
`bookings.services.advice`.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from common import workflows
from portal.orders.models import YearGroup


class CallbackStatus(models.TextChoices):
    WAITING = "waiting", "Waiting for a call"
    CLOSED = "closed", "Called back"


ALREADY_CLOSED = "This call-back request is already closed."
CALL_DETAILS_REQUIRED = "Enter who called, when, how long the call took and the advice given."


class CallbackRequest(workflows.FSMModelMixin, models.Model):
    school = models.ForeignKey("schools.School", on_delete=models.PROTECT, related_name="callback_requests")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField()
    topic = models.CharField(max_length=200)
    pupil_initials = models.CharField(max_length=3, blank=True)
    pupil_year_group = models.CharField(max_length=2, choices=YearGroup.choices, blank=True)
    phone = models.CharField(max_length=30)
    times_that_suit = models.CharField(max_length=200)
    status = workflows.StatusField(
        max_length=10, choices=CallbackStatus.choices, default=CallbackStatus.WAITING
    )
    # The call, recorded when the request is closed.
    called_by = models.CharField("who called", max_length=150, blank=True)
    called_at = models.DateTimeField("when", null=True, blank=True)
    duration_minutes = models.PositiveSmallIntegerField(
        "how long (minutes)", null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(600)]
    )
    advice = models.TextField("advice given", blank=True, help_text="The school sees this in the portal.")
    follow_up = models.TextField("follow-up", blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "call-back request"

    def __str__(self):
        return f"{self.reference}: {self.topic} ({self.school.name})"

    @property
    def reference(self):
        return f"CALL-{self.pk:05d}"

    @property
    def pupil_label(self):
        if not self.pupil_initials:
            return ""
        return f"{self.pupil_initials}, {self.get_pupil_year_group_display()}"

    @property
    def is_waiting(self):
        return self.status == CallbackStatus.WAITING

    # --- Transitions (applied by `common.workflows.transition_apply` from `bookings.services.advice`) ---

    @workflows.transition(
        source=CallbackStatus.WAITING,
        target=CallbackStatus.CLOSED,
        label="Record the call and close",
        allowed=workflows.staff("bookings.change_callbackrequest"),
        needs=dict.fromkeys(("called_by", "called_at", "duration_minutes", "advice"), CALL_DETAILS_REQUIRED),
        refused=ALREADY_CLOSED,
    )
    def close(self):
        """A specialist teacher called the school back: who called, when, for how long, and the advice."""
