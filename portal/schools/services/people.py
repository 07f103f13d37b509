"""Writes with rules for a school's people: who is an administrator, changing roles, removing someone,
and ending someone's memberships when the unit's staff delete or deactivate their account.

Every write here and in the sibling modules is keyword-only, runs in one transaction, is recorded
with `common.audit` against the school, raises `DomainError` for the view to show, and sends its
email only once the change is committed.

A change that could leave a school without an administrator first locks the memberships of the
schools it touches, all in one order (by primary key), so two such changes at the same moment queue
up instead of both passing the check (or deadlocking), and the second sees what the first did.
"""

from django.db import transaction
from django.urls import reverse

from common.audit import record_change
from common.email import send_after_commit
from common.errors import DomainError
from common.urls import absolute_url
from portal.schools import selectors
from portal.schools.models import Membership, Role

ROLES_REQUIRED = "Select at least one role."

# What the history of a school records about its people.
MEMBER_JOINED = "schools.member_joined"
MEMBER_ROLES_CHANGED = "schools.member_roles_changed"
MEMBER_SENIOR_LEADER_CHANGED = "schools.member_senior_leader_changed"
MEMBER_REMOVED = "schools.member_removed"

# The roles that let someone spend the school's money or manage its people: when anyone gains one,
# the school's administrators are told.
ROLES_TO_TELL_ADMINISTRATORS_ABOUT = (Role.ADMINISTRATOR, Role.FINANCE)

NO_LONGER_A_MEMBER = "no longer a member"


def chosen_roles(roles) -> list[Role]:
    """The roles chosen, in the usual order; at least one is needed."""
    chosen = {Role(role) for role in roles}
    if not chosen:
        raise DomainError(ROLES_REQUIRED, field="roles")
    return [role for role in Role if role in chosen]


NOT_ADMINISTRATOR = "Only an administrator of {school} can manage its people."
LAST_ADMINISTRATOR = (
    "{email} is the only administrator of {school}, and a school must always have an administrator. "
    "Make someone else an administrator first: any administrator can give a colleague the role on the "
    "People page in the portal."
)


def require_administrator(*, user, school):
    if not selectors.memberships_for(user=user).filter(school=school, is_administrator=True).exists():
        raise DomainError(NOT_ADMINISTRATOR.format(school=school.name))


def lock_people(*, schools) -> list[Membership]:
    """Lock every membership of `schools` (a list of School or their ids), in primary-key order.

    Every write that checks "a school keeps an administrator" takes these locks before it reads, so
    the rows it checks cannot change under it. The rows come back as they are now (a change committed
    while this waited is seen).
    """
    school_ids = sorted({getattr(school, "pk", school) for school in schools})
    return list(
        Membership.objects.select_for_update(of=("self",))
        .filter(school_id__in=school_ids)
        .select_related("school", "user")
        .order_by("pk")
    )


def lock_acting_membership(membership) -> Membership | None:
    """The membership someone acts through in the portal, read again with its school's people locked
    (`lock_people`): as it is now (demoted meanwhile, say), or None if it has gone."""
    people = lock_people(schools=[membership.school_id])
    return next((person for person in people if person.pk == membership.pk), None)


def _locked(people, membership) -> Membership:
    """`membership` as just locked: DomainError if it went meanwhile (someone else removed it)."""
    for person in people:
        if person.pk == membership.pk:
            return person
    raise DomainError(f"{membership.user.email} is no longer a member of {membership.school.name}.")


def _require_administrator_among(people, user, school):
    if not any(person.user_id == user.pk and person.is_administrator for person in people):
        raise DomainError(NOT_ADMINISTRATOR.format(school=school.name))


def check_schools_keep_an_administrator(*, people, leaving) -> None:
    """The rule: a school always has an administrator. Refuse (naming the first school, by name, that
    would have none) when the memberships `leaving` stop being administrators: a role taken away, a
    person removed, accounts deleted or deactivated.

    `people` are every membership of the schools concerned; a write passes them locked with
    `lock_people`, so what this checks is what the change commits against.
    """
    leaving_ids = {membership.pk for membership in leaving}
    kept = {person.school_id for person in people if person.is_administrator and person.pk not in leaving_ids}
    for membership in sorted(leaving, key=lambda membership: membership.school.name):
        if membership.is_administrator and membership.school_id not in kept:
            raise DomainError(
                LAST_ADMINISTRATOR.format(email=membership.user.email, school=membership.school.name),
                field="roles",
            )


