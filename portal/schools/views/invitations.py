"""Accepting an invitation from a school's administrator."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from common.errors import DomainError
from portal.access import act_for_school, portal_view
from portal.schools import selectors
from portal.schools.services import invitations


@portal_view
@require_http_methods(["GET", "POST"])
def accept_invitation(request, token):
    try:
        invitation = selectors.invitation_for_token(token=token)
    except DomainError as error:
        return render(request, "schools/invitations/problem.html", {"error": error}, status=404)
    try:
        if request.method == "POST":
            acceptance = invitations.invitation_accept(token=token, user=request.user)
        else:
            selectors.check_invitation_can_be_accepted(invitation=invitation, user=request.user)
    except DomainError as error:
        return render(
            request,
            "schools/invitations/problem.html",
            {"error": error, "invitation": invitation},
            status=400,
        )
    if request.method == "GET":
        return render(request, "schools/invitations/accept.html", {"invitation": invitation})
    school = acceptance.membership.school
    act_for_school(request, school)
    if acceptance.already_member:
        messages.info(request, f"You were already a member of {school.name}, so nothing has changed.")
    else:
        messages.success(request, f"You have joined {school.name}.")
    return redirect("portal:home")
