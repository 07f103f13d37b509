"""A school's request for a referral placement, written in sections, and what hangs off it.

The request belongs to a school; any of its referrers may write it while it is a draft (or once the
panel has returned it for more information). Its transitions are declared on `PlacementRequest`
(`common.workflows`) and applied by one service function each in `portal.placements.services`:

    submit ................. DRAFT or RETURNED -> SUBMITTED (for the next meeting still open)
    place on the agenda .... SUBMITTED -> ON_AGENDA
    return for information . SUBMITTED or ON_AGENDA -> RETURNED (the school changes it, submits again)
    decide ................. ON_AGENDA -> DECIDED
    defer .................. ON_AGENDA -> ON_AGENDA, at a named later meeting
    ask again .............. DECIDED (declined) -> SUBMITTED, for the next meeting still open
    withdraw ............... DRAFT, SUBMITTED, RETURNED or ON_AGENDA -> WITHDRAWN (the school no longer asks)

The school (its referrers, acting through their membership) sends, withdraws and asks again; the
unit's staff with `placements.change_placementrequest` do the rest in the admin.

Every field of a section may be blank while the request is a draft: a section is saved as it is
typed, and what a submitted request must hold is checked by `selectors.missing_answers`.
The safeguarding fields are shown only to people with the `view_safeguarding` permission.
"""

import uuid

from django.conf import settings
from django.core.files.storage import storages
from django.db import models
from django.utils import timezone

from common import workflows
from portal.orders.models.focus import YearGroup
from portal.placements.models.mapp import MappMeeting


class RequestStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted"
    RETURNED = "returned", "Returned for more information"
    ON_AGENDA = "on_agenda", "On the panel's agenda"
    DECIDED = "decided", "Decided"
    WITHDRAWN = "withdrawn", "Withdrawn"


# The school may change the request only in these.
EDITABLE_STATUSES = (RequestStatus.DRAFT, RequestStatus.RETURNED)


# A placement is for a primary pupil: Reception to Year 6 (the portal's one list of year groups).
PRIMARY_YEAR_GROUPS = [(value, label) for value, label in YearGroup.choices if value != YearGroup.NURSERY]


class Sex(models.TextChoices):
    FEMALE = "female", "Female"
    MALE = "male", "Male"


class EhcPlanStatus(models.TextChoices):
    NONE = "none", "No EHC plan and none asked for"
    REQUESTED = "requested", "An EHC needs assessment has been requested"
    ASSESSING = "assessing", "An EHC needs assessment is under way"
    PLAN = "plan", "The pupil has an EHC plan"


class ChildPlan(models.TextChoices):
    NONE = "none", "Neither"
    CHILD_PROTECTION = "child_protection", "Child protection plan"
    CHILD_IN_NEED = "child_in_need", "Child in need plan"


class PupilCategory(models.TextChoices):
    PERMANENTLY_EXCLUDED = "permanently_excluded", "Permanently excluded"
    ALTERNATIVE_TO_EXCLUSION = "alternative_to_exclusion", "Placed as an alternative to exclusion"
    ON_ROLL_AFTER_EXCLUSION = "on_roll_after_exclusion", "On roll after an exclusion elsewhere"


# Who may make each transition.
REFERRER = workflows.school("can_refer")
# Who may sign a request off before it is sent (not a transition: the request stays a draft).
SENIOR_LEADER = workflows.school("is_senior_leader")
CHANGE_REQUEST = workflows.staff("placements.change_placementrequest")

NOT_NOW = "Request {record.reference} is {status}: it cannot be %s."
ONLY_ON_AGENDA = "Request {record.reference} is {status}: only a request on the agenda can be deferred."
ONLY_DECLINED = (
    "Only a declined request can go to the panel again; request {record.reference} was not declined. "
    "Start a new request if the pupil needs one."
)
WHAT_IS_NEEDED_REQUIRED = "Say what the school needs to add or change."
REASONS_REQUIRED = "Enter the panel's reasons."


def pupil_name_of(first_name: str, last_name: str) -> str:
    """The pupil's name as pages show it, from the legal first and last names (either may be blank)."""
    return " ".join(part for part in (first_name, last_name) if part)


