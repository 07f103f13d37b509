"""The home school follows its placements in the portal: its referrers (who see its requests), with
two-factor, see the list and each placement's page with the target end date and the plan; every page is
recorded; another school's placement is not found, whatever the id; other roles are told which role it
takes."""

from datetime import date

import pytest
from django.urls import reverse

from portal.placements.factories import ClosureDayFactory, PlacementCapacityFactory
from portal.placements.models import AccessKind, Milestone, PlacementTerms, RequestAccess
from portal.placements.services.placements import placement_date_move, placement_start
from portal.placements.services.progress import visit_record
from portal.schools.factories import MembershipFactory
from portal.schools.models import Role
from portal.users.factories import turn_on_two_factor
from tests.portal.placements.conftest import clear_for_safeguarding, start_placement
from tests.query_counts import queries_of


@pytest.fixture
def placement(school_year, offer, staff_user):
    PlacementCapacityFactory(starts_on=date(2025, 9, 1), places=36)
    return start_placement(offer, staff_user)


# The user (the session comes from the cache) and the membership (which says whether the email is verified and
# whether the person has two-factor); the placement with its report and review meeting, and its dates; the
# record of the view; the safeguarding permission; the visits, read once; the targets and the wellbeing
# measure. (The school year and the placement terms are remembered in the cache.)
PLACEMENT_PAGE_QUERIES = 9


def placement_urls(placement):
    return [
        reverse("school_placements:placement", args=[placement.pk]),
        reverse("school_placements:attendance", args=[placement.pk]),
    ]


def test_the_school_sees_its_placement_with_the_target_end_date_and_its_plan(
    referrer_client, placement, staff_user
):
    first_day = placement.dates.get(milestone=Milestone.FIRST_DAY)
    placement_date_move(
        placement_date=first_day, user=staff_user, on=date(2026, 9, 8), why="Transport from Tuesday"
    )

    page = referrer_client.get(reverse("school_placements:placement", args=[placement.pk])).text

    assert "Target end date: Friday 18 December 2026" in page
    assert "Alex Example" in page
    assert "Supported visit 1" in page
    assert "Moved from 7 September 2026: Transport from Tuesday" in page
    assert "Every Thursday" in page
    assert "Week 12" in page
    # The safeguarding lead only for people cleared for safeguarding information.
    assert "dsl@oakfield.test" not in page
    access = RequestAccess.objects.get(request=placement.request)
    assert (access.kind, access.what, access.user) == (
        AccessKind.VIEWED,
        "placement page",
        placement.request.school.memberships.get().user,
    )


def test_a_cleared_referrer_sees_the_safeguarding_lead(referrer_client, referrer, placement):
    clear_for_safeguarding(referrer.user)

    page = referrer_client.get(reverse("school_placements:placement", args=[placement.pk])).text

    assert "dsl@oakfield.test" in page


def test_the_list_shows_only_the_school_s_own_placements_and_is_recorded(
    referrer_client, referrer, placement, elsewhere
):
    page = referrer_client.get(reverse("school_placements:list")).text

    assert placement.reference in page
    assert "18 December 2026" in page
    assert elsewhere.reference not in page
    listed = RequestAccess.objects.filter(kind=AccessKind.LISTED)
    assert [(each.request, each.user) for each in listed] == [(placement.request, referrer.user)]


def test_another_school_s_placement_is_not_found(referrer_client, placement, elsewhere):
    for url in placement_urls(elsewhere):
        assert referrer_client.get(url).status_code == 404, url
    assert not RequestAccess.objects.filter(request=elsewhere.request).exists()


def test_a_member_without_the_referrer_role_is_told_which_role_it_takes(client, home_page, placement):
    membership = MembershipFactory(school=placement.school, roles=[Role.ADMINISTRATOR, Role.FINANCE])
    turn_on_two_factor(membership.user)
    client.force_login(membership.user)

    for url in [reverse("school_placements:list"), *placement_urls(placement)]:
        response = client.get(url)
        assert response.status_code == 403, url
        assert "needs the referrer role" in response.text
    assert not RequestAccess.objects.exists()


def test_a_referrer_without_two_factor_is_sent_to_turn_it_on(client, home_page, placement):
    membership = MembershipFactory(school=placement.school, roles=[Role.REFERRER])
    client.force_login(membership.user)

    for url in [reverse("school_placements:list"), *placement_urls(placement)]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.url.startswith(reverse("users:two_factor_required"))


def test_the_placement_page_reads_the_visits_once_however_many_there_are(
    referrer_client, referrer, placement, staff_user
):
    placement_start(placement=placement, user=staff_user)
    url = reverse("school_placements:placement", args=[placement.pk])
    visit_record(placement=placement, user=referrer.user, visited_on=date(2026, 9, 15), visited_by="Head")
    with_one = queries_of(referrer_client, url)

    for day in (date(2026, 10, 6), date(2026, 11, 10)):
        visit_record(placement=placement, user=referrer.user, visited_on=day, visited_by="Key worker")

    assert queries_of(referrer_client, url) == with_one == PLACEMENT_PAGE_QUERIES


def test_the_page_shows_the_school_year_and_terms_as_they_stand_though_it_remembers_them(
    referrer_client, placement
):
    url = reverse("school_placements:placement", args=[placement.pk])
    assert "Wed 14 Oct" in referrer_client.get(url).text  # now remembered

    closure = ClosureDayFactory(date=date(2026, 10, 14), reason="INSET day")
    assert "Wed 14 Oct" not in referrer_client.get(url).text
    closure.delete()
    assert "Wed 14 Oct" in referrer_client.get(url).text

    terms = PlacementTerms.load()
    terms.wellbeing_scale = "Stirling Children's Wellbeing Scale"
    terms.save()
    assert "Stirling Children&#x27;s Wellbeing Scale" in referrer_client.get(url).text
