"""The two-factor rule: admin users and placement views need an authenticator app first."""

from urllib.parse import quote

import pytest
from allauth.mfa.models import Authenticator
from django.contrib.auth.models import AnonymousUser, Group, Permission
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse

from portal.users.factories import PASSWORD, VerifiedUserFactory, turn_on_two_factor
from portal.users.two_factor import has_two_factor, placement_data_view
from portal.users.views import SESSION_KEY_TWO_FACTOR_NEXT
from tests.portal.users.conftest import confirm_enrolment_email
from tests.totp import totp_code

pytestmark = pytest.mark.django_db


@pytest.fixture
def school_user():
    return VerifiedUserFactory(email="senco@oakfield-primary.test")


def walkthrough_for(next_url):
    return f"{reverse('users:two_factor_required')}?next={quote(next_url, safe='')}"


@placement_data_view
def placement_view(request):
    return HttpResponse("placement data")


def sign_in_and_confirm_password(client, user):
    """Sign in, then re-enter the password as allauth asks before anyone changes how they sign in."""
    client.force_login(user)
    response = client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    assert response.status_code == 302


@pytest.fixture
def ready_to_set_up(client, school_user, django_capture_on_commit_callbacks):
    """A signed-in school user who confirmed the emailed code and their password: allauth's set-up page
    is open to them."""
    sign_in_and_confirm_password(client, school_user)
    confirm_enrolment_email(client, django_capture_on_commit_callbacks)
    return client


def call_placement_view(user, path="/portal/refer/"):
    request = RequestFactory().get(path)
    request.user = user
    return placement_view(request)


def test_totp_helper_matches_rfc_6238():
    # RFC 6238 appendix B: SHA-1 secret "12345678901234567890" at T=59s gives 94287082 (8 digits).
    secret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
    assert totp_code(secret, at=59, digits=8) == "94287082"
    assert totp_code(secret, at=1111111109, digits=8) == "07081804"


def test_has_two_factor_only_with_an_authenticator_app(school_user):
    assert not has_two_factor(school_user)
    turn_on_two_factor(school_user)
    assert has_two_factor(school_user)


def test_staff_without_two_factor_are_sent_from_any_admin_page_to_the_walkthrough(client, staff_user):
    client.force_login(staff_user)

    for path in ["/admin/", "/admin/pages/", "/admin/users/"]:
        response = client.get(path)
        assert response.status_code == 302
        assert response.url == walkthrough_for(path)


def test_the_walkthrough_explains_and_offers_the_emailed_code_first(client, staff_user):
    client.force_login(staff_user)

    response = client.get(walkthrough_for("/admin/pages/"))

    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("<h1") == 1
    assert "Turn on two-factor authentication" in html
    assert "Why we ask" in html
    assert "The staff admin shows every school" in html
    assert f'action="{reverse("users:two_factor_required")}"' in html
    assert "Email me a code" in html
    # The set-up link appears only once the emailed code is confirmed.
    assert f'href="{reverse("mfa_activate_totp")}"' not in html
    assert client.session[SESSION_KEY_TWO_FACTOR_NEXT] == "/admin/pages/"


def test_the_walkthrough_ignores_a_next_address_on_another_site(client, staff_user):
    client.force_login(staff_user)

    client.get(walkthrough_for("https://evil.test/"))

    assert SESSION_KEY_TWO_FACTOR_NEXT not in client.session


def test_staff_may_still_sign_out_of_the_admin_without_two_factor(client, staff_user):
    client.force_login(staff_user)

    response = client.post(reverse("wagtailadmin_logout"))

    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_staff_with_an_authenticator_app_get_into_the_admin(client, staff_user):
    turn_on_two_factor(staff_user)
    client.force_login(staff_user)

    assert client.get("/admin/").status_code == 200


def test_admin_access_through_a_group_counts_as_staff(client):
    editor = VerifiedUserFactory(email="editor@stepping-stones.test")
    editors = Group.objects.create(name="Website editors")
    editors.permissions.add(Permission.objects.get(codename="access_admin"))
    editor.groups.add(editors)
    client.force_login(editor)

    assert client.get("/admin/").url == walkthrough_for("/admin/")


def test_a_school_user_in_the_admin_gets_wagtails_refusal_not_the_walkthrough(client, school_user):
    client.force_login(school_user)

    response = client.get("/admin/")

    assert response.url.startswith(reverse("account_login"))


