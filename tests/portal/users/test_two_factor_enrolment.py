"""Setting up a first authenticator needs the email too: a code we email to the account's address, typed
back in the same browser session, before allauth's set-up pages open. A stolen password alone cannot
enrol a new authenticator."""

from datetime import timedelta

import pytest
import time_machine
from allauth.mfa.models import Authenticator
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry

from common.errors import DomainError
from portal.users import services
from portal.users.factories import PASSWORD, UserFactory, VerifiedUserFactory, turn_on_two_factor
from portal.users.models import EnrolmentCode
from portal.users.two_factor import has_two_factor
from tests.portal.users.conftest import code_in, confirm_enrolment_email
from tests.totp import totp_code

pytestmark = pytest.mark.django_db

# A valid base32 secret an attacker might try to slip into the activation form.
ATTACKERS_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


@pytest.fixture
def signed_in_staff(client, staff_user):
    """A member of staff who must set up two-factor, signed in with their password (which an attacker
    may have too), password confirmed for allauth's settings pages."""
    client.force_login(staff_user)
    assert client.post(reverse("account_reauthenticate"), {"password": PASSWORD}).status_code == 302
    return client


def ask_for_code(client, capture):
    with capture(execute=True):
        return client.post(reverse("users:two_factor_required"))


def enter_code(client, code):
    return client.post(reverse("users:two_factor_email_code"), {"code": code})


def wrong(code):
    return f"{(int(code) + 1) % 10**6:06d}"


def test_asking_for_a_code_emails_it_to_the_accounts_address(
    signed_in_staff, staff_user, django_capture_on_commit_callbacks
):
    response = ask_for_code(signed_in_staff, django_capture_on_commit_callbacks)

    assert response.url == reverse("users:two_factor_email_code")
    [message] = mail.outbox
    assert message.to == [staff_user.email]
    assert message.subject == "Stepping Stones: your code to turn on two-factor sign-in"
    code = code_in(message)
    assert "10 minutes" in message.body
    assert "someone else knows your password" in message.body
    stored = EnrolmentCode.objects.get(user=staff_user)
    assert code not in stored.code_hash, "only a keyed hash of the code is kept"
    page = signed_in_staff.get(response.url).content.decode()
    assert f"We have emailed a code to {staff_user.email}." in page
    assert 'autocomplete="one-time-code"' in page


def test_the_right_code_opens_the_set_up_page_and_is_recorded(
    signed_in_staff, staff_user, django_capture_on_commit_callbacks
):
    ask_for_code(signed_in_staff, django_capture_on_commit_callbacks)

    response = enter_code(signed_in_staff, code_in(mail.outbox[-1]))

    assert response.url == reverse("mfa_activate_totp")
    page = signed_in_staff.get(reverse("mfa_activate_totp"))
    assert page.status_code == 200
    secret = page.context["form"].secret
    signed_in_staff.post(reverse("mfa_activate_totp"), {"code": totp_code(secret)})
    assert has_two_factor(staff_user)
    entry = ModelLogEntry.objects.get(action=services.TWO_FACTOR_EMAIL_CONFIRMED)
    assert (entry.object_id, entry.user_id) == (str(staff_user.pk), staff_user.pk)
    assert entry.data["about"] == staff_user.email
    walkthrough = signed_in_staff.get(reverse("users:two_factor_required"))
    assert walkthrough.status_code == 302, "with two-factor on, the walkthrough sends them on"


@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize("url_name", ["mfa_activate_totp", "mfa_generate_recovery_codes"])
def test_allauths_set_up_pages_refuse_without_the_emailed_code(signed_in_staff, staff_user, method, url_name):
    signed_in_staff.get(reverse("users:two_factor_required"))  # a code is never asked for

    response = getattr(signed_in_staff, method)(reverse(url_name), {"code": totp_code(ATTACKERS_SECRET)})

    assert response.status_code == 302
    assert response.url == reverse("users:two_factor_required")
    assert not Authenticator.objects.filter(user=staff_user).exists()


