"""Staff open the figures' report pages (each passes axe) and copy the year's referral placement figures
into a draft of the SEN information report."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from home.factories import SenPupilTableFactory, SenReportIndexPageFactory, SenReportPageFactory
from home.sen_report import PupilTableSource, SenReportPage
from portal.placements.factories import MappMeetingFactory, PlacementCapacityFactory, PlacementFactory
from portal.placements.models import PlacementOutcome, PlacementStatus
from tests.e2e.conftest import assert_accessible

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def year_of_figures(home_page):
    """2024-25: its report with a typed table and an out-of-date referral table, four referral placements
    (three boys in Year 4, a girl in Year 1) back in mainstream school by February, and the capacity."""
    index = SenReportIndexPageFactory(parent=home_page)
    report = SenReportPageFactory(parent=index, academic_year="2024-25")
    SenPupilTableFactory(page=report, caption="Permanently excluded pupils", boys_year_6=8, sort_order=0)
    SenPupilTableFactory(
        page=report, caption="Referral placements", source=PupilTableSource.REFERRAL_PLACEMENTS, sort_order=1
    )
    PlacementCapacityFactory(starts_on=datetime.date(2024, 9, 1), places=32)
    for number, (year_group, sex) in enumerate([("4", "male")] * 3 + [("1", "female")]):
        PlacementFactory(
            decision__meeting=MappMeetingFactory(meeting_date=datetime.date(2024, 10, 1 + 7 * number)),
            decision__request__year_group=year_group,
            decision__request__sex=sex,
            decision__request__upn="",
            starts_on=datetime.date(2024, 11, 4),
            status=PlacementStatus.ENDED,
            ended_on=datetime.date(2025, 2, 14),
            outcome=PlacementOutcome.REINTEGRATED,
        )
    return report


def test_staff_read_the_figures_and_copy_them_into_a_draft_of_the_report(signed_in_staff, year_of_figures):
    page = signed_in_staff

    page.get_by_role("link", name="Figures", exact=True).click()
    expect(page.get_by_role("heading", level=1, name="Figures")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="The panel's statistics for the local authority").click()
    page.get_by_label("Academic year").select_option("2024-25")
    page.get_by_role("button", name="Show the figures").click()
    expect(
        page.get_by_role(
            "table", name="Requests sent to each panel meeting in 2024-25: the numbers in the chart"
        )
    ).to_be_visible()
    expect(
        page.get_by_role("link", name=re.compile(r"Download “The panel's decisions in 2024-25”"))
    ).to_be_visible()
    assert_accessible(page)

    page.goto(page.url.split("/admin/")[0] + "/admin/figures/")
    page.get_by_role("link", name="SEN information report: referral placements").click()
    page.get_by_label("Academic year").select_option("2024-25")
    page.get_by_role("button", name="Show the figures").click()
    pupils = page.get_by_role("table", name=re.compile("Pupils on referral placements in 2024-25"))
    expect(pupils.get_by_role("row", name="Year 4")).to_contain_text("3")
    expect(pupils.get_by_role("row", name="Year 1")).to_contain_text("fewer than 3")
    assert_accessible(page)

    page.get_by_role("link", name="Copy these figures into a draft of the report").click()
    expect(
        page.get_by_role("row", name=re.compile("Referral placements table: Boys, Year 4"))
    ).to_contain_text("3")
    assert_accessible(page)
    page.get_by_role("button", name="Copy into a new draft").click()

    expect(page).to_have_url(re.compile(rf"/admin/pages/{year_of_figures.pk}/edit/$"))
    expect(page.get_by_text("are in a new draft of the report")).to_be_visible()
    report = SenReportPage.objects.get(pk=year_of_figures.pk)
    assert report.has_unpublished_changes
    tables = {table.caption: table for table in report.get_latest_revision_as_object().pupil_tables.all()}
    assert (tables["Referral placements"].boys_year_4, tables["Referral placements"].girls_year_1) == (3, 1)
    assert tables["Permanently excluded pupils"].boys_year_6 == 8
