"""The admin's Users screens: no back door around "a school always has an administrator".

The Users screens (Wagtail's, in `wagtail.users`) know nothing of schools, and `portal.users` must not
import this app, so these hooks (registered in `portal.schools.wagtail_hooks`) keep a school's last
administrator from being deleted or deactivated there, and end everyone else's memberships, with a record
on the school, before they go. The rule itself is `services.people.check_schools_keep_an_administrator`.
"""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.shortcuts import redirect

from common.errors import DomainError
from portal.schools.services import people

ACCOUNT_DELETED = "Account deleted in the admin"
ACCOUNT_DEACTIVATED = "Account deactivated in the admin"
_DEACTIVATING = "_schools_deactivating"  # set on the request between the edit view's two hooks


def _refused(request, error, user):
    messages.error(request, error.message)
    return redirect("wagtailusers_users:edit", user.pk)


def end_memberships_before_deleting_a_user(request, user):
    """Refuse to delete a school's last administrator (the confirmation page says why); otherwise end
    the person's memberships, recorded on each school, just before Wagtail deletes the account."""
    try:
        if request.method == "POST":
            people.memberships_end(users=[user], ended_by=request.user, why=ACCOUNT_DELETED)
        else:
            people.check_accounts_can_go(users=[user])
    except DomainError as error:
        return _refused(request, error, user)
    return None


def _deactivating(request, user):
    # Wagtail leaves the "active" box out of the form when staff edit their own account.
    return (
        request.method == "POST"
        and user.pk != request.user.pk
        and user.is_active
        and not request.POST.get("is_active")
    )


def refuse_deactivating_a_last_administrator(request, user):
    """Unticking "active" on a school's last administrator is refused, and nothing is saved."""
    if not _deactivating(request, user):
        return None
    try:
        people.check_accounts_can_go(users=[user])
    except DomainError as error:
        return _refused(request, error, user)
    setattr(request, _DEACTIVATING, True)
    return None


def end_memberships_of_a_deactivated_user(request, user):
    """Once the account is saved inactive, its memberships end, each recorded on its school.

    Should a school's other administrators have gone in the moment between the check and the save,
    the rule refuses here instead: the account is made active again and the reason shown.
    """
    if not getattr(request, _DEACTIVATING, False):
        return None
    try:
        people.memberships_end(users=[user], ended_by=request.user, why=ACCOUNT_DEACTIVATED)
    except DomainError as error:
        get_user_model().objects.filter(pk=user.pk).update(is_active=True)
        return _refused(request, error, user)
    return None


def end_memberships_before_bulk_removal_of_users(request, action_type, objects, action_class_instance):
    """The Users list's bulk "Delete" and "Set active state: inactive" keep the same rule, all or nothing
    (they run inside one transaction with this hook)."""
    if action_class_instance.model is not get_user_model():
        return None
    if action_type == "delete":
        users, why = list(objects), ACCOUNT_DELETED
    elif action_type == "set_active_state" and not action_class_instance.cleaned_form.cleaned_data.get(
        "mark_as_active"
    ):
        users, why = [user for user in objects if user.is_active], ACCOUNT_DEACTIVATED
    else:
        return None
    try:
        people.memberships_end(users=users, ended_by=request.user, why=why)
    except DomainError as error:
        messages.error(request, error.message)
        next_url = action_class_instance.next_url
        return redirect("wagtailusers_users:index" if next_url == request.path else next_url)
    return None
