"""The referral placement terms: one setting staff edit (the price typed in pounds), shown on the page."""

import pytest
from django.urls import reverse

from portal.placements.models import PlacementTerms
from portal.placements.models.terms import WELLBEING_RANGE_EMPTY

pytestmark = pytest.mark.django_db


def test_page_shows_the_placement_terms_from_the_setting(placements_page, frozen_today, read_placements_page):
    html = read_placements_page()

    assert "12 weeks" in html
    assert "4 days with us and 1 day at the pupil's own school" in html
    assert "25 hours of education a week" in html
    assert "2 weeks of return to the pupil's own school, with 2 supported visits" in html
    assert "£2,900" in html


def test_changing_the_setting_changes_the_page(placements_page, frozen_today, read_placements_page):
    terms = PlacementTerms.load()
    terms.price_pence = 315_050
    terms.weeks = 10
    terms.days_at_home_school_per_week = 2
    terms.reintegration_supported_visits = 1
    terms.save()

    html = read_placements_page()

    assert "£3,150.50" in html
    assert "£2,900" not in html
    assert "10 weeks" in html
    assert "2 days at the pupil's own school" in html
    assert "with 1 supported visit from our staff" in html


def terms_form(**overrides):
    return {
        "price_pence": "2900",
        "vat_rate": "0",
        "funding_note": "plus any funding attached to the child",
        "weeks": "12",
        "days_at_unit_per_week": "4",
        "days_at_home_school_per_week": "1",
        "hours_per_week": "25",
        "reintegration_weeks": "2",
        "reintegration_supported_visits": "2",
        "unexplained_absence_alert_at": "10:00",
        "wellbeing_scale": "Stirling Children's Wellbeing Scale",
        "wellbeing_lowest": "12",
        "wellbeing_highest": "60",
        **overrides,
    }


def terms_url():
    """The setting's edit page in the admin (the one record, created when first loaded)."""
    return reverse("wagtailsettings:edit", args=["placements", "placementterms", PlacementTerms.load().pk])


def test_staff_see_the_price_in_pounds(staff_client):
    response = staff_client.get(terms_url())

    assert response.status_code == 200
    assert 'name="price_pence" value="2900"' in response.text


@pytest.mark.parametrize(
    ("typed", "pence", "shown"),
    [("2900", 290_000, "£2,900"), ("£3,150.50", 315_050, "£3,150.50")],
)
def test_staff_type_the_price_in_pounds_and_the_page_shows_it(
    staff_client, placements_page, frozen_today, read_placements_page, typed, pence, shown
):
    response = staff_client.post(terms_url(), terms_form(price_pence=typed))

    assert response.status_code == 302
    assert PlacementTerms.load().price_pence == pence
    assert shown in read_placements_page()


def test_a_price_with_part_pennies_is_refused(staff_client):
    response = staff_client.post(terms_url(), terms_form(price_pence="2900.505"))

    assert response.status_code == 200
    assert "price_pence" in response.context["form"].errors
    assert PlacementTerms.load().price_pence == 290_000


def test_the_wellbeing_scale_runs_upwards(staff_client):
    response = staff_client.post(terms_url(), terms_form(wellbeing_lowest="60", wellbeing_highest="12"))

    assert response.status_code == 200
    assert WELLBEING_RANGE_EMPTY in response.text
    assert PlacementTerms.load().wellbeing_highest == 60
