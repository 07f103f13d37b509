from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.template import Context, Template

from common.money import format_pence


@pytest.mark.parametrize(
    ("pence", "shown"),
    [(55000, "£550"), (100000, "£1,000"), (12550, "£125.50"), (5, "£0.05"), (0, "£0"), (-2000, "-£20")],
)
def test_pence_are_shown_as_pounds(pence, shown):
    assert format_pence(pence) == shown


def test_missing_price_shows_nothing():
    assert format_pence(None) == ""


def test_money_filter_is_available_in_every_template():
    assert Template("{{ price|money }}").render(Context({"price": 78000})) == "£780"


@pytest.mark.parametrize(
    ("priced", "said"),
    [
        ({"vat_rate": Decimal(0)}, "no VAT is charged"),
        ({"vat_rate": Decimal("20.00")}, "plus VAT at 20%"),
        ({"vat_rate": Decimal(0), "vat_pence": 0}, "no VAT is charged"),
        ({"vat_rate": Decimal("20.00"), "vat_pence": 13000}, "£130 VAT at 20%"),
        ({"vat_pence": 0}, "no VAT is charged"),
        ({"vat_pence": 13000}, "£130 VAT"),
    ],
    ids=["product-none", "product-20", "line-none", "line-20", "total-none", "total-some"],
)
def test_vat_is_said_in_words_never_as_a_bare_zero(priced, said):
    """A catalogue price has a rate, an order line a rate and an amount, a total an amount."""
    shown = Template("{{ priced|vat }}").render(Context({"priced": SimpleNamespace(**priced)}))

    assert shown == said
