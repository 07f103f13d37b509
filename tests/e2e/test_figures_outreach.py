"""The outreach year in review in a real browser, with axe on every page: staff open it from the admin's
Figures page and print its summary on one A4 sheet; a school's administrator follows the portal home's
link, while the Universal Offer's renewal is open, to their school's year with us."""

import datetime
import io

import pypdf
import pytest
import time_machine
from playwright.sync_api import expect

from portal.orders.factories import (
    HoursEntryFactory,
    OrderFactory,
    OrderLineFactory,
    UniversalOfferLineFactory,
)
from portal.schools.factories import MembershipFactory
from portal.schools.models import Role
from portal.users.factories import PASSWORD
from tests.e2e.conftest import assert_accessible, sign_in
from tests.figures.outreach_records import outreach_history

pytestmark = pytest.mark.django_db(transaction=True)


def test_staff_open_the_year_in_review_and_print_its_summary(signed_in_staff, live_site):
    page = signed_in_staff
    outreach_history()

    page.goto(live_site.url + "/admin/figures/")
    page.get_by_role("link", name="Outreach year in review").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Outreach year in review")
    page.get_by_role("link", name="2025-26").click()
    glance = page.get_by_role("table", name="The outreach service in 2025-26 and 2024-25")
    expect(glance.get_by_role("row", name="Schools that bought the Universal Support Offer")).to_contain_text(
        "2"
    )
    expect(
        page.get_by_role("table", name="Colleagues trained by district: the numbers in the chart")
    ).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Printable one-page summary of 2025-26").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Outreach year in review 2025-26")
    assert_accessible(page)
    page.emulate_media(media="print")
    expect(page.get_by_role("button", name="Print this page")).to_be_hidden()
    printed = pypdf.PdfReader(io.BytesIO(page.pdf(format="A4")))
    assert len(printed.pages) == 1


def test_a_school_administrator_opens_their_year_with_us_from_the_portal_home(page, live_site):
    administrator = MembershipFactory(
        school__name="Riverside Primary School", roles=[Role.ADMINISTRATOR], user__email="head@riverside.test"
    )
    school = administrator.school
    # The renewal opens on 1 March: a day in March of this financial year, ahead of the browser's clock.
    this_year_start = datetime.date.today().year - (datetime.date.today().month < 4)
    in_march = datetime.datetime(this_year_start + 1, 3, 2, 9, tzinfo=datetime.UTC)
    with time_machine.travel(in_march, tick=True):
        order = OrderFactory(
            school=school, financial_year_start=this_year_start, includes_universal_offer=True
        )
        UniversalOfferLineFactory(order=order)
        bronze = OrderLineFactory(
            order=order, focus_kind="pupil", pupil_initials="TM", pupil_year_group="4", class_name=""
        )
        HoursEntryFactory(line=bronze, worked_on=datetime.date(this_year_start, 10, 1), quarter_hours=10)

        page.goto(live_site.url + "/portal/")
        sign_in(page, "head@riverside.test", PASSWORD)
        page.get_by_role("link", name="See Riverside Primary School's year with us").click()
        expect(page.get_by_role("heading", level=1)).to_have_text(
            f"Your year with us: {this_year_start}-{(this_year_start + 1) % 100:02d}"
        )
        figures = page.get_by_role("table", name="Riverside Primary School in")
        expect(figures.get_by_role("row", name="Specialist-teacher hours delivered")).to_contain_text("2.5")
        expect(figures.get_by_role("row", name="Pupils supported")).to_contain_text("1")
        assert_accessible(page)
