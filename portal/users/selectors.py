"""Reads with rules about people's accounts."""

from allauth.account.models import EmailAddress


def verified_emails_of(*, user) -> set[str]:
    """The addresses this person has proved they own, lower-cased."""
    emails = EmailAddress.objects.filter(user=user, verified=True).values_list("email", flat=True)
    return {email.lower() for email in emails}


def has_verified_email(*, user, email) -> bool:
    """Whether `user` has proved they own `email` (any of their addresses, not only the primary)."""
    return email.lower() in verified_emails_of(user=user)
