"""Capacity by week for the coming two terms: the dated capacity against the permanently excluded pupils
staff record for each week, as a table and a chart in the admin."""

from datetime import date

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from portal.placements import selectors
from portal.placements.factories import PlacementCapacityFactory
from portal.placements.models import ExcludedPupilsWeek, Placement
from portal.placements.models.mapp import NOT_A_MONDAY
from portal.users.factories import VerifiedUserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def capacity(db):
    PlacementCapacityFactory(starts_on=date(2024, 9, 1), places=32)
    PlacementCapacityFactory(starts_on=date(2025, 9, 1), places=36)


def test_each_week_has_the_capacity_in_force_and_the_pupils_sharing_it(capacity):
    ExcludedPupilsWeek.objects.create(week_starting=date(2025, 9, 1), pupils=30)
    ExcludedPupilsWeek.objects.create(week_starting=date(2025, 8, 25), pupils=33)

    weeks = selectors.capacity_by_week(today=date(2025, 8, 27), weeks=3)

    assert [(w.week_starting, w.places, w.excluded_pupils, w.free) for w in weeks] == [
        (date(2025, 8, 25), 32, 33, -1),
        (date(2025, 9, 1), 36, 30, 6),
        (date(2025, 9, 8), 36, 0, 36),
    ]
    assert [week.used_percent for week in weeks] == [100, 83, 0]


def test_the_coming_two_terms_are_26_weeks_from_this_monday(capacity):
    weeks = selectors.capacity_by_week(today=date(2026, 11, 22))

    assert len(weeks) == 26
    assert weeks[0].week_starting == date(2026, 11, 16)


def test_before_any_capacity_is_set_the_places_are_unknown():
    [week] = selectors.capacity_by_week(today=date(2024, 1, 10), weeks=1)

    assert (week.places, week.free) == (None, None)


def test_a_week_is_recorded_by_its_monday(staff_client):
    url = reverse("placements_excludedpupilsweek_modeladmin_create")

    refused = staff_client.post(url, {"week_starting": "2026-11-18", "pupils": "4"})
    staff_client.post(url, {"week_starting": "2026-11-16", "pupils": "4"})

    assert NOT_A_MONDAY in refused.text
    assert ExcludedPupilsWeek.objects.get().week_starting == date(2026, 11, 16)


def test_staff_see_the_table_and_chart(staff_client, capacity, time_machine):
    time_machine.move_to("2026-11-22 09:00 +00:00")
    ExcludedPupilsWeek.objects.create(week_starting=date(2026, 11, 16), pupils=38)

    page = staff_client.get(reverse("placements_admin_capacity_by_week")).text

    assert "16 Nov 2026" in page
    assert "Over by 2" in page
    assert "width: 100%" in page


def test_only_staff_who_may_see_capacity_open_it(client, settings):
    settings.PORTAL_REQUIRE_TWO_FACTOR_FOR_PLACEMENT_DATA = False
    group = Group.objects.create(name="Admin access only")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    user = VerifiedUserFactory(is_staff=True)
    user.groups.add(group)
    client.force_login(user)

    assert client.get(reverse("placements_admin_capacity_by_week")).status_code in (302, 403)


def test_placements_at_the_unit_share_the_places_until_their_last_day_there(
    capacity, school_year, offer, staff_user
):
    from tests.portal.placements.conftest import start_placement

    start_placement(offer, staff_user)
    ExcludedPupilsWeek.objects.create(week_starting=date(2026, 11, 30), pupils=30)

    weeks = selectors.capacity_by_week(today=date(2026, 11, 30), weeks=3)

    # The last day at the unit is Friday 4 December; the reintegration weeks hold no place.
    assert [(w.placements, w.free) for w in weeks] == [(1, 5), (0, 36), (0, 36)]


def test_a_placement_that_ended_sooner_holds_its_place_until_the_day_it_ended(
    capacity, school_year, offer, staff_user
):
    from tests.portal.placements.conftest import start_placement

    placement = start_placement(offer, staff_user)
    assert placement.last_day_at_unit == date(2026, 12, 4)
    Placement.objects.filter(pk=placement.pk).update(ended_on=date(2026, 11, 18))

    weeks = selectors.capacity_by_week(today=date(2026, 11, 16), weeks=3)

    assert [w.placements for w in weeks] == [1, 0, 0]