def test_a_stolen_password_alone_cannot_enrol_an_authenticator(
    client, staff_user, django_capture_on_commit_callbacks
):
    # The attacker signs in with the password: allauth's own sign-in, no authenticator yet.
    response = client.post(reverse("account_login"), {"login": staff_user.email, "password": PASSWORD})
    assert response.status_code == 302
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})

    ask_for_code(client, django_capture_on_commit_callbacks)
    assert mail.outbox[-1].to == [staff_user.email], "the code goes to the owner, not to the attacker"
    guess = enter_code(client, wrong(code_in(mail.outbox[-1])))

    assert guess.status_code == 400
    assert services.ENROLMENT_CODE_WRONG in guess.content.decode()
    activate = client.post(reverse("mfa_activate_totp"), {"code": totp_code(ATTACKERS_SECRET)})
    assert activate.url == reverse("users:two_factor_required")
    assert not Authenticator.objects.filter(user=staff_user).exists()


def test_the_confirmation_belongs_to_the_browser_session_that_typed_the_code(
    signed_in_staff, staff_user, django_capture_on_commit_callbacks
):
    confirm_enrolment_email(signed_in_staff, django_capture_on_commit_callbacks)
    other_session = Client()
    other_session.force_login(staff_user)
    other_session.post(reverse("account_reauthenticate"), {"password": PASSWORD})

    response = other_session.get(reverse("mfa_activate_totp"))

    assert response.url == reverse("users:two_factor_required")
    assert signed_in_staff.get(reverse("mfa_activate_totp")).status_code == 200


def test_the_confirmation_lasts_thirty_minutes(signed_in_staff, django_capture_on_commit_callbacks):
    confirm_enrolment_email(signed_in_staff, django_capture_on_commit_callbacks)

    with time_machine.travel(timezone.now() + timedelta(minutes=31)):
        response = signed_in_staff.get(reverse("mfa_activate_totp"))

    assert response.url == reverse("users:two_factor_required")


def test_people_who_already_have_two_factor_are_not_asked(signed_in_staff, staff_user):
    turn_on_two_factor(staff_user)
    signed_in_staff.get(reverse("users:two_factor_continue"))

    # allauth's own answers: the app is on already, and new recovery codes need only a fresh sign-in.
    assert signed_in_staff.get(reverse("mfa_activate_totp")).url == reverse("mfa_deactivate_totp")
    assert signed_in_staff.get(reverse("mfa_generate_recovery_codes")).status_code == 200
    assert not EnrolmentCode.objects.exists()


def test_a_wrong_code_is_explained_by_the_field_and_kept(
    signed_in_staff, staff_user, django_capture_on_commit_callbacks
):
    ask_for_code(signed_in_staff, django_capture_on_commit_callbacks)
    typed = wrong(code_in(mail.outbox[-1]))

    response = enter_code(signed_in_staff, typed)

    html = response.content.decode()
    assert response.status_code == 400
    assert "There is a problem" in html
    assert 'id="id_code_error"' in html
    assert f'value="{typed}"' in html
    assert EnrolmentCode.objects.get(user=staff_user).attempts == 1


@pytest.mark.parametrize("typed", ["", "12", "abcdef", "1234567"])
def test_something_that_is_not_a_six_digit_code_is_not_counted(
    signed_in_staff, staff_user, django_capture_on_commit_callbacks, typed
):
    ask_for_code(signed_in_staff, django_capture_on_commit_callbacks)

    response = enter_code(signed_in_staff, typed)

    assert response.status_code == 400
    assert services.ENROLMENT_CODE_FORMAT in response.content.decode()
    assert EnrolmentCode.objects.get(user=staff_user).attempts == 0


def test_five_wrong_tries_use_a_code_up(signed_in_staff, staff_user, django_capture_on_commit_callbacks):
    ask_for_code(signed_in_staff, django_capture_on_commit_callbacks)
    code = code_in(mail.outbox[-1])
    for _try in range(4):
        assert services.ENROLMENT_CODE_WRONG in enter_code(signed_in_staff, wrong(code)).content.decode()
    assert services.ENROLMENT_CODE_TOO_MANY_TRIES in enter_code(signed_in_staff, wrong(code)).content.decode()

    response = enter_code(signed_in_staff, code)

    assert response.status_code == 400
    assert services.ENROLMENT_CODE_TOO_MANY_TRIES in response.content.decode()
    assert signed_in_staff.get(reverse("mfa_activate_totp")).url == reverse("users:two_factor_required")


