"""Writes with rules for a school's people: who is an administrator, changing roles, removing someone.

Every write here and in the sibling modules is keyword-only, runs in one transaction, is recorded
with `common.audit` against the school, raises `DomainError` for the view to show, and sends its
email only once the change is committed.
"""

from django.db import transaction

from common.audit import record_change
from common.errors import DomainError
from portal.schools import selectors
from portal.schools.models import Membership, Role

ROLES_REQUIRED = "Select at least one role."

# What the history of a school records about its people.
MEMBER_JOINED = "schools.member_joined"
MEMBER_ROLES_CHANGED = "schools.member_roles_changed"
MEMBER_REMOVED = "schools.member_removed"


def chosen_roles(roles) -> list[Role]:
    """The roles chosen, in the usual order; at least one is needed."""
    chosen = {Role(role) for role in roles}
    if not chosen:
        raise DomainError(ROLES_REQUIRED, field="roles")
    return [role for role in Role if role in chosen]


def require_administrator(user, school):
    if not selectors.memberships_for(user=user).filter(school=school, is_administrator=True).exists():
        raise DomainError(f"Only an administrator of {school.name} can manage its people.")


def record_member_joined(membership, *, user, why):
    record_change(
        instance=membership.school,
        action=MEMBER_JOINED,
        user=user,
        about=membership.user.email,
        to=membership.role_labels,
        why=why,
    )


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
        raise DomainError(message, field="roles")


@transaction.atomic
def membership_change_roles(*, membership, roles, changed_by) -> Membership:
    require_administrator(changed_by, membership.school)
    roles = chosen_roles(roles)
    membership = Membership.objects.select_for_update().select_related("school", "user").get(pk=membership.pk)
    _guard_last_administrator(
        membership,
        keeps_administrator=Role.ADMINISTRATOR in roles,
        message=(
            f"{membership.school.name} must always have an administrator. "
            "Make someone else an administrator before taking this role away."
        ),
    )
    roles_before = membership.role_labels
    membership.roles = roles
    membership.save()
    record_change(
        instance=membership.school,
        action=MEMBER_ROLES_CHANGED,
        user=changed_by,
        about=membership.user.email,
        from_=roles_before,
        to=membership.role_labels,
    )
    return membership


@transaction.atomic
def membership_remove(*, membership, removed_by) -> None:
    require_administrator(removed_by, membership.school)
    membership = Membership.objects.select_for_update().select_related("school", "user").get(pk=membership.pk)
    _guard_last_administrator(
        membership,
        keeps_administrator=False,
        message=(
            f"{membership.user.email} is the only administrator of {membership.school.name}, so they cannot "
            "be removed. Make someone else an administrator first."
        ),
    )
    record_change(
        instance=membership.school,
        action=MEMBER_REMOVED,
        user=removed_by,
        about=membership.user.email,
        from_=membership.role_labels,
        to="no longer a member",
    )
    membership.delete()
