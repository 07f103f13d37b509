"""Demo logins. Created only with DEBUG on, because their passwords are public."""

from allauth.account.models import EmailAddress
from django.conf import settings

from portal.models import User

DEMO_STAFF_EMAIL = "admin@stepping-stones.test"
DEMO_PASSWORD = "changeme"


def load(*, stdout):
    if not settings.DEBUG:
        stdout.write("DEBUG is off: no demo logins were created.")
        return
    user, created = User.objects.get_or_create(
        email=DEMO_STAFF_EMAIL,
        defaults={
            "first_name": "Office",
            "last_name": "Administrator",
            "is_staff": True,
            "is_superuser": True,
        },
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
        stdout.write(f"Created the staff login {DEMO_STAFF_EMAIL}.")
    # allauth lets nobody sign in with an unconfirmed address; the demo address is confirmed up front.
    EmailAddress.objects.get_or_create(
        user=user, email=DEMO_STAFF_EMAIL, defaults={"primary": True, "verified": True}
    )
