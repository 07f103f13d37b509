"""Demo placement requests: from Oakfield a draft, one on the next meeting's agenda and one decided at an
earlier panel (for its finished placement), from Riverside one returned for information and one decided
(an offer); once only, and only with DEBUG on."""

import io

import pytest

from portal.placements import demo, selectors
from portal.placements.models import MappMeeting, Outcome, PanelMember, PlacementRequest, RequestStatus
from portal.schools import demo as schools_demo
from portal.users import demo as users_demo

pytestmark = pytest.mark.django_db


def load_all(stdout):
    users_demo.load(stdout=stdout)
    schools_demo.load(stdout=stdout)
    demo.load(stdout=stdout)


def test_the_demo_has_a_draft_a_sent_a_returned_and_a_decided_request(settings, home_page, frozen_today):
    settings.DEBUG = True

    load_all(io.StringIO())

    requests = {(each.school.name, each.status): each for each in PlacementRequest.objects.all()}
    assert set(requests) == {
        ("Oakfield Primary School", RequestStatus.DRAFT),
        ("Oakfield Primary School", RequestStatus.ON_AGENDA),
        ("Oakfield Primary School", RequestStatus.DECIDED),
        ("Riverside Primary School", RequestStatus.RETURNED),
        ("Riverside Primary School", RequestStatus.DECIDED),
    }
    sent = requests["Oakfield Primary School", RequestStatus.ON_AGENDA]
    # Dates follow today: the next meeting still open on 22 November 2026 is 19 January 2027.
    assert str(sent.meeting.meeting_date) == "2027-01-19"
    assert selectors.missing_answers(placement_request=sent) == []
    assert (
        "educational psychologist"
        in requests["Riverside Primary School", RequestStatus.RETURNED].returned_because
    )
    decided = requests["Riverside Primary School", RequestStatus.DECIDED]
    decision = decided.decisions.get()
    assert decision.outcome == Outcome.OFFER
    assert decided.meeting.meeting_date < frozen_today
    assert decision.actions.count() == 2
    for placement_request in requests.values():
        assert "@" not in placement_request.legal_first_name + placement_request.legal_last_name


def test_loading_again_adds_nothing(settings, home_page, frozen_today):
    settings.DEBUG = True
    load_all(io.StringIO())

    load_all(io.StringIO())

    assert PlacementRequest.objects.count() == 5


def test_no_demo_requests_without_debug(settings, home_page, frozen_today):
    settings.DEBUG = False
    stdout = io.StringIO()

    demo.load(stdout=stdout)

    assert not PlacementRequest.objects.exists()
    assert "no demo placement requests" in stdout.getvalue()


def test_the_demo_panel_has_members_and_past_meetings_have_minutes(settings, home_page, frozen_today):
    settings.DEBUG = True

    load_all(io.StringIO())

    assert PanelMember.objects.count() == 10
    past = MappMeeting.objects.filter(meeting_date__lt=frozen_today)
    assert past.exists()
    for meeting in past:
        assert meeting.minutes
        assert meeting.chair in meeting.invited.all()
        assert meeting.attended.count() == 8
    upcoming = MappMeeting.objects.filter(meeting_date__gte=frozen_today)
    assert not upcoming.exclude(minutes="").exists()
    assert all(meeting.invited.count() == 10 for meeting in upcoming)
