"""Who sits on the MAPP panel, the record of each meeting (who was invited and came, the chair, the
minute-taker, the minutes and the actions agreed), and the permanently excluded pupils the unit holds
week by week, which share its capacity.

The rules (a chair and minute-taker from those invited, counts by the week) run in
`portal.placements.services`; the weekly capacity is read in `portal.placements.selectors`.
"""

from django.db import models
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.fields import RichTextField
from wagtail.models import Orderable

from portal.placements.models.mapp import MappMeeting


class PanelRole(models.TextChoices):
    HEAD_TEACHER = "head_teacher", "Head teacher for a district"
    SAFEGUARDING_LEAD = "safeguarding_lead", "District lead for safeguarding"
    PUPIL_ACCESS = "pupil_access", "Pupil Access"
    ALTERNATIVE_PROVISION_LEAD = "ap_lead", "Local authority alternative provision lead"
    SEND_OFFICER = "send_officer", "SEND officer"
    UNIT_HEAD = "unit_head", "Head of the unit"
    UNIT_DEPUTY = "unit_deputy", "Deputy head of the unit"
    OUTREACH_MANAGER = "outreach_manager", "Outreach manager"
    OTHER_AGENCY = "other_agency", "Another agency"


# Roles that speak for one district, so the member names it.
DISTRICT_ROLES = (PanelRole.HEAD_TEACHER, PanelRole.SAFEGUARDING_LEAD)


class PanelMember(models.Model):
    """Someone who sits on the panel, by role, with the district or agency they speak for."""

    name = models.CharField(max_length=120)
    role = models.CharField(max_length=30, choices=PanelRole.choices)
    district = models.ForeignKey(
        "schools.District",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="panel_members",
        help_text="For a head teacher or a lead for safeguarding: the district they speak for.",
    )
    agency = models.CharField(
        max_length=120, blank=True, help_text="For another agency: its name, such as the virtual school."
    )
    email = models.EmailField(blank=True)
    cleared_for_safeguarding = models.BooleanField(
        "cleared to read safeguarding details",
        default=False,
        help_text="Receives the panel pack with each request's safeguarding section.",
    )
    is_active = models.BooleanField(
        "on the panel", default=True, help_text="Untick when they leave: past meetings keep their record."
    )

    class Meta:
        ordering = ["role", "name"]

    def __str__(self):
        speaks_for = self.district or self.agency
        return f"{self.name}, {self.get_role_display()}" + (f" ({speaks_for})" if speaks_for else "")


class MeetingRecord(ClusterableModel):
    """What happened at one panel meeting: who was invited and came, who chaired and took the minutes,
    the minutes, and the actions agreed."""

    meeting = models.OneToOneField(MappMeeting, on_delete=models.PROTECT, related_name="record")
    chair = models.ForeignKey(
        PanelMember, null=True, blank=True, on_delete=models.PROTECT, related_name="meetings_chaired"
    )
    minute_taker = models.ForeignKey(
        PanelMember, null=True, blank=True, on_delete=models.PROTECT, related_name="meetings_minuted"
    )
    minutes = RichTextField(features=["h3", "bold", "italic", "ol", "ul", "link"], blank=True)

    class Meta:
        ordering = ["-meeting__meeting_date"]
        verbose_name = "meeting record"

    def __str__(self):
        return f"Record of the {self.meeting}"


class SeatStatus(models.TextChoices):
    INVITED = "invited", "Invited"
    ATTENDED = "attended", "Attended"
    APOLOGIES = "apologies", "Sent apologies"


class MeetingSeat(Orderable):
    """A panel member invited to a meeting, and whether they came."""

    record = ParentalKey(MeetingRecord, on_delete=models.CASCADE, related_name="seats")
    member = models.ForeignKey(PanelMember, on_delete=models.PROTECT, related_name="seats")
    status = models.CharField(max_length=10, choices=SeatStatus.choices, default=SeatStatus.INVITED)

    class Meta(Orderable.Meta):
        constraints = [models.UniqueConstraint(fields=["record", "member"], name="one_seat_per_member")]

    def __str__(self):
        return f"{self.member}: {self.get_status_display().lower()}"


class MeetingAction(Orderable):
    """An action the panel agreed, with its owner and due date; open until marked done."""

    record = ParentalKey(MeetingRecord, on_delete=models.CASCADE, related_name="actions")
    action = models.TextField(max_length=1000)
    owner = models.ForeignKey(PanelMember, on_delete=models.PROTECT, related_name="actions")
    due_on = models.DateField("due by")
    done_on = models.DateField("done on", null=True, blank=True, help_text="Leave blank while it is open.")

    def __str__(self):
        return self.action if len(self.action) <= 80 else self.action[:79] + "…"


class ExcludedPupilsCount(models.Model):
    """How many permanently excluded pupils the unit holds in a week: they share its capacity."""

    week_starting = models.DateField(
        unique=True,
        help_text="The Monday of the week.",
        error_messages={"unique": "This week already has a count. Edit that one instead."},
    )
    pupils = models.PositiveSmallIntegerField("permanently excluded pupils")
    note = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-week_starting"]
        verbose_name = "permanently excluded pupils count"

    def __str__(self):
        return f"{self.pupils} permanently excluded pupils in the week of {self.week_starting:%-d %B %Y}"
