"""An administrator invites a colleague, who signs up with that address and accepts: axe on every page."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from portal.schools.factories import MembershipFactory, SchoolFactory
from portal.schools.models import Membership, Role
from portal.users.factories import PASSWORD as FACTORY_PASSWORD
from portal.users.factories import VerifiedUserFactory
from tests.e2e.conftest import assert_accessible, sign_in

pytestmark = pytest.mark.django_db(transaction=True)

COLLEAGUE_PASSWORD = "kettle orchard lantern 7"


def sign_out(page):
    page.get_by_role("navigation", name="Main").get_by_role("button", name="Sign out").click()


def test_an_administrator_invites_a_colleague_who_accepts(page, live_site):
    school = SchoolFactory(name="Riverside Primary School")
    administrator = VerifiedUserFactory(email="head@riverside-primary.test")
    MembershipFactory(user=administrator, school=school, roles=[Role.ADMINISTRATOR, Role.REFERRER])

    page.goto(live_site.url + "/portal/")
    sign_in(page, "head@riverside-primary.test", FACTORY_PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text("Riverside Primary School")
    page.get_by_role("link", name="People").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("People at Riverside Primary School")
    assert_accessible(page)

    page.get_by_role("link", name="Invite a colleague").click()
    page.get_by_role("button", name="Send invitation").click()
    expect(page.get_by_role("alert")).to_contain_text("Enter your colleague's email address.")
    assert_accessible(page)
    page.get_by_label("Email address").fill("teacher@riverside-primary.test")
    page.get_by_label("Member").check()
    page.get_by_role("button", name="Send invitation").click()

    expect(
        page.get_by_text("We have emailed an invitation to teacher@riverside-primary.test")
    ).to_be_visible()
    expect(page.get_by_role("table").nth(1)).to_contain_text("teacher@riverside-primary.test")
    assert_accessible(page)
    invitation_email = mail.outbox[-1]
    assert invitation_email.to == ["teacher@riverside-primary.test"]
    accept_url = re.search(r"https?://\S+/portal/invitations/\S+/", invitation_email.body).group(0)
    sign_out(page)

    # The colleague has no account yet: the link asks them to sign in, and they create one instead.
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(accept_url)
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
    page.get_by_role("link", name="create an account").click()
    page.get_by_label("Email address").fill("teacher@riverside-primary.test")
    page.get_by_label("First name").fill("Sam")
    page.get_by_label("Last name").fill("Rivers")
    page.get_by_label("Create a password").fill(COLLEAGUE_PASSWORD)
    page.get_by_label("Confirm your password").fill(COLLEAGUE_PASSWORD)
    page.get_by_role("button", name="Create account").click()
    confirm_url = re.search(r"https?://\S+", mail.outbox[-1].body).group(0)
    page.goto(confirm_url)
    page.get_by_role("button", name="Confirm my email address").click()

    page.goto(accept_url)
    expect(page.get_by_role("heading", level=1)).to_have_text("Join Riverside Primary School")
    assert_accessible(page)
    page.get_by_role("button", name="Accept and join Riverside Primary School").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Riverside Primary School")
    expect(page.get_by_text("You have joined Riverside Primary School.")).to_be_visible()
    assert_accessible(page)
    assert Membership.objects.get(user__email="teacher@riverside-primary.test").roles == [Role.MEMBER]

    # The link works once.
    page.goto(accept_url)
    expect(page.get_by_role("heading", level=1)).to_have_text("This invitation cannot be used")
    expect(page.get_by_text("already been used")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Menu").click()
    sign_out(page)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(live_site.url + "/portal/people/")
    sign_in(page, "head@riverside-primary.test", FACTORY_PASSWORD)
    people = page.get_by_role("table").first
    expect(people).to_contain_text("teacher@riverside-primary.test")
    expect(page.get_by_text("There are no invitations waiting.")).to_be_visible()

    page.get_by_role("link", name="Change roles for teacher@riverside-primary.test").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Change roles for teacher@riverside-primary.test"
    )
    assert_accessible(page)
    page.get_by_label("Referrer").check()
    page.get_by_role("button", name="Save roles").click()
    expect(people).to_contain_text("Referrer, Member")

    page.get_by_role("link", name="Change roles for head@riverside-primary.test").click()
    page.get_by_label("Administrator").uncheck()
    page.get_by_role("button", name="Save roles").click()
    expect(page.get_by_role("alert")).to_contain_text("must always have an administrator")
    assert_accessible(page)

    page.goto(live_site.url + "/portal/people/")
    page.get_by_role("link", name="Remove teacher@riverside-primary.test").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Remove teacher@riverside-primary.test from Riverside Primary School?"
    )
    assert_accessible(page)
    page.get_by_role("button", name="Yes, remove teacher@riverside-primary.test").click()
    expect(page.get_by_text("teacher@riverside-primary.test has been removed")).to_be_visible()
    assert not Membership.objects.filter(user__email="teacher@riverside-primary.test").exists()
