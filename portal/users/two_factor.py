"""Two-factor before placement data.

Placement requests and records hold children's personal data. Anyone who can see them must sign in
with a second factor (an authenticator app), so:

- the unit's staff see every placement through the Wagtail admin: `TwoFactorForAdminMiddleware`
  stops an admin user without two-factor at the door of /admin/;
- portal views that show placement data carry `@placement_data_view`.

Both send the person to one walkthrough page (`users:two_factor_required`) that explains why and links to
allauth's "set up an authenticator app" page, then brings them back where they were going.
`settings.PORTAL_REQUIRE_TWO_FACTOR_FOR_PLACEMENT_DATA` switches the rule off (dev.py does, so the demo
staff login works without an app).

Setting up an authenticator needs the email too. Whoever adds the first authenticator to an account
holds its second factor from then on, so a stolen password alone must not be enough to add one: the
walkthrough first emails a code to the account's address, and only a browser session that typed it
back (`confirm_email_for_enrolment`) may open allauth's set-up pages for a while. Those pages carry
`@enrolment_needs_confirmed_email` (applied in portal/users/urls.py, whose paths come before allauth's);
people who already have an authenticator are not asked.
"""

import time
from datetime import timedelta
from functools import wraps
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.urls import reverse

from portal.users.selectors import authenticator_apps_of

# Admin URLs a signed-in admin user may open before setting up two-factor: signing out, and the
# icons and translations the admin's own pages need.
ADMIN_URLS_OPEN_WITHOUT_TWO_FACTOR = {
    "wagtailadmin_logout",
    "wagtailadmin_sprite",
    "wagtailadmin_javascript_catalog",
}


def has_two_factor(user):
    """Whether the user signs in with an authenticator app (allauth's TOTP authenticator)."""
    if not user.is_authenticated:
        return False
    return authenticator_apps_of(user=user).exists()


def must_set_up_two_factor(user, *, has_it=None):
    """Whether the rule applies and this user has not met it yet; `has_it` is `has_two_factor(user)`
    when a query the request made already answered it."""
    if not settings.PORTAL_REQUIRE_TWO_FACTOR_FOR_PLACEMENT_DATA:
        return False
    return not (has_two_factor(user) if has_it is None else has_it)


def can_use_admin(user):
    """The unit's staff: anyone Wagtail lets into the admin (or marked as staff)."""
    return user.is_authenticated and (user.is_staff or user.has_perm("wagtailadmin.access_admin"))


def redirect_to_two_factor_setup(request):
    """Send the user to the walkthrough, remembering where they were going."""
    query = urlencode({"next": request.get_full_path()})
    return redirect(f"{reverse('users:two_factor_required')}?{query}")


def placement_data_view(view_func):
    """Decorate every view that shows placement data.

    Signed out: sent to sign in. Signed in without two-factor: sent to the walkthrough, and back here
    once it is on. For a class-based view use `method_decorator(placement_data_view, name="dispatch")`.
    Inside `portal.access.school_view` the membership's query has already said whether the person has
    two-factor (`with_account_checks`), so it is not asked again.
    """

    @wraps(view_func)
    def wrapped_view(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        membership = getattr(request, "membership", None)
        has_it = membership.user_has_two_factor if membership is not None else None
        if must_set_up_two_factor(request.user, has_it=has_it):
            return redirect_to_two_factor_setup(request)
        return view_func(request, *args, **kwargs)

    return wrapped_view


# How long after typing the emailed code someone may finish setting up their authenticator app.
ENROLMENT_CONFIRMATION_LIFETIME = timedelta(minutes=30)
SESSION_KEY_ENROLMENT_EMAIL_CONFIRMED = "portal_two_factor_email_confirmed"


def confirm_email_for_enrolment(request):
    """Remember, in this browser session only, that its user just typed the code we emailed them."""
    request.session[SESSION_KEY_ENROLMENT_EMAIL_CONFIRMED] = {"user": request.user.pk, "at": time.time()}


def email_confirmed_for_enrolment(request):
    """Whether this session's user typed an emailed code recently enough to set up an authenticator."""
    confirmed = request.session.get(SESSION_KEY_ENROLMENT_EMAIL_CONFIRMED)
    if not confirmed or confirmed.get("user") != request.user.pk:
        return False
    return time.time() - confirmed["at"] < ENROLMENT_CONFIRMATION_LIFETIME.total_seconds()


def enrolment_needs_confirmed_email(view_func):
    """Decorate allauth's views that add a first authenticator (and its recovery codes).

    A signed-in user without an authenticator app who has not just confirmed an emailed code is sent
    to the walkthrough, whatever the method: nothing is shown and nothing is saved.
    """

    @wraps(view_func)
    def wrapped_view(request, *args, **kwargs):
        user = request.user
        if user.is_authenticated and not has_two_factor(user) and not email_confirmed_for_enrolment(request):
            return redirect("users:two_factor_required")
        return view_func(request, *args, **kwargs)

    return wrapped_view


class TwoFactorForAdminMiddleware:
    """Keep admin users without two-factor out of the Wagtail admin (where all placement data is)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not request.path.startswith(reverse("wagtailadmin_home")):
            return None
        if request.resolver_match.url_name in ADMIN_URLS_OPEN_WITHOUT_TWO_FACTOR:
            return None
        if can_use_admin(request.user) and must_set_up_two_factor(request.user):
            return redirect_to_two_factor_setup(request)
        return None
