"""A placement at the unit: one per offered request, from the panel's offer to the pupil's return.

Its transitions are declared on `Placement` (`common.workflows`) and applied by one service function
each in `portal.placements.services.placements`; staff with `placements.change_placement` make them all
in the admin (the school follows the placement in the portal but changes nothing):

    start ................. PLANNED -> ACTIVE (the pupil's first day at the unit has come)
    begin reintegration ... ACTIVE -> REINTEGRATING (the weeks at the unit are over)
    end ................... ACTIVE or REINTEGRATING -> ENDED, with an outcome (and a note for "other")
    cancel ................ PLANNED -> CANCELLED, with the reason (it never started)

Its plan is a set of dated milestones (`PlacementDate`), laid out by `portal.placements.timeline` from
the placement terms and the school year; staff move any of them with a reason that the history keeps.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone

from common import workflows
from portal.placements.models.decisions import PanelDecision
from portal.placements.models.requests import PlacementRequest, PupilCategory


class PlacementStatus(models.TextChoices):
    PLANNED = "planned", "Planned"
    ACTIVE = "active", "At the unit"
    REINTEGRATING = "reintegrating", "Going back to the home school"
    ENDED = "ended", "Ended"
    CANCELLED = "cancelled", "Cancelled"


# A placement in these holds (or will hold) the pupil: it counts against capacity and blocks another
# placement of the same child over the same dates.
LIVE_STATUSES = (PlacementStatus.PLANNED, PlacementStatus.ACTIVE, PlacementStatus.REINTEGRATING)


class PlacementOutcome(models.TextChoices):
    REINTEGRATED = "reintegrated", "Reintegration complete"
    RETURNED_EARLY = "returned_early", "Returned to the home school early"
    SPECIALIST = "specialist", "Moved to specialist provision"
    OTHER = "other", "Other"


class Registration(models.TextChoices):
    """Where the pupil is on roll, which decides the code the home school enters for the unit's days."""

    DUAL = "dual", "Dual registered at the home school and the unit"
    HOME_SCHOOL_ONLY = "home_school_only", "On the home school's roll only"


class Weekday(models.IntegerChoices):
    MONDAY = 0, "Monday"
    TUESDAY = 1, "Tuesday"
    WEDNESDAY = 2, "Wednesday"
    THURSDAY = 3, "Thursday"
    FRIDAY = 4, "Friday"


CHANGE_PLACEMENT = workflows.staff("placements.change_placement")

NOT_NOW = "Placement {record.reference} is {status}: it cannot be %s."
OUTCOME_REQUIRED = "Choose how the placement ended."
CANCEL_REASON_REQUIRED = "Say why the placement is cancelled."


