"""Account pages of our own around allauth's: sign-in (allauth's, answering refusals with the form), the
account overview and the two-factor walkthrough."""

from http import HTTPStatus

from allauth.account.models import EmailAddress
from allauth.account.views import LoginView
from allauth.mfa import app_settings as mfa_settings
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import NON_FIELD_ERRORS
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods

from common.errors import DomainError
from common.forms import add_domain_error, posted, status_for
from portal.users import services
from portal.users.forms import EmailMeACodeForm, EnrolmentCodeForm
from portal.users.limits import TOO_MANY_LOGIN_ATTEMPTS, sign_in_refusal
from portal.users.two_factor import (
    ENROLMENT_CONFIRMATION_LIFETIME,
    can_use_admin,
    confirm_email_for_enrolment,
    email_confirmed_for_enrolment,
    has_two_factor,
    must_set_up_two_factor,
)

# Where the walkthrough sends someone back to once two-factor is on.
SESSION_KEY_TWO_FACTOR_NEXT = "portal_two_factor_next"


class SignInView(LoginView):
    """allauth's sign-in page (same address), which shows the form again when a limit refuses an attempt.

    allauth answers a refusal by the per-address limit ACCOUNT_RATE_LIMITS["login"] with a bare "429 Too
    many requests" page, and one by "login_failed" (too many wrong passwords) with a form error that does
    not say for how long. Both now show the form, with what was typed, the reason and how long to wait,
    and answer 429.
    """

    shown_form = False

    def dispatch(self, request, *args, **kwargs):
        response = super().dispatch(request, *args, **kwargs)
        if response.status_code == HTTPStatus.TOO_MANY_REQUESTS and not self.shown_form:
            # Refused by the "login" limit before allauth read the form.
            form = self.get_form()
            form.refuse(sign_in_refusal(request, action="login"))
            return self.render_to_response(
                self.get_context_data(form=form), status=HTTPStatus.TOO_MANY_REQUESTS
            )
        return response

    def form_invalid(self, form):
        self.shown_form = True
        response = super().form_invalid(form)
        if form.has_error(NON_FIELD_ERRORS, code=TOO_MANY_LOGIN_ATTEMPTS):
            response.status_code = HTTPStatus.TOO_MANY_REQUESTS
        return response


def _safe_next(request, url):
    allowed = url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return url if url and allowed else None


def _default_destination(user):
    return reverse("wagtailadmin_home") if can_use_admin(user) else settings.LOGIN_REDIRECT_URL


@login_required
def account_overview(request):
    return render(
        request,
        "account/overview.html",
        {
            "primary_email": EmailAddress.objects.get_primary(request.user),
            "two_factor_on": has_two_factor(request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def two_factor_required(request):
    """Explain why two-factor is needed, remember where to go next, and email a code that shows the
    person can read this account's email (POST) before they may set up an authenticator app."""
    next_url = _safe_next(request, request.GET.get("next"))
    if has_two_factor(request.user):
        return redirect(next_url or _default_destination(request.user))
    if next_url:
        request.session[SESSION_KEY_TWO_FACTOR_NEXT] = next_url
    form = EmailMeACodeForm(posted(request))
    if request.method == "POST":
        try:
            services.enrolment_code_send(user=request.user)
        except DomainError as refused:
            add_domain_error(form, refused)
        else:
            return redirect("users:two_factor_email_code")
    return render(
        request,
        "users/two_factor_required.html",
        {
            "form": form,
            "required": must_set_up_two_factor(request.user),
            "for_admin": can_use_admin(request.user),
            "email_confirmed": email_confirmed_for_enrolment(request),
            "code_digits": mfa_settings.TOTP_DIGITS,
            "code_period": mfa_settings.TOTP_PERIOD,
            "recovery_code_count": mfa_settings.RECOVERY_CODE_COUNT,
            "email_code_digits": services.ENROLMENT_CODE_DIGITS,
        },
        status=status_for(form),
    )


@login_required
@require_http_methods(["GET", "POST"])
def two_factor_email_code(request):
    """Type the code we emailed; if it is right, this session may set up an authenticator app."""
    if has_two_factor(request.user):
        return redirect("users:two_factor_continue")
    form = EnrolmentCodeForm(posted(request))
    if form.is_valid():
        try:
            services.enrolment_code_confirm(user=request.user, code=form.cleaned_data["code"])
        except DomainError as refused:
            add_domain_error(form, refused)
        else:
            confirm_email_for_enrolment(request)
            return redirect("mfa_activate_totp")
    return render(
        request,
        "users/two_factor_email_code.html",
        {
            "form": form,
            "email": request.user.email,
            "confirmation_minutes": int(ENROLMENT_CONFIRMATION_LIFETIME.total_seconds() // 60),
        },
        status=status_for(form),
    )


@login_required
def two_factor_continue(request):
    """After the recovery codes: back to where the walkthrough interrupted, or the usual start page."""
    if not has_two_factor(request.user):
        return redirect("users:two_factor_required")
    next_url = _safe_next(request, request.session.pop(SESSION_KEY_TWO_FACTOR_NEXT, None))
    return redirect(next_url or _default_destination(request.user))
