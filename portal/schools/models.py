"""Schools, the people who act for them, and how people come to join a school.

Two records have states, each declared on its model (`common.workflows`):

    JoinRequest .. PENDING -> APPROVED or DECLINED, by the unit's staff or the school's administrators
    Invitation ... OPEN -> ACCEPTED by the person invited, or WITHDRAWN by the school's administrators

An open invitation past its `expires_at` is still open (an administrator can send it again); it just
cannot be accepted.
"""

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone

from common import workflows
from portal.users.selectors import has_verified_email

URN_VALIDATOR = RegexValidator(
    r"^\d{6}\Z",
    "Enter the URN as exactly six digits, for example 123456.",
    code="invalid_urn",
)


class District(models.Model):
    """A local-authority district. Its lead for safeguarding tells schools the panel's outcomes."""

    name = models.CharField(max_length=100, unique=True)
    code = models.CharField(max_length=20, unique=True, help_text="A short code, such as D1.")
    safeguarding_lead_role = models.CharField(
        "lead safeguarding contact: role",
        max_length=150,
        help_text="For example: District safeguarding lead.",
    )
    safeguarding_lead_name = models.CharField("lead safeguarding contact: name", max_length=150, blank=True)
    safeguarding_lead_email = models.EmailField("lead safeguarding contact: email")
    safeguarding_lead_phone = models.CharField("lead safeguarding contact: phone", max_length=30, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class School(models.Model):
    """A school that buys outreach support or refers pupils."""

    name = models.CharField(max_length=200)
    urn = models.CharField(
        "URN",
        max_length=6,
        unique=True,
        validators=[URN_VALIDATOR],
        help_text="The school's six-digit unique reference number (DfE).",
        error_messages={"unique": "A school with this URN is already registered."},
    )
    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="schools")
    address = models.TextField(help_text="One line per row, postcode last.")
    phone = models.CharField(max_length=30)
    finance_email = models.EmailField("finance contact email", help_text="Invoices are sent here.")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return f"{self.name} ({self.urn})"


class Role(models.TextChoices):
    """What a person may do for a school. A person may hold several."""

    ADMINISTRATOR = "administrator", "Administrator"
    FINANCE = "finance", "Finance"
    REFERRER = "referrer", "Referrer"
    MEMBER = "member", "Member"


ROLE_DESCRIPTIONS = {
    Role.ADMINISTRATOR: "Manages colleagues and their roles, and can buy support.",
    Role.FINANCE: "Can buy support and sees invoices.",
    Role.REFERRER: "Writes placement requests (for example the head, SENCo or designated safeguarding lead).",
    Role.MEMBER: "Books behaviour surgeries.",
}


class RoleFlags(models.Model):
    """One boolean per role: portable across SQLite and PostgreSQL, and easy to filter on."""

    is_administrator = models.BooleanField("administrator", default=False)
    is_finance = models.BooleanField("finance", default=False)
    is_referrer = models.BooleanField("referrer", default=False)
    is_member = models.BooleanField("member", default=False)

    class Meta:
        abstract = True

    @staticmethod
    def role_field(role):
        return f"is_{Role(role).value}"

    @property
    def roles(self):
        return [role for role in Role if getattr(self, self.role_field(role))]

    @roles.setter
    def roles(self, roles):
        chosen = {Role(role) for role in roles}
        for role in Role:
            setattr(self, self.role_field(role), role in chosen)

    @property
    def role_labels(self):
        return ", ".join(role.label for role in self.roles)

    role_labels.fget.short_description = "roles"


