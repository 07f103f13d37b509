"""Password rules: at least 12 characters, and Django's common-password, all-numbers and similarity
checks, explained in the hint and next to the field."""

import pytest
from django.urls import reverse

from portal.users.factories import PASSWORD, VerifiedUserFactory
from portal.users.models import User
from tests.portal.users.conftest import sign_up

pytestmark = pytest.mark.django_db

TOO_SHORT = "This password is too short. It must contain at least 12 characters."


def field_error(html, field_id):
    """The error message shown next to one field (`{% form_field %}`, common/form_fields.py)."""
    start = html.index(f'id="{field_id}_error"')
    return html[start : html.index("</p>", start)]


def test_an_eight_character_password_is_refused_next_to_the_field(client):
    response = sign_up(client, email="head@riverside-primary.test", password="kettle7!")

    html = response.content.decode()
    assert "There is a problem" in html
    assert TOO_SHORT in field_error(html, "id_password1")
    assert f'<a href="#id_password1">{TOO_SHORT}</a>' in html, "the error summary links to the field"
    assert 'value="head@riverside-primary.test"' in html
    assert not User.objects.exists()


def test_twelve_characters_are_enough(client):
    response = sign_up(client, email="head@riverside-primary.test", password="orchard lamp")

    assert response.status_code == 302
    assert User.objects.filter(email="head@riverside-primary.test").exists()


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("password1234", "This password is too common."),
        ("123456789012", "This password is entirely numeric."),
        ("head@riverside-primary", "The password is too similar to the email address."),
    ],
)
def test_common_numeric_and_similar_passwords_are_refused(client, password, message):
    response = sign_up(client, email="head@riverside-primary.test", password=password)

    assert message in field_error(response.content.decode(), "id_password1")
    assert not User.objects.exists()


@pytest.mark.parametrize("url_name", ["account_signup", "account_change_password"])
def test_the_hint_says_twelve_characters(client, url_name):
    if url_name == "account_change_password":
        client.force_login(VerifiedUserFactory())

    html = client.get(reverse(url_name)).content.decode()

    assert "Use at least 12 characters." in html


def test_changing_to_a_short_password_is_refused(client):
    user = VerifiedUserFactory()
    client.force_login(user)

    response = client.post(
        reverse("account_change_password"),
        {"oldpassword": PASSWORD, "password1": "kettle7!", "password2": "kettle7!"},
    )

    assert TOO_SHORT in field_error(response.content.decode(), "id_password1")
    user.refresh_from_db()
    assert user.check_password(PASSWORD)
