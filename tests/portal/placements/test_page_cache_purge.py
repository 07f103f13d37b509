"""The stored placements page and calendar feed: purged when the panel's data is saved, and not served
once a listed date has passed."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from common.page_cache import STATUS_HEADER
from home.models import ContactSettings
from portal.placements.factories import MappMeetingFactory, PlacementCapacityFactory
from portal.placements.models import PlacementTerms
from tests.page_cache import fresh, stored

pytestmark = pytest.mark.django_db

PAGE = "/placements/"
FEED = "/calendars/panel-dates.ics"


@pytest.fixture(autouse=True)
def settings_made(home_page):
    """Wagtail creates a missing setting when a page first reads it, which purges: make them first."""
    ContactSettings.objects.create(site=home_page.get_site(), phone="01234 567890", email="o@x.test")
    PlacementTerms.load()


def test_adding_a_meeting_purges_the_page_and_the_feed(client, placements_page, frozen_today):
    stored(client, PAGE)
    stored(client, FEED)
    MappMeetingFactory(meeting_date=date(2026, 12, 8))

    assert "Tuesday 8 December 2026" in fresh(client, PAGE)
    assert "DTSTART;VALUE=DATE:20261208" in fresh(client, FEED)


def test_moving_a_meeting_purges_the_page(client, placements_page, frozen_today):
    meeting = MappMeetingFactory(meeting_date=date(2026, 12, 8))
    stored(client, PAGE)
    meeting.meeting_date = date(2026, 12, 9)
    meeting.save()

    assert "Wednesday 9 December 2026" in fresh(client, PAGE)


def test_a_new_capacity_purges_the_page(client, placements_page, frozen_today):
    PlacementCapacityFactory(starts_on=date(2025, 9, 1), places=36)
    stored(client, PAGE)
    PlacementCapacityFactory(starts_on=date(2027, 9, 1), places=40)

    assert "places for 40 pupils" in fresh(client, PAGE)


def test_saving_the_placement_terms_purges_the_page(client, placements_page, frozen_today):
    stored(client, PAGE)
    terms = PlacementTerms.load()
    terms.price_pence = 300_000
    terms.save()

    assert "£3,000" in fresh(client, PAGE)


def test_page_and_feed_are_not_served_once_a_listed_meeting_has_passed(client, placements_page, time_machine):
    london = ZoneInfo("Europe/London")
    MappMeetingFactory(meeting_date=date(2026, 12, 1))
    MappMeetingFactory(meeting_date=date(2027, 1, 19))
    time_machine.move_to(datetime(2026, 12, 1, 16, 0, tzinfo=london), tick=False)
    assert "Tuesday 1 December 2026" in stored(client, PAGE)
    stored(client, FEED)

    time_machine.move_to(datetime(2026, 12, 2, 7, 0, tzinfo=london), tick=False)
    html = fresh(client, PAGE)

    assert "Tuesday 1 December 2026" not in html
    assert "Tuesday 19 January 2027" in html
    assert client.get(FEED)[STATUS_HEADER] == "miss"
