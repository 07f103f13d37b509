"""Reads with rules about people's accounts."""

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.db import connection
from django.db.models import BooleanField, QuerySet
from django.db.models.expressions import RawSQL

from portal.users.models import User


def verified_addresses_of(*, user) -> QuerySet[EmailAddress]:
    """The address records this person has proved they own."""
    return EmailAddress.objects.filter(user=user, verified=True)


def authenticator_apps_of(*, user) -> QuerySet[Authenticator]:
    """The authenticator apps (allauth's TOTP authenticators) this person signs in with."""
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP)


def with_account_checks(rows: QuerySet) -> QuerySet:
    """`rows` (of a model with a `user`) with, in the same query, what the portal's doors ask of that user
    on every request: `user_has_verified_email` (allauth's `verified_email_required`: any verified
    address) and `user_has_two_factor` (`portal.users.two_factor.has_two_factor`: an authenticator app).

    The same rules as `verified_addresses_of` and `authenticator_apps_of` (tests/portal/test_access.py
    holds them to it), written as SQL: Django takes longer to compile them as `Exists` than to run each
    as a query of its own, and these two cost a fraction of either.
    """
    quote = connection.ops.quote_name
    user_of_row = f"{quote(rows.model._meta.db_table)}.{quote(rows.model._meta.get_field('user').column)}"

    def any_row_of(model, condition, params=()):
        table = quote(model._meta.db_table)
        user = f"{table}.{quote(model._meta.get_field('user').column)}"
        # Only quoted names from the models' metadata go into the text; values go in as parameters.
        sql = f"EXISTS (SELECT 1 FROM {table} WHERE {user} = {user_of_row} AND {condition})"  # noqa: S608
        return RawSQL(sql, params, output_field=BooleanField())  # noqa: S611

    verified = (
        f"{quote(EmailAddress._meta.db_table)}.{quote(EmailAddress._meta.get_field('verified').column)}"
    )
    kind = f"{quote(Authenticator._meta.db_table)}.{quote(Authenticator._meta.get_field('type').column)}"
    return rows.annotate(
        user_has_verified_email=any_row_of(EmailAddress, verified),
        user_has_two_factor=any_row_of(Authenticator, f"{kind} = %s", (Authenticator.Type.TOTP.value,)),
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
