"""Reads with rules for schools and their people.

Every query a school-facing view makes goes through one of these, so a person only ever reaches
records of a school they belong to; a view looks an id up inside what these return, never by bare id.
"""

import hashlib

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from wagtail.models import ModelLogEntry

from common.compiled_reads import CompiledRead
from common.errors import DomainError
from portal.schools.models import (
    Invitation,
    InvitationStatus,
    JoinRequest,
    JoinRequestStatus,
    Membership,
    Role,
    School,
    invitee,
)
from portal.users.models import User
from portal.users.selectors import verified_emails_of, with_account_checks


def memberships_for(*, user) -> QuerySet[Membership]:
    """The schools this person acts for, with their roles at each."""
    if not user.is_authenticated:
        return Membership.objects.none()
    return Membership.objects.filter(user=user).select_related("school")


# The memberships read on every portal page, with the account checks its doors ask about.
acting_memberships = CompiledRead(
    lambda *, user: with_account_checks(memberships_for(user=user)), model=Membership, user=User
)


def current_membership(*, user, school_id=None) -> Membership | None:
    """The membership the portal acts through: the school chosen this session, or the only one.

    None when the person belongs to no school, or to several and has not chosen (or chose one
    they no longer belong to). The membership's `acts_for_several_schools` says whether there are
    others to change to, and its `user_has_verified_email` and `user_has_two_factor` what the portal's
    doors ask of the person (`with_account_checks`), without another query.
    """
    memberships = acting_memberships(user=user) if user.is_authenticated else []
    chosen = next(
        (each for each in memberships if school_id is not None and each.school_id == school_id), None
    )
    if chosen is None and len(memberships) == 1:
        chosen = memberships[0]
    if chosen is not None:
        chosen.acts_for_several_schools = len(memberships) > 1
    return chosen


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


def open_invitations(*, invitations: QuerySet[Invitation]) -> QuerySet[Invitation]:
    """Of these invitations, those still waiting to be accepted (expired ones included, to resend)."""
    return invitations.filter(status=InvitationStatus.OPEN).order_by("email")


def administrators_of(*, school) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(school=school, is_administrator=True)
        .select_related("user")
        .order_by("user__email")
    )


def finance_contacts_of(*, school) -> list[str]:
    """Who hears about the school's buying: its finance contact's address, then each active member with
    the finance role (an address once, however many ways it qualifies)."""
    members = Membership.objects.filter(school=school, is_finance=True, user__is_active=True)
    addresses = [school.finance_email, *members.order_by("user__email").values_list("user__email", flat=True)]
    return list(dict.fromkeys(address for address in addresses if address))


SCHOOL_NOT_DELETED = (
    "{school} has members, invitations or requests to join, so it cannot be deleted: schools close, they "
    "are not deleted, and its record of who joined and who decided stays with it. If the school has "
    "closed, its administrators can remove its people from the People page in the portal."
)


def school_in_use(*, school) -> bool:
    """Whether anyone belongs to `school`, has been invited to it, or has asked to join it."""
    return school.memberships.exists() or school.invitations.exists() or school.join_requests.exists()


def school_delete_refusal(*, school) -> str:
    """Why `school` cannot be deleted, or "" when it can."""
    return SCHOOL_NOT_DELETED.format(school=school.name) if school_in_use(school=school) else ""


def history_of_school(*, school) -> QuerySet[ModelLogEntry]:
    """The school's own history (who joined, whose roles changed...) with its invitations' (each accepted or
    withdrawn is recorded on the invitation), newest first."""
    invitation_ids = [str(pk) for pk in school.invitations.values_list("pk", flat=True)]
    return ModelLogEntry.objects.filter(
        Q(content_type=ContentType.objects.get_for_model(School), object_id=str(school.pk))
        | Q(content_type=ContentType.objects.get_for_model(Invitation), object_id__in=invitation_ids)
    ).order_by("-timestamp", "-pk")


# Who decides a request to join (the rule itself is `models.may_decide`) ------------------------------


