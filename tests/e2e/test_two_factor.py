"""Turning on two-factor as a member of staff (after confirming a code sent to their email), then signing
in with a code, in a real browser."""

import re
import time

import pytest
from django.core import mail
from playwright.sync_api import expect

from portal.users.factories import PASSWORD
from tests.e2e.conftest import assert_accessible, sign_in
from tests.totp import totp_code

pytestmark = pytest.mark.django_db(transaction=True)


def test_staff_turn_on_two_factor_then_sign_in_with_a_code(page, live_site, staff_user):
    page.set_viewport_size({"width": 375, "height": 800})

    # The admin sends a signed-out visitor to allauth's sign-in page, and remembers where they were going.
    page.goto(live_site.url + "/admin/pages/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/admin/pages/"))
    sign_in(page, staff_user.email, PASSWORD)

    # No authenticator app yet: the walkthrough explains why and what will happen.
    expect(page.get_by_role("heading", level=1)).to_have_text("Turn on two-factor authentication")
    assert_accessible(page)
    page.get_by_role("button", name="Email me a code").click()

    # A password alone is not enough to add an authenticator: first, a code sent to the email address.
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")
    assert_accessible(page)
    assert mail.outbox[-1].to == [staff_user.email]
    email_code = re.search(r"^(\d{6})$", mail.outbox[-1].body, re.MULTILINE).group(1)
    page.get_by_label("Code from the email").fill("12")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("alert")).to_contain_text("Enter the 6-digit code from the email")
    expect(page.get_by_label("Code from the email")).to_have_attribute("aria-invalid", "true")
    assert_accessible(page)
    page.get_by_label("Code from the email").fill(email_code)
    page.get_by_role("button", name="Continue").click()

    # allauth asks for the password again before sign-in settings change.
    expect(page.get_by_role("heading", level=1)).to_have_text("Confirm it is you")
    assert_accessible(page)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Continue").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Set up your authenticator app")
    expect(page.get_by_role("img", name=re.compile("QR code"))).to_be_visible()
    assert_accessible(page)
    secret = page.locator("#authenticator-secret").inner_text().strip()

    # A wrong code is explained by the field and summarised at the top.
    page.get_by_label("Code from your authenticator app").fill("12")
    page.get_by_role("button", name="Turn on two-factor").click()
    expect(page.get_by_role("alert")).to_contain_text("The code is not right")
    assert_accessible(page)

    page.get_by_label("Code from your authenticator app").fill(totp_code(secret))
    page.get_by_role("button", name="Turn on two-factor").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Your recovery codes")
    expect(page.get_by_role("list", name="Recovery codes").get_by_role("listitem")).to_have_count(10)
    assert_accessible(page)
    page.get_by_role("link", name="I have saved my codes, continue").click()

    # Back where the admin visit was interrupted.
    expect(page).to_have_url(re.compile(r"/admin/pages/$"))

    page.context.clear_cookies()
    page.goto(live_site.url + "/admin/")
    sign_in(page, staff_user.email, PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text("Enter the code from your authenticator app")
    assert_accessible(page)
    # A different 30-second window from the activation code, as allauth refuses a code used twice.
    page.get_by_label("Code from your authenticator app").fill(next_fresh_code(secret))
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile(r"/admin/$"))


def next_fresh_code(secret):
    """The code for the next 30-second window (MFA_TOTP_TOLERANCE accepts one step either side)."""
    return totp_code(secret, at=time.time() + 30)
