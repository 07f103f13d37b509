"""Writes with rules for schools, joining, roles and invitations.

Each function is keyword-only, runs in one transaction, records who made the change and when,
raises a `portal.errors` error the view shows next to the right field, and sends its email only
once the change is committed.
"""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from wagtail.log_actions import log
from wagtail.models import Site

from portal import selectors
from portal.errors import (
    InvitationError,
    JoinRequestError,
    LastAdministratorError,
    MembershipError,
    NotAllowedError,
)
from portal.models import (
    District,
    Invitation,
    JoinRequest,
    JoinRequestStatus,
    Membership,
    PeopleChange,
    Role,
    School,
)

INVITATION_LIFETIME = timedelta(days=7)


@dataclass(frozen=True)
class NewSchoolDetails:
    """What someone registering a school tells us about it."""

    name: str
    urn: str
    district: District
    address: str
    phone: str
    finance_email: str


@dataclass(frozen=True)
class InvitationAcceptance:
    membership: Membership
    already_member: bool


# Joining ------------------------------------------------------------------------------------------


def _urn_taken_message(urn):
    return f"A school with URN {urn} is already registered. Ask to join it instead."


@transaction.atomic
def join_request_create(
    *, user, job_title, roles, school: School | None = None, new_school: NewSchoolDetails | None = None
) -> JoinRequest:
    """Ask to join a registered `school`, or to register `new_school` (the requester becomes its admin).

    Pass one of the two.
    """
    if (school is None) == (new_school is None):
        raise ValueError("Give either a registered school or the details of a new one.")
    if selectors.pending_join_request_for(user=user) is not None:
        raise JoinRequestError(
            "You already have a request waiting for approval. We will email you when it has been decided."
        )
    chosen_roles = selectors.requested_roles(roles=roles, registering=new_school is not None)
    if not chosen_roles:
        raise JoinRequestError("Select at least one role.", field="roles")
    if not job_title.strip():
        raise JoinRequestError("Enter your job title.", field="job_title")

    join_request = JoinRequest(user=user, job_title=job_title.strip())
    join_request.roles = chosen_roles
    if school is not None:
        if selectors.memberships_for(user=user).filter(school=school).exists():
            raise JoinRequestError(f"You are already a member of {school.name}.", field="urn")
        join_request.school = school
    else:
        if School.objects.filter(urn=new_school.urn).exists():
            raise JoinRequestError(_urn_taken_message(new_school.urn), field="urn")
        join_request.new_school_name = new_school.name.strip()
        join_request.new_school_urn = new_school.urn
        join_request.new_school_district = new_school.district
        join_request.new_school_address = new_school.address.strip()
        join_request.new_school_phone = new_school.phone.strip()
        join_request.new_school_finance_email = new_school.finance_email.strip()
    join_request.full_clean()
    join_request.save()
    return join_request


def _lock_pending(join_request) -> JoinRequest:
    locked = JoinRequest.objects.select_for_update().get(pk=join_request.pk)
    if not locked.is_pending:
        raise JoinRequestError(f"This request has already been {locked.get_status_display().lower()}.")
    return locked


def _require_staff_decision(user):
    if not user.has_perm("portal.change_joinrequest"):
        raise NotAllowedError("Only the unit's staff can decide requests to join a school.")


