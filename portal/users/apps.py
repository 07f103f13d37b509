from django.apps import AppConfig
from wagtail.users.apps import WagtailUsersAppConfig


class UsersConfig(AppConfig):
    default = True  # the config for "portal.users" (this module also holds Wagtail's users app below)
    name = "portal.users"
    label = "users"
    verbose_name = "People and sign-in"


class WagtailUsersConfig(WagtailUsersAppConfig):
    """Wagtail's users app (label "wagtailusers") with our Users screen: listed in INSTALLED_APPS in place
    of "wagtail.users", as Wagtail's documentation on custom user forms describes."""

    default = False
    user_viewset = "portal.users.admin.users.StaffUserViewSet"