def test_signing_in_with_a_code_then_reaching_the_admin(client, staff_user):
    secret = turn_on_two_factor(staff_user)

    response = client.post(
        f"{reverse('account_login')}?next=/admin/",
        {"login": staff_user.email, "password": PASSWORD, "next": "/admin/"},
    )
    assert response.url == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session, "the password alone does not sign in"

    wrong_code = "000000" if totp_code(secret) != "000000" else "111111"
    wrong = client.post(reverse("mfa_authenticate"), {"code": wrong_code})
    assert "The code is not right." in wrong.content.decode()

    response = client.post(reverse("mfa_authenticate"), {"code": totp_code(secret)})
    assert response.url == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_a_recovery_code_works_once_in_place_of_the_app(client, school_user):
    turn_on_two_factor(school_user)
    recovery = Authenticator.objects.get(user=school_user, type=Authenticator.Type.RECOVERY_CODES)
    code = recovery.wrap().get_unused_codes()[0]

    client.post(reverse("account_login"), {"login": school_user.email, "password": PASSWORD})
    response = client.post(reverse("mfa_authenticate"), {"code": code})
    assert response.status_code == 302
    assert "_auth_user_id" in client.session
    recovery.refresh_from_db()
    assert code not in recovery.wrap().get_unused_codes()


def test_placement_view_sends_a_user_without_two_factor_to_the_walkthrough(school_user):
    response = call_placement_view(school_user, "/portal/refer/?pupil=AB")

    assert response.status_code == 302
    assert response.url == walkthrough_for("/portal/refer/?pupil=AB")


def test_placement_view_lets_a_user_with_two_factor_through(school_user):
    turn_on_two_factor(school_user)

    response = call_placement_view(school_user)

    assert response.status_code == 200
    assert response.content == b"placement data"


def test_placement_view_sends_a_signed_out_visitor_to_sign_in():
    response = call_placement_view(AnonymousUser())

    assert response.status_code == 302
    assert response.url == f"{reverse('account_login')}?next=/portal/refer/"


def test_switching_the_rule_off_lets_everyone_through(client, settings, staff_user, school_user):
    settings.PORTAL_REQUIRE_TWO_FACTOR_FOR_PLACEMENT_DATA = False

    assert call_placement_view(school_user).status_code == 200
    client.force_login(staff_user)
    assert client.get("/admin/").status_code == 200


def test_continue_returns_to_where_the_walkthrough_interrupted(client, staff_user):
    client.force_login(staff_user)
    client.get(walkthrough_for("/admin/pages/"))

    # Not set up yet: back to the walkthrough.
    assert client.get(reverse("users:two_factor_continue")).url == reverse("users:two_factor_required")
    turn_on_two_factor(staff_user)
    assert client.get(reverse("users:two_factor_continue")).url == "/admin/pages/"
    # Used once; afterwards the usual start page.
    assert client.get(reverse("users:two_factor_continue")).url == reverse("wagtailadmin_home")


def test_activating_totp_through_allauth_shows_recovery_codes(ready_to_set_up, school_user):
    client = ready_to_set_up
    page = client.get(reverse("mfa_activate_totp"))
    html = page.content.decode()
    assert 'autocomplete="one-time-code"' in html
    assert "Code from your authenticator app" in html
    secret = page.context["form"].secret

    response = client.post(reverse("mfa_activate_totp"), {"code": totp_code(secret)}, follow=True)

    assert has_two_factor(school_user)
    assert response.redirect_chain[-1][0] == reverse("mfa_view_recovery_codes")
    html = response.content.decode()
    assert "Your recovery codes" in html
    assert html.count("<li><code>") == 10
    assert f'href="{reverse("users:two_factor_continue")}"' in html


def test_setting_up_the_app_first_asks_for_the_password_again(
    client, school_user, django_capture_on_commit_callbacks
):
    client.force_login(school_user)
    confirm_enrolment_email(client, django_capture_on_commit_callbacks)

    response = client.get(reverse("mfa_activate_totp"))

    assert (
        response.url
        == f"{reverse('account_reauthenticate')}?next={quote(reverse('mfa_activate_totp'), safe='')}"
    )
    page = client.get(response.url).content.decode()
    assert "Confirm it is you" in page
    assert 'autocomplete="current-password"' in page


def test_a_wrong_code_when_activating_is_shown_by_the_field(ready_to_set_up, school_user):
    client = ready_to_set_up
    client.get(reverse("mfa_activate_totp"))

    response = client.post(reverse("mfa_activate_totp"), {"code": "12"})

    html = response.content.decode()
    assert "There is a problem" in html
    assert 'id="id_code_error"' in html
    assert not has_two_factor(school_user)


@pytest.mark.parametrize("url_name", ["account_reauthenticate", "mfa_reauthenticate"])
def test_both_ways_of_confirming_it_is_you_post_back_to_their_own_page(client, staff_user, url_name):
    turn_on_two_factor(staff_user)
    client.force_login(staff_user)
    url = reverse(url_name)

    html = client.get(url).content.decode()

    assert "<h1>Confirm it is you</h1>" in html
    assert f'<form class="account-form" method="post" action="{url}"' in html
