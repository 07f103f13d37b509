"""The outreach year in review in the admin: the page, its one-page summary and its CSV, for staff with
"Can view figures" only; any year from the first the service traded to this one; an empty year says so; a
district with no schools shows zeros; the same queries however many years of records there are."""

import csv
import io

import pytest
from django.urls import reverse

from figures.admin.outreach import TITLE
from portal.orders.factories import OrderFactory, OrderLineFactory, UniversalOfferLineFactory
from portal.orders.models import FocusKind
from portal.schools.models import School
from services.factories import SupportPackageFactory
from tests.figures.conftest import VIEW_FIGURES, turned_away

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("on_the_outreach_day")]

PAGE = reverse("figures_admin_outreach")
THIS_YEAR_PAGE = reverse("figures_admin_outreach_year", args=["2025-26"])
SUMMARY = reverse("figures_admin_outreach_summary", args=["2025-26"])
CSV = reverse("figures_admin_outreach_csv", args=["2025-26"])


def test_staff_without_the_permission_are_turned_away(signed_in, history):
    client = signed_in()
    for path in (PAGE, THIS_YEAR_PAGE, SUMMARY, CSV):
        assert turned_away(client.get(path)), path


def test_the_report_is_listed_on_the_figures_page(signed_in):
    page = signed_in(VIEW_FIGURES).get(reverse("figures_admin_index")).text

    assert f'<a href="{PAGE}">{TITLE}</a>' in page


def test_the_year_in_review_shows_this_year_beside_the_year_before(signed_in, history):
    response = signed_in(VIEW_FIGURES).get(PAGE)

    assert response.status_code == 200
    page = response.text
    assert "<title>Outreach year in review" in page
    assert (
        '<tr><th scope="row">Schools that bought the Universal Support Offer</th><td>2</td><td>1</td></tr>'
        in page
    )
    assert '<tr><th scope="row">Specialist-teacher hours delivered</th><td>2.5</td><td>1</td></tr>' in page
    assert '<tr><th scope="row" class="figures-kind">Bronze</th><td>3</td><td>1</td></tr>' in page
    # Three pupils this year; one the year before, which the small-number rule hides.
    assert '<tr><th scope="row">Pupils supported</th><td>3</td><td>fewer than 3</td></tr>' in page
    assert "Schools that bought the Universal Support Offer by district" in page
    assert "Schools and pupils across the years" in page
    assert f'href="{SUMMARY}"' in page
    assert f'href="{CSV}"' in page


def test_a_district_with_no_schools_shows_zeros(signed_in, history):
    page = signed_in(VIEW_FIGURES).get(THIS_YEAR_PAGE).text

    table = page.split('id="figure-colleagues_trained-by-district-table"')[1].split("</table>")[0]
    assert '<tr><th scope="row">East</th><td>0</td><td>0</td></tr>' in table
    assert '<tr><th scope="row">North</th><td>30</td><td>0</td></tr>' in table
    assert '<tr><th scope="row">South</th><td>0</td><td>25</td></tr>' in table


def test_an_empty_year_says_so(signed_in, history):
    page = signed_in(VIEW_FIGURES).get(reverse("figures_admin_outreach_year", args=["2019-20"])).text

    assert "Nothing was recorded in 2019-20" in page
    assert "by district" not in page


@pytest.mark.parametrize("year", ["2018-19", "2026-27", "2025", "nonsense"])
def test_a_year_before_trading_or_still_to_come_is_not_found(signed_in, year):
    client = signed_in(VIEW_FIGURES)
    for name in (
        "figures_admin_outreach_year",
        "figures_admin_outreach_summary",
        "figures_admin_outreach_csv",
    ):
        assert client.get(reverse(name, args=[year])).status_code == 404


def test_the_summary_is_one_page_of_every_figure_by_district(signed_in, history):
    page = signed_in(VIEW_FIGURES).get(SUMMARY).text

    assert "<h1>Outreach year in review 2025-26</h1>" in page
    assert '<th scope="col">East</th><th scope="col">North</th><th scope="col">South</th>' in page
    assert (
        '<tr><th scope="row">Behaviour surgeries held</th><td>2</td><td>1</td>'
        "<td>Not by district</td><td>Not by district</td><td>Not by district</td></tr>"
    ) in page
    assert 'class="sidebar' not in page  # nothing of the admin around it


def test_the_csv_has_each_figure_in_both_years_by_district(signed_in, history):
    response = signed_in(VIEW_FIGURES).get(CSV)

    assert response["Content-Disposition"] == 'attachment; filename="outreach-year-in-review-2025-26.csv"'
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["Figure", "Kind", "Financial year", "All districts", "East", "North", "South"]
    assert ["Pupils supported", "", "2025-26", "3", "0", "fewer than 3", "fewer than 3"] in rows
    assert ["Support packages and consultancy sold", "Silver", "2025-26", "1", "0", "1", "0"] in rows
    assert ["Advice-line calls", "", "2024-25", "1", "0", "0", "1"] in rows
    assert ["Behaviour surgeries held", "", "2025-26", "2", "", "", ""] in rows


def test_a_districts_small_count_is_not_given_away_by_the_years_total(signed_in, history):
    # Two more pupils at a North school: North 4 and South 1 of 5, so South's would be 5 - 4.
    order = OrderFactory(school=School.objects.get(name="School A"), financial_year_start=2025)
    for initials in ("CD", "EF"):
        OrderLineFactory(
            order=order,
            package=SupportPackageFactory(),
            focus_kind=FocusKind.PUPIL,
            pupil_initials=initials,
            pupil_year_group="3",
            class_name="",
        )
    client = signed_in(VIEW_FIGURES)

    rows = list(csv.reader(io.StringIO(client.get(CSV).content.decode("utf-8-sig"))))
    page = client.get(THIS_YEAR_PAGE).text

    assert ["Pupils supported", "", "2025-26", "5", "0", "withheld", "fewer than 3"] in rows
    table = page.split('id="figure-pupils_supported-by-district-table"')[1].split("</table>")[0]
    assert '<tr><th scope="row">North</th><td>withheld</td><td>0</td></tr>' in table
    assert '<tr><th scope="row">South</th><td>fewer than 3</td><td>fewer than 3</td></tr>' in table


def _universal_offers_in(years):
    for start in years:
        order = OrderFactory(financial_year_start=start, includes_universal_offer=True)
        UniversalOfferLineFactory(order=order)


def test_the_pages_take_the_same_few_queries_however_many_years(
    signed_in, history, django_assert_max_num_queries
):
    client = signed_in(VIEW_FIGURES)
    # Twice: the first request may save a setting it has not met, which purges what it remembered.
    client.get(PAGE)
    client.get(PAGE)
    # Nine are the admin's own (the session, the person, their permissions, the menus); one the figures.
    with django_assert_max_num_queries(10):
        client.get(PAGE)
    _universal_offers_in(range(2019, 2024))
    client.get(PAGE)  # saving a year's Universal Offer purged what the requests remembered
    with django_assert_max_num_queries(10):
        page = client.get(PAGE).text
    assert "2019-20" in page.split("Schools and pupils across the years")[1]
    for path in (SUMMARY, CSV):
        with django_assert_max_num_queries(10):
            client.get(path)
