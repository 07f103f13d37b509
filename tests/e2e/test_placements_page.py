from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from common.demo import rich_text, stream
from portal.placements.factories import MappMeetingFactory, PlacementCapacityFactory, PlacementsPageFactory
from tests.e2e.conftest import assert_accessible

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def placements_page(home_page):
    today = timezone.localdate()
    PlacementCapacityFactory(starts_on=today - timedelta(days=400), places=32)
    PlacementCapacityFactory(starts_on=today + timedelta(days=200), places=36)
    # One meeting whose deadline has gone but which is still to come, and two still open.
    MappMeetingFactory(meeting_date=today + timedelta(days=5), location="Stepping Stones, meeting room")
    MappMeetingFactory(meeting_date=today + timedelta(days=40), notes="Held online")
    MappMeetingFactory(meeting_date=today + timedelta(days=90))
    return PlacementsPageFactory(
        parent=home_page,
        show_in_menus=True,
        body=stream(
            ("heading", {"text": "Who sits on the panel", "level": "h2"}),
            ("paragraph", rich_text("Head teachers, safeguarding leads and the local authority.")),
            ("callout", {"title": "Hearing the outcome", "text": rich_text("The district lead tells you.")}),
        ),
        outcomes=stream(("paragraph", rich_text("Offer, decline, recommend another route, or defer."))),
    )


@pytest.mark.parametrize("viewport", [{"width": 1280, "height": 900}, {"width": 375, "height": 740}])
def test_placements_page_is_accessible(page, live_site, placements_page, viewport):
    page.set_viewport_size(viewport)
    page.goto(live_site.url + "/placements/")

    expect(page.locator("h1")).to_have_count(1)
    table = page.get_by_role("table", name="Upcoming panel (MAPP) meetings")
    expect(table.get_by_role("row")).to_have_count(4)
    expect(table.get_by_text("Deadline passed")).to_have_count(1)
    assert_accessible(page)


def test_dates_table_fits_a_phone_screen(page, live_site, placements_page):
    page.set_viewport_size({"width": 375, "height": 740})
    page.goto(live_site.url + "/placements/")

    table_width = page.locator("table.panel-dates").evaluate("table => table.scrollWidth")
    wrapper_width = page.locator("table.panel-dates").evaluate("table => table.parentElement.clientWidth")
    assert table_width <= wrapper_width
    body_width = page.evaluate("document.documentElement.scrollWidth")
    assert body_width <= 375


def test_calendar_link_downloads_the_ics_file(page, live_site, placements_page):
    page.goto(live_site.url + "/placements/")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Add the panel dates to your calendar").click()

    download = download_info.value
    assert download.suggested_filename == "mapp-panel-dates.ics"
    with open(download.path(), encoding="utf-8") as ics:
        content = ics.read()
    assert content.count("BEGIN:VEVENT") == 6
    first_meeting = timezone.localdate() + timedelta(days=5)
    assert f"DTSTART;VALUE=DATE:{first_meeting:%Y%m%d}" in content
