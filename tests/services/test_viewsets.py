"""Staff edit the catalogue as snippets in the Wagtail admin, typing prices in pounds."""

import pytest
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from services.factories import (
    SupportPackageFactory,
    TrainingFormatFactory,
    TrainingTopicFactory,
    UniversalOfferFactory,
)
from services.models import SupportPackage, UniversalOffer

pytestmark = pytest.mark.django_db
SNIPPETS = "/admin/snippets/services/"


def package_form(**overrides):
    return nested_form_data(
        {
            "name": "Gold Package",
            "slug": "gold-package",
            "summary": "Long-running support.",
            "price_pence": "£1,250.50",
            "vat_rate": "0",
            "price_changes": inline_formset([]),
            "sold_by_the_hour": "",
            "hours": "15",
            "requires_ehc_plan": "",
            "must_follow": "",
            "what_is_included": rich_text("<p>Weekly visits.</p>"),
            "who_it_is_for": "",
            "is_active": "on",
            **overrides,
        }
    )


@pytest.mark.parametrize(
    "model_name", ["universaloffer", "supportpackage", "trainingformat", "trainingtopic"]
)
def test_each_catalogue_list_opens(staff_client, model_name):
    UniversalOfferFactory(financial_year_start=2026, price_pence=55_000)
    SupportPackageFactory(name="Bronze Package", price_pence=65_000)
    TrainingTopicFactory(
        title="Positive Lunchtimes", allowed_formats=[TrainingFormatFactory(name="Twilight")]
    )

    response = staff_client.get(f"{SNIPPETS}{model_name}/")

    assert response.status_code == 200


def test_package_list_shows_prices_in_pounds_and_searches(staff_client):
    SupportPackageFactory(name="Bronze Package", price_pence=65_000)
    SupportPackageFactory(name="Consultancy", hourly=True, price_pence=10_000)

    html = staff_client.get(f"{SNIPPETS}supportpackage/").content.decode()
    assert "£650" in html
    assert "£100 an hour" in html

    html = staff_client.get(f"{SNIPPETS}supportpackage/", {"q": "bronze"}).content.decode()
    assert "Bronze Package" in html
    assert "Consultancy" not in html


def test_offer_list_names_the_year(staff_client):
    UniversalOfferFactory(financial_year_start=2026, price_pence=55_000)
    html = staff_client.get(f"{SNIPPETS}universaloffer/").content.decode()
    assert "Universal Support Offer 2026-27" in html
    assert "£550" in html


def test_creating_a_package_stores_the_pounds_typed_as_pence(staff_client):
    response = staff_client.post(f"{SNIPPETS}supportpackage/add/", package_form())

    assert response.status_code == 302
    package = SupportPackage.objects.get(slug="gold-package")
    assert package.price_pence == 125_050
    assert package.hours == 15
    assert package.sort_order is not None  # placed last in the editors' order

    edit_page = staff_client.get(f"{SNIPPETS}supportpackage/edit/{package.pk}/").content.decode()
    assert 'value="1250.50"' in edit_page


def test_package_form_explains_rule_mistakes(staff_client):
    response = staff_client.post(
        f"{SNIPPETS}supportpackage/add/", package_form(sold_by_the_hour="on", price_pence="six pounds")
    )

    assert response.status_code == 200
    assert not SupportPackage.objects.exists()
    form = response.context["form"]
    assert "hours" in form.errors
    assert "price_pence" in form.errors


def test_creating_an_offer_for_a_year(staff_client):
    response = staff_client.post(
        f"{SNIPPETS}universaloffer/add/",
        {
            "financial_year_start": "2026",
            "price_pence": "550",
            "vat_rate": "20",
            "summary": "",
            "what_it_gives": rich_text("<ul><li>An advice line</li></ul>"),
        },
    )
    assert response.status_code == 302
    offer = UniversalOffer.objects.get()
    assert (offer.price_pence, offer.vat_rate) == (55_000, 20)


def test_staff_set_next_year_s_package_price_in_pounds(staff_client):
    response = staff_client.post(
        f"{SNIPPETS}supportpackage/add/",
        package_form(price_changes=inline_formset([{"from_year": "2027", "price_pence": "£1,300"}])),
    )

    assert response.status_code == 302
    package = SupportPackage.objects.get(slug="gold-package")
    assert list(package.price_changes.values_list("from_year", "price_pence")) == [(2027, 130_000)]


def test_two_price_changes_for_one_year_are_refused(staff_client):
    changes = [{"from_year": "2027", "price_pence": "1300"}, {"from_year": "2027", "price_pence": "1400"}]

    response = staff_client.post(
        f"{SNIPPETS}supportpackage/add/", package_form(price_changes=inline_formset(changes))
    )

    assert response.status_code == 200
    assert not SupportPackage.objects.exists()


def test_a_vat_rate_over_100_percent_is_refused(staff_client):
    response = staff_client.post(f"{SNIPPETS}supportpackage/add/", package_form(vat_rate="120"))

    assert response.status_code == 200
    assert "vat_rate" in response.context["form"].errors


def test_a_package_another_must_follow_cannot_be_deleted(staff_client):
    silver = SupportPackageFactory(name="Silver Package")
    SupportPackageFactory(name="Silver Package Top-Up", must_follow=silver)
    delete_url = f"{SNIPPETS}supportpackage/delete/{silver.pk}/"

    assert b"prevent it from being deleted" in staff_client.get(delete_url).content
    staff_client.post(delete_url)

    assert SupportPackage.objects.filter(pk=silver.pk).exists()
