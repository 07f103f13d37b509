"""The portal home: the joining journey for newcomers, and the school's page with its routes for members."""

import datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from common.financial_years import FinancialYear
from portal.orders.factories import (
    HoursEntryFactory,
    InvoiceFactory,
    OrderFactory,
    OrderLineFactory,
    UniversalOfferLineFactory,
)
from portal.orders.models import FocusKind, OrderStatus
from portal.schools.factories import InvitationFactory, JoinRequestFactory, MembershipFactory
from portal.schools.models import JoinRequestStatus, Role
from portal.users.factories import VerifiedUserFactory, turn_on_two_factor
from tests.query_counts import OTHER_SCHOOLS, queries_of

pytestmark = pytest.mark.django_db

# The user (the session comes from the cache), the membership (which says whether the email is verified), the
# years with orders, the year's orders and their lines.
HOME_QUERIES = 5


def signed_in(client, user):
    client.force_login(user)
    return client


def test_someone_with_no_school_is_offered_the_joining_journey(client, home_page):
    response = signed_in(client, VerifiedUserFactory()).get(reverse("portal:home"))

    assert response.status_code == 200
    assert reverse("schools:join_start") in response.text
    assert "Nothing bought yet" not in response.text


def test_a_pending_request_is_shown_with_its_status(client, home_page):
    join_request = JoinRequestFactory(school__name="Oakfield Primary School")

    text = signed_in(client, join_request.user).get(reverse("portal:home")).text

    assert "Your request is waiting for approval" in text
    assert join_request.reference in text
    assert f'href="{reverse("schools:join_start")}"' not in text


def test_a_declined_request_shows_the_reason_and_lets_them_ask_again(client, home_page):
    join_request = JoinRequestFactory(
        status=JoinRequestStatus.DECLINED, decline_reason="Not on the staff list."
    )

    text = signed_in(client, join_request.user).get(reverse("portal:home")).text

    assert "Not on the staff list." in text
    assert reverse("schools:join_start") in text


def test_an_invitation_waiting_for_them_is_mentioned(client, home_page):
    user = VerifiedUserFactory(email="colleague@oakfield.test")
    InvitationFactory(email="colleague@oakfield.test", school__name="Oakfield Primary School")

    text = signed_in(client, user).get(reverse("portal:home")).text

    assert "Oakfield Primary School has invited you" in text


@time_machine.travel(datetime.datetime(2026, 6, 1, 9, 0, tzinfo=datetime.UTC))
def test_a_member_sees_their_school_this_financial_year_and_the_routes(client, home_page):
    membership = MembershipFactory(
        school__name="Oakfield Primary School", roles=[Role.ADMINISTRATOR, Role.REFERRER]
    )

    response = signed_in(client, membership.user).get(reverse("portal:home"))

    assert "<h1>Oakfield Primary School</h1>" in response.text
    assert "Nothing bought yet for 2026-27" in response.text
    for route in ["orders:basket", "bookings:surgeries", "portal:refer", "schools:people"]:
        assert reverse(route) in response.text


@time_machine.travel(datetime.datetime(2027, 3, 31, 12, 0, tzinfo=datetime.UTC))
def test_the_financial_year_shown_runs_to_the_end_of_march(client, home_page):
    membership = MembershipFactory()

    assert (
        "Nothing bought yet for 2026-27"
        in signed_in(client, membership.user).get(reverse("portal:home")).text
    )


def test_the_people_route_is_only_offered_to_administrators(client, home_page):
    membership = MembershipFactory(roles=[Role.MEMBER])

    home = signed_in(client, membership.user).get(reverse("portal:home"))

    assert reverse("schools:people") not in home.text


def test_referring_is_for_the_referrer_role(client, home_page):
    membership = MembershipFactory(roles=[Role.MEMBER, Role.FINANCE])

    response = signed_in(client, membership.user).get(reverse("portal:refer"))

    assert response.status_code == 403
    assert "referrer" in response.text


@pytest.mark.parametrize(
    ("roles", "status"),
    [([Role.FINANCE], 200), ([Role.ADMINISTRATOR], 200), ([Role.MEMBER, Role.REFERRER], 403)],
)
def test_buying_is_for_the_finance_and_administrator_roles(client, home_page, roles, status):
    membership = MembershipFactory(roles=roles)

    response = signed_in(client, membership.user).get(reverse("orders:basket"))

    assert response.status_code == status
    assert ("Buy outreach support" in response.text) == (status == 200)


