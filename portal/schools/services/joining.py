"""Writes with rules for joining: asking to join a registered school or to register a new one, and
deciding the request.

Who decides is one rule, `selectors.may_decide_join_request`: a request to join a school with an
administrator goes to that school's administrators (the unit's staff may decide it too); a request to
register a new school, or to join one with no administrator, is for the unit's staff alone.
"""

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from common.audit import record_change
from common.email import send_after_commit
from common.errors import DomainError
from common.urls import absolute_url
from portal.schools import selectors
from portal.schools.models import District, JoinRequest, JoinRequestStatus, Membership, School
from portal.schools.services.people import chosen_roles, lock_people, record_member_joined

JOB_TITLE_REQUIRED = "Enter your job title."
DECLINE_REASON_REQUIRED = "Enter the reason for declining. The person who asked is told it."
ALREADY_WAITING = (
    "You already have a request waiting for approval. We will email you when it has been decided."
)
STAFF_DECIDE_ONLY = (
    "Only the unit's staff can decide requests to register a school "
    "or to join a school with no administrator."
)
OWN_REQUEST = "You cannot decide your own request. Another administrator or the unit's staff must decide it."

JOIN_REQUEST_APPROVED = "schools.join_request_approved"
JOIN_REQUEST_DECLINED = "schools.join_request_declined"
SCHOOL_REGISTERED = "schools.school_registered"


@dataclass(frozen=True)
class NewSchoolDetails:
    """What someone registering a school tells us about it."""

    name: str
    urn: str
    district: District
    address: str
    phone: str
    finance_email: str


def urn_taken_message(urn):
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
        raise DomainError(ALREADY_WAITING)
    roles = chosen_roles(selectors.requested_roles(roles=roles, registering=new_school is not None))
    if not job_title.strip():
        raise DomainError(JOB_TITLE_REQUIRED, field="job_title")

    join_request = JoinRequest(user=user, job_title=job_title.strip())
    join_request.roles = roles
    if school is not None:
        if selectors.memberships_for(user=user).filter(school=school).exists():
            raise DomainError(f"You are already a member of {school.name}.", field="urn")
        join_request.school = school
    else:
        if selectors.registered_school_by_urn(urn=new_school.urn) is not None:
            raise DomainError(urn_taken_message(new_school.urn), field="urn")
        join_request.new_school_name = new_school.name.strip()
        join_request.new_school_urn = new_school.urn
        join_request.new_school_district = new_school.district
        join_request.new_school_address = new_school.address.strip()
        join_request.new_school_phone = new_school.phone.strip()
        join_request.new_school_finance_email = new_school.finance_email.strip()
    join_request.full_clean()
    try:
        with transaction.atomic():
            join_request.save()
    except IntegrityError:
        # The same request sent twice at once (a double click, two tabs): the other one got in first.
        if selectors.pending_join_request_for(user=user) is None:
            raise
        raise DomainError(ALREADY_WAITING) from None
    _send_request_emails(join_request)
    return join_request


def _send_request_emails(join_request):
    """The requester is told who decides; a school's administrators are told when it is them."""
    goes_to_school = selectors.join_request_goes_to_school(school=join_request.school)
    send_after_commit(
        "schools/email/join_request_received",
        to=join_request.user.email,
        context={
            "join_request": join_request,
            "goes_to_school": goes_to_school,
            "request_url": absolute_url(reverse("schools:join_request", kwargs={"pk": join_request.pk})),
        },
    )
    if not goes_to_school:
        return
    context = {
        "join_request": join_request,
        "webmail_warning": selectors.free_webmail_warning(join_request=join_request),
        "people_url": absolute_url(reverse("schools:people")),
    }
    for administrator in selectors.administrators_of(school=join_request.school):
        send_after_commit("schools/email/join_request_waiting", to=administrator.user.email, context=context)


def _lock_pending(join_request) -> JoinRequest:
    locked = JoinRequest.objects.select_for_update().get(pk=join_request.pk)
    if not locked.is_pending:
        raise DomainError(f"This request has already been {locked.get_status_display().lower()}.")
    return locked


