"""Account pages of our own around allauth's: the account overview and the two-factor walkthrough."""

from allauth.account.models import EmailAddress
from allauth.mfa import app_settings as mfa_settings
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from portal.users.two_factor import can_use_admin, has_two_factor

# Where the walkthrough sends someone back to once two-factor is on.
SESSION_KEY_TWO_FACTOR_NEXT = "portal_two_factor_next"


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
def two_factor_required(request):
    """Explain why two-factor is needed and start allauth's set-up, remembering where to go next."""
    next_url = _safe_next(request, request.GET.get("next"))
    if has_two_factor(request.user):
        return redirect(next_url or _default_destination(request.user))
    if next_url:
        request.session[SESSION_KEY_TWO_FACTOR_NEXT] = next_url
    return render(
        request,
        "users/two_factor_required.html",
        {
            "for_admin": can_use_admin(request.user),
            "code_digits": mfa_settings.TOTP_DIGITS,
            "code_period": mfa_settings.TOTP_PERIOD,
            "recovery_code_count": mfa_settings.RECOVERY_CODE_COUNT,
        },
    )


@login_required
def two_factor_continue(request):
    """After the recovery codes: back to where the walkthrough interrupted, or the usual start page."""
    if not has_two_factor(request.user):
        return redirect("users:two_factor_required")
    next_url = _safe_next(request, request.session.pop(SESSION_KEY_TWO_FACTOR_NEXT, None))
    return redirect(next_url or _default_destination(request.user))
