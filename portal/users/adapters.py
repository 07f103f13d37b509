"""How allauth talks to people here: plain-English messages and where each kind of user lands."""

from allauth.account import app_settings as account_settings
from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter
from django.core.exceptions import ValidationError
from django.urls import reverse

from common.email import queue_message
from portal.users.limits import TOO_MANY_LOGIN_ATTEMPTS, sign_in_refusal
from portal.users.two_factor import can_use_admin


class AccountAdapter(DefaultAccountAdapter):
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "email_password_mismatch": "The email address or password is not right. Check them and try again.",
        "email_taken": "An account already uses this email address. Sign in, or reset your password.",
        "enter_current_password": "Enter your current password.",
        "incorrect_code": "The code is not right. Enter the code your authenticator app shows now.",
        "incorrect_password": "The password is not right.",
        "invalid_password_reset": "This password reset link has expired or has already been used.",
        "rate_limited": "You have tried too many times. Wait a few minutes, then try again.",
        "same_as_current": "This is already your email address.",
        # allauth's fallback; a refusal by the sign-in limits says how long to wait (pre_authenticate).
        TOO_MANY_LOGIN_ATTEMPTS: (
            "There have been too many attempts to sign in. Wait a few minutes, then try again."
        ),
        "unverified_primary_email": "Confirm your email address first: use the link we emailed you.",
    }

    def pre_authenticate(self, request, **credentials):
        """allauth counts the attempt against ACCOUNT_RATE_LIMITS["login_failed"] here and refuses it when
        a limit is reached; say which limit (this account's, or the network's) and how long to wait."""
        try:
            super().pre_authenticate(request, **credentials)
        except ValidationError as refused:
            if refused.code != TOO_MANY_LOGIN_ATTEMPTS:
                raise
            key = self._get_login_attempts_cache_key(request, **credentials)
            message = sign_in_refusal(request, action="login_failed", key=key)
            raise ValidationError(message, code=TOO_MANY_LOGIN_ATTEMPTS) from refused

    def send_mail(self, template_prefix, email, context):
        # The confirmation email says how long its link lasts.
        context = {"expire_days": account_settings.EMAIL_CONFIRMATION_EXPIRE_DAYS, **context}
        # The worker sends it, so a slow mail server never holds up (or fails) the page.
        queue_message(self.render_mail(template_prefix, email, context))

    def get_login_redirect_url(self, request):
        # The unit's staff work in the admin; school staff work in the portal (LOGIN_REDIRECT_URL).
        if can_use_admin(request.user):
            return reverse("wagtailadmin_home")
        return super().get_login_redirect_url(request)


class MFAAdapter(DefaultMFAAdapter):
    error_messages = {
        **DefaultMFAAdapter.error_messages,
        "incorrect_code": "The code is not right. Enter the code your authenticator app shows now.",
        "unverified_email": "Confirm your email address before you turn on two-factor authentication.",
    }
