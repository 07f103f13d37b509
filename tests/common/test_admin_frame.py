"""The parts of the admin's frame kept by each process (common/admin_frame.py): the keyboard shortcuts
dialog and the `wagtail_config` JSON are the same as Wagtail draws them, a changed language or keyboard
shortcuts preference shows on the next page, and nothing of one request (its CSRF token) reaches another."""

import json
import re

import pytest
from django.middleware.csrf import _unmask_cipher_token
from django.template import Context, Template
from django.template.library import InclusionNode
from django.test import RequestFactory
from django.urls import reverse
from wagtail.models import Locale
from wagtail.users.models import UserProfile

from common import admin_frame
from tests.workflows import staff_with

pytestmark = pytest.mark.django_db

HOME = reverse("wagtailadmin_home")
APPLE = "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_0)"
OTHER = "Mozilla/5.0 (X11; Linux x86_64)"


@pytest.fixture
def signed_in(client, settings):
    settings.PORTAL_REQUIRE_TWO_FACTOR_FOR_PLACEMENT_DATA = False
    user = staff_with()
    client.force_login(user)
    return client, user


def request_context(user, user_agent):
    request = RequestFactory().get(HOME, headers={"User-Agent": user_agent})
    request.user = user
    # A template from the engine, as the admin's pages have, for the dialog to find its own.
    context = Context({"request": request})
    context.template = Template("")
    return context


def wagtails_own_dialog(context):
    """The dialog as Wagtail's inclusion tag draws it."""
    node = InclusionNode(
        admin_frame._draw_keyboard_shortcuts_dialog,
        True,
        [],
        {},
        admin_frame.KEYBOARD_SHORTCUTS_DIALOG_TEMPLATE,
    )
    return node.render(context)


def config_of(response) -> dict:
    return json.loads(re.search(r'id="wagtail-config"[^>]*>(.*?)</script>', response.text, re.S).group(1))


@pytest.mark.parametrize("user_agent", [APPLE, OTHER])
@pytest.mark.parametrize("shortcuts_on", [True, False])
def test_the_kept_dialog_is_the_one_wagtail_draws(user_agent, shortcuts_on):
    user = staff_with()
    UserProfile.get_for_user(user)
    UserProfile.objects.filter(user=user).update(keyboard_shortcuts=shortcuts_on)
    user.refresh_from_db()

    drawn = admin_frame.keyboard_shortcuts_dialog(request_context(user, user_agent))
    kept = admin_frame.keyboard_shortcuts_dialog(request_context(user, user_agent))

    assert drawn == kept == wagtails_own_dialog(request_context(user, user_agent))


def test_the_kept_config_is_the_one_wagtail_draws_with_this_requests_csrf_token():
    user = staff_with()
    admin_frame.wagtail_config(request_context(user, OTHER))
    context = request_context(user, OTHER)

    kept = admin_frame.wagtail_config(context)
    own = admin_frame._draw_wagtail_config(context)

    token = context["request"].META["CSRF_COOKIE"]
    assert _unmask_cipher_token(kept.pop("CSRF_TOKEN")) == token
    own.pop("CSRF_TOKEN")
    assert list(kept) == list(own)
    assert kept == own


def test_each_page_carries_its_own_csrf_token(client, signed_in):
    client, _ = signed_in
    client.get(HOME)
    other = type(client)()
    other.force_login(staff_with())

    mine = config_of(client.get(HOME))["CSRF_TOKEN"]
    theirs = config_of(other.get(HOME))["CSRF_TOKEN"]

    assert _unmask_cipher_token(mine) == client.cookies["csrftoken"].value
    assert _unmask_cipher_token(theirs) == other.cookies["csrftoken"].value
    assert _unmask_cipher_token(mine) != _unmask_cipher_token(theirs)


def test_turning_keyboard_shortcuts_off_shows_on_the_next_page(signed_in):
    client, user = signed_in
    response = client.get(HOME)
    assert config_of(response)["KEYBOARD_SHORTCUTS_ENABLED"] is True
    assert "Keyboard shortcuts are currently enabled" in response.text

    UserProfile.get_for_user(user)
    UserProfile.objects.filter(user=user).update(keyboard_shortcuts=False)

    response = client.get(HOME)
    assert config_of(response)["KEYBOARD_SHORTCUTS_ENABLED"] is False
    assert "Keyboard shortcuts are currently disabled" in response.text


def test_a_changed_language_shows_on_the_next_page(signed_in):
    client, user = signed_in
    response = client.get(HOME)
    assert "Keyboard shortcuts" in response.text
    assert config_of(response)["STRINGS"]["MONTHS"][0] == "January"

    UserProfile.get_for_user(user)
    UserProfile.objects.filter(user=user).update(preferred_language="fr")

    response = client.get(HOME)
    assert "Raccourcis clavier" in response.text
    assert config_of(response)["STRINGS"]["MONTHS"][0] == "janvier"


def test_a_new_locale_shows_once_the_kept_config_is_drawn_again(signed_in, monkeypatch):
    client, _ = signed_in
    clock = [1000.0]
    monkeypatch.setattr(admin_frame.time, "monotonic", lambda: clock[0])
    client.get(HOME)

    Locale.objects.create(language_code="fr")
    clock[0] += admin_frame.CONFIG_KEPT_SECONDS - 1
    assert "fr" not in [locale["code"] for locale in config_of(client.get(HOME))["LOCALES"]]

    clock[0] += 1
    assert "fr" in [locale["code"] for locale in config_of(client.get(HOME))["LOCALES"]]
