"""Sign-up, email verification, sign-in, rate limits and password reset through allauth's real views."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.core.cache import cache
from django.urls import reverse

from portal.adapters import failed_login_lockout_minutes
from portal.factories import UserFactory
from portal.models import User
from tests.accounts import PASSWORD, verified_user

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "three random words 42"


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    # allauth counts attempts in the cache; each test starts with a clean slate.
    cache.clear()
    yield
    cache.clear()


def sign_up(client, email="senco@oakfield-primary.test", password=NEW_PASSWORD, confirm=None):
    return client.post(
        reverse("account_signup"),
        {"email": email, "password1": password, "password2": password if confirm is None else confirm},
    )


def sign_in(client, email, password=PASSWORD, **extra):
    return client.post(reverse("account_login"), {"login": email, "password": password}, **extra)


def link_in(message):
    return re.search(r"https?://\S+", message.body).group(0)


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


def test_sign_up_errors_are_shown_with_what_was_typed(client):
    response = sign_up(client, email="head@riverside-primary.test", confirm="something else")

    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html
    assert "You must type the same password each time." in html
    assert 'value="head@riverside-primary.test"' in html
    assert not User.objects.exists()


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
    verified_user(email="head@riverside-primary.test")

    response = sign_up(client, email="head@riverside-primary.test")

    # The page is the same as for a new address, so nobody can find out who has an account.
    assert response.url == reverse("account_email_verification_sent")
    assert User.objects.filter(email="head@riverside-primary.test").count() == 1
    assert mail.outbox[0].subject == "Stepping Stones: You already have an account"


def test_wrong_password_shows_a_clear_error(client):
    verified_user(email="head@riverside-primary.test")

    response = sign_in(client, "head@riverside-primary.test", "not-the-password")

    assert response.status_code == 200
    html = response.content.decode()
    assert "The email address or password is not right." in html
    assert 'value="head@riverside-primary.test"' in html


def test_too_many_wrong_passwords_lock_the_account_with_a_clear_message(client):
    verified_user(email="head@riverside-primary.test")
    for _attempt in range(5):
        response = sign_in(client, "head@riverside-primary.test", "not-the-password")
        assert "too many attempts" not in response.content.decode()

    # Even the right password is refused until the lock expires.
    response = sign_in(client, "head@riverside-primary.test")

    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert (
        "There have been too many attempts to sign in to this account. For your security, wait 15 minutes"
        in response.content.decode()
    )
    assert failed_login_lockout_minutes() == 15


def test_the_lock_is_per_account(client):
    verified_user(email="head@riverside-primary.test")
    verified_user(email="senco@oakfield-primary.test")
    for _attempt in range(5):
        sign_in(client, "head@riverside-primary.test", "not-the-password")

    response = sign_in(client, "senco@oakfield-primary.test")

    assert response.status_code == 302


def test_password_reset_emails_a_link_that_sets_a_new_password(client):
    user = verified_user(email="head@riverside-primary.test")

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


def test_changing_email_needs_the_new_address_confirmed(client):
    user = verified_user(email="head@riverside-primary.test")
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


def test_sign_out_is_a_post(client):
    client.force_login(verified_user())

    client.get(reverse("account_logout"))
    assert "_auth_user_id" in client.session
    client.post(reverse("account_logout"))
    assert "_auth_user_id" not in client.session


def test_header_offers_sign_in_or_your_account(client, home_page):
    signed_out = client.get("/").content.decode()
    assert f'href="{reverse("account_login")}"' in signed_out

    client.force_login(verified_user())
    signed_in = client.get("/").content.decode()
    assert f'href="{reverse("users:account_overview")}"' in signed_in
    assert f'action="{reverse("account_logout")}"' in signed_in


@pytest.mark.parametrize(
    ("url_name", "autocomplete"),
    [
        ("account_login", ['autocomplete="email"', 'autocomplete="current-password"']),
        ("account_signup", ['autocomplete="email"', 'autocomplete="new-password"']),
        ("account_reset_password", ['autocomplete="email"']),
    ],
)
def test_account_pages_use_the_site_layout_with_labelled_fields(client, url_name, autocomplete):
    html = client.get(reverse(url_name)).content.decode()

    assert html.count("<h1") == 1
    assert 'class="site-header"' in html
    assert 'class="form-label"' in html
    main = html.split('id="main-content"')[1]
    assert "placeholder=" not in main
    assert "Forgot your password?" not in main, "allauth's hint is replaced by a link after the form"
    for attribute in autocomplete:
        assert attribute in html


def test_wagtail_sign_in_pages_send_people_to_allauth(client):
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response.url == f"{reverse('account_login')}?next=/admin/"

    response = client.get("/admin/login/?next=/admin/pages/")
    assert response.url == f"{reverse('account_login')}?next=/admin/pages/"
    assert client.get("/_util/login/?next=/private/").url == f"{reverse('account_login')}?next=/private/"
    assert client.get("/admin/password_reset/").url == reverse("account_reset_password")


def test_staff_sign_in_lands_in_the_admin(client, settings):
    settings.PORTAL_REQUIRE_TWO_FACTOR_FOR_PLACEMENT_DATA = False
    verified_user(email="office@stepping-stones.test", is_staff=True, is_superuser=True)

    response = sign_in(client, "office@stepping-stones.test")

    assert response.url == reverse("wagtailadmin_home")
    response = client.post(
        f"{reverse('account_login')}?next=/admin/pages/",
        {"login": "office@stepping-stones.test", "password": PASSWORD, "next": "/admin/pages/"},
    )
    assert response.url == "/admin/pages/"
