"""The admin's side of accounts: resetting a person's two-factor sign-in from the Users list, and the
labels of the account changes shown in each user's history (the Users screen itself: viewsets.py)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.views.decorators.http import require_http_methods
from wagtail import hooks
from wagtail.admin.widgets import Button

from common.audit import register_changes
from common.errors import DomainError
from portal.users import services
from portal.users.models import User
from portal.users.two_factor import has_two_factor


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


@hooks.register("register_admin_urls")
def two_factor_admin_urls():
    return [path("two-factor/reset/<int:user_id>/", reset_two_factor, name="users_reset_two_factor")]


@hooks.register("register_user_listing_buttons")
def two_factor_reset_button(user, request_user):
    if request_user.is_superuser and request_user.pk != user.pk and has_two_factor(user):
        yield Button("Reset two-factor", reverse("users_reset_two_factor", args=[user.pk]), priority=50)


@hooks.register("register_log_actions")
def users_log_actions(actions):
    register_changes(
        actions,
        {
            services.TWO_FACTOR_RESET: "Two-factor sign-in reset",
            services.TWO_FACTOR_EMAIL_CONFIRMED: "Email confirmed to set up two-factor sign-in",
            services.EMAIL_CHANGED: "Email address changed",
        },
    )