@transaction.atomic
def join_request_approve(*, join_request, decided_by) -> Membership:
    """Approve: register the new school if there is one, and add the requester to the school."""
    _require_staff_decision(decided_by)
    join_request = _lock_pending(join_request)
    if join_request.is_new_school:
        if School.objects.filter(urn=join_request.new_school_urn).exists():
            raise JoinRequestError(_urn_taken_message(join_request.new_school_urn))
        school = School(
            name=join_request.new_school_name,
            urn=join_request.new_school_urn,
            district=join_request.new_school_district,
            address=join_request.new_school_address,
            phone=join_request.new_school_phone,
            finance_email=join_request.new_school_finance_email,
        )
        school.full_clean()
        school.save()
        join_request.school = school
    elif Membership.objects.filter(user=join_request.user, school=join_request.school).exists():
        raise JoinRequestError(
            f"{join_request.user.email} is already a member of {join_request.school.name}: "
            "decline this request."
        )
    now = timezone.now()
    membership = Membership(
        user=join_request.user, school=join_request.school, joined_at=now, added_by=decided_by
    )
    membership.roles = selectors.requested_roles(
        roles=join_request.roles, registering=join_request.is_new_school
    )
    membership.save()
    join_request.status = JoinRequestStatus.APPROVED
    join_request.decided_at = now
    join_request.decided_by = decided_by
    join_request.save(update_fields=["school", "status", "decided_at", "decided_by"])
    _record(
        membership.school,
        membership.user.email,
        PeopleChange.Action.JOINED_BY_APPROVAL,
        membership,
        decided_by,
    )
    _send_on_commit(
        "join_request_approved",
        to=join_request.user.email,
        context={
            "join_request": join_request,
            "membership": membership,
            "portal_url": _absolute(reverse("portal:home")),
        },
    )
    return membership


@transaction.atomic
def join_request_decline(*, join_request, decided_by, reason) -> JoinRequest:
    """Decline, telling the requester why."""
    _require_staff_decision(decided_by)
    if not reason.strip():
        raise JoinRequestError(
            "Enter the reason for declining. The person who asked is told it.", field="reason"
        )
    join_request = _lock_pending(join_request)
    join_request.status = JoinRequestStatus.DECLINED
    join_request.decided_at = timezone.now()
    join_request.decided_by = decided_by
    join_request.decline_reason = reason.strip()
    join_request.save(update_fields=["status", "decided_at", "decided_by", "decline_reason"])
    _send_on_commit(
        "join_request_declined",
        to=join_request.user.email,
        context={"join_request": join_request, "portal_url": _absolute(reverse("portal:home"))},
    )
    return join_request


# People and roles ---------------------------------------------------------------------------------


def _require_administrator(user, school):
    if not selectors.memberships_for(user=user).filter(school=school, is_administrator=True).exists():
        raise NotAllowedError(f"Only an administrator of {school.name} can manage its people.")


def _guard_last_administrator(membership, *, keeps_administrator, message):
    """Refuse a change that would leave the school with no administrator.

    The school's administrator rows are locked first, so two administrators demoting each other at
    the same moment cannot both succeed.
    """
    if not membership.is_administrator or keeps_administrator:
        return
    administrators = list(
        Membership.objects.select_for_update().filter(school=membership.school, is_administrator=True)
    )
    if all(admin.pk == membership.pk for admin in administrators):
        raise LastAdministratorError(message, field="roles")


@transaction.atomic
def membership_change_roles(*, membership, roles, changed_by) -> Membership:
    _require_administrator(changed_by, membership.school)
    chosen_roles = {Role(role) for role in roles}
    if not chosen_roles:
        raise MembershipError("Select at least one role.", field="roles")
    membership = Membership.objects.select_for_update().select_related("school", "user").get(pk=membership.pk)
    _guard_last_administrator(
        membership,
        keeps_administrator=Role.ADMINISTRATOR in chosen_roles,
        message=(
            f"{membership.school.name} must always have an administrator. "
            "Make someone else an administrator before taking this role away."
        ),
    )
    membership.roles = chosen_roles
    membership.roles_changed_at = timezone.now()
    membership.roles_changed_by = changed_by
    membership.save()
    _record(
        membership.school, membership.user.email, PeopleChange.Action.ROLES_CHANGED, membership, changed_by
    )
    return membership


@transaction.atomic
def membership_remove(*, membership, removed_by) -> None:
    _require_administrator(removed_by, membership.school)
    membership = Membership.objects.select_for_update().select_related("school", "user").get(pk=membership.pk)
    _guard_last_administrator(
        membership,
        keeps_administrator=False,
        message=(
            f"{membership.user.email} is the only administrator of {membership.school.name}, so they cannot "
            "be removed. Make someone else an administrator first."
        ),
    )
    _record(membership.school, membership.user.email, PeopleChange.Action.REMOVED, None, removed_by)
    membership.delete()