class Membership(RoleFlags):
    """A person acting for a school, with their roles there."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="memberships")
    joined_at = models.DateTimeField(default=timezone.now)
    is_senior_leader = models.BooleanField(
        "head teacher or named senior leader",
        default=False,
        help_text="May sign off the school's placement requests.",
    )

    class Meta:
        ordering = ["school__name", "user__email"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "school"], name="schools_membership_one_per_user_and_school"
            )
        ]

    def __str__(self):
        return f"{self.user} at {self.school.name}"

    @property
    def can_manage_people(self):
        return self.is_administrator

    @property
    def can_buy(self):
        return self.is_administrator or self.is_finance

    @property
    def can_refer(self):
        return self.is_referrer

    @property
    def can_book(self):
        # Every role may book a surgery: a SENCo who refers also books advice sessions.
        return bool(self.roles)


class JoinRequestStatus(models.TextChoices):
    PENDING = "pending", "Waiting for approval"
    APPROVED = "approved", "Approved"
    DECLINED = "declined", "Declined"


# The unit's staff decide any request: the admin's "Schools > Join requests" needs this permission.
DECIDE_ANY_JOIN_REQUEST = "schools.change_joinrequest"
DECLINE_REASON_REQUIRED = "Enter the reason for declining. The person who asked is told it."
ALREADY_DECIDED = "This request has already been {status}."

_staff_decide = workflows.staff(DECIDE_ANY_JOIN_REQUEST)
_school_administrator = workflows.school("is_administrator")


def may_decide(join_request, actor) -> bool:
    """the unit's staff, or an administrator of the registered school it asks to join; never the person
    who asked

    The one rule for who approves or declines a request to join. A request to register a new school is
    for the staff alone, and so, in effect, is one to join a school with no administrator.
    """
    person = getattr(actor, "user", actor)
    if person is None or not person.is_active or person.pk == join_request.user_id:
        return False
    return _staff_decide(join_request, actor) or (
        not join_request.is_new_school and _school_administrator(join_request, actor)
    )


class JoinRequest(workflows.FSMModelMixin, RoleFlags):
    """A person asking to join a registered school, or to register a new one.

    Who decides it is one rule, `may_decide`: the school's administrators, or the unit's staff; only the
    staff for a new school or a school with no administrator.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="join_requests")
    school = models.ForeignKey(
        School,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="join_requests",
        help_text="The registered school asked to join. Empty when the request registers a new school.",
    )
    new_school_name = models.CharField("new school: name", max_length=200, blank=True)
    new_school_urn = models.CharField("new school: URN", max_length=6, blank=True, validators=[URN_VALIDATOR])
    new_school_district = models.ForeignKey(
        District, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    new_school_address = models.TextField("new school: address", blank=True)
    new_school_phone = models.CharField("new school: phone", max_length=30, blank=True)
    new_school_finance_email = models.EmailField("new school: finance contact email", blank=True)
    job_title = models.CharField(max_length=150)
    status = workflows.StatusField(
        max_length=10, choices=JoinRequestStatus.choices, default=JoinRequestStatus.PENDING
    )
    created_at = models.DateTimeField(default=timezone.now)
    decided_at = models.DateTimeField(null=True, blank=True)
    decline_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=Q(status="pending"),
                name="schools_joinrequest_one_pending_per_user",
            ),
            models.CheckConstraint(
                condition=Q(school__isnull=False) | ~Q(new_school_name=""),
                name="schools_joinrequest_names_a_school",
            ),
        ]

    def __str__(self):
        return f"{self.reference}: {self.user} for {self.school_name}"

    @property
    def reference(self):
        return f"JR-{self.pk:05d}" if self.pk else "JR-new"

    @property
    def is_new_school(self):
        """Whether the request registers a school (still true once approved and the school exists)."""
        return bool(self.new_school_name)

    @property
    def school_name(self):
        return self.school.name if self.school_id else self.new_school_name

    school_name.fget.short_description = "school"

    @property
    def is_pending(self):
        return self.status == JoinRequestStatus.PENDING

    @property
    def was_declined(self):
        return self.status == JoinRequestStatus.DECLINED

    # --- Transitions (applied by `common.workflows.transition_apply` from `services.joining`) ---

    @workflows.transition(
        source=JoinRequestStatus.PENDING,
        target=JoinRequestStatus.APPROVED,
        label="Approve",
        allowed=may_decide,
        offered=workflows.Offered(admin=True, portal=True),
        refused=ALREADY_DECIDED,
    )
    def approve(self):
        """The person joins the school (registering it first, for a new school) with the roles given."""

    @workflows.transition(
        source=JoinRequestStatus.PENDING,
        target=JoinRequestStatus.DECLINED,
        label="Decline",
        allowed=may_decide,
        needs={"why": DECLINE_REASON_REQUIRED},
        offered=workflows.Offered(admin=True, portal=True),
        danger=True,
        refused=ALREADY_DECIDED,
    )
    def decline(self):
        """The person is told why; they may ask again."""


class InvitationStatus(models.TextChoices):
    OPEN = "open", "Waiting to be accepted"
    ACCEPTED = "accepted", "Accepted"
    WITHDRAWN = "withdrawn", "Withdrawn"


INVITATION_NOT_OPEN = "This invitation has already been {status}."


def invitee(invitation, actor) -> bool:
    """the person invited (signed in with the address it was sent to, verified)"""
    return (
        actor is not None
        and getattr(actor, "is_authenticated", False)
        and has_verified_email(user=actor, email=invitation.email)
    )


class Invitation(workflows.FSMModelMixin, RoleFlags):
    """An administrator's invitation for a colleague to join their school: single-use and expiring.

    Only a hash of the token is stored, so the database alone cannot be used to accept an invitation.
    """

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField()
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = workflows.StatusField(
        max_length=10, choices=InvitationStatus.choices, default=InvitationStatus.OPEN
    )
    accepted_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField("withdrawn at", null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            # A double-submitted form cannot send two live links for one address: the second insert fails
            # and the service answers with its usual "already been invited" message.
            models.UniqueConstraint(
                fields=["school", "email"],
                condition=Q(status="open"),
                name="schools_invitation_one_open_per_school_and_address",
            )
        ]

    def __str__(self):
        return f"Invitation for {self.email} to {self.school.name}"

    def is_expired(self, now=None):
        return (now or timezone.now()) >= self.expires_at

    # --- Transitions (applied by `common.workflows.transition_apply` from `services.invitations`) ---

    @workflows.transition(
        source=InvitationStatus.OPEN,
        target=InvitationStatus.ACCEPTED,
        label="Accept",
        allowed=invitee,
        offered=workflows.PORTAL,
        refused=INVITATION_NOT_OPEN,
    )
    def accept(self):
        """The person invited joins the school with the roles it gives (its link works once)."""

    @workflows.transition(
        source=InvitationStatus.OPEN,
        target=InvitationStatus.WITHDRAWN,
        label="Withdraw",
        allowed=workflows.school("can_manage_people"),
        danger=True,
        refused=INVITATION_NOT_OPEN,
    )
    def withdraw(self):
        """The school's administrators take the invitation back: its link stops working."""
