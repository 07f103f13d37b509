"""From the panel's offer to a placement: staff start one on an offered request in the admin, which lays
out its plan from the terms and the school year in one transaction; a week without a place is warned
about and must be confirmed; an overlapping placement of the same child, a request not offered one and a
second placement of one request are refused with a clear message, and nothing changes."""

from datetime import date

import pytest
from django.urls import reverse

from common.errors import DomainError
from portal.placements.factories import (
    PanelDecisionFactory,
    PlacementCapacityFactory,
    PlacementRequestFactory,
)
from portal.placements.models import (
    ExcludedPupilsWeek,
    Milestone,
    Outcome,
    Placement,
    PlacementDate,
    PlacementStatus,
    RequestStatus,
)
from portal.placements.services.placements import OVER_CAPACITY
from tests.portal.placements.conftest import admin_url, start_placement
from tests.workflows import logged_changes, refused_by_admin, staff_with


@pytest.fixture
def places(db):
    return PlacementCapacityFactory(starts_on=date(2025, 9, 1), places=36)


def test_a_placement_and_its_plan_are_made_from_the_offer(school_year, places, offer, staff_user):
    placement = start_placement(offer, staff_user)

    assert placement.status == PlacementStatus.PLANNED
    assert (placement.request, placement.decision, placement.school) == (
        offer.request,
        offer,
        offer.request.school,
    )
    dates = {(each.milestone, each.number): each.on for each in placement.dates.all()}
    assert dates[(Milestone.FIRST_DAY, 1)] == date(2026, 9, 7)
    assert dates[(Milestone.TARGET_END, 1)] == date(2026, 12, 18)
    assert dates[(Milestone.SUPPORTED_VISIT, 2)] == date(2026, 12, 16)
    assert len(dates) == 10
    assert all(each.on == each.planned_on for each in placement.dates.all())
    [(action, who, data)] = logged_changes(placement)
    assert (action, who) == ("placements.placement_created", staff_user)
    assert "from 7 September 2026 to 18 December 2026" in data["about"]


def test_a_start_on_a_day_the_unit_is_shut_begins_on_the_next_school_day(
    school_year, places, offer, staff_user
):
    placement = start_placement(offer, staff_user, starts_on=date(2026, 10, 27))

    assert placement.starts_on == date(2026, 11, 2)


def test_a_week_without_a_place_must_be_confirmed(school_year, places, offer, staff_user):
    ExcludedPupilsWeek.objects.create(week_starting=date(2026, 9, 14), pupils=36)

    with pytest.raises(DomainError) as refused:
        start_placement(offer, staff_user)

    assert refused.value.field == "over_capacity_confirmed"
    assert refused.value.message == OVER_CAPACITY.format(weeks="14 September 2026")
    assert not Placement.objects.exists()
    assert start_placement(offer, staff_user, confirmed=True).status == PlacementStatus.PLANNED


def test_placements_at_the_unit_fill_the_places(school_year, offer, staff_user, school):
    PlacementCapacityFactory(starts_on=date(2025, 9, 1), places=1)
    start_placement(offer, staff_user)
    another = PanelDecisionFactory(
        request=PlacementRequestFactory(
            school=school, complete=True, legal_first_name="Sam", upn="", status=RequestStatus.DECIDED
        )
    )

    with pytest.raises(DomainError) as refused:
        start_placement(another, staff_user, starts_on=date(2026, 11, 30))

    # The first placement's last day at the unit is 4 December: its week has no place.
    assert refused.value.message == OVER_CAPACITY.format(weeks="30 November 2026")


def test_overlapping_placements_of_one_child_are_refused(school_year, places, offer, staff_user, school):
    first = start_placement(offer, staff_user)
    # The same child, asked for again by the same school: same date of birth and UPN.
    again = PanelDecisionFactory(
        request=PlacementRequestFactory(
            school=school,
            complete=True,
            upn=offer.request.upn,
            date_of_birth=offer.request.date_of_birth,
            status=RequestStatus.DECIDED,
        )
    )

    with pytest.raises(DomainError) as refused:
        start_placement(again, staff_user, starts_on=date(2026, 12, 1))

    assert refused.value.field == "starts_on"
    assert refused.value.message.startswith(
        f"This pupil already has placement {first.reference} from 7 September 2026 to 18 December 2026"
    )
    assert Placement.objects.count() == 1
    assert start_placement(again, staff_user, starts_on=date(2027, 1, 5)).starts_on == date(2027, 1, 5)


