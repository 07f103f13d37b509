"""Writes with rules for people's accounts."""

import secrets
from datetime import timedelta

from allauth.account import app_settings as account_settings
from allauth.account.models import EmailAddress, EmailConfirmationHMAC
from allauth.mfa.models import Authenticator
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac

from common.audit import record_change
from common.email import send_after_commit
from common.errors import DomainError
from common.urls import absolute_url
from portal.users.limits import how_long
from portal.users.models import EnrolmentCode, User
from portal.users.selectors import email_in_use, has_verified_email

TWO_FACTOR_RESET = "users.two_factor_reset"
TWO_FACTOR_EMAIL_CONFIRMED = "users.two_factor_email_confirmed"
EMAIL_CHANGED = "users.email_changed"

# The code someone setting up two-factor is emailed first (see two_factor.py for why).
ENROLMENT_CODE_DIGITS = 6
ENROLMENT_CODE_LIFETIME = timedelta(minutes=10)
ENROLMENT_CODE_TRIES = 5
# At most `count` codes in any `window`: enough for an email that went astray, too few to guess a code
# (5 tries at each of 10 codes a day is 50 guesses at a million codes, and each code emails the owner).
ENROLMENT_CODE_SEND_LIMITS = [
    (3, timedelta(hours=1), "hour"),
    (10, timedelta(days=1), "24 hours"),
]

ENROLMENT_CODE_FORMAT = f"Enter the {ENROLMENT_CODE_DIGITS}-digit code from the email we sent you."
ENROLMENT_CODE_WRONG = "The code is not right. Check it against the most recent email we sent you."
ENROLMENT_CODE_EXPIRED = "This code has expired or has already been used. Ask us to email you a new code."
ENROLMENT_CODE_NONE_SENT = "We have not emailed you a code yet. Ask us to email you a code first."
ENROLMENT_CODE_TOO_MANY_TRIES = (
    "You have entered a wrong code too many times. Ask us to email you a new code."
)
ENROLMENT_CODE_SEND_PAUSED = (
    "You have asked for {count} codes in the last {window}. Wait {wait}, then ask again. "
    "The email may be in your junk or spam folder."
)
ENROLMENT_EMAIL_UNCONFIRMED = "Confirm your email address first: use the link we emailed you."

EMAIL_TAKEN = "Another account already uses this email address."
EMAIL_UNCHANGED = "This is already their email address."


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


def _enrolment_code_hash(user, code):
    # Keyed with SECRET_KEY: a copy of the database alone does not give the million codes' hashes away.
    return salted_hmac("portal.users.EnrolmentCode", f"{user.pk}:{code}", algorithm="sha256").hexdigest()


@transaction.atomic
def enrolment_code_send(*, user, now=None):
    """Email `user` a new code that proves they read their email before they set up two-factor.

    Any code sent before stops working. Refused when they have asked too often (the limits above).
    """
    now = now or timezone.now()
    if not has_verified_email(user=user, email=user.email):
        raise DomainError(ENROLMENT_EMAIL_UNCONFIRMED)
    # One request at a time per person, so two quick clicks cannot both slip under the limit.
    User.objects.select_for_update().filter(pk=user.pk).exists()
    longest_window = max(window for _count, window, _label in ENROLMENT_CODE_SEND_LIMITS)
    EnrolmentCode.objects.filter(user=user, created_at__lte=now - longest_window).delete()
    for count, window, label in ENROLMENT_CODE_SEND_LIMITS:
        sent = list(
            EnrolmentCode.objects.filter(user=user, created_at__gt=now - window).values_list(
                "created_at", flat=True
            )[:count]
        )
        if len(sent) >= count:
            wait = sent[count - 1] + window - now
            raise DomainError(
                ENROLMENT_CODE_SEND_PAUSED.format(
                    count=count, window=label, wait=how_long(wait.total_seconds())
                )
            )
    code = f"{secrets.randbelow(10**ENROLMENT_CODE_DIGITS):0{ENROLMENT_CODE_DIGITS}d}"
    EnrolmentCode.objects.create(
        user=user,
        code_hash=_enrolment_code_hash(user, code),
        created_at=now,
        expires_at=now + ENROLMENT_CODE_LIFETIME,
    )
    send_after_commit(
        "users/email/two_factor_enrolment_code",
        to=user.email,
        context={
            "user": user,
            "code": code,
            "minutes": int(ENROLMENT_CODE_LIFETIME.total_seconds() // 60),
            "reset_password_url": absolute_url(reverse("account_reset_password")),
        },
    )


def enrolment_code_confirm(*, user, code, now=None):
    """Check the code `user` typed against the newest code they were emailed; use it up if it is right.

    A wrong try is counted and kept even though the code is refused, so the refusal is raised after
    the transaction that counts it (not from inside it, which would undo the count).
    """
    now = now or timezone.now()
    code = "".join(str(code).split())
    if not (code.isdigit() and len(code) == ENROLMENT_CODE_DIGITS):
        raise DomainError(ENROLMENT_CODE_FORMAT, field="code")
    with transaction.atomic():
        latest = EnrolmentCode.objects.select_for_update().filter(user=user).first()
        if latest is None:
            refusal = ENROLMENT_CODE_NONE_SENT
        elif latest.used_at is not None or latest.expires_at <= now:
            refusal = ENROLMENT_CODE_EXPIRED
        elif latest.attempts >= ENROLMENT_CODE_TRIES:
            refusal = ENROLMENT_CODE_TOO_MANY_TRIES
        elif constant_time_compare(latest.code_hash, _enrolment_code_hash(user, code)):
            refusal = None
            latest.used_at = now
            latest.save(update_fields=["used_at"])
            record_change(instance=user, action=TWO_FACTOR_EMAIL_CONFIRMED, user=user, about=user.email)
        else:
            latest.attempts += 1
            latest.save(update_fields=["attempts"])
            used_up = latest.attempts >= ENROLMENT_CODE_TRIES
            refusal = ENROLMENT_CODE_TOO_MANY_TRIES if used_up else ENROLMENT_CODE_WRONG
    if refusal is not None:
        raise DomainError(refusal, field="code")


@transaction.atomic
def user_change_email(*, user, email, changed_by):
    """Change the address `user` signs in with, as the unit's staff do from the admin's Users screen.

    allauth's address records follow: the old address is removed and the new one is the only one,
    unverified until the person follows the confirmation link we email to it (so an invitation to it
    can be accepted from then on). The old address is told, so a change nobody asked for is noticed.
    """
    email = email.strip().lower()
    old_email = user.email
    if email == old_email.lower():
        raise DomainError(EMAIL_UNCHANGED, field="email")
    if email_in_use(email=email, exclude_user=user):
        raise DomainError(EMAIL_TAKEN, field="email")
    user.email = email
    user.save(update_fields=["email"])
    EmailAddress.objects.filter(user=user).exclude(email__iexact=email).delete()
    address, _ = EmailAddress.objects.update_or_create(
        user=user, email=email, defaults={"primary": True, "verified": False}
    )
    record_change(instance=user, action=EMAIL_CHANGED, user=changed_by, from_=old_email, to=email)
    confirm_url = absolute_url(reverse("account_confirm_email", args=[EmailConfirmationHMAC(address).key]))
    context = {
        "user": user,
        "old_email": old_email,
        "new_email": email,
        "confirm_url": confirm_url,
        "expire_days": account_settings.EMAIL_CONFIRMATION_EXPIRE_DAYS,
    }
    send_after_commit("users/email/email_changed_confirm", to=email, context=context)
    send_after_commit("users/email/email_changed_notice", to=old_email, context=context)
