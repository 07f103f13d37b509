"""Writes with rules for invitations: an administrator invites a colleague, who accepts by link."""

import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from common.audit import record_change
from common.email import send_after_commit
from common.errors import DomainError
from common.urls import absolute_url
from portal.schools import selectors
from portal.schools.models import Invitation, Membership
from portal.schools.services.people import chosen_roles, record_member_joined, require_administrator

INVITATION_LIFETIME = timedelta(days=7)

INVITATION_SENT = "schools.invitation_sent"
INVITATION_RESENT = "schools.invitation_resent"
INVITATION_WITHDRAWN = "schools.invitation_withdrawn"


def already_invited_message(email):
    return f"{email} has already been invited. Send the invitation again from the list of invitations."


@dataclass(frozen=True)
class InvitationAcceptance:
    membership: Membership
    already_member: bool


def _issue_token(invitation):
    """Give the invitation a fresh token and expiry; return the token (it is stored only hashed)."""
    token = secrets.token_urlsafe(32)
    now = timezone.now()
    invitation.token_hash = selectors.invitation_token_hash(token)
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


@transaction.atomic
def invitation_create(*, school, email, roles, invited_by) -> tuple[Invitation, str]:
    """Invite a colleague by email. Returns the invitation and its token (to build the link)."""
    require_administrator(invited_by, school)
    email = email.strip().lower()
    roles = chosen_roles(roles)
    if Membership.objects.filter(school=school, user__email__iexact=email).exists():
        raise DomainError(f"{email} is already a member of {school.name}.", field="email")
    if selectors.open_invitations(school.invitations.filter(email=email)).exists():
        raise DomainError(already_invited_message(email), field="email")
    invitation = Invitation(school=school, email=email, invited_by=invited_by)
    invitation.roles = roles
    token = _issue_token(invitation)
    invitation.full_clean()
    try:
        with transaction.atomic():
            invitation.save()
    except IntegrityError:
        # The form sent twice at once: the database keeps one open invitation per school and address.
        if not selectors.open_invitations(school.invitations.filter(email=email)).exists():
            raise
        raise DomainError(already_invited_message(email), field="email") from None
    _record(invitation, INVITATION_SENT, user=invited_by)
    _send_invitation(invitation, token)
    return invitation, token


def _lock_open_invitation(invitation, *, user) -> Invitation:
    require_administrator(user, invitation.school)
    invitation = Invitation.objects.select_for_update().select_related("school").get(pk=invitation.pk)
    if invitation.accepted_at is not None:
        raise DomainError(f"{invitation.email} has already accepted this invitation.")
    if invitation.cancelled_at is not None:
        raise DomainError("This invitation has been withdrawn.")
    return invitation


@transaction.atomic
def invitation_resend(*, invitation, resent_by) -> tuple[Invitation, str]:
    """Send a new link (the old one stops working) that expires a week from now."""
    invitation = _lock_open_invitation(invitation, user=resent_by)
    token = _issue_token(invitation)
    invitation.save(update_fields=["token_hash", "sent_at", "expires_at"])
    _record(invitation, INVITATION_RESENT, user=resent_by)
    _send_invitation(invitation, token)
    return invitation, token


@transaction.atomic
def invitation_cancel(*, invitation, cancelled_by) -> Invitation:
    invitation = _lock_open_invitation(invitation, user=cancelled_by)
    invitation.cancelled_at = timezone.now()
    invitation.save(update_fields=["cancelled_at"])
    _record(invitation, INVITATION_WITHDRAWN, user=cancelled_by)
    return invitation


@transaction.atomic
def invitation_accept(*, token, user) -> InvitationAcceptance:
    """Accept with the link's token: the signed-in user must own the invited address."""
    invitation = selectors.invitation_for_token(token=token)
    invitation = Invitation.objects.select_for_update().select_related("school").get(pk=invitation.pk)
    selectors.check_invitation_can_be_accepted(invitation=invitation, user=user)
    now = timezone.now()
    invitation.accepted_at = now
    invitation.save(update_fields=["accepted_at"])
    existing = Membership.objects.filter(user=user, school=invitation.school).first()
    if existing is not None:
        # The link is used up either way; roles stay as the school's administrators last set them.
        return InvitationAcceptance(membership=existing, already_member=True)
    membership = Membership(user=user, school=invitation.school, joined_at=now)
    membership.roles = invitation.roles
    membership.save()
    record_member_joined(membership, user=user, why="Accepted an invitation")
    return InvitationAcceptance(membership=membership, already_member=False)
