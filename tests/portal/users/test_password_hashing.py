"""Passwords are stored with Argon2id; one stored with an older hasher is stored again with Argon2id when
its person next signs in. (The test settings use a fast hasher: these tests use the real list.)"""

import pytest
from django.contrib.auth import authenticate
from django.contrib.auth.hashers import make_password
from django.test import override_settings

from config.settings import base
from portal.users.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery"


@pytest.fixture(autouse=True)
def production_hashers():
    with override_settings(PASSWORD_HASHERS=base.PASSWORD_HASHERS):
        yield


def test_a_new_password_is_stored_with_argon2id():
    user = UserFactory()
    user.set_password(PASSWORD)
    user.save()

    assert user.password.startswith("argon2$argon2id$")


def test_an_older_hash_is_upgraded_at_sign_in():
    user = UserFactory(email="head@brook.test")
    user.password = make_password(PASSWORD, hasher="pbkdf2_sha256")
    user.save()

    assert authenticate(username="head@brook.test", password=PASSWORD) == user

    user.refresh_from_db()
    assert user.password.startswith("argon2$argon2id$")
    assert authenticate(username="head@brook.test", password=PASSWORD) == user
