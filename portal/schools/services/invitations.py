"""Writes with rules for invitations: an administrator invites a colleague, who accepts by link.

An invitation's states are declared on `Invitation`: accepting and withdrawing it are its transitions.
Sending it and sending it again are recorded on the school's history; they change no state.
"""

import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from common import workflows
from common.audit import record_change
from common.email import send_after_commit
from common.errors import DomainError
from common.urls import absolute_url
from portal.schools import selectors
from portal.schools.models import INVITATION_NOT_OPEN, Invitation, InvitationStatus, Membership
from portal.schools.services.people import (
    NOT_ADMINISTRATOR,
    chosen_roles,
    lock_acting_membership,
    record_member_joined,
    require_administrator,
)

INVITATION_LIFETIME = timedelta(days=7)

INVITATION_SENT = "schools.invitation_sent"
INVITATION_RESENT = "schools.invitation_resent"
# What a withdrawal was recorded as (on the school) before it was a declared transition.
EARLIER_WITHDRAWAL_LABELS = {"schools.invitation_withdrawn": "Invitation withdrawn"}

ALREADY_INVITED = "{email} has already been invited. Send the invitation again from the list of invitations."
ALREADY_A_MEMBER = "{email} is already a member of {school}."


@dataclass(frozen=True)
class InvitationAcceptance:
    membership: Membership
    already_member: bool


def _issue_token(invitation):
    """Give the invitation a fresh token and expiry; return the token (it is stored only hashed)."""
    token = secrets.token_urlsafe(32)
    now = timezone.now()
    invitation.token_hash = selectors.invitation_token_hash(token=token)
    invitation.sent_at = now
    invitation.expires_at = now + INVITATION_LIFETIME
    return token


def _send_invitation(invitation, token):
    send_after_commit(
        "schools/email/invitation",
        to=invitation.email,
        context={
            "invitation": invitation,
            "accept_url": absolute_url(reverse("schools:invitation_accept", kwargs={"token": token})),
        },
    )


def _record(invitation, action, *, user):
    record_change(
        instance=invitation.school,
        action=action,
        user=user,
        about=invitation.email,
        to=invitation.role_labels,
    )


def _already_open(school, email):
    return selectors.open_invitations(invitations=school.invitations.filter(email=email)).exists()


@transaction.atomic
def invitation_create(*, school, email, roles, invited_by) -> tuple[Invitation, str]:
    """Invite a colleague by email. Returns the invitation and its token (to build the link)."""
    require_administrator(user=invited_by, school=school)
    email = email.strip().lower()
    roles = chosen_roles(roles)
    if Membership.objects.filter(school=school, user__email__iexact=email).exists():
        raise DomainError(ALREADY_A_MEMBER.format(email=email, school=school.name), field="email")
    if _already_open(school, email):
        raise DomainError(ALREADY_INVITED.format(email=email), field="email")
    invitation = Invitation(school=school, email=email, invited_by=invited_by)
    invitation.roles = roles
    token = _issue_token(invitation)
    invitation.full_clean()
    try:
        with transaction.atomic():
            invitation.save()
    except IntegrityError:
        # The form sent twice at once: the database keeps one open invitation per school and address.
        if not _already_open(school, email):
            raise
        raise DomainError(ALREADY_INVITED.format(email=email), field="email") from None
    _record(invitation, INVITATION_SENT, user=invited_by)
    _send_invitation(invitation, token)
    return invitation, token


@transaction.atomic
def invitation_resend(*, invitation, resent_by) -> tuple[Invitation, str]:
    """Send a new link (the old one stops working) that expires a week from now. Only an open invitation
    is sent again; it stays open."""
    require_administrator(user=resent_by, school=invitation.school)
    invitation = Invitation.objects.select_for_update().select_related("school").get(pk=invitation.pk)
    if invitation.status != InvitationStatus.OPEN:
        raise DomainError(INVITATION_NOT_OPEN.format(status=invitation.get_status_display().lower()))
    token = _issue_token(invitation)
    invitation.save(update_fields=["token_hash", "sent_at", "expires_at"])
    _record(invitation, INVITATION_RESENT, user=resent_by)
    _send_invitation(invitation, token)
    return invitation, token


@transaction.atomic
def invitation_withdraw(*, invitation, withdrawn_by) -> Invitation:
    """The school's administrator acting through the membership `withdrawn_by` takes the invitation
    back: its link stops working."""
    try:
        # Read again under lock: someone no longer an administrator cannot withdraw it.
        return workflows.transition_apply(
            invitation,
            "withdraw",
            by=lock_acting_membership(withdrawn_by),
            about=invitation.email,
            changes={"cancelled_at": timezone.now()},
        )
    except PermissionDenied:
        raise DomainError(NOT_ADMINISTRATOR.format(school=invitation.school.name)) from None


@transaction.atomic
def invitation_accept(*, token, user) -> InvitationAcceptance:
    """Accept with the link's token: the signed-in user must own the invited address."""
    invitation = selectors.invitation_for_token(token=token)
    invitation = Invitation.objects.select_for_update().select_related("school").get(pk=invitation.pk)
    selectors.check_invitation_can_be_accepted(invitation=invitation, user=user)
    invitation = workflows.transition_apply(
        invitation, "accept", by=user, about=invitation.email, changes={"accepted_at": timezone.now()}
    )
    existing = Membership.objects.filter(user=user, school=invitation.school).first()
    if existing is not None:
        # The link is used up either way; roles stay as the school's administrators last set them.
        return InvitationAcceptance(membership=existing, already_member=True)
    membership = Membership(user=user, school=invitation.school, joined_at=invitation.accepted_at)
    membership.roles = invitation.roles
    membership.save()
    record_member_joined(membership, user=user, why="Accepted an invitation")
    return InvitationAcceptance(membership=membership, already_member=False)
