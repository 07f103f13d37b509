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
"""

from functools import wraps
from urllib.parse import urlencode

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.urls import reverse

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
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def must_set_up_two_factor(user):
    """Whether the rule applies and this user has not met it yet."""
    return settings.PORTAL_REQUIRE_TWO_FACTOR_FOR_PLACEMENT_DATA and not has_two_factor(user)


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
    """

    @wraps(view_func)
    def wrapped_view(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if must_set_up_two_factor(request.user):
            return redirect_to_two_factor_setup(request)
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
