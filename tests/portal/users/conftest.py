"""Helpers for the account tests: allauth's real forms, posted as a browser would."""

import re

import pytest
from django.urls import reverse

from portal.users.factories import PASSWORD

NEW_PASSWORD = "three random words 42"


@pytest.fixture(autouse=True)
def _fresh_rate_limits(fresh_rate_limits):
    """allauth counts sign-in, sign-up and email attempts in the cache: every account test starts clean."""


def sign_up(client, email="senco@oakfield-primary.test", password=NEW_PASSWORD, confirm=None):
    return client.post(
        reverse("account_signup"),
        {"email": email, "password1": password, "password2": password if confirm is None else confirm},
    )


def sign_in(client, email, password=PASSWORD, **extra):
    return client.post(reverse("account_login"), {"login": email, "password": password}, **extra)


def link_in(message):
    """The first web address in an email's body."""
    return re.search(r"https?://\S+", message.body).group(0)
