import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.files.base import ContentFile

from common.audit import record_change
from portal.placements.factories import MappMeetingFactory, PlacementRequestFactory
from portal.placements.models import AgreedAction, Outcome, PanelDecision, RequestStatus, SupportingDocument
from portal.placements.services.requests import REQUEST_SECTION_SAVED
from records import services
from tests.portal.placements.conftest import private_media  # noqa: F401 (a fixture the tests use)

LONDON = ZoneInfo("Europe/London")
# What a request says about the child: none of it may be left once the request is anonymised, nor in
# anything the retention run records.
CHILD_DETAILS = ("Alex", "Example", "1 Test Street", "Parent One", "alex-example")


@pytest.fixture(autouse=True)
def frozen_now(time_machine):
    """The clock stopped at 9am on 20 November 2026: records made "now" by the factories are recent."""
    time_machine.move_to(datetime.datetime(2026, 11, 20, 9, tzinfo=LONDON), tick=False)


def at(day: datetime.date, hour=12) -> datetime.datetime:
    """A moment of `day` in the site's time zone."""
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=LONDON)


def run(today):
    return services.retention_run(today=today)


@pytest.fixture
def closed_request(db, private_media):  # noqa: F811 (the fixture imported above)
    """A complete request withdrawn on 22 November 2025 (its year runs out on 22 November 2026), with a
    parent, an intervention, a supporting document whose name says who it is about, and history."""
    request = PlacementRequestFactory(complete=True, status=RequestStatus.WITHDRAWN)
    document = SupportingDocument(
        request=request,
        original_name="alex-example-report.pdf",
        content_type="application/pdf",
        size=4,
    )
    document.file.save("alex-example-report.pdf", ContentFile(b"%PDF"), save=False)
    document.save()
    record_change(
        instance=request,
        action=REQUEST_SECTION_SAVED,
        user=None,
        about="Supporting documents: added alex-example-report.pdf",
        why="Alex Example's mother asked",
        from_="Draft",
        to="Withdrawn",
    )
    type(request).objects.filter(pk=request.pk).update(updated_at=at(datetime.date(2025, 11, 22)))
    request.refresh_from_db()
    return request


@pytest.fixture
def decision(db):
    """The panel's offer to a pupil, decided on 10 December 2025, with an action agreed on it."""
    request = PlacementRequestFactory(complete=True, status=RequestStatus.DECIDED)
    meeting = MappMeetingFactory(meeting_date=datetime.date(2025, 12, 9))
    decision = PanelDecision.objects.create(
        request=request,
        meeting=meeting,
        outcome=Outcome.OFFER,
        reasons="Alex Example needs a small group.",
        recommendations="Alex to visit first.",
        lead_professional="Jo Lead",
        decided_at=at(datetime.date(2025, 12, 10)),
    )
    AgreedAction.objects.create(
        meeting=meeting,
        decision=decision,
        action="Arrange Alex Example's visit",
        owner="Jo Lead",
        due_on=datetime.date(2025, 12, 20),
    )
    return decision