class Placement(workflows.FSMModelMixin, models.Model):
    request = models.OneToOneField(PlacementRequest, on_delete=models.PROTECT, related_name="placement")
    decision = models.ForeignKey(
        PanelDecision, on_delete=models.PROTECT, related_name="+", help_text="The panel's offer."
    )
    # The request's school, kept here too: every access check and the workflow's rules filter on it.
    school = models.ForeignKey("schools.School", on_delete=models.PROTECT, related_name="placements")
    status = workflows.StatusField(
        max_length=14, choices=PlacementStatus.choices, default=PlacementStatus.PLANNED
    )
    category = models.CharField("the pupil's category", max_length=30, choices=PupilCategory.choices)
    purpose = models.TextField("purpose of the placement", help_text="What the placement is for.")
    starts_on = models.DateField("first day at the unit")
    home_school_weekday = models.PositiveSmallIntegerField(
        "day at the home school", choices=Weekday.choices, help_text="The weekday spent at the home school."
    )
    registration = models.CharField(
        max_length=16,
        choices=Registration.choices,
        default=Registration.DUAL,
        help_text="Decides the code the home school enters in its own register for the days at the unit.",
    )
    key_worker_name = models.CharField("key worker: name or role", max_length=150)
    key_worker_email = models.EmailField("key worker: email")
    dsl_name = models.CharField("home school's designated safeguarding lead: name or role", max_length=150)
    dsl_email = models.EmailField("home school's designated safeguarding lead: email")
    outcome = models.CharField(max_length=16, choices=PlacementOutcome.choices, blank=True)
    outcome_note = models.TextField("about the outcome", blank=True)
    ended_on = models.DateField(null=True, blank=True)
    order = models.OneToOneField(
        "orders.Order",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The invoiced order for the placement's price, raised when it was planned.",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-starts_on", "-pk"]
        indexes = [models.Index(fields=["school", "status"])]

    def __str__(self):
        return self.reference

    @property
    def reference(self):
        return f"PL-{self.pk:05d}" if self.pk else "PL-new"

    @property
    def pupil_name(self):
        return self.request.pupil_name

    def date_of(self, milestone):
        """The date of `milestone` (the first, for one there are several of): read from `dates`, so a
        list that prefetches them asks nothing more."""
        return next((each.on for each in self.dates.all() if each.milestone == milestone), None)

    @property
    def target_end_on(self):
        return self.date_of(Milestone.TARGET_END)

    @property
    def last_day_at_unit(self):
        return self.date_of(Milestone.LAST_DAY_AT_UNIT)

    # --- Transitions (applied by `common.workflows.transition_apply` from `services.placements`) -------

    @workflows.transition(
        source=PlacementStatus.PLANNED,
        target=PlacementStatus.ACTIVE,
        label="Record that the pupil has started",
        allowed=CHANGE_PLACEMENT,
        refused=NOT_NOW % "started",
    )
    def start(self):
        """The pupil's first day at the unit."""

    @workflows.transition(
        source=PlacementStatus.ACTIVE,
        target=PlacementStatus.REINTEGRATING,
        label="Begin the reintegration",
        allowed=CHANGE_PLACEMENT,
        refused=NOT_NOW % "moved to its reintegration",
    )
    def begin_reintegration(self):
        """The weeks at the unit are over; the supported return to the home school begins."""

    @workflows.transition(
        source=[PlacementStatus.ACTIVE, PlacementStatus.REINTEGRATING],
        target=PlacementStatus.ENDED,
        label="End the placement",
        allowed=CHANGE_PLACEMENT,
        needs={"outcome": OUTCOME_REQUIRED},
        refused=NOT_NOW % "ended",
    )
    def end(self):
        """The placement is over, with its outcome (kept for the yearly figures)."""

    @workflows.transition(
        source=PlacementStatus.PLANNED,
        target=PlacementStatus.CANCELLED,
        label="Cancel the placement",
        allowed=CHANGE_PLACEMENT,
        needs={"why": CANCEL_REASON_REQUIRED},
        danger=True,
        refused=NOT_NOW % "cancelled",
    )
    def cancel(self):
        """The placement will not go ahead (the family moved, the school found another way)."""


class Milestone(models.TextChoices):
    INITIAL_MEETING = "initial_meeting", "Initial meeting with the school and parents"
    ADMISSION_MEETING = "admission_meeting", "Admission meeting"
    FIRST_DAY = "first_day", "First day at the unit"
    REVIEW_MEETING = "review_meeting", "Review meeting"
    REPORT_DUE = "report_due", "End-of-placement report"
    LAST_DAY_AT_UNIT = "last_day_at_unit", "Last day at the unit"
    REINTEGRATION_STARTS = "reintegration_starts", "Reintegration starts"
    SUPPORTED_VISIT = "supported_visit", "Supported visit"
    TARGET_END = "target_end", "Target end date"


class PlacementDate(models.Model):
    """One dated step of a placement's plan: where the timeline put it, and where it is now if staff
    moved it (the reason is on the placement's history)."""

    placement = models.ForeignKey(Placement, on_delete=models.CASCADE, related_name="dates")
    milestone = models.CharField(max_length=24, choices=Milestone.choices)
    # Numbers the milestones there are several of (supported visits); 1 for the others.
    number = models.PositiveSmallIntegerField(default=1)
    on = models.DateField()
    planned_on = models.DateField(help_text="Where the timeline first put it.")
    moved_because = models.CharField("why it moved", max_length=255, blank=True)

    class Meta:
        ordering = ["on", "pk"]
        verbose_name = "placement date"
        constraints = [
            models.UniqueConstraint(
                fields=["placement", "milestone", "number"], name="placements_one_date_per_milestone"
            )
        ]

    def __str__(self):
        return f"{self.label}: {self.on:%-d %B %Y}"

    @property
    def label(self):
        label = self.get_milestone_display()
        return f"{label} {self.number}" if self.milestone == Milestone.SUPPORTED_VISIT else label

    @property
    def was_moved(self):
        return self.on != self.planned_on
