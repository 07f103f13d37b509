"""Registrations only: the two-factor reset's address and its button on the Users list, and the labels
of the account changes shown in each user's history. The screens are in `portal.users.admin` (the
Users screen is Wagtail's, pointed there by `apps.WagtailUsersConfig`)."""

from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.widgets import Button

from common.audit import register_changes
from portal.users import services
from portal.users.admin.two_factor import reset_two_factor
from portal.users.two_factor import has_two_factor


@hooks.register("register_admin_urls")
def two_factor_admin_urls():
    return [path("two-factor/reset/<id:user_id>/", reset_two_factor, name="users_reset_two_factor")]


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
