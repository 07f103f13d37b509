"""Reads with rules about people's accounts."""

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.db.models import Exists, OuterRef, QuerySet

from portal.users.models import User


def verified_addresses_of(*, user) -> QuerySet[EmailAddress]:
    """The address records this person has proved they own (`user` may be an OuterRef)."""
    return EmailAddress.objects.filter(user=user, verified=True)


def authenticator_apps_of(*, user) -> QuerySet[Authenticator]:
    """The authenticator apps (allauth's TOTP authenticators) this person signs in with (`user` may be
    an OuterRef)."""
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP)


def with_account_checks(rows: QuerySet) -> QuerySet:
    """`rows` (of a model with a `user`) with, in the same query, what the portal's doors ask of that user
    on every request: `user_has_verified_email` (allauth's `verified_email_required`) and
    `user_has_two_factor` (`portal.users.two_factor.has_two_factor`)."""
    return rows.annotate(
        user_has_verified_email=Exists(verified_addresses_of(user=OuterRef("user"))),
        user_has_two_factor=Exists(authenticator_apps_of(user=OuterRef("user"))),
    )


def verified_emails_of(*, user) -> set[str]:
    """The addresses this person has proved they own, lower-cased."""
    emails = verified_addresses_of(user=user).values_list("email", flat=True)
    return {email.lower() for email in emails}


def has_verified_email(*, user, email) -> bool:
    """Whether `user` has proved they own `email` (any of their addresses, not only the primary)."""
    return email.lower() in verified_emails_of(user=user)


def email_in_use(*, email, exclude_user=None) -> bool:
    """Whether another account signs in with `email` or has proved it owns it."""
    users = User.objects.filter(email__iexact=email)
    addresses = EmailAddress.objects.filter(email__iexact=email, verified=True)
    if exclude_user is not None:
        users = users.exclude(pk=exclude_user.pk)
        addresses = addresses.exclude(user=exclude_user)
    return users.exists() or addresses.exists()
