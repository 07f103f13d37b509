"""The demo staff login, and the helper other apps' demo content uses for its logins.

Created only with DEBUG on, because the password is public.
"""

from allauth.account.models import EmailAddress
from django.conf import settings

from portal.users.models import User

DEMO_STAFF_EMAIL = "admin@stepping-stones.test"
DEMO_PASSWORD = "changeme"


def demo_login(email, stdout, **defaults):
    """A login with the demo password and a confirmed address, created only when missing."""
    user, created = User.objects.get_or_create(email=email, defaults=defaults)
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
        stdout.write(f"Created the login {email}.")
    # allauth lets nobody sign in with an unconfirmed address; demo addresses are confirmed up front.
    EmailAddress.objects.get_or_create(
        user=user, email=user.email, defaults={"primary": True, "verified": True}
    )
    return user


def load(*, stdout):
    if not settings.DEBUG:
        stdout.write("DEBUG is off: no demo logins were created.")
        return
    demo_login(
        DEMO_STAFF_EMAIL,
        stdout,
        first_name="Office",
        last_name="Administrator",
        is_staff=True,
        is_superuser=True,
    )
