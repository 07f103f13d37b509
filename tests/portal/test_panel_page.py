from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from wagtail.models import Site

from common.demo import rich_text, stream
from home.models import StandardPage
from portal.models import PlacementsPage
from portal.panel.factories import PanelMeetingFactory, PlacementCapacityFactory, PlacementsPageFactory
from services.models import PlacementTerms

pytestmark = pytest.mark.django_db


@pytest.fixture
def frozen_today(time_machine):
    time_machine.move_to(datetime(2026, 11, 22, 9, 0, tzinfo=ZoneInfo("Europe/London")), tick=False)


@pytest.fixture
def placements_page(home_page):
    return PlacementsPageFactory(
        parent=home_page,
        body=stream(
            ("heading", {"text": "Who sits on the panel", "level": "h2"}),
            ("paragraph", rich_text("A head teacher from each district.")),
        ),
        outcomes=stream(("paragraph", rich_text("The panel may defer a decision."))),
    )


def get_page(client):
    response = client.get("/placements/")
    assert response.status_code == 200
    return response.content.decode()


def test_page_shows_the_placement_terms_from_the_setting(client, placements_page, frozen_today):
    html = get_page(client)

    assert "12 weeks" in html
    assert "4 days with us and 1 day at the pupil's own school" in html
    assert "25 hours of education a week" in html
    assert "2 weeks of return to the pupil's own school, with 2 supported visits" in html
    assert "£2,900" in html


def test_changing_the_setting_changes_the_page(client, placements_page, frozen_today):
    terms = PlacementTerms.load()
    terms.price_pence = 315_050
    terms.weeks = 10
    terms.days_at_home_school_per_week = 2
    terms.reintegration_supported_visits = 1
    terms.save()

    html = get_page(client)

    assert "£3,150.50" in html
    assert "£2,900" not in html
    assert "10 weeks" in html
    assert "2 days at the pupil's own school" in html
    assert "with 1 supported visit from our staff" in html


def test_page_shows_capacity_now_and_an_announced_change(client, placements_page, frozen_today):
    PlacementCapacityFactory(starts_on=date(2024, 9, 1), places=32)
    PlacementCapacityFactory(starts_on=date(2025, 9, 1), places=36)
    PlacementCapacityFactory(starts_on=date(2027, 9, 1), places=40)

    html = get_page(client)

    assert "up to <strong>36 pupils</strong> at a time" in html
    assert "From 1 September 2027 we will have places for 40 pupils." in html
    assert "32 pupils" not in html


def test_page_lists_upcoming_meetings_and_marks_passed_deadlines(client, placements_page, frozen_today):
    PanelMeetingFactory(meeting_date=date(2026, 11, 10))
    PanelMeetingFactory(meeting_date=date(2026, 12, 1), location="Stepping Stones")
    PanelMeetingFactory(meeting_date=date(2027, 1, 19), submission_deadline=date(2027, 1, 12))

    html = get_page(client)

    assert "Tuesday 10 November 2026" not in html
    assert "Tuesday 1 December 2026" in html
    assert html.count("Deadline passed") == 1
    assert "Next deadline for placement requests: Tuesday 12 January 2027" in html
    assert '<th scope="row">' in html
    assert "<caption>Upcoming panel (MAPP) meetings" in html
    assert 'href="http://testserver/calendars/panel-dates.ics"' in html


def test_page_without_meetings_says_dates_are_coming(client, placements_page, frozen_today):
    PanelMeetingFactory(meeting_date=date(2026, 11, 10))

    html = get_page(client)

    assert "The next panel dates have not been published yet." in html
    assert "<table" not in html
    assert "Next deadline" not in html


def test_page_shows_the_body_and_the_outcomes(client, placements_page, frozen_today):
    html = get_page(client)

    assert "Who sits on the panel" in html
    assert "What the panel can decide" in html
    assert "The panel may defer a decision." in html
    assert html.count("<h1") == 1


def test_page_can_only_be_created_under_the_home_page(home_page):
    section = StandardPage(title="About", slug="about")
    home_page.add_child(instance=section)

    assert PlacementsPage.can_create_at(home_page)
    assert not PlacementsPage.can_create_at(section)
    assert not PlacementsPage.can_create_at(Site.objects.get().root_page.get_parent())


def test_only_one_placements_page_can_exist(home_page):
    PlacementsPageFactory(parent=home_page)

    assert not PlacementsPage.can_create_at(home_page)
