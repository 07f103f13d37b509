"""The staff's retention screens: records due for deletion with "Place legal hold", the holds in force
with "Release", each with its reason, and the past runs; each behind its permission."""

import datetime

import pytest
from django.urls import reverse

from records import services
from records.factories import LegalHoldFactory
from records.forms import REASON_TOO_LONG
from records.models import LegalHold
from tests.records.conftest import CHILD_DETAILS, run
from tests.workflows import staff_with

pytestmark = pytest.mark.django_db

DUE = reverse("records_admin_due")
RUNS = reverse("records_admin_runs")


def turned_away(response):
    """The admin sends staff without the permission back to its dashboard."""
    return response.status_code == 302 and response.url == reverse("wagtailadmin_home")


def hold_url(request):
    return reverse("records_admin_hold", args=["placement_request", request.pk])


@pytest.fixture
def signed_in(client, settings):
    """`signed_in(*permissions)`: the client, as staff holding those permissions only."""
    settings.PORTAL_REQUIRE_TWO_FACTOR_FOR_PLACEMENT_DATA = False

    def sign_in(*permissions):
        client.force_login(staff_with(*permissions))
        return client

    return sign_in


def test_staff_without_the_permission_are_turned_away(signed_in, closed_request):
    client = signed_in()
    hold = LegalHoldFactory(record=closed_request)

    for url in (DUE, RUNS, hold_url(closed_request), reverse("records_admin_release", args=[hold.pk])):
        assert turned_away(client.get(url)), url


def test_staff_who_may_only_look_see_no_hold_buttons_and_cannot_place_one(
    signed_in, closed_request, time_machine
):
    time_machine.move_to(datetime.datetime(2026, 11, 1, 9, tzinfo=datetime.UTC), tick=False)
    client = signed_in("records.view_retention")

    page = client.get(DUE).text

    assert closed_request.reference in page
    assert "Place legal hold" not in page
    assert turned_away(client.post(hold_url(closed_request), {"reason": "A claim."}))
    assert not LegalHold.objects.exists()


def test_staff_see_what_goes_in_the_next_30_days_and_the_periods(staff_client, closed_request, time_machine):
    time_machine.move_to(datetime.datetime(2026, 11, 1, 9, tzinfo=datetime.UTC), tick=False)

    page = staff_client.get(DUE).text

    assert closed_request.reference in page
    assert "22 November 2026" in page
    assert hold_url(closed_request) in page
    assert "SI 2024/208), regulation 7" in page
    assert not [detail for detail in CHILD_DETAILS if detail in page]


def test_a_hold_without_a_reason_is_refused_beside_the_field(staff_client, closed_request):
    response = staff_client.post(hold_url(closed_request), {"reason": ""})

    assert response.status_code == 400
    assert response.text.count(services.HOLD_REASON_REQUIRED) == 2  # the summary and the field
    assert 'href="#id_reason"' in response.text
    assert not LegalHold.objects.exists()


def test_a_reason_too_long_is_refused_beside_the_field(staff_client, closed_request):
    response = staff_client.post(hold_url(closed_request), {"reason": "x" * 501})

    assert response.status_code == 400
    assert REASON_TOO_LONG in response.text


def test_staff_place_a_hold(staff_client, staff_user, closed_request):
    assert staff_client.get(hold_url(closed_request)).status_code == 200

    response = staff_client.post(hold_url(closed_request), {"reason": "A claim is expected."})

    assert response.status_code == 302
    hold = LegalHold.active.get()
    assert (hold.record, hold.reason, hold.placed_by) == (closed_request, "A claim is expected.", staff_user)


def test_there_is_no_hold_form_for_a_record_that_is_not_there(staff_client, closed_request):
    assert (
        staff_client.get(reverse("records_admin_hold", args=["placement_request", 999_999])).status_code
        == 404
    )
    assert (
        staff_client.get(reverse("records_admin_hold", args=["school", closed_request.pk])).status_code == 404
    )


def test_staff_release_a_hold_with_a_reason(staff_client, staff_user, closed_request):
    hold = LegalHoldFactory(record=closed_request, placed_by=staff_user)
    url = reverse("records_admin_release", args=[hold.pk])
    assert hold.reason in staff_client.get(DUE).text
    assert staff_client.get(url).status_code == 200

    refused = staff_client.post(url, {"reason": ""})
    response = staff_client.post(url, {"reason": "The claim is settled."})

    assert refused.status_code == 400
    assert services.RELEASE_REASON_REQUIRED in refused.text
    assert response.status_code == 302
    hold.refresh_from_db()
    assert (hold.is_active, hold.release_reason) == (False, "The claim is settled.")
    assert staff_client.get(url).status_code == 404


def test_staff_read_past_runs_by_kind_and_number_only(signed_in, closed_request):
    retention_run = run(datetime.date(2026, 11, 22))
    client = signed_in("records.view_retention")

    runs = client.get(RUNS).text
    detail = client.get(reverse("records_admin_run", args=[retention_run.pk])).text

    assert "22 November 2026" in runs
    assert "Placement request" in detail
    assert "Anonymised" in detail
    assert not [item for item in CHILD_DETAILS if item in runs + detail]