@pytest.mark.parametrize("outcome", [Outcome.DECLINE, Outcome.ALTERNATIVE])
def test_only_an_offer_becomes_a_placement(school_year, places, school, staff_user, outcome):
    declined = PanelDecisionFactory(request__school=school, outcome=outcome, recommendations="Outreach.")

    with pytest.raises(DomainError, match="was not offered a placement"):
        start_placement(declined, staff_user)

    assert not Placement.objects.exists()


def test_a_request_has_one_placement(school_year, places, offer, staff_user):
    first = start_placement(offer, staff_user)

    with pytest.raises(DomainError, match=f"already has placement {first.reference}"):
        start_placement(offer, staff_user, starts_on=date(2027, 1, 11))


def test_a_start_the_term_dates_do_not_reach_is_refused(places, offer, staff_user):
    with pytest.raises(DomainError, match="The term dates do not reach"):
        start_placement(offer, staff_user)

    assert not PlacementDate.objects.exists()


# --- In the admin -----------------------------------------------------------------------------------------


def start_form(**overrides):
    return {
        "starts_on": "2026-09-07",
        "home_school_weekday": "3",
        "category": "alternative_to_exclusion",
        "purpose": "Regulate in a small group.",
        "key_worker_name": "Learning mentor",
        "key_worker_email": "mentor@oakfield.test",
        "dsl_name": "Deputy head",
        "dsl_email": "dsl@oakfield.test",
        **overrides,
    }


def test_staff_start_a_placement_from_the_offered_request_in_the_admin(
    staff_client, school_year, places, offer
):
    url = admin_url("placementrequest", "start_placement", offer.request.pk)

    listing = staff_client.get(admin_url("placementrequest")).text
    form = staff_client.get(url).text
    response = staff_client.post(url, start_form())

    assert url in listing
    # Filled in from the request.
    assert 'value="keyworker@school.test"' in form
    placement = Placement.objects.get()
    assert response.url == admin_url("placement", "inspect", placement.pk)
    page = staff_client.get(response.url).text
    assert "Target end date: Friday 18 December 2026" in page
    assert "Supported visit 2" in page
    # No second placement from the same request: the button goes.
    assert url not in staff_client.get(admin_url("placementrequest")).text


def test_the_admin_asks_to_confirm_a_start_over_capacity_beside_the_box(
    staff_client, school_year, places, offer
):
    ExcludedPupilsWeek.objects.create(week_starting=date(2026, 9, 7), pupils=40)
    url = admin_url("placementrequest", "start_placement", offer.request.pk)

    refused = staff_client.post(url, start_form())
    confirmed = staff_client.post(url, start_form(over_capacity_confirmed="on"))

    assert refused.status_code == 400
    assert "There is no place free in the week(s) starting 7 September 2026" in refused.text
    assert confirmed.status_code == 302
    assert Placement.objects.count() == 1


def test_bad_input_is_shown_beside_its_field(staff_client, school_year, places, offer):
    url = admin_url("placementrequest", "start_placement", offer.request.pk)

    response = staff_client.post(url, start_form(starts_on="31/02/2026", key_worker_email="nobody"))

    assert response.status_code == 400
    assert "Enter a real date, like 14 October 2026." in response.text
    assert "Enter a valid email address." in response.text
    assert not Placement.objects.exists()


def test_staff_without_the_permission_cannot_start_a_placement(client, settings, school_year, places, offer):
    settings.PORTAL_REQUIRE_TWO_FACTOR_FOR_PLACEMENT_DATA = False
    client.force_login(staff_with("placements.view_placementrequest", "placements.change_placementrequest"))
    url = admin_url("placementrequest", "start_placement", offer.request.pk)

    assert url not in client.get(admin_url("placementrequest")).text
    assert refused_by_admin(client.post(url, start_form()))
    assert not Placement.objects.exists()
    assert reverse("wagtailadmin_home")
