"""Changing the email address an account signs in with."""

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse

from portal.users.factories import VerifiedUserFactory
from tests.portal.users.conftest import link_in

pytestmark = pytest.mark.django_db


def test_changing_email_needs_the_new_address_confirmed(client):
    user = VerifiedUserFactory(email="head@riverside-primary.test")
    client.force_login(user)

    client.post(reverse("account_email"), {"action_add": "", "email": "head@riverside.test"})

    user.refresh_from_db()
    assert user.email == "head@riverside-primary.test", "unchanged until the new address is confirmed"
    assert mail.outbox[-1].to == ["head@riverside.test"]
    client.post(link_in(mail.outbox[-1]))
    user.refresh_from_db()
    assert user.email == "head@riverside.test"
    addresses = EmailAddress.objects.filter(user=user).values_list("email", flat=True)
    assert list(addresses) == ["head@riverside.test"]