def test_a_code_works_once_and_only_for_ten_minutes(staff_user, django_capture_on_commit_callbacks):
    start = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        services.enrolment_code_send(user=staff_user, now=start)
    code = code_in(mail.outbox[-1])

    with pytest.raises(DomainError, match="expired"):
        services.enrolment_code_confirm(user=staff_user, code=code, now=start + timedelta(minutes=10))
    services.enrolment_code_confirm(user=staff_user, code=code, now=start + timedelta(minutes=9))
    with pytest.raises(DomainError, match="already been used"):
        services.enrolment_code_confirm(user=staff_user, code=code, now=start + timedelta(minutes=9))


def test_only_the_newest_code_works(staff_user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.enrolment_code_send(user=staff_user)
        services.enrolment_code_send(user=staff_user)
    first, newest = (code_in(message) for message in mail.outbox)
    if first == newest:
        pytest.skip("the two random codes happen to be the same")

    with pytest.raises(DomainError) as refused:
        services.enrolment_code_confirm(user=staff_user, code=first)
    assert (refused.value.message, refused.value.field) == (services.ENROLMENT_CODE_WRONG, "code")
    services.enrolment_code_confirm(user=staff_user, code=newest)


def test_entering_a_code_before_asking_for_one_says_so(signed_in_staff):
    response = enter_code(signed_in_staff, "123456")

    assert response.status_code == 400
    assert services.ENROLMENT_CODE_NONE_SENT in response.content.decode()


def test_sending_is_limited_and_the_walkthrough_says_how_long_to_wait(
    signed_in_staff, staff_user, django_capture_on_commit_callbacks
):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        for _code in range(3):
            ask_for_code(signed_in_staff, django_capture_on_commit_callbacks)
    with time_machine.travel(start + timedelta(minutes=45), tick=False):
        response = ask_for_code(signed_in_staff, django_capture_on_commit_callbacks)

    assert response.status_code == 400
    html = response.content.decode()
    assert "There is a problem" in html
    assert "You have asked for 3 codes in the last hour. Wait 15 minutes, then ask again." in html
    assert len(mail.outbox) == 3
    with time_machine.travel(start + timedelta(hours=1, seconds=1), tick=False):
        assert ask_for_code(signed_in_staff, django_capture_on_commit_callbacks).status_code == 302
    assert len(mail.outbox) == 4


def test_at_most_ten_codes_a_day(staff_user):
    start = timezone.now()
    for hour in range(10):
        services.enrolment_code_send(user=staff_user, now=start + timedelta(hours=hour))

    with pytest.raises(DomainError, match=r"10 codes in the last 24 hours\. Wait 14 hours"):
        services.enrolment_code_send(user=staff_user, now=start + timedelta(hours=10))
    services.enrolment_code_send(user=staff_user, now=start + timedelta(hours=24, seconds=1))


def test_no_code_for_an_address_that_is_not_confirmed():
    user = UserFactory(email="new@stepping-stones.test", is_staff=True)

    with pytest.raises(DomainError, match="Confirm your email address first"):
        services.enrolment_code_send(user=user)
    assert not EnrolmentCode.objects.exists()


def test_the_walkthrough_offers_set_up_once_the_email_is_confirmed(
    signed_in_staff, django_capture_on_commit_callbacks
):
    confirm_enrolment_email(signed_in_staff, django_capture_on_commit_callbacks)

    html = signed_in_staff.get(reverse("users:two_factor_required")).content.decode()

    assert "You have confirmed your email address" in html
    assert f'href="{reverse("mfa_activate_totp")}"' in html
    assert "Email me a code" not in html


def test_the_two_factor_settings_page_starts_set_up_at_the_walkthrough(client):
    client.force_login(VerifiedUserFactory())

    html = client.get(reverse("mfa_index")).content.decode()

    assert f'href="{reverse("users:two_factor_required")}"' in html
    assert f'href="{reverse("mfa_activate_totp")}"' not in html
