"""The panel pack: a meeting's agenda and every request on it in one PDF; the safeguarding sections only in
a cleared member's copy; each request in it recorded as downloaded."""

from datetime import date

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from portal.placements.factories import PlacementRequestFactory
from portal.placements.models import AccessKind, RequestAccess
from portal.placements.panel_pack import panel_pack_html
from portal.placements.services import requests as services
from portal.users.factories import VerifiedUserFactory
from tests.portal.placements.conftest import clear_for_safeguarding


@pytest.fixture
def on_agenda(meetings, complete_draft, head, referrer, staff_user):
    services.placement_request_sign_off(placement_request=complete_draft, membership=head)
    services.placement_request_submit(
        placement_request=complete_draft, membership=referrer, today=date(2026, 11, 22)
    )
    return services.placement_request_place_on_agenda(placement_request=complete_draft, user=staff_user)


@pytest.fixture
def panel_member(db):
    group = Group.objects.create(name="Panel members")
    group.permissions.add(*Permission.objects.filter(codename__in=["access_admin", "view_placementrequest"]))
    user = VerifiedUserFactory(is_staff=True)
    user.groups.add(group)
    return user


def test_the_pack_has_the_agenda_and_each_request_on_it(on_agenda, meetings, panel_member):
    not_on_agenda = PlacementRequestFactory(school=on_agenda.school, complete=True)

    html = panel_pack_html(meeting=meetings.december, user=panel_member)

    assert "Panel pack: MAPP meeting 08 December 2026" in html
    assert on_agenda.reference in html
    assert "Frequent dysregulation in class." in html
    assert not_on_agenda.reference not in html


def test_safeguarding_is_only_in_a_cleared_member_s_copy(on_agenda, meetings, panel_member):
    uncleared = panel_pack_html(meeting=meetings.december, user=panel_member)
    cleared = panel_pack_html(meeting=meetings.december, user=clear_for_safeguarding(panel_member))

    assert "dsl@school.test" not in uncleared
    assert "This copy leaves out the safeguarding sections" in uncleared
    assert "dsl@school.test" in cleared
    assert "leaves out" not in cleared


def test_staff_download_the_pack_as_a_pdf_and_it_is_recorded(
    client, settings, on_agenda, meetings, panel_member
):
    settings.PORTAL_REQUIRE_TWO_FACTOR_FOR_PLACEMENT_DATA = False
    client.force_login(panel_member)

    response = client.get(reverse("placements_admin_panel_pack", args=[meetings.december.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert response["Content-Disposition"] == 'attachment; filename="panel-pack-2026-12-08.pdf"'
    record = RequestAccess.objects.get(kind=AccessKind.DOWNLOADED)
    assert (record.request, record.user, record.what) == (on_agenda, panel_member, "admin: panel pack")


def test_staff_without_the_permission_get_no_pack(client, settings, on_agenda, meetings):
    settings.PORTAL_REQUIRE_TWO_FACTOR_FOR_PLACEMENT_DATA = False
    editors = Group.objects.create(name="Page editing only")
    editors.permissions.add(Permission.objects.get(codename="access_admin"))
    editor = VerifiedUserFactory(is_staff=True)
    editor.groups.add(editors)
    client.force_login(editor)

    response = client.get(reverse("placements_admin_panel_pack", args=[meetings.december.pk]))

    assert response.status_code in (302, 403)
    assert not RequestAccess.objects.exists()
