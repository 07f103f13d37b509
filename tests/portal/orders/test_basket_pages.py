"""The Buy page and the basket in the portal: what is on sale, adding, removing, totals, refusals with
their messages (400) and nothing typed lost; the basket is kept in the database per school and person."""

import pytest
from django.urls import reverse
from django.utils.html import escape

from portal.orders.models import BasketLine, ProductKind
from portal.orders.services import rules
from portal.schools.factories import MembershipFactory
from portal.schools.models import Role

pytestmark = pytest.mark.django_db

BASKET = reverse("orders:basket")


def package_url(slug):
    return reverse("orders:add_package", args=[slug])


def pupil(initials="JS", year_group="4", **extra):
    return {"focus_kind": "pupil", "pupil_initials": initials, "pupil_year_group": year_group, **extra}


@pytest.fixture
def offer_in_basket(buyer_client, catalogue):
    buyer_client.post(reverse("orders:add_universal_offer"))


def test_the_buy_page_shows_the_offer_packages_and_consultancy_with_prices(buyer_client, catalogue):
    response = buyer_client.get(BASKET)

    assert response.status_code == 200
    for text in [
        "Universal Support Offer",
        "£550",
        "Bronze Package",
        "£650",
        "Silver Package Top-Up",
        "£100",
    ]:
        assert text in response.text
    assert "Only after the Silver Package in the same financial year." in response.text
    assert "Your basket is empty." in response.text


def test_adding_the_offer_and_a_package_shows_the_basket_with_totals(
    buyer_client, catalogue, offer_in_basket
):
    response = buyer_client.post(package_url("bronze-package"), pupil(), follow=True)

    assert "The Bronze Package (Pupil JS, Year 4) is in your basket." in response.text
    assert "£1,200" in response.text  # 550 + 650
    assert reverse("orders:checkout") in response.text


def test_the_basket_is_kept_in_the_database_for_the_next_visit(
    client, home_page, buyer, catalogue, offer_in_basket
):
    client.logout()
    client.force_login(buyer.user)

    response = client.get(BASKET)

    assert "The Universal Support Offer for" in response.text
    assert "is in your basket" in response.text
    assert BasketLine.objects.filter(basket__user=buyer.user, kind=ProductKind.UNIVERSAL_OFFER).count() == 1


def test_each_person_has_their_own_basket(client, home_page, buyer, catalogue, offer_in_basket):
    colleague = MembershipFactory(school=buyer.school, roles=[Role.ADMINISTRATOR])
    client.force_login(colleague.user)

    assert "Your basket is empty." in client.get(BASKET).text


def test_a_package_without_the_offer_is_refused_with_the_message_and_the_answers_kept(
    buyer_client, catalogue
):
    response = buyer_client.post(package_url("bronze-package"), pupil(initials="AB", year_group="R"))

    assert response.status_code == 400
    assert "There is a problem" in response.text
    assert "Add the Universal Support Offer to your basket first." in response.text
    assert 'value="AB"' in response.text
    assert '<option value="R" selected>' in response.text
    assert not BasketLine.objects.exists()


def test_a_full_name_for_the_initials_is_refused_next_to_the_field(buyer_client, catalogue, offer_in_basket):
    response = buyer_client.post(package_url("bronze-package"), pupil(initials="Jordan Smith"))

    assert response.status_code == 400
    assert f'<a href="#id_pupil_initials">{escape(rules.INITIALS_INVALID)}</a>' in response.text
    assert 'value="Jordan Smith"' in response.text
    assert BasketLine.objects.count() == 1  # only the offer


def test_the_ehc_package_asks_for_the_confirmation(buyer_client, catalogue, offer_in_basket):
    page = buyer_client.get(package_url("ehc-package"))
    refused = buyer_client.post(package_url("ehc-package"), pupil())
    added = buyer_client.post(package_url("ehc-package"), pupil(ehc_plan_confirmed="on"))

    assert "I confirm the pupil has an education, health and care (EHC) plan" in page.text
    assert 'value="class"' not in page.text  # a pupil only
    assert refused.status_code == 400
    assert "only for pupils who have one" in refused.text
    assert added.status_code == 302
    assert BasketLine.objects.get(package=catalogue.ehc).ehc_plan_confirmed


def test_consultancy_asks_for_hours(buyer_client, catalogue, offer_in_basket):
    page = buyer_client.get(package_url("consultancy"))
    refused = buyer_client.post(package_url("consultancy"), {"focus_kind": "school", "hours": "0"})
    added = buyer_client.post(package_url("consultancy"), {"focus_kind": "school", "hours": "6"}, follow=True)

    assert "How many hours?" in page.text
    assert refused.status_code == 400
    assert rules.HOURS_INVALID in refused.text
    assert "6 hours of Consultancy (Whole school) is in your basket." in added.text
    assert "£600" in added.text


def test_a_line_can_be_removed(buyer_client, catalogue, offer_in_basket):
    line = BasketLine.objects.get()

    response = buyer_client.post(reverse("orders:remove_line", args=[line.pk]), follow=True)

    assert "The Universal Support Offer has been removed from your basket." in response.text
    assert not BasketLine.objects.exists()


def test_the_basket_warns_before_checkout_when_a_rule_no_longer_holds(
    buyer_client, catalogue, offer_in_basket
):
    buyer_client.post(package_url("bronze-package"), pupil())
    buyer_client.post(reverse("orders:remove_line", args=[BasketLine.objects.get(package__isnull=True).pk]))

    response = buyer_client.get(BASKET)

    assert "Before you check out" in response.text
    assert "Add the Universal Support Offer to your basket first." in response.text


def test_a_second_offer_refused_on_the_buy_page_shows_the_message(
    buyer_client, buyer, catalogue, place_order
):
    place_order(buyer)

    page = buyer_client.get(BASKET)
    refused = buyer_client.post(reverse("orders:add_universal_offer"))

    assert "has the Universal Support Offer for" in page.text
    assert "Add the Universal Support Offer to your basket" not in page.text
    assert refused.status_code == 400
    assert "It is bought once a year." in refused.text
