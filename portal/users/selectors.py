"""Reads with rules about people's accounts."""

from allauth.account.models import EmailAddress

from portal.users.models import User


def verified_emails_of(*, user) -> set[str]:
    """The addresses this person has proved they own, lower-cased."""
    emails = EmailAddress.objects.filter(user=user, verified=True).values_list("email", flat=True)
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
