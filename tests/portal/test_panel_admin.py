from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from portal.factories import UserFactory
from portal.models import PanelMeeting, PlacementCapacity
from portal.panel.factories import PanelMeetingFactory, PlacementCapacityFactory
from portal.wagtail_admin.panel import PanelMeetingAdmin, PlacementCapacityAdmin

pytestmark = pytest.mark.django_db
MEETINGS_URL = "/admin/portal/panelmeeting/"
CAPACITY_URL = "/admin/portal/placementcapacity/"


@pytest.fixture
def staff_client(client, settings):
    # Two-factor sign-in has its own tests; these are about the panel screens behind it.
    settings.PORTAL_REQUIRE_TWO_FACTOR_FOR_PLACEMENT_DATA = False
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


@pytest.fixture
def frozen_today(time_machine):
    time_machine.move_to(datetime(2026, 11, 22, 9, 0, tzinfo=ZoneInfo("Europe/London")), tick=False)


def meeting_form(**overrides):
    return {
        "meeting_date": "2027-01-19",
        "starts_at": "",
        "submission_deadline": "",
        "location": "Stepping Stones",
        "notes": "",
        **overrides,
    }


def test_creating_a_meeting_without_a_deadline_gets_the_usual_one(staff_client):
    response = staff_client.post(MEETINGS_URL + "create/", meeting_form())

    assert response.status_code == 302
    meeting = PanelMeeting.objects.get()
    assert meeting.submission_deadline == date(2027, 1, 5)
    assert meeting.location == "Stepping Stones"


def test_creating_a_meeting_keeps_the_chosen_deadline(staff_client):
    staff_client.post(
        MEETINGS_URL + "create/", meeting_form(submission_deadline="2027-01-12", starts_at="09:30")
    )

    meeting = PanelMeeting.objects.get()
    assert meeting.submission_deadline == date(2027, 1, 12)


def test_a_deadline_after_the_meeting_is_shown_on_the_field_and_nothing_is_lost(staff_client):
    response = staff_client.post(
        MEETINGS_URL + "create/", meeting_form(submission_deadline="2027-01-26", notes="Bring the agenda")
    )

    assert response.status_code == 200
    assert not PanelMeeting.objects.exists()
    form = response.context["form"]
    assert form.errors == {
        "submission_deadline": [
            "The last date to submit a request must be before the meeting date (19 January 2027)."
        ]
    }
    html = response.content.decode()
    assert "must be before the meeting date" in html
    assert 'value="Bring the agenda"' in html


def test_moving_a_meeting_before_its_deadline_is_refused_on_edit(staff_client):
    meeting = PanelMeetingFactory(meeting_date=date(2027, 1, 19), submission_deadline=date(2027, 1, 12))

    response = staff_client.post(
        f"{MEETINGS_URL}edit/{meeting.pk}/",
        meeting_form(meeting_date="2027-01-10", submission_deadline="2027-01-12"),
    )

    assert response.status_code == 200
    assert "submission_deadline" in response.context["form"].errors
    meeting.refresh_from_db()
    assert meeting.meeting_date == date(2027, 1, 19)


def test_a_second_meeting_on_a_date_gets_a_plain_message(staff_client):
    PanelMeetingFactory(meeting_date=date(2027, 1, 19))

    response = staff_client.post(MEETINGS_URL + "create/", meeting_form())

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "meeting_date": ["There is already a panel meeting on this date. Edit that one instead."]
    }


def test_an_invalid_meeting_date_is_a_field_error_not_a_crash(staff_client):
    response = staff_client.post(MEETINGS_URL + "create/", meeting_form(meeting_date="31/02/2027"))

    assert response.status_code == 200
    assert "meeting_date" in response.context["form"].errors


def test_meeting_list_filters_upcoming_and_past(staff_client, frozen_today):
    PanelMeetingFactory(meeting_date=date(2026, 11, 10))
    PanelMeetingFactory(meeting_date=date(2027, 1, 19))

    def listed(query=""):
        response = staff_client.get(MEETINGS_URL + query)
        assert response.status_code == 200
        return [meeting.meeting_date for meeting in response.context["object_list"]]

    assert listed() == [date(2027, 1, 19), date(2026, 11, 10)]  # newest first
    assert listed("?when=upcoming") == [date(2027, 1, 19)]
    assert listed("?when=past") == [date(2026, 11, 10)]


def test_upcoming_column_follows_today(frozen_today):
    admin = PanelMeetingAdmin()
    assert admin.upcoming(PanelMeetingFactory.build(meeting_date=date(2026, 11, 22))) is True
    assert admin.upcoming(PanelMeetingFactory.build(meeting_date=date(2026, 11, 21))) is False


def test_capacity_list_marks_the_capacity_in_force(staff_client, frozen_today):
    older = PlacementCapacityFactory(starts_on=date(2024, 9, 1), places=32)
    current = PlacementCapacityFactory(starts_on=date(2025, 9, 1), places=36)

    response = staff_client.get(CAPACITY_URL)

    assert response.status_code == 200
    assert list(response.context["object_list"]) == [current, older]  # newest first
    admin = PlacementCapacityAdmin()
    assert admin.in_force(current) is True
    assert admin.in_force(older) is False


def test_capacity_on_a_date_already_used_is_refused(staff_client):
    PlacementCapacityFactory(starts_on=date(2025, 9, 1), places=36)

    response = staff_client.post(CAPACITY_URL + "create/", {"starts_on": "2025-09-01", "places": "40"})

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "starts_on": ["A capacity already starts on this date. Edit that one instead."]
    }
    assert PlacementCapacity.objects.count() == 1
