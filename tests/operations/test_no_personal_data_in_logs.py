"""No email address and no child's name reaches a log line while requests handle them: a referrer reads
a placement request in the portal, and staff return it for more information in the admin, which emails
the school. Every line logged, from DEBUG up and in the production format, is searched."""

import json
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import Group, Permission
from django.test import Client
from django.urls import reverse

from portal.placements.factories import PlacementRequestFactory
from portal.placements.services import requests as services
from portal.users.factories import VerifiedUserFactory
from tests.operations.conftest import WsgiClient
from tests.portal.placements.conftest import (  # noqa: F401 (fixtures)
    admin_url,
    frozen_today,
    head,
    meetings,
    referrer,
    school,
)

CHILD = ("Tamsin", "Pellowe")


@pytest.fixture
def sent(meetings, school, referrer, head):  # noqa: F811
    draft = PlacementRequestFactory(
        school=school,
        created_by=referrer.user,
        complete=True,
        legal_first_name=CHILD[0],
        legal_last_name=CHILD[1],
        parents__name="Morwenna Pellowe",
        parents__email="morwenna@example.test",
    )
    services.placement_request_sign_off(placement_request=draft, membership=head)
    request = services.placement_request_submit(
        placement_request=draft, membership=referrer, today=meetings.december.submission_deadline
    )
    return SimpleNamespace(request=request, referrer=referrer.user, head=head.user)


@pytest.fixture
def staff(db, settings):
    settings.PORTAL_REQUIRE_TWO_FACTOR_FOR_PLACEMENT_DATA = False
    group = Group.objects.create(name="Panel office")
    group.permissions.add(
        *Permission.objects.filter(
            codename__in=["access_admin", "view_placementrequest", "change_placementrequest"]
        )
    )
    user = VerifiedUserFactory(email="panel@stepping-stones.test", is_staff=True)
    user.groups.add(group)
    return user


def test_no_address_or_child_s_name_is_logged(
    client, home_page, sent, staff, log_lines, django_capture_on_commit_callbacks
):
    client.force_login(sent.referrer)
    staff_client = Client()
    staff_client.force_login(staff)

    shown = WsgiClient(client).get(reverse("placement_requests:request", args=[sent.request.pk]))
    inspected = WsgiClient(staff_client).get(admin_url("placementrequest", "inspect", sent.request.pk))
    with django_capture_on_commit_callbacks(execute=True):
        returned = WsgiClient(staff_client).post(
            admin_url("placementrequest", "return", sent.request.pk),
            {"what_is_needed": f"The attendance figures for {CHILD[0]} last year."},
        )

    assert CHILD[0] in shown.text
    assert CHILD[1] in inspected.text
    assert returned.status_code == 302
    lines = log_lines()
    assert [line["status"] for line in lines if line["logger"] == "operations.requests"] == [200, 200, 302]
    assert any(
        line["logger"] == "operations.tasks" and line["task"] == "common.email.send_email" for line in lines
    )
    logged = json.dumps(lines)
    for personal in [*CHILD, "Morwenna", sent.referrer.email, sent.head.email, staff.email, "@"]:
        assert personal not in logged, personal