def tell_administrators_about_new_roles(membership, *, roles_before, given_by, how):
    """The one rule for telling a school's administrators that someone gained the administrator or
    finance role there (by an approved request, an accepted invitation or a change of roles).

    Every administrator of the school is emailed, except the person who gained the role.
    """
    gained = [
        role
        for role in ROLES_TO_TELL_ADMINISTRATORS_ABOUT
        if role in membership.roles and role not in set(roles_before)
    ]
    if not gained:
        return
    school = membership.school
    context = {
        "person": membership.user,
        "school": school,
        "gained": ", ".join(role.label for role in gained),
        "roles": membership.role_labels,
        "given_by": given_by,
        "how": how,
        "people_url": absolute_url(reverse("schools:people")),
    }
    for administrator in selectors.administrators_of(school=school).exclude(pk=membership.pk):
        send_after_commit("schools/email/roles_gained", to=administrator.user.email, context=context)


def record_member_joined(membership, *, user, why):
    record_change(
        instance=membership.school,
        action=MEMBER_JOINED,
        user=user,
        about=membership.user.email,
        to=membership.role_labels,
        why=why,
    )
    tell_administrators_about_new_roles(membership, roles_before=[], given_by=user, how=why)


def _senior_leader_label(is_senior_leader):
    return "senior leader" if is_senior_leader else "not a senior leader"


@transaction.atomic
def membership_change_roles(*, membership, roles, changed_by, is_senior_leader=None) -> Membership:
    """Change someone's roles and, when `is_senior_leader` is given, whether they are the head teacher
    or a named senior leader (who signs off placement requests)."""
    school = membership.school
    require_administrator(user=changed_by, school=school)
    roles = chosen_roles(roles)
    people = lock_people(schools=[school])
    _require_administrator_among(people, changed_by, school)  # again: it may have changed meanwhile
    membership = _locked(people, membership)
    if Role.ADMINISTRATOR not in roles:
        check_schools_keep_an_administrator(people=people, leaving=[membership])
    roles_before, labels_before = membership.roles, membership.role_labels
    was_senior_leader = membership.is_senior_leader
    membership.roles = roles
    if is_senior_leader is not None:
        membership.is_senior_leader = is_senior_leader
    membership.save()
    if membership.roles != roles_before:
        record_change(
            instance=school,
            action=MEMBER_ROLES_CHANGED,
            user=changed_by,
            about=membership.user.email,
            from_=labels_before,
            to=membership.role_labels,
        )
    if membership.is_senior_leader != was_senior_leader:
        record_change(
            instance=school,
            action=MEMBER_SENIOR_LEADER_CHANGED,
            user=changed_by,
            about=membership.user.email,
            from_=_senior_leader_label(was_senior_leader),
            to=_senior_leader_label(membership.is_senior_leader),
        )
    tell_administrators_about_new_roles(
        membership, roles_before=roles_before, given_by=changed_by, how="Roles changed on the People page"
    )
    return membership


@transaction.atomic
def membership_remove(*, membership, removed_by) -> None:
    school = membership.school
    require_administrator(user=removed_by, school=school)
    people = lock_people(schools=[school])
    _require_administrator_among(people, removed_by, school)  # again: it may have changed meanwhile
    membership = _locked(people, membership)
    check_schools_keep_an_administrator(people=people, leaving=[membership])
    record_change(
        instance=school,
        action=MEMBER_REMOVED,
        user=removed_by,
        about=membership.user.email,
        from_=membership.role_labels,
        to=NO_LONGER_A_MEMBER,
    )
    membership.delete()


def _people_of_schools_of(user_ids):
    return Membership.objects.filter(school__memberships__user__in=user_ids).select_related("school", "user")


def check_accounts_can_go(*, users) -> None:
    """Raise DomainError if taking `users` away together would leave a school with no administrator.
    Read-only: the admin asks before it shows a delete button."""
    user_ids = {user.pk for user in users}
    people = list(_people_of_schools_of(user_ids).distinct())
    check_schools_keep_an_administrator(
        people=people, leaving=[person for person in people if person.user_id in user_ids]
    )


@transaction.atomic
def memberships_end(*, users, ended_by, why) -> int:
    """End every membership of `users`, whose accounts the unit's staff are deleting or deactivating.

    Refused, changing nothing, while any of them is the last administrator of a school (counting them
    all together: deleting a school's two administrators at once is refused too). Each membership that
    ends is recorded on its school, with `why`. Returns how many ended.
    """
    user_ids = {user.pk for user in users}
    school_ids = Membership.objects.filter(user__in=user_ids).values_list("school_id", flat=True)
    people = lock_people(schools=list(school_ids))
    ending = [person for person in people if person.user_id in user_ids]
    check_schools_keep_an_administrator(people=people, leaving=ending)
    for membership in ending:
        record_change(
            instance=membership.school,
            action=MEMBER_REMOVED,
            user=ended_by,
            about=membership.user.email,
            from_=membership.role_labels,
            to=NO_LONGER_A_MEMBER,
            why=why,
        )
    Membership.objects.filter(pk__in=[membership.pk for membership in ending]).delete()
    return len(ending)