def _require_may_decide(join_request, user):
    if selectors.may_decide_join_request(user=user, join_request=join_request):
        return
    if join_request.user_id == user.pk:
        raise DomainError(OWN_REQUEST)
    if join_request.is_new_school or not selectors.join_request_goes_to_school(school=join_request.school):
        raise DomainError(STAFF_DECIDE_ONLY)
    raise DomainError(
        f"Only an administrator of {join_request.school.name}, or the unit's staff, can decide this request."
    )


def _lock_for_decision(join_request, user) -> JoinRequest:
    """Check `user` may decide, then lock the request and the school's people (an administrator
    demoted meanwhile can no longer decide) and check again."""
    _require_may_decide(join_request, user)
    join_request = _lock_pending(join_request)
    if join_request.school_id is not None:
        lock_people(schools=[join_request.school_id])
    _require_may_decide(join_request, user)
    return join_request


def _decision_context(join_request, decided_by):
    return {
        "join_request": join_request,
        "decided_by_school": selectors.is_school_administrator_decision(
            user=decided_by, join_request=join_request
        ),
        "portal_url": absolute_url(reverse("portal:home")),
    }


def _register_school(join_request, *, registered_by) -> School:
    if selectors.registered_school_by_urn(urn=join_request.new_school_urn) is not None:
        raise DomainError(urn_taken_message(join_request.new_school_urn))
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
    record_change(
        instance=school, action=SCHOOL_REGISTERED, user=registered_by, why=f"Request {join_request.reference}"
    )
    return school


def _decide(join_request, *, status, decided_by, why=""):
    join_request.status = status
    join_request.decided_at = timezone.now()
    record_change(
        instance=join_request,
        action=JOIN_REQUEST_APPROVED if status == JoinRequestStatus.APPROVED else JOIN_REQUEST_DECLINED,
        user=decided_by,
        from_=JoinRequestStatus.PENDING.label,
        to=join_request.get_status_display(),
        why=why,
    )


@transaction.atomic
def join_request_approve(*, join_request, decided_by, roles=None) -> Membership:
    """Approve: register the new school if there is one, and add the requester to the school.

    They get `roles` (by default the roles they asked for); whoever registers a school is always its
    administrator.
    """
    join_request = _lock_for_decision(join_request, decided_by)
    asked = join_request.role_labels
    granted = chosen_roles(
        selectors.requested_roles(
            roles=join_request.roles if roles is None else roles, registering=join_request.is_new_school
        )
    )
    context = _decision_context(join_request, decided_by)
    if join_request.is_new_school:
        join_request.school = _register_school(join_request, registered_by=decided_by)
    elif Membership.objects.filter(user=join_request.user, school=join_request.school).exists():
        raise DomainError(
            f"{join_request.user.email} is already a member of {join_request.school.name}: "
            "decline this request."
        )
    membership = Membership(user=join_request.user, school=join_request.school)
    membership.roles = granted
    given = membership.role_labels
    _decide(
        join_request,
        status=JoinRequestStatus.APPROVED,
        decided_by=decided_by,
        why="" if given == asked else f"Given: {given} (asked for: {asked})",
    )
    membership.joined_at = join_request.decided_at
    membership.save()
    join_request.save(update_fields=["school", "status", "decided_at"])
    record_member_joined(membership, user=decided_by, why=f"Request {join_request.reference} approved")
    send_after_commit(
        "schools/email/join_request_approved",
        to=join_request.user.email,
        context={**context, "membership": membership, "asked": asked if given != asked else ""},
    )
    return membership


@transaction.atomic
def join_request_decline(*, join_request, decided_by, reason) -> JoinRequest:
    """Decline, telling the requester why."""
    _require_may_decide(join_request, decided_by)
    if not reason.strip():
        raise DomainError(DECLINE_REASON_REQUIRED, field="reason")
    join_request = _lock_for_decision(join_request, decided_by)
    join_request.decline_reason = reason.strip()
    _decide(
        join_request,
        status=JoinRequestStatus.DECLINED,
        decided_by=decided_by,
        why=join_request.decline_reason,
    )
    join_request.save(update_fields=["status", "decided_at", "decline_reason"])
    send_after_commit(
        "schools/email/join_request_declined",
        to=join_request.user.email,
        context=_decision_context(join_request, decided_by),
    )
    return join_request
