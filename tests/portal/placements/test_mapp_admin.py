"""The "MAPP panel" screens in the Wagtail admin: meetings (saved through the service) and capacity."""

from datetime import date

import pytest

from portal.placements.admin.capacity import PlacementCapacityAdmin
from portal.placements.admin.meetings import MappMeetingAdmin
from portal.placements.factories import MappMeetingFactory, PlacementCapacityFactory
from portal.placements.models import MappMeeting, PlacementCapacity
from tests.portal.placements.conftest import admin_url, meeting_form

pytestmark = pytest.mark.django_db


def test_creating_a_meeting_without_a_deadline_gets_the_usual_one(staff_client):
    response = staff_client.post(admin_url("mappmeeting", "create"), meeting_form())

    assert response.status_code == 302
    meeting = MappMeeting.objects.get()
    assert meeting.submission_deadline == date(2027, 1, 5)
    assert meeting.location == "Stepping Stones"


def test_creating_a_meeting_keeps_the_chosen_deadline(staff_client):
    staff_client.post(
        admin_url("mappmeeting", "create"), meeting_form(submission_deadline="2027-01-12", starts_at="09:30")
    )

    meeting = MappMeeting.objects.get()
    assert meeting.submission_deadline == date(2027, 1, 12)


@pytest.mark.parametrize("deadline", ["2027-01-19", "2027-01-26"], ids=["same day", "week after"])
def test_a_deadline_on_or_after_the_meeting_is_shown_on_the_field_and_nothing_is_lost(staff_client, deadline):
    response = staff_client.post(
        admin_url("mappmeeting", "create"),
        meeting_form(submission_deadline=deadline, notes="Bring the agenda"),
    )

    assert response.status_code == 200
    assert not MappMeeting.objects.exists()
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
    meeting = MappMeetingFactory(meeting_date=date(2027, 1, 19), submission_deadline=date(2027, 1, 12))

    response = staff_client.post(
        admin_url("mappmeeting", "edit", meeting.pk),
        meeting_form(meeting_date="2027-01-10", submission_deadline="2027-01-12"),
    )

    assert response.status_code == 200
    assert "submission_deadline" in response.context["form"].errors
    meeting.refresh_from_db()
    assert meeting.meeting_date == date(2027, 1, 19)


def test_editing_a_meeting_applies_the_usual_deadline_to_a_blank_one(staff_client):
    meeting = MappMeetingFactory(meeting_date=date(2027, 1, 19), submission_deadline=date(2027, 1, 15))

    response = staff_client.post(
        admin_url("mappmeeting", "edit", meeting.pk),
        meeting_form(meeting_date="2027-02-02", submission_deadline="", notes="Moved a fortnight"),
    )

    assert response.status_code == 302
    meeting.refresh_from_db()
    assert (meeting.meeting_date, meeting.submission_deadline, meeting.notes) == (
        date(2027, 2, 2),
        date(2027, 1, 19),  # two weeks before the new date
        "Moved a fortnight",
    )


def test_a_second_meeting_on_a_date_gets_a_plain_message(staff_client):
    MappMeetingFactory(meeting_date=date(2027, 1, 19))

    response = staff_client.post(admin_url("mappmeeting", "create"), meeting_form())

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "meeting_date": ["There is already a panel meeting on this date. Edit that one instead."]
    }


def test_an_invalid_meeting_date_is_a_field_error_not_a_crash(staff_client):
    response = staff_client.post(admin_url("mappmeeting", "create"), meeting_form(meeting_date="31/02/2027"))

    assert response.status_code == 200
    assert "meeting_date" in response.context["form"].errors


def test_meeting_list_filters_upcoming_and_past(staff_client, frozen_today):
    MappMeetingFactory(meeting_date=date(2026, 11, 10))
    MappMeetingFactory(meeting_date=date(2027, 1, 19))

    def listed(query=None):
        response = staff_client.get(admin_url("mappmeeting"), query)
        assert response.status_code == 200
        return [meeting.meeting_date for meeting in response.context["object_list"]]

    assert listed() == [date(2027, 1, 19), date(2026, 11, 10)]  # newest first
    assert listed({"when": "upcoming"}) == [date(2027, 1, 19)]
    assert listed({"when": "past"}) == [date(2026, 11, 10)]


def test_upcoming_column_follows_today(frozen_today):
    admin = MappMeetingAdmin()
    assert admin.upcoming(MappMeetingFactory.build(meeting_date=date(2026, 11, 22))) is True
    assert admin.upcoming(MappMeetingFactory.build(meeting_date=date(2026, 11, 21))) is False


def test_capacity_list_marks_the_capacity_in_force(staff_client, frozen_today):
    older = PlacementCapacityFactory(starts_on=date(2024, 9, 1), places=32)
    current = PlacementCapacityFactory(starts_on=date(2025, 9, 1), places=36)

    response = staff_client.get(admin_url("placementcapacity"))

    assert response.status_code == 200
    assert list(response.context["object_list"]) == [current, older]  # newest first
    admin = PlacementCapacityAdmin()
    assert admin.in_force(current) is True
    assert admin.in_force(older) is False


def test_capacity_on_a_date_already_used_is_refused(staff_client):
    PlacementCapacityFactory(starts_on=date(2025, 9, 1), places=36)

    response = staff_client.post(
        admin_url("placementcapacity", "create"), {"starts_on": "2025-09-01", "places": "40"}
    )

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "starts_on": ["A capacity already starts on this date. Edit that one instead."]
    }
    assert PlacementCapacity.objects.count() == 1


def test_the_meeting_form_keeps_what_schools_see_apart_from_the_panels_business(staff_client):
    page = staff_client.get(admin_url("mappmeeting", "create")).content.decode()

    schools_tab, panel_tab = page.split('id="tab-dates_schools_see"')[1].split('id="tab-the_panel"')
    assert 'name="meeting_date"' in schools_tab
    assert 'name="submission_deadline"' in schools_tab
    assert 'name="chair"' not in schools_tab
    assert 'name="minutes"' not in schools_tab
    assert 'id="id_invited"' in panel_tab
    assert 'name="minutes"' in panel_tab
    assert 'name="meeting_date"' not in panel_tab


def test_the_meeting_dates_say_how_to_enter_them(staff_client):
    page = staff_client.get(admin_url("mappmeeting", "create")).content.decode()

    assert page.count("type it as year-month-day, for example 2027-01-19") == 2
    assert "Leave blank for the usual two weeks before the meeting." in page
    assert "on the 24-hour clock" in page
