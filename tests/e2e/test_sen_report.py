import datetime

import pytest
from playwright.sync_api import expect

from home.factories import (
    SenKeyFigureFactory,
    SenPupilTableFactory,
    SenReportIndexPageFactory,
    SenReportPageFactory,
)
from portal.placements.factories import PlacementCapacityFactory
from tests.e2e.conftest import assert_accessible

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 375, "height": 740}


@pytest.fixture
def reports(home_page):
    index = SenReportIndexPageFactory(parent=home_page, show_in_menus=True)
    SenReportPageFactory(parent=index, academic_year="2023-24")
    PlacementCapacityFactory(starts_on=datetime.date(2024, 9, 1), places=32)
    PlacementCapacityFactory(starts_on=datetime.date(2025, 9, 1), places=36)
    current = SenReportPageFactory(parent=index, academic_year="2024-25")
    SenPupilTableFactory(
        page=current,
        caption="Permanently excluded pupils on roll, June 2025",
        boys_reception=1,
        boys_year_1=3,
        boys_year_6=8,
        girls_year_3=2,
    )
    SenPupilTableFactory(page=current, caption="12-week referral placements", note="Two cells were blank.")
    SenKeyFigureFactory(page=current, value=47, label="pupils in all came to the school during the year")
    return index


@pytest.mark.parametrize("viewport", [None, PHONE], ids=["desktop", "phone"])
@pytest.mark.parametrize(
    "path",
    ["/sen-information-report/", "/sen-information-report/2024-25/", "/sen-information-report/2023-24/"],
)
def test_sen_report_pages_pass_axe(page, live_site, reports, path, viewport):
    if viewport:
        page.set_viewport_size(viewport)
    page.goto(live_site.url + path)
    expect(page.locator("h1")).to_have_count(1)
    assert_accessible(page)


def test_contents_link_jumps_to_its_section(page, live_site, reports):
    page.set_viewport_size(PHONE)
    page.goto(live_site.url + "/sen-information-report/2024-25/")

    page.get_by_role("navigation", name="Contents").get_by_role("link", name="The local offer").click()

    expect(page).to_have_url(live_site.url + "/sen-information-report/2024-25/#local-offer")
    expect(page.get_by_role("heading", level=2, name="The local offer")).to_be_in_viewport()


def test_pupil_table_fits_a_phone_and_the_chart_has_a_text_alternative(page, live_site, reports):
    page.set_viewport_size(PHONE)
    page.goto(live_site.url + "/sen-information-report/2024-25/")

    table = page.get_by_role("table", name="Permanently excluded pupils on roll, June 2025")
    expect(table).to_be_visible()
    wrap = page.get_by_role("region", name="Permanently excluded pupils on roll, June 2025")
    assert wrap.evaluate("element => element.scrollWidth <= element.clientWidth")
    expect(
        page.get_by_role(
            "img", name="Bar chart of the table: 14 pupils in all (boys withheld, girls fewer than 3)."
        )
    ).to_be_visible()


def test_index_leads_to_the_current_report(page, live_site, reports):
    page.goto(live_site.url + "/sen-information-report/")

    page.get_by_role("link", name="SEN information report 2024-25").first.click()

    expect(page.get_by_role("heading", level=1)).to_have_text("SEN information report 2024-25")
    expect(page.get_by_text("This is not the current report")).to_have_count(0)
