"""Writes with rules for joining: asking to join a registered school or to register a new one, and
deciding the request.

Who decides is one rule, `models.may_decide`, declared on the request's `approve` and `decline`: a request
to join a school with an administrator goes to that school's administrators (the unit's staff may decide
it too); a request to register a new school, or to join one with no administrator, is for the unit's staff
alone. Whoever decides is the actor of the transition: a staff user in the admin, the membership of one of
the school's administrators in the portal.
"""

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from common import workflows
from common.audit import record_change
from common.email import send_after_commit
from common.errors import DomainError
from common.urls import absolute_url
from portal.schools import selectors
from portal.schools.models import District, JoinRequest, Membership, School, may_decide
from portal.schools.services.people import (
    chosen_roles,
    lock_acting_membership,
    lock_people,
    record_member_joined,
)

JOB_TITLE_REQUIRED = "Enter your job title."
ALREADY_WAITING = (
    "You already have a request waiting for approval. We will email you when it has been decided."
)
STAFF_DECIDE_ONLY = (
    "Only the unit's staff can decide requests to register a school "
    "or to join a school with no administrator."
)
OWN_REQUEST = "You cannot decide your own request. Another administrator or the unit's staff must decide it."
SCHOOL_ADMINISTRATORS_DECIDE = (
    "Only an administrator of {school}, or the unit's staff, can decide this request."
)
URN_TAKEN = "A school with URN {urn} is already registered. Ask to join it instead."
ALREADY_A_MEMBER = "{email} is already a member of {school}: decline this request."

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
            raise DomainError(URN_TAKEN.format(urn=new_school.urn), field="urn")
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


def _deciding(join_request, decided_by):
    """Who decides, as they are now: a staff user as given; a school administrator's membership read
    again with the school's people locked (one demoted meanwhile can no longer decide). Then the rule,
    refused with the reason it fails."""
    if isinstance(decided_by, Membership):
        decided_by = lock_acting_membership(decided_by)
    elif join_request.school_id is not None:
        lock_people(schools=[join_request.school_id])
    if decided_by is not None and may_decide(join_request, decided_by):
        return decided_by
    if decided_by is not None and workflows.user_of(decided_by).pk == join_request.user_id:
        raise DomainError(OWN_REQUEST)
    if join_request.is_new_school or not selectors.join_request_goes_to_school(school=join_request.school):
        raise DomainError(STAFF_DECIDE_ONLY)
    raise DomainError(SCHOOL_ADMINISTRATORS_DECIDE.format(school=join_request.school.name))


def _decision_context(join_request, decided_by):
    return {
        "join_request": join_request,
        "decided_by_school": isinstance(decided_by, Membership),
        "portal_url": absolute_url(reverse("portal:home")),
    }


def _check_can_join(join_request):
    """The school a request names is still free to register, or the person is not yet its member."""
    if join_request.is_new_school:
        if selectors.registered_school_by_urn(urn=join_request.new_school_urn) is not None:
            raise DomainError(URN_TAKEN.format(urn=join_request.new_school_urn))
    elif Membership.objects.filter(user=join_request.user_id, school=join_request.school_id).exists():
        raise DomainError(
            ALREADY_A_MEMBER.format(email=join_request.user.email, school=join_request.school.name)
        )


def _register_school(join_request, *, registered_by) -> School:
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


@transaction.atomic
def join_request_approve(*, join_request, decided_by, roles=None) -> Membership:
    """Approve: register the new school if there is one, and add the requester to the school.

    `decided_by` is a staff user (in the admin) or a school administrator's membership (in the portal).
    They get `roles` (by default the roles they asked for); whoever registers a school is always its
    administrator.
    """
    decided_by = _deciding(join_request, decided_by)
    asked = join_request.role_labels
    granted = chosen_roles(
        selectors.requested_roles(
            roles=join_request.roles if roles is None else roles, registering=join_request.is_new_school
        )
    )
    given = ", ".join(role.label for role in granted)
    join_request = workflows.transition_apply(
        join_request,
        "approve",
        by=decided_by,
        why="" if given == asked else f"Given: {given} (asked for: {asked})",
        changes={"decided_at": timezone.now()},
        check=_check_can_join,
    )
    person = workflows.user_of(decided_by)
    if join_request.is_new_school:
        join_request.school = _register_school(join_request, registered_by=person)
        join_request.save(update_fields=["school"])
    membership = Membership(
        user=join_request.user, school=join_request.school, joined_at=join_request.decided_at
    )
    membership.roles = granted
    membership.save()
    record_member_joined(membership, user=person, why=f"Request {join_request.reference} approved")
    send_after_commit(
        "schools/email/join_request_approved",
        to=join_request.user.email,
        context={
            **_decision_context(join_request, decided_by),
            "membership": membership,
            "asked": asked if given != asked else "",
        },
    )
    return membership


@transaction.atomic
def join_request_decline(*, join_request, decided_by, reason) -> JoinRequest:
    """Decline, telling the requester why. `decided_by` as for `join_request_approve`."""
    decided_by = _deciding(join_request, decided_by)
    join_request = workflows.transition_apply(
        join_request,
        "decline",
        by=decided_by,
        why=reason,
        changes={"decided_at": timezone.now(), "decline_reason": reason.strip()},
    )
    send_after_commit(
        "schools/email/join_request_declined",
        to=join_request.user.email,
        context=_decision_context(join_request, decided_by),
    )
    return join_request
