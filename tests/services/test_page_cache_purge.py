"""Saving the catalogue purges the stored outreach and training pages at once."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from common.financial_years import FinancialYear
from common.page_cache import STATUS_HEADER
from home.models import ContactSettings
from services.factories import UniversalOfferFactory
from services.models import SupportPackagePriceChange
from tests.page_cache import fresh, stored

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def contact_settings(home_page):
    return ContactSettings.objects.create(site=home_page.get_site(), phone="01234 567890", email="o@x.test")


def test_saving_a_package_purges_the_outreach_page(client, outreach_page, silver):
    assert "£1,000" in stored(client, "/outreach/")
    silver.price_pence = 110_000
    silver.save()

    assert "£1,100" in fresh(client, "/outreach/")


def test_deleting_a_package_purges_the_outreach_page(client, outreach_page, silver):
    assert "Silver Package" in stored(client, "/outreach/")
    silver.delete()

    assert "Silver Package" not in fresh(client, "/outreach/")


def test_pricing_the_universal_offer_purges_the_outreach_page(client, outreach_page):
    stored(client, "/outreach/")
    UniversalOfferFactory(price_pence=56_000)

    assert "£560" in fresh(client, "/outreach/")


def test_saving_a_training_format_purges_the_training_page(client, training_page, half_day):
    assert "£470" in stored(client, "/training/")
    half_day.price_pence = 49_000
    half_day.save()

    assert "£490" in fresh(client, "/training/")


@pytest.mark.parametrize(
    ("path", "page", "catalogue_tables"),
    [
        ("/training/", "training_page", ["services_trainingformat", "services_trainingtopic"]),
        ("/outreach/", "outreach_page", ["services_universaloffer", "services_supportpackage"]),
    ],
)
def test_a_catalogue_page_reads_the_catalogue_once_between_purges(
    request, path, page, catalogue_tables, neurodiversity, silver
):
    request.getfixturevalue(page)
    UniversalOfferFactory()
    signed_in_visitor = Client()
    signed_in_visitor.cookies["sessionid"] = "any"  # the page cache does not answer a session

    first_visit = " ".join(queries_of(signed_in_visitor, path))
    next_visit = " ".join(queries_of(signed_in_visitor, path))

    assert all(table in first_visit for table in catalogue_tables)
    assert not any(table in next_visit for table in catalogue_tables)


def test_changing_a_topic_s_formats_purges_the_training_page(client, training_page, neurodiversity, twilight):
    assert "Only as Half day (3 hours)<" in stored(client, "/training/")

    neurodiversity.allowed_formats.add(twilight)

    assert "Only as Half day (3 hours) or Twilight (2 hours)" in fresh(client, "/training/")


def queries_of(client, path):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return [query["sql"] for query in queries.captured_queries]


def test_a_price_change_purges_the_outreach_page(client, outreach_page, silver):
    stored(client, "/outreach/")
    SupportPackagePriceChange.objects.create(
        package=silver, from_year=FinancialYear.current().next.start_year, price_pence=120_000
    )

    assert "£1,200" in fresh(client, "/outreach/")


def test_changing_a_topics_formats_purges_the_training_page(client, training_page, neurodiversity, twilight):
    stored(client, "/training/")
    neurodiversity.allowed_formats.add(twilight)

    assert client.get("/training/")[STATUS_HEADER] == "miss"


def test_saving_a_package_in_the_admin_purges_the_outreach_page(staff_client, outreach_page, silver):
    visitor = Client()
    assert "Silver Package" in stored(visitor, "/outreach/")
    data = nested_form_data(
        {
            "name": "Silver Plus",
            "slug": "silver",
            "summary": silver.summary,
            "price_pence": "£1,000",
            "vat_rate": "0",
            "hours": "12",
            "what_is_included": rich_text("<p>Visits and a report.</p>"),
            "is_active": "on",
            "price_changes": inline_formset([]),
        }
    )

    response = staff_client.post(f"/admin/snippets/services/supportpackage/edit/{silver.pk}/", data)

    assert response.status_code == 302
    assert "Silver Plus" in fresh(visitor, "/outreach/")
