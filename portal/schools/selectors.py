"""Reads with rules for schools and their people.

Every query a school-facing view makes goes through one of these, so a person only ever reaches
records of a school they belong to; a view looks an id up inside what these return, never by bare id.
"""

import hashlib

from django.db.models import QuerySet
from django.utils import timezone

from common.errors import DomainError
from portal.schools.models import Invitation, JoinRequest, JoinRequestStatus, Membership, Role, School
from portal.users.selectors import has_verified_email, verified_emails_of


def memberships_for(*, user) -> QuerySet[Membership]:
    """The schools this person acts for, with their roles at each."""
    if not user.is_authenticated:
        return Membership.objects.none()
    return Membership.objects.filter(user=user).select_related("school", "school__district")


def current_membership(*, user, school_id=None) -> Membership | None:
    """The membership the portal acts through: the school chosen this session, or the only one.

    None when the person belongs to no school, or to several and has not chosen (or chose one
    they no longer belong to).
    """
    memberships = list(memberships_for(user=user))
    if school_id is not None:
        for membership in memberships:
            if membership.school_id == school_id:
                return membership
    return memberships[0] if len(memberships) == 1 else None


def managed_memberships_for(*, user, school) -> QuerySet[Membership]:
    """The people of `school`, if `user` is one of its administrators; nobody otherwise."""
    if not memberships_for(user=user).filter(school=school, is_administrator=True).exists():
        return Membership.objects.none()
    return Membership.objects.filter(school=school).select_related("user").order_by("user__email")


def managed_invitations_for(*, user, school) -> QuerySet[Invitation]:
    """The invitations `school` has sent, if `user` is one of its administrators; none otherwise."""
    if not memberships_for(user=user).filter(school=school, is_administrator=True).exists():
        return Invitation.objects.none()
    return Invitation.objects.filter(school=school).select_related("invited_by")


def open_invitations(invitations: QuerySet[Invitation]) -> QuerySet[Invitation]:
    """Of these invitations, those still waiting to be accepted (expired ones included, to resend)."""
    return invitations.filter(accepted_at__isnull=True, cancelled_at__isnull=True).order_by("email")


def join_requests_for(*, user) -> QuerySet[JoinRequest]:
    """This person's own requests to join or register a school, newest first."""
    if not user.is_authenticated:
        return JoinRequest.objects.none()
    return JoinRequest.objects.filter(user=user).select_related("school", "new_school_district")


def pending_join_request_for(*, user) -> JoinRequest | None:
    return join_requests_for(user=user).filter(status=JoinRequestStatus.PENDING).first()


def latest_decided_join_request_for(*, user) -> JoinRequest | None:
    return join_requests_for(user=user).exclude(status=JoinRequestStatus.PENDING).first()


def requested_roles(*, roles, registering) -> list[Role]:
    """The roles a join request carries: whoever registers a new school becomes its first administrator."""
    chosen = {Role(role) for role in roles}
    if registering:
        chosen.add(Role.ADMINISTRATOR)
    return [role for role in Role if role in chosen]


def registered_school_by_urn(*, urn) -> School | None:
    """A registered school, found by its URN (public information) for someone asking to join it."""
    return School.objects.select_related("district").filter(urn=urn).first()


def invitations_waiting_for(*, user) -> QuerySet[Invitation]:
    """Unused, unexpired invitations addressed to any of this person's verified email addresses."""
    return (
        Invitation.objects.filter(
            email__in=verified_emails_of(user=user),
            accepted_at__isnull=True,
            cancelled_at__isnull=True,
            expires_at__gt=timezone.now(),
        )
        .exclude(school__memberships__user=user)
        .select_related("school")
    )


def invitation_token_hash(token):
    """Links carry the token; the database keeps only this hash of it."""
    return hashlib.sha256(token.encode()).hexdigest()


def invitation_for_token(*, token) -> Invitation:
    """The invitation a link points to, whatever its state; DomainError if there is none."""
    invitation = (
        Invitation.objects.select_related("school").filter(token_hash=invitation_token_hash(token)).first()
    )
    if invitation is None:
        raise DomainError(
            "This invitation link is not valid. It may have been replaced by a newer one: "
            "check your most recent invitation email."
        )
    return invitation


def check_invitation_can_be_accepted(*, invitation, user, now=None) -> None:
    """Raise DomainError unless `user` may accept `invitation` now."""
    if invitation.accepted_at is not None:
        raise DomainError("This invitation has already been used. Each invitation link works once.")
    if invitation.cancelled_at is not None:
        raise DomainError(f"This invitation has been withdrawn by {invitation.school.name}.")
    if invitation.is_expired(now):
        raise DomainError(
            f"This invitation expired on {timezone.localtime(invitation.expires_at):%d %B %Y}. "
            f"Ask an administrator at {invitation.school.name} to send it again."
        )
    if not has_verified_email(user=user, email=invitation.email):
        raise DomainError(
            "This invitation was sent to a different email address. Sign in with the address it was "
            "sent to, or ask the administrator to invite the address you use."
        )
