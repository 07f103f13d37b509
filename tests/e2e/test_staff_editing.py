"""The unit's staff change the website in the Wagtail admin, without a developer, in a real browser."""

import pytest
from playwright.sync_api import expect

from home.factories import (
    SenPupilTableFactory,
    SenReportIndexPageFactory,
    SenReportPageFactory,
    StandardPageFactory,
)
from services.factories import OutreachOfferPageFactory, SupportPackageFactory
from tests.e2e.conftest import assert_accessible

pytestmark = pytest.mark.django_db(transaction=True)


def test_staff_change_a_package_price_from_the_outreach_page_s_editor(signed_in_staff, live_site, home_page):
    outreach = OutreachOfferPageFactory(parent=home_page)
    SupportPackageFactory(name="Silver Package", price_pence=100_000, hours=12)
    page = signed_in_staff

    page.goto(f"{live_site.url}/admin/pages/{outreach.pk}/edit/")
    assert_accessible(page, context="#panel-child-content-prices_and_hours-section")
    page.get_by_role("link", name="Edit Silver Package").click()
    page.get_by_label("Price (£)").fill("1,050")
    page.get_by_role("button", name="Save").first.click()
    expect(page.get_by_text("updated")).to_be_visible()

    page.goto(live_site.url + "/outreach/")
    silver_card = page.locator(".card", has=page.get_by_role("heading", name="Silver Package"))
    expect(silver_card).to_contain_text("£1,050")
    expect(silver_card).not_to_contain_text("£1,000")


def test_staff_edit_and_publish_a_page(signed_in_staff, live_site, home_page):
    local_offer = StandardPageFactory(parent=home_page, title="Parents and carers", slug="parents")
    page = signed_in_staff

    page.goto(f"{live_site.url}/admin/pages/{local_offer.pk}/edit/")
    page.locator("#id_title").fill("Parents and carers: our local offer")
    page.locator("footer [data-w-dropdown-target='toggle']").last.click()
    page.get_by_role("button", name="Publish").click()
    expect(page.get_by_text("has been published")).to_be_visible()

    page.goto(live_site.url + "/parents/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Parents and carers: our local offer")


def test_staff_enter_the_sen_report_s_pupil_numbers_as_a_table(signed_in_staff, live_site, home_page):
    report = SenReportPageFactory(parent=SenReportIndexPageFactory(parent=home_page), academic_year="2024-25")
    SenPupilTableFactory(page=report, caption="Pupils on referral placements, June 2025")
    page = signed_in_staff

    page.goto(f"{live_site.url}/admin/pages/{report.pk}/edit/")
    numbers = page.locator(".pupil-numbers-entry")
    expect(numbers.get_by_role("columnheader", name="Year 4")).to_be_visible()
    numbers.get_by_label("Boys: Year 4").fill("3")
    numbers.get_by_label("Girls: Year 6").fill("2")
    # Wagtail's own page editor has violations of its own (its rich text boxes); this table is ours.
    assert_accessible(page, context=".pupil-numbers-entry")
    page.get_by_role("button", name="Save draft").click()

    expect(page.get_by_text("has been updated")).to_be_visible()
    report.refresh_from_db()
    (table,) = report.get_latest_revision_as_object().pupil_tables.all()
    assert (table.boys_year_4, table.girls_year_6, table.boys_year_3) == (3, 2, 0)
