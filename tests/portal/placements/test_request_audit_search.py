"""Who viewed or downloaded placement requests: staff with the audit permission search the record by
request, person and date (the last days, or any month); nobody else sees it."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from portal.placements.factories import PlacementRequestFactory, RequestAccessFactory
from portal.placements.models import AccessKind
from portal.users.factories import VerifiedUserFactory

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")
INDEX = "placements_requestaccess_modeladmin_index"


@pytest.fixture
def accesses(school, referrer):
    first, second = PlacementRequestFactory(school=school), PlacementRequestFactory(school=school)
    someone_else = VerifiedUserFactory(email="panel.member@council.test")
    return [
        RequestAccessFactory(
            request=first,
            user=referrer.user,
            what="check your answers",
            at=datetime(2026, 9, 14, 10, tzinfo=LONDON),
        ),
        RequestAccessFactory(
            request=second,
            user=someone_else,
            kind=AccessKind.DOWNLOADED,
            what="ep-report.pdf",
            at=datetime(2026, 11, 3, 15, tzinfo=LONDON),
        ),
    ]


def listed(response):
    return sorted(access.pk for access in response.context["object_list"])


def test_staff_search_by_request_person_and_month(staff_client, accesses):
    first, second = accesses

    by_request = staff_client.get(reverse(INDEX), {"request": first.request_id})
    by_person = staff_client.get(reverse(INDEX), {"q": "panel.member"})
    by_month = staff_client.get(reverse(INDEX), {"month": "2026-09"})
    every_month = staff_client.get(reverse(INDEX))

    assert listed(by_request) == [first.pk]
    assert listed(by_person) == [second.pk]
    assert listed(by_month) == [first.pk]
    assert "September 2026" in every_month.text
    assert "November 2026" in every_month.text
    assert listed(staff_client.get(reverse(INDEX), {"month": "not-a-month"})) == []


def test_staff_without_the_audit_permission_cannot_open_it(client, settings, accesses):
    settings.PORTAL_REQUIRE_TWO_FACTOR_FOR_PLACEMENT_DATA = False
    group = Group.objects.create(name="Panel clerks")
    group.permissions.add(*Permission.objects.filter(codename__in=["access_admin", "view_placementrequest"]))
    user = VerifiedUserFactory(is_staff=True)
    user.groups.add(group)
    client.force_login(user)

    response = client.get(reverse(INDEX))

    assert response.status_code in (302, 403)
    assert "ep-report.pdf" not in response.text
