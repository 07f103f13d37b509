"""allauth's forms with plain-English labels and hints, and without placeholders.

GOV.UK form pattern: every field has a visible label and, where it helps, a hint; placeholder text
disappears as soon as someone types, so it is never used to carry instructions.
"""

from allauth.account import forms as account_forms
from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.base import forms as mfa_base_forms
from allauth.mfa.totp import forms as mfa_totp_forms
from django import forms
from django.contrib.auth.password_validation import MinimumLengthValidator, get_default_password_validators
from django.core.exceptions import ValidationError
from django.forms.utils import ErrorDict
from wagtail.users.forms import UserEditForm

from portal.users.limits import TOO_MANY_LOGIN_ATTEMPTS
from portal.users.selectors import email_in_use
from portal.users.services import (
    EMAIL_TAKEN,
    ENROLMENT_CODE_DIGITS,
    ENROLMENT_CODE_FORMAT,
    ENROLMENT_CODE_LIFETIME,
)


def new_password_hint():
    """Describe the password rules that settings.AUTH_PASSWORD_VALIDATORS actually apply."""
    min_lengths = [
        validator.min_length
        for validator in get_default_password_validators()
        if isinstance(validator, MinimumLengthValidator)
    ]
    length = f"Use at least {max(min_lengths)} characters. " if min_lengths else ""
    return (
        f"{length}Three random words make a strong password that is easy to remember. "
        "Do not use a common password, only numbers, or anything like your email address."
    )


class PlainFieldsMixin:
    """Relabel fields, add hints and drop placeholders; `labels` and `hints` map field names to text."""

    labels = {}
    hints = {}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            field.widget.attrs.pop("placeholder", None)
            if name in self.labels:
                field.label = self.labels[name]
            if name in self.hints:
                hint = self.hints[name]
                field.help_text = hint() if callable(hint) else hint
            if "email" in (field.widget.attrs.get("type"), getattr(field.widget, "input_type", None)):
                # Browsers must not "correct" an address or capitalise its first letter.
                field.widget.attrs.update(spellcheck="false", autocapitalize="none")


# allauth puts a "forgot your password?" link in the hint above the password box; our pages link to the
# reset page after the form instead, so the empty hints below remove it.


class LoginForm(PlainFieldsMixin, account_forms.LoginForm):
    labels = {"login": "Email address", "password": "Password"}
    hints = {"password": ""}

    def refuse(self, message):
        """Show the form again with `message` at the top, without checking the email address and password
        (checking would count as one more attempt)."""
        self.cleaned_data = {}
        self._errors = ErrorDict(renderer=self.renderer)
        self.add_error(None, ValidationError(message, code=TOO_MANY_LOGIN_ATTEMPTS))


NAME_MAX = 150  # the user model's first_name and last_name


class SignupForm(PlainFieldsMixin, account_forms.SignupForm):
    """Names too: booking registers, the people lists and invoices name people, not addresses (allauth's
    adapter saves `first_name` and `last_name`)."""

    first_name = forms.CharField(
        max_length=NAME_MAX,
        widget=forms.TextInput(attrs={"autocomplete": "given-name", "spellcheck": "false"}),
        error_messages={"required": "Enter your first name."},
    )
    last_name = forms.CharField(
        max_length=NAME_MAX,
        widget=forms.TextInput(attrs={"autocomplete": "family-name", "spellcheck": "false"}),
        error_messages={"required": "Enter your last name."},
    )
    field_order = ["first_name", "last_name", "email", "password1", "password2"]
    labels = {
        "first_name": "First name",
        "last_name": "Last name",
        "email": "Email address",
        "password1": "Create a password",
        "password2": "Confirm your password",
    }
    hints = {
        "email": "Use your work email address at your school. We will send you a link to confirm it.",
        "password1": new_password_hint,
    }


class ResetPasswordForm(PlainFieldsMixin, account_forms.ResetPasswordForm):
    labels = {"email": "Email address"}
    hints = {"email": "The address you use to sign in."}


class ResetPasswordKeyForm(PlainFieldsMixin, account_forms.ResetPasswordKeyForm):
    labels = {"password1": "New password", "password2": "Confirm your new password"}
    hints = {"password1": new_password_hint}


class ChangePasswordForm(PlainFieldsMixin, account_forms.ChangePasswordForm):
    labels = {
        "oldpassword": "Current password",
        "password1": "New password",
        "password2": "Confirm your new password",
    }
    hints = {"oldpassword": "", "password1": new_password_hint}


class SetPasswordForm(PlainFieldsMixin, account_forms.SetPasswordForm):
    labels = {"password1": "Create a password", "password2": "Confirm your password"}
    hints = {"password1": new_password_hint}


class AddEmailForm(PlainFieldsMixin, account_forms.AddEmailForm):
    labels = {"email": "New email address"}
    hints = {"email": "We will send a link to this address. Your current address works until you confirm it."}


class ReauthenticateForm(PlainFieldsMixin, account_forms.ReauthenticateForm):
    labels = {"password": "Password"}
    hints = {"password": ""}


CODE_LABEL = "Code from your authenticator app"


def code_hint():
    return (
        f"The {mfa_settings.TOTP_DIGITS}-digit code the app shows now. "
        f"It changes every {mfa_settings.TOTP_PERIOD} seconds."
    )


class CodeFieldMixin(PlainFieldsMixin):
    labels = {"code": CODE_LABEL}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A numeric keypad on phones; recovery codes are digits too.
        self.fields["code"].widget.attrs.update(inputmode="numeric", spellcheck="false")


class AuthenticateForm(CodeFieldMixin, mfa_base_forms.AuthenticateForm):
    hints = {
        "code": lambda: f"{code_hint()} If you do not have your phone, enter one of your recovery codes."
    }


class MFAReauthenticateForm(CodeFieldMixin, mfa_base_forms.ReauthenticateForm):
    hints = {"code": code_hint}


class ActivateTOTPForm(CodeFieldMixin, mfa_totp_forms.ActivateTOTPForm):
    hints = {"code": code_hint}


class EmailMeACodeForm(forms.Form):
    """Asking for a code by email before setting up two-factor: only a button. A refusal (asked too
    often) shows in the error summary."""


class EnrolmentCodeForm(forms.Form):
    code = forms.CharField(
        label="Code from the email",
        help_text=(
            f"We emailed a {ENROLMENT_CODE_DIGITS}-digit code to your address. "
            f"It works once, for {int(ENROLMENT_CODE_LIFETIME.total_seconds() // 60)} minutes."
        ),
        max_length=20,
        error_messages={"required": ENROLMENT_CODE_FORMAT},
        widget=forms.TextInput(
            attrs={
                "class": "input--short",
                "inputmode": "numeric",
                "autocomplete": "one-time-code",
                "spellcheck": "false",
            }
        ),
    )

    def clean_code(self):
        code = "".join(self.cleaned_data["code"].split())
        if not (code.isdigit() and len(code) == ENROLMENT_CODE_DIGITS):
            raise ValidationError(ENROLMENT_CODE_FORMAT)
        return code


class StaffUserEditForm(UserEditForm):
    """The admin's Users > Edit form. A new email address is not saved by the form: the view hands it to
    services.user_change_email, which keeps allauth's address records in step and asks the person to
    confirm it."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].help_text = (
            "The address they sign in with. If you change it, we email a confirmation link to the new "
            "address, they sign in with it once they have confirmed it, and we tell the old address."
        )

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        if email != self.instance.email.lower() and email_in_use(email=email, exclude_user=self.instance):
            raise ValidationError(EMAIL_TAKEN)
        return email
