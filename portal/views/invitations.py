"""Accepting an invitation from a school's administrator."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from portal import services
from portal.errors import InvitationError
from portal.views.access import act_for_school, portal_view


@portal_view
@require_http_methods(["GET", "POST"])
def accept_invitation(request, token):
    try:
        invitation = services.invitation_for_token(token)
    except InvitationError as error:
        return render(request, "portal/invitations/problem.html", {"error": error}, status=404)
    try:
        if request.method == "POST":
            acceptance = services.invitation_accept(token=token, user=request.user)
        else:
            services.invitation_check(invitation, user=request.user)
    except InvitationError as error:
        return render(
            request, "portal/invitations/problem.html", {"error": error, "invitation": invitation}, status=400
        )
    if request.method == "GET":
        return render(request, "portal/invitations/accept.html", {"invitation": invitation})
    school = acceptance.membership.school
    act_for_school(request, school)
    if acceptance.already_member:
        messages.info(request, f"You were already a member of {school.name}, so nothing has changed.")
    else:
        messages.success(request, f"You have joined {school.name}.")
    return redirect("portal:home")