def test_referring_needs_two_factor_first(client, home_page):
    membership = MembershipFactory(roles=[Role.REFERRER])
    signed_in(client, membership.user)

    without = client.get(reverse("portal:refer"))
    turn_on_two_factor(membership.user)
    with_two_factor = client.get(reverse("portal:refer"))

    assert without.status_code == 302
    assert without.url.startswith(reverse("users:two_factor_required"))
    assert with_two_factor.status_code == 200
    assert "Request a placement" in with_two_factor.text


def test_someone_in_two_schools_chooses_which_to_act_for(client, home_page):
    user = VerifiedUserFactory()
    MembershipFactory(user=user, school__name="Oakfield Primary School")
    riverside = MembershipFactory(user=user, school__name="Riverside Primary School").school
    signed_in(client, user)

    first = client.get(reverse("portal:home"))
    client.post(reverse("portal:choose_school"), {"school": riverside.pk})
    home = client.get(reverse("portal:home"))

    assert first.url == reverse("portal:choose_school")
    assert "<h1>Riverside Primary School</h1>" in home.text
    assert reverse("portal:choose_school") in home.text


def test_every_portal_page_offers_a_change_of_school_only_to_someone_in_several(client, home_page):
    user = VerifiedUserFactory()
    MembershipFactory(user=user, school__name="Oakfield Primary School", roles=[Role.FINANCE])
    riverside = MembershipFactory(
        user=user, school__name="Riverside Primary School", roles=[Role.FINANCE]
    ).school
    only_one = MembershipFactory(roles=[Role.FINANCE]).user
    signed_in(client, user)
    client.post(reverse("portal:choose_school"), {"school": riverside.pk})

    several = client.get(reverse("orders:orders"))
    signed_in(client, only_one)
    one = client.get(reverse("orders:orders"))

    assert "Acting for <strong>Riverside Primary School</strong>" in several.text
    assert "Change school" in several.text
    assert one.status_code == 200
    assert "Change school" not in one.text


def test_a_school_routes_send_someone_without_a_school_to_the_portal_home(client, home_page):
    response = signed_in(client, VerifiedUserFactory()).get(reverse("bookings:surgeries"))

    assert response.url == reverse("portal:home")


# What the school holds ------------------------------------------------------------------------------------


def holding(school, *, year=None, status=OrderStatus.INVOICED, package_hours_used=0, with_offer=True):
    """An order of `school` with the Universal Offer (unless `with_offer` is off), a Silver package for a
    pupil and an invoice; `package_hours_used` quarter hours recorded against the package."""
    year = year or FinancialYear.current().start_year
    order = OrderFactory(
        school=school,
        financial_year_start=year,
        status=status,
        includes_universal_offer=with_offer,
        subtotal_pence=155_000,
    )
    if with_offer:
        UniversalOfferLineFactory(order=order)
    line = OrderLineFactory(
        order=order,
        package__name=f"Silver Package {order.reference}",
        package__hours=12,
        focus_kind=FocusKind.PUPIL,
        pupil_initials="TM",
        pupil_year_group="4",
        class_name="",
    )
    if package_hours_used:
        HoursEntryFactory(line=line, quarter_hours=package_hours_used)
    InvoiceFactory(order=order)
    return order


@pytest.fixture
def finance_member(db):
    return MembershipFactory(school__name="Riverside Primary School", roles=[Role.FINANCE])


def test_the_home_shows_the_offer_each_package_s_hours_and_the_orders(client, home_page, finance_member):
    order = holding(finance_member.school, package_hours_used=20)

    text = signed_in(client, finance_member.user).get(reverse("portal:home")).text

    year = FinancialYear.current().label
    assert f"Riverside Primary School has the Universal Support Offer for {year}" in text
    assert "Its invoice is awaiting payment." in text
    assert f"Silver Package {order.reference}" in text
    assert "Pupil TM, Year 4" in text
    assert '<td data-label="Hours bought" class="numeric">12</td>' in text
    assert '<td data-label="Used" class="numeric">5</td>' in text
    assert '<td data-label="Left" class="numeric">7</td>' in text
    assert order.reference in text
    assert "Invoiced, awaiting payment" in text
    assert order.invoice.display_number in text
    assert "Nothing bought yet" not in text


