"""Sign-in and sign-out through allauth's real views: unverified addresses, wrong passwords, the lock
after too many attempts, and where each kind of user lands."""

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse

from portal.users.factories import PASSWORD, UserFactory, VerifiedUserFactory
from tests.portal.users.conftest import sign_in

pytestmark = pytest.mark.django_db


def test_an_unverified_user_cannot_sign_in(client):
    user = UserFactory(email="senco@oakfield-primary.test")
    EmailAddress.objects.create(user=user, email=user.email, primary=True, verified=False)

    response = sign_in(client, "senco@oakfield-primary.test")

    assert response.status_code == 302
    assert response.url == reverse("account_email_verification_sent")
    assert "_auth_user_id" not in client.session
    assert len(mail.outbox) == 1, "a fresh verification link is sent"
    # Trying again straight away does not flood their inbox (ACCOUNT_RATE_LIMITS["confirm_email"]).
    sign_in(client, "senco@oakfield-primary.test")
    assert len(mail.outbox) == 1
    assert "_auth_user_id" not in client.session


def test_wrong_password_shows_a_clear_error(client):
    VerifiedUserFactory(email="head@riverside-primary.test")

    response = sign_in(client, "head@riverside-primary.test", "not-the-password")

    assert response.status_code == 200
    html = response.content.decode()
    assert "The email address or password is not right." in html
    assert 'value="head@riverside-primary.test"' in html


def test_too_many_wrong_passwords_lock_the_account_with_a_clear_message(client):
    VerifiedUserFactory(email="head@riverside-primary.test")
    for _attempt in range(5):
        response = sign_in(client, "head@riverside-primary.test", "not-the-password")
        assert "too many attempts" not in response.content.decode()

    # Even the right password is refused until the lock expires (ACCOUNT_RATE_LIMITS: 5/15m/key).
    response = sign_in(client, "head@riverside-primary.test")

    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    html = response.content.decode()
    assert (
        "There have been too many attempts to sign in to this account. For your security, wait 15 minutes"
        in html
    )
    assert 'value="head@riverside-primary.test"' in html, "the form is shown again with what was typed"


def test_the_lock_is_per_account(client):
    VerifiedUserFactory(email="head@riverside-primary.test")
    VerifiedUserFactory(email="senco@oakfield-primary.test")
    for _attempt in range(5):
        sign_in(client, "head@riverside-primary.test", "not-the-password")

    response = sign_in(client, "senco@oakfield-primary.test")

    assert response.status_code == 302


def test_sign_out_is_a_post(client):
    client.force_login(VerifiedUserFactory())

    client.get(reverse("account_logout"))
    assert "_auth_user_id" in client.session
    client.post(reverse("account_logout"))
    assert "_auth_user_id" not in client.session


def test_header_offers_sign_in_or_your_account(client, home_page):
    signed_out = client.get("/").content.decode()
    assert f'href="{reverse("account_login")}"' in signed_out

    client.force_login(VerifiedUserFactory())
    signed_in = client.get("/").content.decode()
    assert f'href="{reverse("users:account_overview")}"' in signed_in
    assert f'action="{reverse("account_logout")}"' in signed_in


def test_wagtail_sign_in_pages_send_people_to_allauth(client):
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response.url == f"{reverse('account_login')}?next=/admin/"

    response = client.get("/admin/login/?next=/admin/pages/")
    assert response.url == f"{reverse('account_login')}?next=/admin/pages/"
    assert client.get("/_util/login/?next=/private/").url == f"{reverse('account_login')}?next=/private/"
    assert client.get("/admin/password_reset/").url == reverse("account_reset_password")


def test_staff_sign_in_lands_in_the_admin(client, settings, staff_user):
    settings.PORTAL_REQUIRE_TWO_FACTOR_FOR_PLACEMENT_DATA = False

    response = sign_in(client, staff_user.email)

    assert response.url == reverse("wagtailadmin_home")
    response = client.post(
        f"{reverse('account_login')}?next=/admin/pages/",
        {"login": staff_user.email, "password": PASSWORD, "next": "/admin/pages/"},
    )
    assert response.url == "/admin/pages/"
