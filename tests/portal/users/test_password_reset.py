"""Password reset through allauth's real views."""

import pytest
from django.core import mail
from django.urls import reverse

from portal.users.factories import VerifiedUserFactory
from tests.portal.users.conftest import NEW_PASSWORD, link_in

pytestmark = pytest.mark.django_db


def test_password_reset_emails_a_link_that_sets_a_new_password(client):
    user = VerifiedUserFactory(email="head@riverside-primary.test")

    response = client.post(reverse("account_reset_password"), {"email": "head@riverside-primary.test"})

    assert response.url == reverse("account_reset_password_done")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject == "Stepping Stones: Reset your password"
    reset_url = link_in(message)
    form_page = client.get(reset_url, follow=True)
    assert "Choose a new password" in form_page.content.decode()
    client.post(form_page.redirect_chain[-1][0], {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)


def test_password_reset_for_an_unknown_address_looks_the_same(client):
    response = client.post(reverse("account_reset_password"), {"email": "nobody@school.test"})

    assert response.url == reverse("account_reset_password_done")
    assert mail.outbox[0].subject == "Stepping Stones: Password reset: we have no account for this address"