# Invitations --------------------------------------------------------------------------------------


def invitation_token_hash(token):
    """Links carry the token; the database keeps only this hash of it."""
    return hashlib.sha256(token.encode()).hexdigest()


def _issue_token(invitation):
    """Give the invitation a fresh token and expiry; return the token (it is stored only hashed)."""
    token = secrets.token_urlsafe(32)
    now = timezone.now()
    invitation.token_hash = invitation_token_hash(token)
    invitation.sent_at = now
    invitation.expires_at = now + INVITATION_LIFETIME
    return token


def _send_invitation(invitation, token):
    _send_on_commit(
        "invitation",
        to=invitation.email,
        context={
            "invitation": invitation,
            "accept_url": _absolute(reverse("portal:invitation_accept", kwargs={"token": token})),
        },
    )


@transaction.atomic
def invitation_create(*, school, email, roles, invited_by) -> tuple[Invitation, str]:
    """Invite a colleague by email. Returns the invitation and its token (to build the link)."""
    _require_administrator(invited_by, school)
    email = email.strip().lower()
    chosen_roles = {Role(role) for role in roles}
    if not chosen_roles:
        raise InvitationError("Select at least one role.", field="roles")
    if Membership.objects.filter(school=school, user__email__iexact=email).exists():
        raise InvitationError(f"{email} is already a member of {school.name}.", field="email")
    if selectors.open_invitations(school.invitations.filter(email=email)).exists():
        raise InvitationError(
            f"{email} has already been invited. Send the invitation again from the list of invitations.",
            field="email",
        )
    invitation = Invitation(school=school, email=email, invited_by=invited_by)
    invitation.roles = chosen_roles
    token = _issue_token(invitation)
    invitation.full_clean()
    invitation.save()
    _record(school, email, PeopleChange.Action.INVITED, invitation, invited_by)
    _send_invitation(invitation, token)
    return invitation, token


def _lock_open_invitation(invitation, *, user) -> Invitation:
    _require_administrator(user, invitation.school)
    invitation = Invitation.objects.select_for_update().select_related("school").get(pk=invitation.pk)
    if invitation.accepted_at is not None:
        raise InvitationError(f"{invitation.email} has already accepted this invitation.")
    if invitation.cancelled_at is not None:
        raise InvitationError("This invitation has been withdrawn.")
    return invitation


@transaction.atomic
def invitation_resend(*, invitation, resent_by) -> tuple[Invitation, str]:
    """Send a new link (the old one stops working) that expires a week from now."""
    invitation = _lock_open_invitation(invitation, user=resent_by)
    token = _issue_token(invitation)
    invitation.save(update_fields=["token_hash", "sent_at", "expires_at"])
    _record(invitation.school, invitation.email, PeopleChange.Action.INVITATION_RESENT, invitation, resent_by)
    _send_invitation(invitation, token)
    return invitation, token


@transaction.atomic
def invitation_cancel(*, invitation, cancelled_by) -> Invitation:
    invitation = _lock_open_invitation(invitation, user=cancelled_by)
    invitation.cancelled_at = timezone.now()
    invitation.cancelled_by = cancelled_by
    invitation.save(update_fields=["cancelled_at", "cancelled_by"])
    _record(
        invitation.school,
        invitation.email,
        PeopleChange.Action.INVITATION_CANCELLED,
        invitation,
        cancelled_by,
    )
    return invitation


def invitation_for_token(token) -> Invitation:
    """The invitation a link points to, whatever its state; InvitationError if there is none."""
    token_hash = invitation_token_hash(token)
    invitation = Invitation.objects.select_related("school").filter(token_hash=token_hash).first()
    if invitation is None:
        raise InvitationError(
            "This invitation link is not valid. It may have been replaced by a newer one: "
            "check your most recent invitation email."
        )
    return invitation


