"""The public page about placements: capacity, upcoming panel dates, and its own content."""

from datetime import date

import pytest
from wagtail.models import Site

from common.demo import rich_text, stream
from home.models import StandardPage
from portal.placements.factories import MappMeetingFactory, PlacementCapacityFactory, PlacementsPageFactory
from portal.placements.models import PlacementsPage

pytestmark = pytest.mark.django_db


@pytest.fixture
def placements_page(home_page):
    """The page with a body and outcomes of its own (it replaces the plain one of the conftest)."""
    return PlacementsPageFactory(
        parent=home_page,
        body=stream(
            ("heading", {"text": "Who sits on the panel", "level": "h2"}),
            ("paragraph", rich_text("A head teacher from each district.")),
        ),
        outcomes=stream(("paragraph", rich_text("The panel may defer a decision."))),
    )


def test_page_shows_capacity_now_and_an_announced_change(placements_page, frozen_today, read_placements_page):
    PlacementCapacityFactory(starts_on=date(2024, 9, 1), places=32)
    PlacementCapacityFactory(starts_on=date(2025, 9, 1), places=36)
    PlacementCapacityFactory(starts_on=date(2027, 9, 1), places=40)

    html = read_placements_page()

    assert "up to <strong>36 pupils</strong> at a time" in html
    assert "From 1 September 2027 we will have places for 40 pupils." in html
    assert "32 pupils" not in html


def test_page_lists_upcoming_meetings_and_marks_passed_deadlines(
    placements_page, frozen_today, read_placements_page
):
    MappMeetingFactory(meeting_date=date(2026, 11, 10))
    MappMeetingFactory(meeting_date=date(2026, 12, 1), location="Stepping Stones")
    MappMeetingFactory(meeting_date=date(2027, 1, 19), submission_deadline=date(2027, 1, 12))

    html = read_placements_page()

    assert "Tuesday 10 November 2026" not in html
    assert "Tuesday 1 December 2026" in html
    assert html.count("Deadline passed") == 1
    assert "Next deadline for placement requests: Tuesday 12 January 2027" in html
    assert '<th scope="row">' in html
    assert "<caption>Upcoming panel (MAPP) meetings" in html
    assert 'href="http://testserver/calendars/panel-dates.ics"' in html


def test_page_without_meetings_says_dates_are_coming(placements_page, frozen_today, read_placements_page):
    MappMeetingFactory(meeting_date=date(2026, 11, 10))

    html = read_placements_page()

    assert "The next panel dates have not been published yet." in html
    assert "<table" not in html
    assert "Next deadline" not in html


def test_page_shows_the_body_and_the_outcomes(placements_page, frozen_today, read_placements_page):
    html = read_placements_page()

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
