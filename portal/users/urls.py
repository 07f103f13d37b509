"""Our account pages, and allauth's pages we wrap, under /accounts/.

config/urls.py includes these before allauth's own, so the paths below that repeat allauth's (sign-in,
adding a first authenticator and its recovery codes) are answered here. reverse("account_login") and
reverse("mfa_activate_totp") still give these same addresses; tests/portal/users check each one is ours.
"""

from allauth.mfa.recovery_codes import views as recovery_code_views
from allauth.mfa.totp import views as totp_views
from django.urls import path

from portal.users import views
from portal.users.two_factor import enrolment_needs_confirmed_email

app_name = "users"

urlpatterns = [
    path("", views.account_overview, name="account_overview"),
    path("login/", views.SignInView.as_view(), name="sign_in"),
    path("two-factor-required/", views.two_factor_required, name="two_factor_required"),
    path("two-factor-required/email-code/", views.two_factor_email_code, name="two_factor_email_code"),
    path("two-factor-required/continue/", views.two_factor_continue, name="two_factor_continue"),
    path(
        "2fa/totp/activate/",
        enrolment_needs_confirmed_email(totp_views.activate_totp),
        name="activate_totp",
    ),
    path(
        "2fa/recovery-codes/generate/",
        enrolment_needs_confirmed_email(recovery_code_views.generate_recovery_codes),
        name="generate_recovery_codes",
    ),
]