def invitation_check(invitation, *, user, now=None) -> None:
    """Raise InvitationError unless `user` may accept `invitation` now."""
    if invitation.accepted_at is not None:
        raise InvitationError("This invitation has already been used. Each invitation link works once.")
    if invitation.cancelled_at is not None:
        raise InvitationError(f"This invitation has been withdrawn by {invitation.school.name}.")
    if invitation.is_expired(now):
        raise InvitationError(
            f"This invitation expired on {timezone.localtime(invitation.expires_at):%d %B %Y}. "
            f"Ask an administrator at {invitation.school.name} to send it again."
        )
    if not selectors.has_verified_email(user=user, email=invitation.email):
        raise InvitationError(
            "This invitation was sent to a different email address. Sign in with the address it was "
            "sent to, or ask the administrator to invite the address you use."
        )


@transaction.atomic
def invitation_accept(*, token, user) -> InvitationAcceptance:
    """Accept with the link's token: the signed-in user must own the invited address."""
    invitation = invitation_for_token(token)
    invitation = Invitation.objects.select_for_update().select_related("school").get(pk=invitation.pk)
    invitation_check(invitation, user=user)
    now = timezone.now()
    invitation.accepted_at = now
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    existing = Membership.objects.filter(user=user, school=invitation.school).first()
    if existing is not None:
        # The link is used up either way; roles stay as the school's administrators last set them.
        return InvitationAcceptance(membership=existing, already_member=True)
    membership = Membership(
        user=user, school=invitation.school, joined_at=now, added_by=invitation.invited_by
    )
    membership.roles = invitation.roles
    membership.save()
    _record(invitation.school, user.email, PeopleChange.Action.JOINED_BY_INVITATION, membership, user)
    return InvitationAcceptance(membership=membership, already_member=False)


# Two-factor sign-in ------------------------------------------------------------------------------

TWO_FACTOR_RESET_ACTION = "portal.reset_two_factor"


@transaction.atomic
def two_factor_reset(*, user, reset_by):
    """Switch off someone's two-factor sign-in after they lost their phone and their recovery codes.

    Only a superuser may do it, never for themselves (a second person checks who is asking). The
    person is emailed, so a reset they did not ask for does not go unnoticed, and must set up an
    authenticator app again before they next see placement data.
    """
    if not reset_by.is_superuser:
        raise NotAllowedError("Only an administrator of the whole site can reset two-factor sign-in.")
    if reset_by.pk == user.pk:
        raise NotAllowedError("Ask another administrator to reset your own two-factor sign-in.")
    removed, _ = Authenticator.objects.filter(user=user).delete()
    if not removed:
        raise NotAllowedError(f"{user.email} does not use two-factor sign-in, so there is nothing to reset.")
    log(instance=user, action=TWO_FACTOR_RESET_ACTION, user=reset_by)
    _send_on_commit(
        "two_factor_reset",
        to=user.email,
        context={"user": user, "sign_in_url": _absolute(reverse("account_login"))},
    )


# Shared helpers -----------------------------------------------------------------------------------


def _record(school, person_email, action, holder_of_roles, changed_by):
    PeopleChange.objects.create(
        school=school,
        person_email=person_email,
        action=action,
        roles=holder_of_roles.role_labels if holder_of_roles is not None else "",
        changed_by=changed_by,
    )


def _absolute(path):
    """An absolute link for an email: the default site's address, or the configured base URL."""
    site = Site.objects.filter(is_default_site=True).first()
    base = site.root_url if site is not None else settings.WAGTAILADMIN_BASE_URL
    return base.rstrip("/") + path


def _send_on_commit(template_name, *, to, context):
    subject = render_to_string(f"email/{template_name}_subject.txt", context).strip()
    body = render_to_string(f"email/{template_name}.txt", context)
    message = EmailMessage(subject=subject, body=body, to=[to])
    transaction.on_commit(message.send)