class PlacementRequest(workflows.FSMModelMixin, models.Model):
    school = models.ForeignKey("schools.School", on_delete=models.PROTECT, related_name="placement_requests")
    status = workflows.StatusField(max_length=12, choices=RequestStatus.choices, default=RequestStatus.DRAFT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    meeting = models.ForeignKey(
        MappMeeting,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="placement_requests",
        help_text="The panel meeting the request goes to, set when it is submitted.",
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    returned_because = models.TextField(
        "what the panel needs", blank=True, help_text="Set when the request is returned for information."
    )

    # The pupil
    legal_first_name = models.CharField("legal first name", max_length=100, blank=True)
    legal_last_name = models.CharField("legal last name", max_length=100, blank=True)
    date_of_birth = models.DateField(null=True, blank=True)
    year_group = models.CharField(max_length=2, choices=PRIMARY_YEAR_GROUPS, blank=True)
    sex = models.CharField(max_length=6, choices=Sex.choices, blank=True)
    upn = models.CharField("unique pupil number (UPN)", max_length=13, blank=True)
    home_address = models.TextField(blank=True)
    previous_schools = models.TextField(blank=True)
    pupil_premium = models.BooleanField("eligible for pupil premium", null=True, blank=True)
    free_school_meals = models.BooleanField("eligible for free school meals", null=True, blank=True)
    first_language = models.CharField("the family's first language", max_length=100, blank=True)
    interpreter_needed = models.BooleanField("an interpreter is needed", null=True, blank=True)
    consent_to_referral = models.BooleanField(
        "parents or carers agree to the referral", null=True, blank=True
    )
    consent_to_referral_on = models.DateField("date they agreed to the referral", null=True, blank=True)
    consent_to_sharing = models.BooleanField(
        "parents or carers agree to information being shared with the panel's agencies", null=True, blank=True
    )
    consent_to_sharing_on = models.DateField("date they agreed to sharing", null=True, blank=True)

    # Needs
    need_communication = models.BooleanField("communication and interaction", default=False)
    need_cognition = models.BooleanField("cognition and learning", default=False)
    need_semh = models.BooleanField("social, emotional and mental health", default=False)
    need_sensory_physical = models.BooleanField("sensory and/or physical", default=False)
    ehc_plan_status = models.CharField("EHC plan", max_length=10, choices=EhcPlanStatus.choices, blank=True)
    ehc_plan_date = models.DateField("date of the EHC plan or request", null=True, blank=True)
    sen_support = models.BooleanField("on SEN support", null=True, blank=True)
    diagnoses = models.TextField("diagnoses, or assessments under way", blank=True)

    # Why a placement now
    concerns = models.TextField(blank=True)
    strengths = models.TextField(blank=True)
    pupil_views = models.TextField("the pupil's views", blank=True)
    parent_views = models.TextField("the parents' or carers' views", blank=True)

    # What the school has tried (interventions are their own records)
    outreach_orders = models.ManyToManyField(
        "orders.Order",
        blank=True,
        related_name="+",
        verbose_name="outreach support bought",
    )

    # Attendance and exclusions
    attendance_percent = models.DecimalField(
        "attendance this school year (%)", max_digits=4, decimal_places=1, null=True, blank=True
    )
    suspensions = models.PositiveSmallIntegerField("suspensions this school year", null=True, blank=True)
    suspension_days = models.DecimalField(
        "days lost to suspensions", max_digits=4, decimal_places=1, null=True, blank=True
    )
    exclusion_history = models.TextField("exclusions and suspensions so far", blank=True)

    # Safeguarding: only for people with the view_safeguarding permission, never in an email
    dsl_name = models.CharField("designated safeguarding lead: name", max_length=150, blank=True)
    dsl_contact = models.CharField("designated safeguarding lead: phone or email", max_length=150, blank=True)
    social_care_involved = models.BooleanField("children's social care is involved", null=True, blank=True)
    social_worker = models.CharField("social worker: name and contact", max_length=255, blank=True)
    child_plan = models.CharField(
        "child protection or child in need plan", max_length=20, choices=ChildPlan.choices, blank=True
    )
    looked_after = models.BooleanField("looked after by the local authority", null=True, blank=True)
    virtual_school_contact = models.CharField("virtual school: name and phone", max_length=255, blank=True)
    virtual_school_email = models.EmailField(
        "virtual school: email", blank=True, help_text="The virtual school is told the panel's decision."
    )
    early_help_assessment = models.BooleanField("an early help assessment is in place", null=True, blank=True)
    camhs_involved = models.BooleanField("CAMHS is involved", null=True, blank=True)
    safeguarding_notes = models.TextField("other safeguarding information", blank=True)

    # The pupil's category
    category = models.CharField(max_length=30, choices=PupilCategory.choices, blank=True)

    # What works and what to avoid
    triggers = models.TextField("known triggers", blank=True)
    strategies = models.TextField("strategies that help", blank=True)
    risk_assessment = models.TextField("risk assessment for a small-group setting", blank=True)

    # Practicalities
    travel_arrangements = models.TextField("how the pupil will travel to the unit", blank=True)
    travel_arranged_by = models.CharField("who arranges the travel", max_length=150, blank=True)

    # Key worker and sign-off
    key_worker_name = models.CharField("key worker: name", max_length=150, blank=True)
    key_worker_role = models.CharField("key worker: role", max_length=150, blank=True)
    key_worker_email = models.EmailField("key worker: email", blank=True)
    key_worker_phone = models.CharField("key worker: phone", max_length=30, blank=True)
    governing_board_approved = models.BooleanField(
        "the governing board has approved the request", default=False
    )
    governing_board_approved_on = models.DateField(
        "date the governing board approved it", null=True, blank=True
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="signed off by",
    )
    approved_at = models.DateTimeField("signed off at", null=True, blank=True)

    class Meta:
        ordering = ["-updated_at", "-pk"]
        verbose_name = "placement request"
        permissions = [
            ("view_safeguarding", "Can see the safeguarding section of placement requests"),
            ("view_placement_audit", "Can search who viewed or downloaded placement requests"),
            ("export_placementrequest", "Can export everything held about a child"),
        ]
        indexes = [models.Index(fields=["school", "status"])]

    def __str__(self):
        return self.reference

    @property
    def reference(self):
        return f"PR-{self.pk:05d}" if self.pk else "PR-new"

    @property
    def pupil_name(self):
        return pupil_name_of(self.legal_first_name, self.legal_last_name)

    @property
    def is_editable(self):
        return self.status in EDITABLE_STATUSES

    @property
    def is_signed_off(self):
        return self.approved_at is not None

    @property
    def awaits_information(self):
        """Returned by the panel: the school is to add what `returned_because` says and send it again."""
        return self.status == RequestStatus.RETURNED

    # --- Transitions (applied by `common.workflows.transition_apply` from `portal.placements.services`) ---

    @workflows.transition(
        source=EDITABLE_STATUSES,
        target=RequestStatus.SUBMITTED,
        label="Send to the panel",
        allowed=REFERRER,
        refused=NOT_NOW % "sent",
    )
    def submit(self):
        """A complete request, signed off by a senior leader, goes to the next meeting still open."""

    @workflows.transition(
        source=[
            RequestStatus.DRAFT,
            RequestStatus.SUBMITTED,
            RequestStatus.RETURNED,
            RequestStatus.ON_AGENDA,
        ],
        target=RequestStatus.WITHDRAWN,
        label="Withdraw",
        allowed=REFERRER,
        danger=True,
        refused=NOT_NOW % "withdrawn",
    )
    def withdraw(self):
        """The school no longer asks for a placement (before the panel decides)."""

    @workflows.transition(
        source=RequestStatus.DECIDED,
        target=RequestStatus.SUBMITTED,
        label="Ask the panel to look at it again",
        allowed=REFERRER,
        refused=ONLY_DECLINED,
    )
    def ask_again(self):
        """The school still asks after the panel declined: the request goes to the next meeting open."""

    @workflows.transition(
        source=[RequestStatus.SUBMITTED, RequestStatus.ON_AGENDA],
        target=RequestStatus.RETURNED,
        label="Return for information",
        allowed=CHANGE_REQUEST,
        needs={"why": WHAT_IS_NEEDED_REQUIRED},
        refused=NOT_NOW % "returned",
    )
    def return_for_information(self):
        """The panel sends the request back to the school, saying what is missing."""

    @workflows.transition(
        source=RequestStatus.SUBMITTED,
        target=RequestStatus.ON_AGENDA,
        label="Place on the agenda",
        allowed=CHANGE_REQUEST,
        refused=NOT_NOW % "placed on the agenda",
    )
    def place_on_agenda(self):
        """The panel's office puts a sent request on the agenda of its meeting."""

    @workflows.transition(
        source=RequestStatus.ON_AGENDA,
        target=RequestStatus.DECIDED,
        label="Record the decision",
        allowed=CHANGE_REQUEST,
        refused=NOT_NOW % "decided",
    )
    def decide(self):
        """The panel's decision is recorded (offer, decline, an alternative) and the school is told."""

    @workflows.transition(
        source=RequestStatus.ON_AGENDA,
        target=RequestStatus.ON_AGENDA,
        label="Defer to a later meeting",
        allowed=CHANGE_REQUEST,
        needs={"why": REASONS_REQUIRED},
        refused=ONLY_ON_AGENDA,
    )
    def defer(self):
        """The panel puts off deciding until a named later meeting, whose agenda the request moves to."""


class ParentCarer(models.Model):
    request = models.ForeignKey(PlacementRequest, on_delete=models.CASCADE, related_name="parents")
    name = models.CharField(max_length=150)
    relationship = models.CharField("relationship to the pupil", max_length=100)
    phone = models.CharField(max_length=30, blank=True)
    email = models.EmailField(blank=True)
    address = models.TextField("address, if not the pupil's", blank=True)
    parental_responsibility = models.BooleanField("has parental responsibility", default=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = "parent or carer"

    def __str__(self):
        return f"{self.name} ({self.relationship})"


class Professional(models.Model):
    request = models.ForeignKey(PlacementRequest, on_delete=models.CASCADE, related_name="professionals")
    name = models.CharField(max_length=150)
    role = models.CharField("role or service", max_length=150)
    contact = models.CharField("phone or email", max_length=150, blank=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self):
        return f"{self.name}, {self.role}"


class Intervention(models.Model):
    """One step of the school's graduated approach: what it tried, for how long, and what it changed."""

    request = models.ForeignKey(PlacementRequest, on_delete=models.CASCADE, related_name="interventions")
    description = models.CharField("what was tried", max_length=255)
    duration = models.CharField("for how long", max_length=100)
    impact = models.TextField("its impact")

    class Meta:
        ordering = ["pk"]

    def __str__(self):
        return self.description


def private_storage():
    """Supporting documents live outside MEDIA_ROOT and have no public URL (see settings.STORAGES)."""
    return storages["private"]


def document_path(document, filename):
    # A random name: the pupil's name in an uploaded file's name must not end up on disk.
    return f"placement-requests/{document.request_id}/{uuid.uuid4().hex}"


class SupportingDocument(models.Model):
    request = models.ForeignKey(PlacementRequest, on_delete=models.CASCADE, related_name="documents")
    file = models.FileField(storage=private_storage, upload_to=document_path, max_length=200)
    original_name = models.CharField("file name", max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField("size (bytes)")
    description = models.CharField(max_length=200, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["uploaded_at", "pk"]

    def __str__(self):
        return self.original_name


class AccessKind(models.TextChoices):
    VIEWED = "viewed", "Viewed"
    DOWNLOADED = "downloaded", "Downloaded"
    # The pupil's name was shown on a list of requests.
    LISTED = "listed", "Listed"
    # Everything held about the child was exported for a subject access request.
    EXPORTED = "exported", "Exported"


class RequestAccess(models.Model):
    """Who opened a request, saw it listed, downloaded one of its documents or exported it, and when
    (changes are in the history). The viewer's name and email are kept as they were at the time, so the
    record still says who it was once their account is deleted."""

    request = models.ForeignKey(PlacementRequest, on_delete=models.CASCADE, related_name="accesses")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    # First and last name, up to 150 characters each, and the space between.
    viewer_name = models.CharField("name at the time", max_length=301, blank=True)
    viewer_email = models.EmailField("email at the time", blank=True)
    kind = models.CharField(max_length=10, choices=AccessKind.choices)
    what = models.CharField(max_length=200, help_text="The page or document.")
    at = models.DateTimeField(default=timezone.now, db_index=True)

    # Each page a school opens adds a row: Wagtail's reference index ("used by" in the admin) would queue a
    # task per row to say that the log names a request and a user, which the request's own page shows.
    wagtail_reference_index_ignore = True

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = "view or download of a placement request"
        verbose_name_plural = "views and downloads of placement requests"

    def __str__(self):
        return f"{self.get_kind_display()} {self.what}"

    @property
    def viewer(self):
        """Who it was, as they were named then: "Name (email)", or the email alone. Only an account
        deleted before names and emails were kept has neither."""
        if self.viewer_name and self.viewer_email:
            return f"{self.viewer_name} ({self.viewer_email})"
        return self.viewer_name or self.viewer_email or "A deleted account"
