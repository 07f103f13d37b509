"""Writes with rules for people's accounts."""

from allauth.mfa.models import Authenticator
from django.db import transaction
from django.urls import reverse

from common.audit import record_change
from common.email import send_after_commit
from common.errors import DomainError
from common.urls import absolute_url

TWO_FACTOR_RESET = "users.two_factor_reset"


@transaction.atomic
def two_factor_reset(*, user, reset_by):
    """Switch off someone's two-factor sign-in after they lost their phone and their recovery codes.

    Only a superuser may do it, never for themselves (a second person checks who is asking). The
    person is emailed, so a reset they did not ask for does not go unnoticed, and must set up an
    authenticator app again before they next see placement data.
    """
    if not reset_by.is_superuser:
        raise DomainError("Only an administrator of the whole site can reset two-factor sign-in.")
    if reset_by.pk == user.pk:
        raise DomainError("Ask another administrator to reset your own two-factor sign-in.")
    removed, _ = Authenticator.objects.filter(user=user).delete()
    if not removed:
        raise DomainError(f"{user.email} does not use two-factor sign-in, so there is nothing to reset.")
    record_change(instance=user, action=TWO_FACTOR_RESET, user=reset_by, from_="on", to="off")
    send_after_commit(
        "users/email/two_factor_reset",
        to=user.email,
        context={"user": user, "sign_in_url": absolute_url(reverse("account_login"))},
    )
