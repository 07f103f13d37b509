"""Sign up, confirm the email address and sign in, in a real browser, with axe on every page."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from portal.users.factories import PASSWORD, VerifiedUserFactory
from tests.e2e.conftest import assert_accessible, sign_in

pytestmark = pytest.mark.django_db(transaction=True)

NEW_PASSWORD = "kettle orchard lantern 7"


def test_sign_up_confirm_and_sign_in(page, live_site):
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(live_site.url + "/")
    page.get_by_role("button", name="Menu").click()
    page.get_by_role("link", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
    assert_accessible(page)
    page.get_by_role("link", name="create an account").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Create an account")
    assert_accessible(page)
    page.get_by_label("First name").fill("Sam")
    page.get_by_label("Last name").fill("Rivers")
    page.get_by_label("Email address").fill("senco@oakfield-primary.test")
    page.get_by_label("Create a password").fill(NEW_PASSWORD)
    page.get_by_label("Confirm your password").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Create account").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")
    assert_accessible(page)
    confirm_url = re.search(r"https?://\S+", mail.outbox[-1].body).group(0)

    # The link is opened on another device (a new browser context), as people often do.
    other_device = page.context.browser.new_context()
    phone = other_device.new_page()
    phone.goto(confirm_url)
    expect(phone.get_by_role("heading", level=1)).to_have_text("Confirm your email address")
    assert_accessible(phone)
    phone.get_by_role("button", name="Confirm my email address").click()

    expect(phone.get_by_role("heading", level=1)).to_have_text("Sign in")
    expect(phone.get_by_text("is confirmed")).to_be_visible()
    sign_in(phone, "senco@oakfield-primary.test", NEW_PASSWORD)
    phone.wait_for_url(re.compile(r"/portal/"))
    other_device.close()


def test_sign_up_errors_are_summarised_and_accessible(page, live_site):
    page.goto(live_site.url + "/accounts/signup/")
    page.get_by_label("First name").fill("Sam")
    page.get_by_label("Last name").fill("Rivers")
    page.get_by_label("Email address").fill("not-an-email")
    page.get_by_label("Create a password").fill("short")
    page.get_by_label("Confirm your password").fill("different")
    page.get_by_role("button", name="Create account").click()

    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("There is a problem")
    expect(summary).to_be_focused()
    expect(page.get_by_label("Email address")).to_have_value("not-an-email")
    expect(page.get_by_label("Email address")).to_have_attribute("aria-invalid", "true")
    assert_accessible(page)
    summary.get_by_role("link").first.click()
    expect(page.get_by_label("Email address")).to_be_focused()


def test_sign_in_errors_and_lock_out_are_accessible(page, live_site):
    VerifiedUserFactory(email="head@riverside-primary.test")
    page.goto(live_site.url + "/accounts/login/")

    for _attempt in range(6):
        sign_in(page, "head@riverside-primary.test", "wrong password")
        expect(page.get_by_role("alert")).to_be_visible()

    expect(page.get_by_role("alert")).to_contain_text("too many attempts to sign in to this account")
    expect(page.get_by_role("alert")).to_contain_text("wait 15 minutes")
    expect(page.get_by_label("Email address")).to_have_value("head@riverside-primary.test")
    assert_accessible(page)


def test_a_busy_network_gets_the_form_back_with_how_long_to_wait(page, live_site, settings):
    """The limit per IP address (set low here) used to answer with a bare 429 page."""
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "login": "2/h/ip"}
    VerifiedUserFactory(email="head@riverside-primary.test")
    page.goto(live_site.url + "/accounts/login/")
    for _attempt in range(2):
        sign_in(page, "someone@oakfield-primary.test", "wrong password")

    sign_in(page, "head@riverside-primary.test", PASSWORD)

    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
    expect(page.get_by_role("alert")).to_contain_text(
        "There have been too many attempts to sign in from your network. Wait 60 minutes"
    )
    expect(page.get_by_label("Email address")).to_have_value("head@riverside-primary.test")
    assert_accessible(page)


def test_sign_in_and_out_from_the_header(page, live_site):
    VerifiedUserFactory(email="head@riverside-primary.test")
    page.goto(live_site.url + "/accounts/login/?next=/accounts/")
    sign_in(page, "head@riverside-primary.test", PASSWORD)

    expect(page.get_by_role("heading", level=1)).to_have_text("Your account")
    assert_accessible(page)
    page.get_by_role("navigation", name="Main").get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("link", name="Sign in")).to_be_visible()
    expect(page.get_by_text("You have signed out.")).to_be_visible()


@pytest.mark.parametrize(
    "path",
    ["/accounts/password/reset/", "/accounts/password/reset/done/", "/accounts/confirm-email/expired/"],
)
def test_other_account_pages_pass_axe(page, live_site, path):
    page.goto(live_site.url + path)
    expect(page.locator("h1")).to_have_count(1)
    assert_accessible(page)
