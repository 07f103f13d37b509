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
