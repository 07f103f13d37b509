"""The Outreach page's editor shows the catalogue's prices and hours, each with a link to where it is
edited, so an editor who opens the page to change a price finds it."""

import re
from datetime import date

import pytest
from django.urls import reverse

from common.financial_years import FinancialYear
from services.factories import SupportPackageFactory, UniversalOfferFactory
from services.models import SupportPackagePriceChange

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_page(staff_client, outreach_page, time_machine):
    time_machine.move_to(date(2026, 12, 6))

    def read():
        response = staff_client.get(reverse("wagtailadmin_pages:edit", args=[outreach_page.pk]))
        assert response.status_code == 200
        return re.sub(r"\s+", " ", response.content.decode())

    return read


def test_each_package_on_sale_is_listed_with_its_price_hours_and_a_link_to_edit_it(editor_page, silver):
    hourly = SupportPackageFactory(name="Consultancy", hourly=True, price_pence=9_500)
    SupportPackageFactory(name="Withdrawn Package", is_active=False)
    SupportPackagePriceChange.objects.create(package=silver, from_year=2027, price_pence=105_000)

    page = editor_page()

    silver_edit = reverse("wagtailsnippets_services_supportpackage:edit", args=[silver.pk])
    assert re.search(
        rf'<th scope="row">Silver Package</th> <td>£1,000</td> <td>£1,050</td> <td>12</td> '
        rf'<td><a href="{silver_edit}">Edit Silver Package</a></td>',
        page,
    )
    assert "<td>£95 an hour</td> <td>No change</td> <td>Chosen by the school</td>" in page
    assert reverse("wagtailsnippets_services_supportpackage:edit", args=[hourly.pk]) in page
    assert "Withdrawn Package" not in page


def test_the_universal_offer_of_this_year_and_next_can_be_edited_or_priced(editor_page):
    offer = UniversalOfferFactory(financial_year_start=2026, price_pence=55_000)

    page = editor_page()

    this_year, next_year = FinancialYear(2026).label, FinancialYear(2027).label
    offer_edit = reverse("wagtailsnippets_services_universaloffer:edit", args=[offer.pk])
    assert f'<td>£550</td> <td><a href="{offer_edit}">Edit the offer for {this_year}</a></td>' in page
    assert (
        f'<td>Not priced yet</td> <td><a href="{reverse("wagtailsnippets_services_universaloffer:add")}">'
        f"Price the offer for {next_year}</a></td>"
    ) in page
