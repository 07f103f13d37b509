"""An administrator's view of their school's people: requests to join, roles, invitations and removals."""

from functools import wraps

from django import forms
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from common import workflows
from common.forms import posted, refusal_flashed, refusal_shown_on, status_for
from portal.access import school_context, school_view
from portal.schools import selectors
from portal.schools.forms import ApproveJoinRequestForm, ChangeRolesForm, DeclineJoinRequestForm, InviteForm
from portal.schools.models import ALREADY_DECIDED, ROLE_DESCRIPTIONS, Role
from portal.schools.services import invitations, joining
from portal.schools.services import people as people_services


def _people(request):
    return selectors.managed_memberships_for(user=request.user, school=request.membership.school)


def _invitations(request):
    return selectors.managed_invitations_for(user=request.user, school=request.membership.school)


def _join_requests(request):
    return selectors.managed_join_requests_for(user=request.user, school=request.membership.school)


# The page of each transition offered here (the declarations say which the administrator may make).
TRANSITION_PAGES = {
    "approve": "schools:approve_join_request",
    "decline": "schools:decline_join_request",
    "withdraw": "schools:cancel_invitation",
}


def _actions(record, membership):
    """(label, address) of each transition `membership` may make of `record` now."""
    return [
        (declared.custom["label"], reverse(TRANSITION_PAGES[declared.name], args=[record.pk]))
        for declared in workflows.allowed_transitions(record, membership, where="portal")
    ]


def _join_requests_to_decide(request):
    return [
        (
            join_request,
            selectors.free_webmail_warning(join_request=join_request),
            _actions(join_request, request.membership),
        )
        for join_request in selectors.pending(join_requests=_join_requests(request))
    ]


def _open_invitations(request):
    return [
        (invitation, _actions(invitation, request.membership))
        for invitation in selectors.open_invitations(invitations=_invitations(request))
    ]


@school_view(needs="can_manage_people")
def people(request):
    return render(
        request,
        "schools/people/list.html",
        school_context(
            request,
            people=_people(request),
            join_requests=_join_requests_to_decide(request),
            invitations=_open_invitations(request),
            now=timezone.now(),
            role_descriptions=[(role.label, ROLE_DESCRIPTIONS[role]) for role in Role],
        ),
    )


@school_view(needs="can_manage_people")
@require_http_methods(["GET", "POST"])
def invite(request):
    school = request.membership.school
    form = InviteForm(posted(request))
    if request.method == "POST" and form.is_valid():
        with refusal_shown_on(form):
            invitation, _token = invitations.invitation_create(
                school=school,
                email=form.cleaned_data["email"],
                roles=form.cleaned_data["roles"],
                invited_by=request.user,
            )
            messages.success(
                request,
                f"We have emailed an invitation to {invitation.email}. The link works once and expires on "
                f"{timezone.localtime(invitation.expires_at):%d %B %Y}.",
            )
            return redirect("schools:people")
    return render(
        request, "schools/people/invite.html", {"form": form, "school": school}, status=status_for(form)
    )


@school_view(needs="can_manage_people")
@require_http_methods(["GET", "POST"])
def change_roles(request, pk):
    person = get_object_or_404(_people(request), pk=pk)
    form = ChangeRolesForm(
        posted(request), initial={"roles": person.roles, "is_senior_leader": person.is_senior_leader}
    )
    if request.method == "POST" and form.is_valid():
        with refusal_shown_on(form):
            people_services.membership_change_roles(
                membership=person,
                roles=form.cleaned_data["roles"],
                is_senior_leader=form.cleaned_data["is_senior_leader"],
                changed_by=request.user,
            )
            messages.success(request, f"Roles changed for {person.user.email}.")
            return redirect("schools:people")
    return render(
        request,
        "schools/people/change_roles.html",
        {"form": form, "person": person, "school": request.membership.school},
        status=status_for(form),
    )


@school_view(needs="can_manage_people")
@require_http_methods(["GET", "POST"])
def remove(request, pk):
    person = get_object_or_404(_people(request), pk=pk)
    form = forms.Form(posted(request))
    if request.method == "POST" and form.is_valid():
        with refusal_shown_on(form):
            people_services.membership_remove(membership=person, removed_by=request.user)
            messages.success(request, f"{person.user.email} has been removed from {person.school.name}.")
            return redirect("portal:home" if person.user_id == request.user.pk else "schools:people")
    return render(
        request,
        "schools/people/remove.html",
        {
            "form": form,
            "person": person,
            "school": request.membership.school,
            "is_self": person.user_id == request.user.pk,
        },
        status=status_for(form),
    )


@school_view(needs="can_manage_people")
@require_POST
def resend_invitation(request, pk):
    invitation = get_object_or_404(_invitations(request), pk=pk)
    with refusal_flashed(request):
        invitation, _token = invitations.invitation_resend(invitation=invitation, resent_by=request.user)
        messages.success(
            request,
            f"We have emailed a new invitation link to {invitation.email}. "
            f"It expires on {timezone.localtime(invitation.expires_at):%d %B %Y}; "
            "the old link no longer works.",
        )
    return redirect("schools:people")


@school_view(needs="can_manage_people")
@require_POST
def cancel_invitation(request, pk):
    invitation = get_object_or_404(_invitations(request), pk=pk)
    with refusal_flashed(request):
        invitations.invitation_withdraw(invitation=invitation, withdrawn_by=request.membership)
        messages.success(request, f"The invitation for {invitation.email} has been withdrawn.")
    return redirect("schools:people")


def _while_pending(view_func):
    """A decision on this school's join request `pk` (404 for any other school's): the view gets the
    request; one decided already sends the administrator back to the people page, saying how."""

    @wraps(view_func)
    def wrapped_view(request, pk):
        join_request = get_object_or_404(_join_requests(request), pk=pk)
        if not join_request.is_pending:
            messages.info(request, ALREADY_DECIDED.format(status=join_request.get_status_display().lower()))
            return redirect("schools:people")
        return view_func(request, join_request)

    return wrapped_view


def _decision_page(request, template, join_request, form):
    return render(
        request,
        template,
        {
            "form": form,
            "join_request": join_request,
            "school": request.membership.school,
            "webmail_warning": selectors.free_webmail_warning(join_request=join_request),
        },
        status=status_for(form),
    )


@school_view(needs="can_manage_people")
@require_http_methods(["GET", "POST"])
@_while_pending
def approve_join_request(request, join_request):
    form = ApproveJoinRequestForm(posted(request), join_request=join_request)
    if request.method == "POST" and form.is_valid():
        with refusal_shown_on(form):
            membership = joining.join_request_approve(
                join_request=join_request, decided_by=request.membership, roles=form.cleaned_data["roles"]
            )
            messages.success(
                request,
                f"{join_request.user.email} has joined {membership.school.name}, with these roles: "
                f"{membership.role_labels}. We have emailed them.",
            )
            return redirect("schools:people")
    return _decision_page(request, "schools/people/approve_join_request.html", join_request, form)


@school_view(needs="can_manage_people")
@require_http_methods(["GET", "POST"])
@_while_pending
def decline_join_request(request, join_request):
    form = DeclineJoinRequestForm(posted(request))
    if request.method == "POST" and form.is_valid():
        with refusal_shown_on(form):
            joining.join_request_decline(
                join_request=join_request, decided_by=request.membership, reason=form.cleaned_data["reason"]
            )
            messages.success(
                request,
                f"The request from {join_request.user.email} has been declined. We have emailed them.",
            )
            return redirect("schools:people")
    return _decision_page(request, "schools/people/decline_join_request.html", join_request, form)
