"""A tampered price, amount, quantity or product id never changes what is charged: the server works
everything out from the catalogue, refuses what is not on sale, and changes nothing when it refuses."""

import pytest
from django.urls import reverse

from portal.orders.models import BasketLine, Order
from portal.schools.factories import MembershipFactory
from portal.schools.models import Role
from services.factories import SupportPackageFactory

pytestmark = pytest.mark.django_db

FORGED = {
    "price_pence": "1",
    "unit_price_pence": "1",
    "total_pence": "1",
    "amount": "1",
    "vat_rate": "-20",
    "package": "999999",
}


def pupil(**extra):
    return {"focus_kind": "pupil", "pupil_initials": "JS", "pupil_year_group": "4", **extra}


def place(client):
    return client.post(
        reverse("orders:checkout_invoice"),
        {
            "purchase_order_number": "PO-1",
            "finance_contact_name": "Pat Okafor",
            "finance_contact_email": "finance@riverside.test",
            **FORGED,
        },
    )


def test_forged_prices_and_amounts_are_ignored_everything_comes_from_the_catalogue(buyer_client, catalogue):
    buyer_client.post(reverse("orders:add_universal_offer"), FORGED)
    buyer_client.post(reverse("orders:add_package", args=["silver-package"]), pupil(**FORGED, quantity="9"))
    buyer_client.post(
        reverse("orders:add_package", args=["consultancy"]), {"focus_kind": "school", "hours": "2", **FORGED}
    )

    place(buyer_client)

    order = Order.objects.get()
    assert [
        (line.description, line.unit_price_pence, line.quantity, line.vat_pence) for line in order.lines.all()
    ] == [
        (f"Universal Support Offer {order.financial_year}", 55_000, 1, 0),
        ("Silver Package", 100_000, 1, 0),
        ("Consultancy", 10_000, 2, 0),
    ]
    assert (order.subtotal_pence, order.vat_pence, order.total_pence) == (175_000, 0, 175_000)


@pytest.mark.parametrize("hours", ["-3", "0", "100000", "2.5", "1e3", "three", ""])
def test_a_tampered_number_of_hours_is_refused_and_nothing_is_added(buyer_client, catalogue, hours):
    buyer_client.post(reverse("orders:add_universal_offer"))

    response = buyer_client.post(
        reverse("orders:add_package", args=["consultancy"]), {"focus_kind": "school", "hours": hours}
    )

    assert response.status_code == 400
    assert BasketLine.objects.count() == 1


def test_a_product_that_does_not_exist_or_is_off_sale_gives_404(buyer_client, catalogue):
    buyer_client.post(reverse("orders:add_universal_offer"))
    SupportPackageFactory(name="Gold Package", slug="gold-package", is_active=False)

    for slug in ["no-such-package", "gold-package"]:
        assert buyer_client.get(reverse("orders:add_package", args=[slug])).status_code == 404
        assert buyer_client.post(reverse("orders:add_package", args=[slug]), pupil()).status_code == 404
    assert BasketLine.objects.count() == 1


def test_a_focus_that_is_not_offered_is_refused(buyer_client, catalogue):
    buyer_client.post(reverse("orders:add_universal_offer"))

    whole_school = buyer_client.post(
        reverse("orders:add_package", args=["bronze-package"]), {"focus_kind": "school"}
    )
    made_up = buyer_client.post(
        reverse("orders:add_package", args=["bronze-package"]), {"focus_kind": "staffroom"}
    )
    class_for_ehc = buyer_client.post(
        reverse("orders:add_package", args=["ehc-package"]),
        {"focus_kind": "class", "class_name": "Oak", "ehc_plan_confirmed": "on"},
    )

    assert [whole_school.status_code, made_up.status_code, class_for_ehc.status_code] == [400, 400, 400]
    assert BasketLine.objects.count() == 1


def test_a_price_changed_in_the_catalogue_is_the_one_charged_not_the_one_shown_earlier(
    buyer_client, catalogue
):
    buyer_client.post(reverse("orders:add_universal_offer"))
    buyer_client.get(reverse("orders:checkout"))  # shows £550
    catalogue.offer.price_pence = 56_000
    catalogue.offer.save()

    place(buyer_client)

    assert Order.objects.get().total_pence == 56_000


def test_a_line_id_from_someone_else_s_basket_gives_404(client, buyer_client, buyer, catalogue):
    colleague = MembershipFactory(school=buyer.school, roles=[Role.FINANCE])
    client.force_login(colleague.user)
    client.post(reverse("orders:add_universal_offer"))
    colleague_line = BasketLine.objects.get()
    client.force_login(buyer.user)

    response = client.post(reverse("orders:remove_line", args=[colleague_line.pk]))

    assert response.status_code == 404
    assert BasketLine.objects.filter(pk=colleague_line.pk).exists()
