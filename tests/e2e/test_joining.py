"""Sign up, confirm the email, ask to join a school, get approved (by the unit's staff, or by the
school's own administrator from the People page) and see it: axe on every page."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from portal.schools.factories import DistrictFactory, MembershipFactory, SchoolFactory
from portal.schools.models import JoinRequest, Membership, Role
from portal.schools.services.joining import join_request_approve
from portal.users.factories import PASSWORD as FACTORY_PASSWORD
from portal.users.factories import VerifiedUserFactory
from tests.e2e.conftest import assert_accessible, sign_in

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "kettle orchard lantern 7"


def sign_up_and_confirm(page, live_site, email):
    page.goto(live_site.url + "/accounts/signup/")
    page.get_by_label("First name").fill("Sam")
    page.get_by_label("Last name").fill("Rivers")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Create a password").fill(PASSWORD)
    page.get_by_label("Confirm your password").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")
    confirm_url = re.search(r"https?://\S+", mail.outbox[-1].body).group(0)
    page.goto(confirm_url)
    page.get_by_role("button", name="Confirm my email address").click()


def sign_out(page):
    page.goto(page.url.split("/portal/")[0] + "/")
    page.get_by_role("button", name="Menu").click()
    page.get_by_role("navigation", name="Main").get_by_role("button", name="Sign out").click()


def ask_to_join(page, urn, *, job_title, roles):
    """From the portal home of someone with no school: the joining journey up to check your answers."""
    page.get_by_role("link", name="Ask to join or register a school").click()
    page.get_by_label("Yes, I want to join it").check()
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("What is your school's URN?").fill(urn)
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("Your job title").fill(job_title)
    for role in roles:
        page.get_by_label(role, exact=True).check()
    page.get_by_role("button", name="Continue").click()


def test_sign_up_ask_to_join_get_approved_and_see_the_school(page, live_site, staff_user):
    SchoolFactory(name="Oakfield Primary School", urn="123456")
    page.set_viewport_size({"width": 375, "height": 800})

    sign_up_and_confirm(page, live_site, "new.senco@oakfield-primary.test")
    # Confirming in the browser that signed up signs them in (ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION).
    page.goto(live_site.url + "/portal/")

    # Nothing about any school yet: the portal offers the joining journey.
    expect(page.get_by_role("heading", level=1)).to_have_text("Schools portal")
    assert_accessible(page)
    page.get_by_role("link", name="Ask to join or register a school").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Is your school already registered with us?")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("alert")).to_contain_text("Select whether your school is already registered.")
    assert_accessible(page)
    page.get_by_label("Yes, I want to join it").check()
    page.get_by_role("button", name="Continue").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("What is your school's URN?")
    page.get_by_label("What is your school's URN?").fill("654321")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("alert")).to_contain_text("No school with URN 654321 is registered.")
    expect(page.get_by_label("What is your school's URN?")).to_have_value("654321")
    assert_accessible(page)
    page.get_by_label("What is your school's URN?").fill("123456")
    page.get_by_role("button", name="Continue").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Your role at Oakfield Primary School")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("alert")).to_contain_text("Enter your job title.")
    expect(page.get_by_role("alert")).to_contain_text("Select at least one role.")
    assert_accessible(page)
    page.get_by_label("Your job title").fill("SENCo")
    page.get_by_label("Referrer").check()
    page.get_by_role("button", name="Continue").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Check your answers before sending your request"
    )
    expect(page.get_by_text("Oakfield Primary School")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Send request").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Request sent")
    join_request = JoinRequest.objects.get(user__email="new.senco@oakfield-primary.test")
    expect(page.get_by_text(join_request.reference).first).to_be_visible()
    assert_accessible(page)
    page.goto(live_site.url + "/portal/")
    expect(page.get_by_text("Your request is waiting for approval")).to_be_visible()
    assert_accessible(page)

    join_request_approve(join_request=join_request, decided_by=staff_user)
    approval = mail.outbox[-1]
    assert approval.to == ["new.senco@oakfield-primary.test"]
    assert "Oakfield Primary School" in approval.subject

    sign_out(page)
    page.goto(live_site.url + "/portal/")
    sign_in(page, "new.senco@oakfield-primary.test", PASSWORD)

    expect(page.get_by_role("heading", level=1)).to_have_text("Oakfield Primary School")
    expect(page.get_by_text(re.compile(r"Nothing bought yet for \d{4}-\d{2}"))).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Book a behaviour surgery").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Behaviour surgeries")
    expect(
        page.get_by_text("Oakfield Primary School does not hold the Universal Support Offer")
    ).to_be_visible()
    assert_accessible(page)
    page.goto(live_site.url + "/portal/buy/")
    expect(page.get_by_role("heading", level=1)).to_have_text("You cannot use this page")
    assert_accessible(page)


def test_registering_a_new_school_pages_pass_axe(page, live_site):
    VerifiedUserFactory(email="head@brook-primary.test")
    # The registered school is in the same district, so the factory's numbering never makes another
    # "District 4".
    district = DistrictFactory(name="District 4")
    SchoolFactory(urn="111222", district=district)
    page.goto(live_site.url + "/portal/join/")
    sign_in(page, "head@brook-primary.test", FACTORY_PASSWORD)

    page.get_by_label("No, I want to register it").check()
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your school's details")
    page.get_by_label("School name").fill("Brook Primary School")
    page.get_by_label("URN").fill("111222")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("alert")).to_contain_text(
        "A school with URN 111222 is already registered. Ask to join it instead."
    )
    expect(page.get_by_label("School name")).to_have_value("Brook Primary School")
    assert_accessible(page)
    page.get_by_label("URN").fill("333444")
    page.get_by_label("District").select_option(label="District 4")
    page.get_by_label("Address").fill("2 Brook Road\nTown\nAB1 3CD")
    page.get_by_label("School phone number").fill("01234 111222")
    page.get_by_label("Finance contact email").fill("finance@brook-primary.test")
    page.get_by_role("button", name="Continue").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Your role at Brook Primary School")
    page.get_by_label("Your job title").fill("Headteacher")
    assert_accessible(page)
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_text("Administrator", exact=True)).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Send request").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Request sent")
    assert JoinRequest.objects.get().new_school_urn == "333444"


def test_a_school_s_administrator_approves_a_request_to_join_from_the_people_page(page, live_site):
    riverside = SchoolFactory(name="Riverside Primary School", urn="200202")
    MembershipFactory(
        school=riverside, user__email="head@riverside-primary.test", roles=[Role.ADMINISTRATOR, Role.REFERRER]
    )
    page.set_viewport_size({"width": 375, "height": 800})

    # A new teacher signs up, confirms their address and asks to join Riverside.
    sign_up_and_confirm(page, live_site, "new.teacher@riverside-primary.test")
    page.goto(live_site.url + "/portal/")
    ask_to_join(page, "200202", job_title="Teaching assistant", roles=["Referrer", "Member"])
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Check your answers before sending your request"
    )
    expect(
        page.get_by_text("An administrator at Riverside Primary School decides your request")
    ).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Send request").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Request sent")
    expect(
        page.get_by_text("An administrator at Riverside Primary School decides your request.")
    ).to_be_visible()
    assert_accessible(page)
    to_administrator = next(
        message for message in mail.outbox if message.to == ["head@riverside-primary.test"]
    )
    assert to_administrator.subject == (
        "new.teacher@riverside-primary.test asks to join Riverside Primary School in the schools portal"
    )
    people_url = re.search(r"https?://\S+/portal/people/", to_administrator.body).group(0)
    sign_out(page)

    # Riverside's administrator follows the email's link, signs in and approves them as a member.
    page.goto(people_url)
    sign_in(page, "head@riverside-primary.test", FACTORY_PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text("People at Riverside Primary School")
    expect(page.get_by_role("heading", name="Requests to join (1)")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Approve new.teacher@riverside-primary.test").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Approve the request from new.teacher@riverside-primary.test"
    )
    expect(page.get_by_label("Referrer", exact=True)).to_be_checked()
    expect(page.get_by_label("Member", exact=True)).to_be_checked()
    assert_accessible(page)
    page.get_by_label("Referrer", exact=True).uncheck()
    page.get_by_label("Member", exact=True).uncheck()
    page.get_by_role("button", name="Approve and add new.teacher@riverside-primary.test").click()
    expect(page.get_by_role("alert")).to_contain_text("Select at least one role.")
    assert_accessible(page)
    page.get_by_label("Member", exact=True).check()
    page.get_by_role("button", name="Approve and add new.teacher@riverside-primary.test").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("People at Riverside Primary School")
    expect(
        page.get_by_text("new.teacher@riverside-primary.test has joined Riverside Primary School")
    ).to_be_visible()
    expect(page.get_by_role("heading", name="Requests to join (1)")).to_have_count(0)
    assert_accessible(page)
    membership = Membership.objects.get(user__email="new.teacher@riverside-primary.test")
    assert (membership.school, membership.roles) == (riverside, [Role.MEMBER])
    approval = mail.outbox[-1]
    assert approval.to == ["new.teacher@riverside-primary.test"]
    assert "approved by an administrator at Riverside Primary School" in approval.body
    sign_out(page)

    # The new member signs in to Riverside's portal.
    page.goto(live_site.url + "/portal/")
    sign_in(page, "new.teacher@riverside-primary.test", PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text("Riverside Primary School")
    expect(page.get_by_text("Your roles: member.")).to_be_visible()
    assert_accessible(page)
