"""Helpers for the account tests: allauth's real forms, posted as a browser would."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from portal.users.factories import PASSWORD

NEW_PASSWORD = "three random words 42"


@pytest.fixture(autouse=True)
def _fresh_rate_limits(fresh_rate_limits):
    """allauth counts sign-in, sign-up and email attempts in the cache: every account test starts clean."""


def sign_up(client, email="senco@oakfield-primary.test", password=NEW_PASSWORD, confirm=None, **names):
    return client.post(
        reverse("account_signup"),
        {
            "first_name": "Sam",
            "last_name": "Rivers",
            **names,
            "email": email,
            "password1": password,
            "password2": password if confirm is None else confirm,
        },
    )


def sign_in(client, email, password=PASSWORD, **extra):
    return client.post(reverse("account_login"), {"login": email, "password": password}, **extra)


def link_in(message):
    """The first web address in an email's body."""
    return re.search(r"https?://\S+", message.body).group(0)


def code_in(message):
    """The one-time code in an email's body (a line of its own)."""
    return re.search(r"^(\d{6})$", message.body, re.MULTILINE).group(1)


def confirm_enrolment_email(client, django_capture_on_commit_callbacks):
    """Ask for the emailed code on the two-factor walkthrough and type it in, as the account's owner."""
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("users:two_factor_required"))
    response = client.post(reverse("users:two_factor_email_code"), {"code": code_in(mail.outbox[-1])})
    assert response.status_code == 302, "the emailed code is accepted"
    return response
