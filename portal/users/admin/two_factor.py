"""Resetting a person's two-factor sign-in, for superusers, from the Users list."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_http_methods

from common.errors import DomainError
from portal.users import services
from portal.users.models import User


@require_http_methods(["GET", "POST"])
def reset_two_factor(request, user_id):
    if not request.user.is_superuser:
        raise PermissionDenied
    person = get_object_or_404(User, pk=user_id)
    if request.method == "POST":
        try:
            services.two_factor_reset(user=person, reset_by=request.user)
        except DomainError as refused:
            messages.error(request, refused.message)
        else:
            messages.success(request, f"Two-factor sign-in for {person.email} is off. We have emailed them.")
        return redirect("wagtailusers_users:index")
    return TemplateResponse(request, "users/admin/reset_two_factor.html", {"person": person})