def join_request_goes_to_school(*, school) -> bool:
    """Whether a request to join `school` is for its own administrators to decide (it has at least one).

    Otherwise, as for a request to register a new school, only the unit's staff decide it.
    """
    return school is not None and school.memberships.filter(is_administrator=True).exists()


def with_goes_to_school(*, join_requests: QuerySet[JoinRequest]) -> QuerySet[JoinRequest]:
    """Annotate each request's `goes_to_school`: `join_request_goes_to_school` for a whole list at once."""
    administrators = Membership.objects.filter(school=OuterRef("school"), is_administrator=True)
    return join_requests.annotate(goes_to_school=Exists(administrators))


def managed_join_requests_for(*, user, school) -> QuerySet[JoinRequest]:
    """The requests to join `school` that `user` may decide as one of its administrators; none otherwise.

    The same rule as `models.may_decide` for a school administrator, as a query for a list.
    """
    if not memberships_for(user=user).filter(school=school, is_administrator=True).exists():
        return JoinRequest.objects.none()
    return (
        JoinRequest.objects.filter(school=school, new_school_name="")
        .exclude(user=user)
        .select_related("user", "school")
        .order_by("created_at")
    )


def pending(*, join_requests: QuerySet[JoinRequest]) -> QuerySet[JoinRequest]:
    return join_requests.filter(status=JoinRequestStatus.PENDING)


FREE_WEBMAIL_WARNING = (
    "{email} is a personal address at {domain}, not a school one. Before you approve, check with "
    "{school} that this person works there, for example by phoning the school office."
)


def free_webmail_domain(*, email) -> str:
    """The domain of `email` if it is a free webmail provider's (settings.SCHOOLS_FREE_WEBMAIL_DOMAINS)."""
    domain = email.rsplit("@", 1)[-1].strip().lower()
    return domain if domain in settings.SCHOOLS_FREE_WEBMAIL_DOMAINS else ""


def free_webmail_warning(*, join_request) -> str:
    """What whoever decides the request is warned of when the person asked from a free webmail address."""
    domain = free_webmail_domain(email=join_request.user.email)
    if not domain:
        return ""
    return FREE_WEBMAIL_WARNING.format(
        email=join_request.user.email, domain=domain, school=join_request.school_name
    )


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
            status=InvitationStatus.OPEN,
            expires_at__gt=timezone.now(),
        )
        .exclude(school__memberships__user=user)
        .select_related("school")
    )


def invitation_token_hash(*, token):
    """Links carry the token; the database keeps only this hash of it."""
    return hashlib.sha256(token.encode()).hexdigest()


def invitation_for_token(*, token) -> Invitation:
    """The invitation a link points to, whatever its state; DomainError if there is none."""
    invitation = (
        Invitation.objects.select_related("school")
        .filter(token_hash=invitation_token_hash(token=token))
        .first()
    )
    if invitation is None:
        raise DomainError(
            "This invitation link is not valid. It may have been replaced by a newer one: "
            "check your most recent invitation email."
        )
    return invitation


def check_invitation_can_be_accepted(*, invitation, user, now=None) -> None:
    """Raise DomainError, saying why, unless `user` may accept `invitation` now (`models.invitee` says
    who may)."""
    if invitation.status == InvitationStatus.ACCEPTED:
        raise DomainError("This invitation has already been used. Each invitation link works once.")
    if invitation.status == InvitationStatus.WITHDRAWN:
        raise DomainError(f"This invitation has been withdrawn by {invitation.school.name}.")
    if invitation.is_expired(now):
        raise DomainError(
            f"This invitation expired on {timezone.localtime(invitation.expires_at):%d %B %Y}. "
            f"Ask an administrator at {invitation.school.name} to send it again."
        )
    if not invitee(invitation, user):
        raise DomainError(
            "This invitation was sent to a different email address. Sign in with the address it was "
            "sent to, or ask the administrator to invite the address you use."
        )
