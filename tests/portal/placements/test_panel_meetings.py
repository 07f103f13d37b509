"""Running the panel in the admin: its members, who is invited to a meeting with its chair and
minute-taker, who attended, the minutes, and the agreed actions that stay open until marked done."""

from datetime import date

import pytest
from django.core import mail
from django.urls import reverse
from wagtail.models import ModelLogEntry

from common.errors import DomainError
from portal.placements.factories import MappMeetingFactory
from portal.placements.models import AgreedAction, MappMeeting, PanelMember
from portal.placements.services import mapp as services
from portal.placements.services import requests as request_services
from portal.schools.factories import DistrictFactory
from tests.portal.placements.conftest import admin_url, meeting_form

pytestmark = pytest.mark.django_db


@pytest.fixture
def members(db):
    district = DistrictFactory(name="District 1")
    return [
        PanelMember.objects.create(
            name="Chair person", role="Head teacher", district=district, email="a@d1.test"
        ),
        PanelMember.objects.create(
            name="Minute taker", role="Panel clerk", agency="The unit", email="b@u.test"
        ),
        PanelMember.objects.create(name="SEND officer", role="SEND officer", agency="LA", email="c@la.test"),
    ]


def test_staff_invite_members_with_a_chair_and_minute_taker_and_record_attendance(staff_client, members):
    chair, clerk, officer = members

    response = staff_client.post(
        admin_url("mappmeeting", "create"),
        meeting_form(
            invited=[chair.pk, clerk.pk, officer.pk],
            chair=chair.pk,
            minute_taker=clerk.pk,
            attended=[chair.pk, clerk.pk],
            minutes="The panel considered two requests.",
        ),
    )

    assert response.status_code == 302
    meeting = MappMeeting.objects.get()
    assert set(meeting.invited.all()) == set(members)
    assert (meeting.chair, meeting.minute_taker) == (chair, clerk)
    assert set(meeting.attended.all()) == {chair, clerk}
    assert meeting.minutes == "The panel considered two requests."


def test_a_chair_who_is_not_invited_is_refused_and_nothing_is_saved(staff_client, members):
    chair, clerk, _ = members

    response = staff_client.post(
        admin_url("mappmeeting", "create"),
        meeting_form(invited=[clerk.pk], chair=chair.pk, minute_taker=clerk.pk),
    )

    assert response.status_code == 200
    assert services.CHAIR_NOT_INVITED in response.text
    assert not MappMeeting.objects.exists()


def test_the_rule_on_its_own():
    with pytest.raises(DomainError) as refused:
        services.check_meeting_roles(invited=["a"], chair="a", minute_taker="b")

    assert refused.value.field == "minute_taker"


def test_an_agreed_action_stays_open_until_marked_done(staff_client, staff_user):
    meeting = MappMeetingFactory(meeting_date=date(2026, 12, 8))
    action = AgreedAction.objects.create(
        meeting=meeting, action="Write to the virtual school", owner="Panel clerk", due_on=date(2026, 12, 15)
    )

    listed = staff_client.get(admin_url("agreedaction"), {"open": "open"}).text
    staff_client.post(admin_url("agreedaction", "done", action.pk))
    again = staff_client.get(admin_url("agreedaction"), {"open": "open"}).text

    done_url = admin_url("agreedaction", "done", action.pk)
    assert "Write to the virtual school" in listed
    assert done_url in listed
    assert done_url not in again
    action.refresh_from_db()
    assert action.done_at is not None
    entry = ModelLogEntry.objects.for_instance(meeting).get()
    assert (entry.action, entry.user, entry.data["about"]) == (
        services.ACTION_DONE,
        staff_user,
        action.action,
    )
    with pytest.raises(DomainError):
        services.agreed_action_mark_done(action=action, user=staff_user)


def test_staff_keep_the_list_of_panel_members(staff_client, members):
    listing = staff_client.get(admin_url("panelmember")).text

    assert "Chair person" in listing
    assert "SEND officer" in listing


def test_the_agenda_is_emailed_to_each_member_invited_without_children_s_details(
    staff_client,
    staff_user,
    members,
    meetings,
    complete_draft,
    head,
    referrer,
    django_capture_on_commit_callbacks,
):
    request_services.placement_request_sign_off(placement_request=complete_draft, membership=head)
    request_services.placement_request_submit(
        placement_request=complete_draft, membership=referrer, today=date(2026, 11, 22)
    )
    request_services.placement_request_place_on_agenda(placement_request=complete_draft, user=staff_user)
    meeting = meetings.december
    meeting.invited.set(members[:2])
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(admin_url("mappmeeting", "send_agenda", meeting.pk))

    assert sorted(message.to[0] for message in mail.outbox) == ["a@d1.test", "b@u.test"]
    body = mail.outbox[0].body
    assert f"1. {complete_draft.reference}, Oakfield Primary School" in body
    assert reverse("placements_admin_panel_pack", args=[meeting.pk]) in body
    for private in ("Alex", "Example", complete_draft.upn):
        assert private not in body
    meeting.refresh_from_db()
    assert meeting.agenda_sent_at is not None


def test_no_agenda_without_invited_members_or_after_the_meeting(staff_user, meetings, members):
    with pytest.raises(DomainError) as nobody:
        services.meeting_agenda_send(meeting=meetings.december, user=staff_user, today=date(2026, 11, 22))
    meetings.december.invited.set(members)
    with pytest.raises(DomainError) as held:
        services.meeting_agenda_send(meeting=meetings.december, user=staff_user, today=date(2026, 12, 9))

    assert nobody.value.message == services.NOBODY_INVITED
    assert held.value.message == "The meeting on 8 December 2026 has already been held."
