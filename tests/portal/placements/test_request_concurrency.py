"""Two referrers of a school sending the same request at the same moment: it is sent once."""

from datetime import date

import pytest

from portal.placements.factories import MappMeetingFactory, PlacementRequestFactory
from portal.placements.models import PlacementRequest, RequestStatus
from portal.placements.services import requests as services
from portal.schools.factories import MembershipFactory
from portal.schools.models import Role
from tests.portal.orders.conftest import at_once, kinds, postgresql_only

pytestmark = [postgresql_only, pytest.mark.django_db(transaction=True)]


def test_a_request_sent_twice_at_once_is_sent_once(frozen_today):
    MappMeetingFactory(meeting_date=date(2026, 12, 8), submission_deadline=date(2026, 11, 24))
    placement_request = PlacementRequestFactory(complete=True)
    head = MembershipFactory(school=placement_request.school, roles=[Role.REFERRER], is_senior_leader=True)
    colleague = MembershipFactory(school=placement_request.school, roles=[Role.REFERRER])
    services.placement_request_sign_off(placement_request=placement_request, membership=head)

    outcomes = at_once(
        *(
            lambda membership=membership: services.placement_request_submit(
                placement_request=placement_request, membership=membership, today=frozen_today
            )
            for membership in (head, colleague)
        )
    )

    assert kinds(outcomes) == ["done", "refused"]
    refused = next(message for kind, message in outcomes if kind == "refused")
    assert refused == f"Request {placement_request.reference} is submitted: it cannot be sent."
    assert PlacementRequest.objects.get().status == RequestStatus.SUBMITTED
