"""Reads with rules for schools and their people.

Every query a school-facing view makes goes through one of these, so a person only ever reaches
records of a school they belong to; a view looks an id up inside what these return, never by bare id.
"""

import hashlib

from django.conf import settings
from django.db.models import Exists, OuterRef, QuerySet
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
    they no longer belong to). The membership's `acts_for_several_schools` says whether there are
    others to change to, without another query.
    """
    memberships = list(memberships_for(user=user))
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


def open_invitations(invitations: QuerySet[Invitation]) -> QuerySet[Invitation]:
    """Of these invitations, those still waiting to be accepted (expired ones included, to resend)."""
    return invitations.filter(accepted_at__isnull=True, cancelled_at__isnull=True).order_by("email")


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


def schools_only_administered_by(*, users) -> list[School]:
    """The schools whose every administrator is one of `users`: without them, each would have none."""
    user_ids = [user.pk for user in users]
    other_administrators = Membership.objects.filter(school=OuterRef("pk"), is_administrator=True).exclude(
        user__in=user_ids
    )
    return list(
        School.objects.filter(memberships__user__in=user_ids, memberships__is_administrator=True)
        .exclude(Exists(other_administrators))
        .distinct()
        .order_by("name")
    )


# Who decides a request to join -------------------------------------------------------------------

# The unit's staff decide any request: the admin's "Schools > Join requests" needs this permission.
DECIDE_ANY_JOIN_REQUEST = "schools.change_joinrequest"


def join_request_goes_to_school(*, school) -> bool:
    """Whether a request to join `school` is for its own administrators to decide (it has at least one).

    Otherwise, as for a request to register a new school, only the unit's staff decide it.
    """
    return school is not None and school.memberships.filter(is_administrator=True).exists()


def with_goes_to_school(join_requests: QuerySet[JoinRequest]) -> QuerySet[JoinRequest]:
    """Annotate each request's `goes_to_school`: `join_request_goes_to_school` for a whole list at once."""
    administrators = Membership.objects.filter(school=OuterRef("school"), is_administrator=True)
    return join_requests.annotate(goes_to_school=Exists(administrators))


def may_decide_join_request(*, user, join_request) -> bool:
    """The one rule for who may approve or decline `join_request`.

    The unit's staff may decide any request; an administrator of the school asked to join may decide a
    request to join it. Nobody decides their own request.
    """
    if not user.is_authenticated or not user.is_active or join_request.user_id == user.pk:
        return False
    if user.has_perm(DECIDE_ANY_JOIN_REQUEST):
        return True
    return is_school_administrator_decision(user=user, join_request=join_request)


def is_school_administrator_decision(*, user, join_request) -> bool:
    """Whether `user` decides `join_request` as an administrator of the school it asks to join (and so
    the person who asked is told "an administrator at your school", not "the unit's staff")."""
    return (
        not join_request.is_new_school
        and join_request.school_id is not None
        and memberships_for(user=user)
        .filter(school_id=join_request.school_id, is_administrator=True)
        .exists()
    )


def managed_join_requests_for(*, user, school) -> QuerySet[JoinRequest]:
    """The requests to join `school` that `user` may decide as one of its administrators; none otherwise.

    The same rule as `may_decide_join_request` for a school administrator, as a query for a list.
    """
    if not memberships_for(user=user).filter(school=school, is_administrator=True).exists():
        return JoinRequest.objects.none()
    return (
        JoinRequest.objects.filter(school=school, new_school_name="")
        .exclude(user=user)
        .select_related("user", "school")
        .order_by("created_at")
    )


def pending(join_requests: QuerySet[JoinRequest]) -> QuerySet[JoinRequest]:
    return join_requests.filter(status=JoinRequestStatus.PENDING)


FREE_WEBMAIL_WARNING = (
    "{email} is a personal address at {domain}, not a school one. Before you approve, check with "
    "{school} that this person works there, for example by phoning the school office."
)


def free_webmail_domain(email) -> str:
    """The domain of `email` if it is a free webmail provider's (settings.SCHOOLS_FREE_WEBMAIL_DOMAINS)."""
    domain = email.rsplit("@", 1)[-1].strip().lower()
    return domain if domain in settings.SCHOOLS_FREE_WEBMAIL_DOMAINS else ""


def free_webmail_warning(*, join_request) -> str:
    """What whoever decides the request is warned of when the person asked from a free webmail address."""
    domain = free_webmail_domain(join_request.user.email)
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
