"""A meeting's record in the admin: who was invited and came, the chair and the minute-taker (from those
invited), the minutes, and the actions agreed, each open until it is marked done."""

from datetime import date

import pytest
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from portal.placements import selectors
from portal.placements.factories import MappMeetingFactory, MeetingRecordFactory, PanelMemberFactory
from portal.placements.models import MeetingAction, MeetingRecord, SeatStatus
from portal.placements.services import DONE_BEFORE_MEETING, INVITED_TWICE, NOT_INVITED

pytestmark = pytest.mark.django_db

MEETING_DAY = date(2027, 1, 19)


@pytest.fixture
def meeting(db):
    return MappMeetingFactory(meeting_date=MEETING_DAY)


@pytest.fixture
def members(db):
    return [PanelMemberFactory(name=name) for name in ("Chair person", "Minute taker", "SEND officer")]


def record_form(meeting, members, *, chair=0, minute_taker=1, seats=None, actions=()):
    seats = seats if seats is not None else [(member, SeatStatus.ATTENDED) for member in members]
    return nested_form_data(
        {
            "meeting": meeting.pk,
            "chair": members[chair].pk if chair is not None else "",
            "minute_taker": members[minute_taker].pk if minute_taker is not None else "",
            "minutes": rich_text("<p>Three requests were heard.</p>"),
            "seats": inline_formset([{"member": member.pk, "status": status} for member, status in seats]),
            "actions": inline_formset(list(actions)),
        }
    )


def an_action(owner, **changes):
    return {
        "action": "Ask the school for the attendance record",
        "owner": owner.pk,
        "due_on": "2027-02-01",
        "done_on": "",
        **changes,
    }


def test_staff_record_a_meeting_with_attendance_minutes_and_actions(staff_client, meeting, members):
    form = record_form(
        meeting,
        members,
        seats=[
            (members[0], SeatStatus.ATTENDED),
            (members[1], SeatStatus.ATTENDED),
            (members[2], "apologies"),
        ],
        actions=[an_action(members[2])],
    )

    response = staff_client.post(reverse("placements_meetingrecord_modeladmin_create"), form)

    assert response.status_code == 302
    record = MeetingRecord.objects.get()
    assert (record.meeting, record.chair, record.minute_taker) == (meeting, members[0], members[1])
    statuses = {seat.member.name: seat.status for seat in record.seats.all()}
    assert statuses == {"Chair person": "attended", "Minute taker": "attended", "SEND officer": "apologies"}
    assert list(selectors.open_actions()) == list(record.actions.all())
    assert "Three requests were heard." in record.minutes


@pytest.mark.parametrize(("field", "part"), [("chair", "chair"), ("minute_taker", "minute-taker")])
def test_a_chair_or_minute_taker_not_invited_is_refused_beside_the_field(
    staff_client, meeting, members, field, part
):
    seats = [(members[2], SeatStatus.INVITED)] + ([(members[1], "invited")] if field == "chair" else [])
    seats += [(members[0], "invited")] if field == "minute_taker" else []
    form = record_form(meeting, members, seats=seats)

    response = staff_client.post(reverse("placements_meetingrecord_modeladmin_create"), form)

    assert response.status_code == 200
    assert response.context["form"].errors[field] == [NOT_INVITED.format(part=part)]
    assert not MeetingRecord.objects.exists()


def test_a_member_invited_twice_is_refused(staff_client, meeting, members):
    seats = [(member, SeatStatus.INVITED) for member in members] + [(members[2], SeatStatus.ATTENDED)]

    response = staff_client.post(
        reverse("placements_meetingrecord_modeladmin_create"), record_form(meeting, members, seats=seats)
    )

    assert response.status_code == 200
    assert INVITED_TWICE.format(member=members[2]) in response.context["form"].non_field_errors()


def test_an_action_done_before_its_meeting_is_refused_beside_it(staff_client, meeting, members):
    form = record_form(meeting, members, actions=[an_action(members[0], done_on="2027-01-18")])

    response = staff_client.post(reverse("placements_meetingrecord_modeladmin_create"), form)

    assert response.status_code == 200
    action_form = response.context["form"].formsets["actions"].forms[0]
    assert action_form.errors["done_on"] == [DONE_BEFORE_MEETING.format(date="19 January 2027")]
    assert not MeetingAction.objects.exists()


def test_an_action_stays_open_until_marked_done_on_the_list_of_actions(staff_client, meeting, members):
    record = MeetingRecordFactory(meeting=meeting)
    action = MeetingAction.objects.create(
        record=record, action="Call the virtual school", owner=members[0], due_on=date(2027, 1, 26)
    )
    open_list = staff_client.get(reverse("placements_meetingaction_modeladmin_index") + "?state=open")

    response = staff_client.post(
        reverse("placements_meetingaction_modeladmin_edit", args=[action.pk]),
        {"action": action.action, "owner": members[0].pk, "due_on": "2027-01-26", "done_on": "2027-01-25"},
    )

    assert "Call the virtual school" in open_list.text
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.done_on == date(2027, 1, 25)
    assert not selectors.open_actions().exists()


def test_overdue_actions_are_those_open_past_their_due_date(meeting, members):
    record = MeetingRecordFactory(meeting=meeting)
    due = {"record": record, "owner": members[0]}
    late = MeetingAction.objects.create(action="Late", due_on=date(2027, 1, 20), **due)
    MeetingAction.objects.create(action="Not yet due", due_on=date(2027, 2, 20), **due)
    MeetingAction.objects.create(
        action="Done late", due_on=date(2027, 1, 20), done_on=date(2027, 1, 30), **due
    )

    assert list(selectors.overdue_actions(today=date(2027, 2, 1))) == [late]


def test_actions_are_added_on_their_meeting_s_record_not_on_their_own(staff_client):
    response = staff_client.get(reverse("placements_meetingaction_modeladmin_create"))

    assert response.status_code in (302, 403)