def test_a_school_without_the_offer_is_shown_how_to_buy_it(client, home_page, finance_member):
    text = signed_in(client, finance_member.user).get(reverse("portal:home")).text

    assert f"Nothing bought yet for {FinancialYear.current().label}" in text
    assert f'href="{reverse("orders:basket")}#universal-offer">Buy the Universal Support Offer' in text


def test_a_member_without_the_finance_role_sees_what_is_held_but_not_the_orders(
    client, home_page, finance_member
):
    order = holding(finance_member.school)
    member = MembershipFactory(school=finance_member.school, roles=[Role.MEMBER])

    text = signed_in(client, member.user).get(reverse("portal:home")).text

    assert "has the Universal Support Offer" in text
    assert f"Silver Package {order.reference}" in text
    assert order.invoice.display_number not in text
    assert "Needs the administrator or finance role." in text


def test_earlier_years_stay_visible(client, home_page, finance_member):
    this_year = FinancialYear.current()
    last_year_order = holding(finance_member.school, year=this_year.start_year - 1, status=OrderStatus.PAID)
    signed_in(client, finance_member.user)

    now = client.get(reverse("portal:home")).text
    then = client.get(reverse("portal:home"), {"year": this_year.start_year - 1}).text

    assert f'href="?year={this_year.start_year - 1}#holdings"' in now
    assert last_year_order.reference not in now
    assert f"The {FinancialYear(this_year.start_year - 1).label} financial year" in then
    assert last_year_order.reference in then
    assert "Paid" in then


def test_a_year_the_school_has_no_orders_in_shows_this_year(client, home_page, finance_member):
    text = signed_in(client, finance_member.user).get(reverse("portal:home"), {"year": "1999"}).text

    assert f"This financial year ({FinancialYear.current().label})" in text


def test_cancelled_orders_hold_nothing(client, home_page, finance_member):
    holding(finance_member.school, status=OrderStatus.CANCELLED)

    text = signed_in(client, finance_member.user).get(reverse("portal:home")).text

    assert "No Universal Support Offer for" in text
    assert "Cancelled" in text


def test_the_home_says_once_who_is_signed_in_and_for_which_school(client, home_page, finance_member):
    text = signed_in(client, finance_member.user).get(reverse("portal:home")).text

    assert text.count(finance_member.user.email) == 1
    assert "Acting for" not in text
    assert text.count("<h1>Riverside Primary School</h1>") == 1


def home_queries(client, user):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("portal:home")).status_code == 200
    return len(queries)


def test_the_home_makes_as_many_queries_for_one_order_as_for_many(client, home_page, finance_member):
    signed_in(client, finance_member.user)
    holding(finance_member.school, package_hours_used=4)
    client.get(reverse("portal:home"))  # the first request also loads the site and settings
    with_one = home_queries(client, finance_member.user)

    for _ in range(9):
        holding(finance_member.school, with_offer=False, package_hours_used=4)
    with_ten = home_queries(client, finance_member.user)

    assert with_one == with_ten


def history(school):
    """Three orders of `school` this year, one with the Universal Offer, each with hours used."""
    holding(school, package_hours_used=4)
    for _ in range(2):
        holding(school, with_offer=False, package_hours_used=4)


def test_the_home_makes_as_many_queries_beside_many_schools_as_alone(client, home_page, finance_member):
    signed_in(client, finance_member.user)
    history(finance_member.school)
    alone = queries_of(client, reverse("portal:home"))

    for _ in range(OTHER_SCHOOLS):
        history(MembershipFactory(roles=[Role.FINANCE]).school)

    assert queries_of(client, reverse("portal:home")) == alone == HOME_QUERIES


def test_staff_get_wagtail_s_edit_bar_on_site_pages_but_not_in_the_portal(staff_client, home_page):
    site_page = staff_client.get(home_page.url)
    portal_page = staff_client.get(reverse("portal:home"))

    assert "wagtail-userbar" in site_page.text
    assert "wagtail-userbar" not in portal_page.text
