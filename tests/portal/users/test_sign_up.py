"""Sign-up and email verification through allauth's real views."""

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse

from portal.users.factories import VerifiedUserFactory
from portal.users.models import User
from tests.portal.users.conftest import NEW_PASSWORD, link_in, sign_in, sign_up

pytestmark = pytest.mark.django_db


def test_sign_up_sends_a_verification_email_and_does_not_sign_in(client):
    response = sign_up(client)

    assert response.status_code == 302
    assert response.url == reverse("account_email_verification_sent")
    user = User.objects.get(email="senco@oakfield-primary.test")
    assert not EmailAddress.objects.get(user=user).verified
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["senco@oakfield-primary.test"]
    assert message.subject == "Stepping Stones: Confirm your email address to finish creating your account"
    assert "/accounts/confirm-email/" in link_in(message)
    assert "3 days" in message.body
    assert "_auth_user_id" not in client.session


def test_sign_up_keeps_the_person_s_name(client):
    """Registers, people lists and invoices name people, not their addresses."""
    sign_up(client, first_name="Robin", last_name="Ash")

    user = User.objects.get(email="senco@oakfield-primary.test")
    assert (user.first_name, user.last_name, str(user)) == ("Robin", "Ash", "Robin Ash")


def test_sign_up_asks_for_the_name(client):
    response = sign_up(client, first_name="", last_name=" ")

    assert response.status_code == 200
    assert "Enter your first name." in response.text
    assert "Enter your last name." in response.text
    assert not User.objects.exists()


def test_sign_up_errors_are_shown_with_what_was_typed(client):
    response = sign_up(client, email="head@riverside-primary.test", confirm="something else")

    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html
    assert "You must type the same password each time." in html
    assert 'value="head@riverside-primary.test"' in html
    assert not User.objects.exists()


def test_following_the_link_verifies_and_the_user_can_then_sign_in(client, django_user_model):
    sign_up(client)
    confirm_url = link_in(mail.outbox[0])
    other_browser = client.__class__()

    page = other_browser.get(confirm_url)
    assert page.status_code == 200
    assert "Confirm my email address" in page.content.decode()
    other_browser.post(confirm_url)

    assert EmailAddress.objects.get(email="senco@oakfield-primary.test").verified
    response = sign_in(other_browser, "senco@oakfield-primary.test", NEW_PASSWORD)
    assert response.status_code == 302
    assert response.url == "/portal/"
    assert other_browser.session["_auth_user_id"] == str(django_user_model.objects.get().pk)


def test_signing_up_with_an_address_already_in_use_tells_its_owner_not_the_visitor(client):
    VerifiedUserFactory(email="head@riverside-primary.test")

    response = sign_up(client, email="head@riverside-primary.test")

    # The page is the same as for a new address, so nobody can find out who has an account.
    assert response.url == reverse("account_email_verification_sent")
    assert User.objects.filter(email="head@riverside-primary.test").count() == 1
    assert mail.outbox[0].subject == "Stepping Stones: You already have an account"
