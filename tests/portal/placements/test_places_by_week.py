"""Places by week for the coming two terms: the capacity in force each Monday against the permanently
excluded pupils held that week (a week's own count, or the last one recorded before it)."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from portal.placements import selectors
from portal.placements.factories import ExcludedPupilsCountFactory, PlacementCapacityFactory
from portal.placements.models import ExcludedPupilsCount
from portal.placements.services import week_starting
from portal.users.factories import VerifiedUserFactory

pytestmark = pytest.mark.django_db

MONDAY = date(2026, 11, 23)


def test_each_week_has_the_capacity_in_force_on_its_monday():
    PlacementCapacityFactory(starts_on=date(2024, 9, 1), places=32)
    PlacementCapacityFactory(starts_on=date(2026, 12, 2), places=36)  # a Wednesday

    weeks = selectors.places_by_week(first_week=MONDAY, weeks=3)

    assert [(week.week_starting, week.places) for week in weeks] == [
        (date(2026, 11, 23), 32),
        (date(2026, 11, 30), 32),
        (date(2026, 12, 7), 36),
    ]


def test_a_count_holds_until_a_later_one_is_recorded():
    PlacementCapacityFactory(starts_on=date(2024, 9, 1), places=5)
    ExcludedPupilsCountFactory(week_starting=date(2026, 11, 9), pupils=3)
    ExcludedPupilsCountFactory(week_starting=date(2026, 11, 30), pupils=7)

    weeks = selectors.places_by_week(first_week=MONDAY, weeks=3)

    assert [(week.excluded_pupils, week.excluded_pupils_carried_forward) for week in weeks] == [
        (3, True),
        (7, False),
        (7, True),
    ]
    assert [(week.free, week.over_by) for week in weeks] == [(2, 0), (-2, 2), (-2, 2)]


def test_weeks_before_any_capacity_or_count_say_so():
    (week,) = selectors.places_by_week(first_week=MONDAY, weeks=1)

    assert (week.places, week.excluded_pupils, week.free, week.over_by) == (None, 0, None, 0)


def test_the_queries_do_not_grow_with_the_weeks(django_assert_num_queries):
    with django_assert_num_queries(2):
        selectors.places_by_week(first_week=MONDAY, weeks=52)


def test_a_count_is_kept_against_its_monday(staff_client):
    response = staff_client.post(
        reverse("placements_excludedpupilscount_modeladmin_create"),
        {"week_starting": "2026-11-26", "pupils": "4", "note": ""},
    )

    assert response.status_code == 302
    assert ExcludedPupilsCount.objects.get().week_starting == date(2026, 11, 23)
    assert week_starting(date(2026, 11, 29)) == date(2026, 11, 23)


def test_a_second_count_for_a_week_is_refused_beside_the_field(staff_client):
    ExcludedPupilsCountFactory(week_starting=MONDAY, pupils=4)

    response = staff_client.post(
        reverse("placements_excludedpupilscount_modeladmin_create"),
        {"week_starting": "2026-11-25", "pupils": "5", "note": "Wednesday"},
    )

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "week_starting": ["This week already has a count. Edit that one instead."]
    }
    assert ExcludedPupilsCount.objects.get().pupils == 4


def test_staff_see_places_by_week_as_a_table_and_a_chart(staff_client, staff_user, time_machine):
    time_machine.move_to(datetime(2026, 11, 25, 10, tzinfo=ZoneInfo("Europe/London")))
    staff_client.force_login(staff_user)  # a session lasts a working day
    PlacementCapacityFactory(starts_on=date(2024, 9, 1), places=2)
    ExcludedPupilsCountFactory(week_starting=MONDAY, pupils=3)

    page = staff_client.get(reverse("placements_places_by_week"))

    assert page.status_code == 200
    table = page.text[page.text.index('<table class="listing places-by-week">') :]
    table = table[: table.index("</table>")]
    assert table.count('<th scope="row">') == selectors.WEEKS_AHEAD
    assert '<th scope="row">23 November 2026</th>' in page.text
    assert "Over by 1" in page.text
    assert 'aria-label="3 pupils, 2 places"' in page.text
    assert "Places by week" in staff_client.get(reverse("wagtailadmin_home")).text


def test_people_without_the_capacity_permission_cannot_see_it(client):
    user = VerifiedUserFactory()
    client.force_login(user)

    response = client.get(reverse("placements_places_by_week"))

    assert response.status_code in (302, 403)
