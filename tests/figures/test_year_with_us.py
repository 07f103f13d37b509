""" "Your year with us" in the portal: a school's own outreach year for its administrators only; another
school's id is not found; the portal home offers it while the Universal Offer's renewal is open."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from portal.schools.factories import MembershipFactory
from portal.schools.models import Role

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("on_the_outreach_day")]

RENEWAL_OPEN = datetime.date(2026, 3, 2)  # the advance purchase date is 1 March unless staff move it


def signed_in_at(client, school, roles):
    client.force_login(MembershipFactory(school=school, roles=roles).user)
    return client


def year_of(school, year=None):
    if year is None:
        return reverse("school_figures:year_with_us", args=[school.pk])
    return reverse("school_figures:year_with_us_in", args=[school.pk, year])


def test_an_administrator_sees_their_schools_year_beside_the_year_before(client, history):
    page = signed_in_at(client, history.a, [Role.ADMINISTRATOR]).get(year_of(history.a)).text

    assert "<h1>Your year with us: 2025-26</h1>" in page
    row = '<tr><th scope="row">{}</th><td class="numeric">{}</td><td class="numeric">{}</td></tr>'
    assert row.format("Universal Support Offer held", "Yes", "No") in page
    assert row.format("Specialist-teacher hours bought", 26, 0) in page
    assert row.format("Specialist-teacher hours delivered", "2.5", 0) in page
    # Its own two pupils, as they are: the small-number rule is for figures others read.
    assert row.format("Pupils supported", 2, 0) in page
    assert row.format("Surgery places booked", 3, 0) in page
    assert row.format("Colleagues trained", 18, 0) in page
    assert "Behaviour surgeries held" not in page  # held for everyone, not for one school
    assert "Specialist-teacher hours across the years" in page


def test_another_year_is_chosen_by_its_label(client, history):
    client = signed_in_at(client, history.c, [Role.ADMINISTRATOR])
    page = client.get(year_of(history.c, "2024-25")).text

    assert "<h1>Your year with us: 2024-25</h1>" in page
    assert '<th scope="row">Colleagues trained</th><td class="numeric">25</td>' in page
    assert client.get(year_of(history.c, "2026-27")).status_code == 404


def test_an_empty_year_says_so(client, history):
    page = signed_in_at(client, history.b, [Role.ADMINISTRATOR]).get(year_of(history.b, "2023-24")).text

    assert "Nothing recorded for School B in 2023-24" in page


def test_another_schools_year_is_not_found(client, history):
    client = signed_in_at(client, history.a, [Role.ADMINISTRATOR])

    assert client.get(year_of(history.b)).status_code == 404
    assert client.get(year_of(history.c, "2024-25")).status_code == 404
    assert client.get(f"/portal/year-with-us/{'9' * 40}/").status_code == 404


@pytest.mark.parametrize("roles", [[Role.MEMBER], [Role.FINANCE], [Role.REFERRER, Role.FINANCE]])
def test_other_roles_are_refused(client, settings, history, roles):
    settings.PORTAL_REQUIRE_TWO_FACTOR_FOR_PLACEMENT_DATA = False
    response = signed_in_at(client, history.a, roles).get(year_of(history.a))

    assert response.status_code == 403
    assert "This page needs the administrator role at School A." in response.text


def test_the_page_takes_the_same_few_queries_however_many_years(
    client, history, django_assert_max_num_queries
):
    client = signed_in_at(client, history.a, [Role.ADMINISTRATOR])
    client.get(year_of(history.a))
    client.get(year_of(history.a))
    with django_assert_max_num_queries(10):
        client.get(year_of(history.a))
    with django_assert_max_num_queries(10):
        client.get(year_of(history.a, "2019-20"))


def test_the_portal_home_offers_it_to_administrators_while_renewal_is_open(client, history):
    link = year_of(history.a)
    administrator = MembershipFactory(school=history.a, roles=[Role.ADMINISTRATOR]).user
    member = MembershipFactory(school=history.a, roles=[Role.MEMBER]).user
    client.force_login(administrator)
    assert link not in client.get(reverse("portal:home")).text

    with time_machine.travel(RENEWAL_OPEN, tick=False):
        client.force_login(administrator)  # a new session: the first would have expired
        assert f'<a href="{link}">See School A' in client.get(reverse("portal:home")).text
        client.force_login(member)
        assert link not in client.get(reverse("portal:home")).text
