"""Sign-in limits that fit schools' networks: the account's own limit does the work, the limits per IP
address let a whole local authority's schools sign in through one address, and a refusal shows the
sign-in form again with the reason and how long to wait."""

from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.urls import resolve, reverse
from django.utils import timezone

from portal.users.factories import VerifiedUserFactory
from portal.users.limits import how_long
from portal.users.views import SignInView
from tests.portal.users.conftest import NEW_PASSWORD, link_in, sign_in

pytestmark = pytest.mark.django_db

WRONG = "not-the-password"


def assert_sign_in_form_refused(response, message):
    """The refusal is the sign-in page: form, error summary with the message, what was typed, 429."""
    html = response.content.decode()
    assert response.status_code == 429
    assert "<h1>Sign in</h1>" in html
    assert 'class="error-summary"' in html
    assert message in html
    assert 'name="login"' in html
    assert 'name="password"' in html
    return html


def test_the_sign_in_address_is_answered_by_our_view():
    assert resolve(reverse("account_login")).func.view_class is SignInView


def test_a_locked_account_is_told_when_to_try_again_as_the_lock_runs_down(client):
    VerifiedUserFactory(email="head@riverside-primary.test")
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        for _attempt in range(5):
            sign_in(client, "head@riverside-primary.test", WRONG)

    with time_machine.travel(start + timedelta(minutes=10), tick=False):
        response = sign_in(client, "head@riverside-primary.test")
        html = assert_sign_in_form_refused(
            response,
            "There have been too many attempts to sign in to this account. For your security, wait "
            "5 minutes and try again, or reset your password.",
        )
        assert 'value="head@riverside-primary.test"' in html
        assert "_auth_user_id" not in client.session

    with time_machine.travel(start + timedelta(minutes=15, seconds=1), tick=False):
        response = sign_in(client, "head@riverside-primary.test")
    assert response.status_code == 302, "the lock ends when the 15 minutes are up"
    assert "_auth_user_id" in client.session


def test_resetting_the_password_ends_the_lock_as_the_message_says(client):
    VerifiedUserFactory(email="head@riverside-primary.test")
    for _attempt in range(5):
        sign_in(client, "head@riverside-primary.test", WRONG)

    client.post(reverse("account_reset_password"), {"email": "head@riverside-primary.test"})
    form_page = client.get(link_in(mail.outbox[-1]), follow=True)
    client.post(form_page.redirect_chain[-1][0], {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})

    assert sign_in(client, "head@riverside-primary.test", NEW_PASSWORD).status_code == 302


def test_the_per_address_sign_in_limit_shows_the_form_and_the_wait(client, settings):
    """ACCOUNT_RATE_LIMITS["login"] counts every attempt from an address; allauth answers a refusal with a
    bare 429 page, the sign-in page with its form instead."""
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "login": "3/h/ip"}
    VerifiedUserFactory(email="head@riverside-primary.test")
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        for _attempt in range(3):
            assert sign_in(client, "someone@oakfield-primary.test", WRONG).status_code == 200

    with time_machine.travel(start + timedelta(minutes=20), tick=False):
        response = sign_in(client, "head@riverside-primary.test")

    html = assert_sign_in_form_refused(
        response,
        "There have been too many attempts to sign in from your network. Wait 40 minutes, then try again.",
    )
    assert 'value="head@riverside-primary.test"' in html
    assert "_auth_user_id" not in client.session
    assert f'href="{reverse("account_reset_password")}"' in html, "the rest of the page is there too"


def test_the_per_address_wrong_password_limit_shows_the_form_and_the_wait(client, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "login_failed": "4/h/ip,5/15m/key"}
    VerifiedUserFactory(email="head@riverside-primary.test")
    for number in range(4):
        sign_in(client, f"teacher{number}@oakfield-primary.test", WRONG)

    response = sign_in(client, "head@riverside-primary.test")

    assert_sign_in_form_refused(
        response,
        "There have been too many attempts to sign in from your network. Wait 60 minutes, then try again.",
    )


def test_hundreds_of_schools_behind_one_address_can_still_sign_in(client):
    """With the settings as they are: 150 people at different schools each mistype their password twice
    from one local authority address (300 failures), and everyone can still sign in."""
    for number in range(150):
        for _attempt in range(2):
            sign_in(client, f"teacher{number}@school{number}.test", WRONG)
    VerifiedUserFactory(email="head@riverside-primary.test")

    response = sign_in(client, "head@riverside-primary.test")

    assert response.status_code == 302
    assert "_auth_user_id" in client.session


def test_one_persons_typing_does_not_lock_out_a_colleague_on_the_same_network(client):
    VerifiedUserFactory(email="head@riverside-primary.test")
    VerifiedUserFactory(email="senco@riverside-primary.test")
    for _attempt in range(6):
        sign_in(client, "head@riverside-primary.test", WRONG)

    assert sign_in(client, "senco@riverside-primary.test").status_code == 302


def test_a_wrong_password_is_not_a_limit_refusal(client):
    VerifiedUserFactory(email="head@riverside-primary.test")

    response = sign_in(client, "head@riverside-primary.test", WRONG)

    assert response.status_code == 200
    assert "too many attempts" not in response.content.decode()


@pytest.mark.parametrize(
    ("seconds", "words"),
    [(0.2, "1 minute"), (60, "1 minute"), (61, "2 minutes"), (899.5, "15 minutes"), (3 * 3600, "3 hours")],
)
def test_waits_are_rounded_up_to_whole_minutes(seconds, words):
    assert how_long(seconds) == words
