import pytest
from django.core.exceptions import ValidationError

from common.financial_years import FinancialYear
from services.factories import (
    SupportPackageFactory,
    TrainingFormatFactory,
    TrainingTopicFactory,
    UniversalOfferFactory,
)

pytestmark = pytest.mark.django_db


def test_offer_names_its_financial_year():
    offer = UniversalOfferFactory(financial_year_start=2026, price_pence=55_000)
    assert offer.financial_year == FinancialYear(2026)
    assert str(offer) == "Universal Support Offer 2026-27"
    assert offer.price() == "£550"


def test_only_one_offer_per_financial_year():
    UniversalOfferFactory(financial_year_start=2026)
    with pytest.raises(ValidationError) as error:
        UniversalOfferFactory.build(financial_year_start=2026).full_clean()
    assert "financial_year_start" in error.value.message_dict


def test_offer_year_must_be_one_editors_can_choose():
    with pytest.raises(ValidationError) as error:
        UniversalOfferFactory.build(financial_year_start=1999).full_clean()
    assert "financial_year_start" in error.value.message_dict


def test_package_rules_in_plain_words(silver):
    top_up = SupportPackageFactory(name="Silver Package Top-Up", must_follow=silver)
    ehc = SupportPackageFactory(name="EHC Package", requires_ehc_plan=True)
    consultancy = SupportPackageFactory(name="Consultancy", hourly=True)

    assert top_up.rules_in_words == ["Only after the Silver Package in the same financial year."]
    assert ehc.rules_in_words == ["Only for a pupil with an education, health and care (EHC) plan."]
    assert consultancy.rules_in_words == ["Bought by the hour: choose as many hours as you need."]
    assert silver.rules_in_words == []


def test_price_display_says_when_it_is_per_hour(silver):
    assert silver.price() == "£1,000"
    assert SupportPackageFactory(hourly=True, price_pence=10_000).price() == "£100 an hour"


def test_a_package_sold_by_the_hour_has_no_fixed_hours():
    package = SupportPackageFactory.build(sold_by_the_hour=True, hours=6)
    with pytest.raises(ValidationError) as error:
        package.full_clean()
    assert "hours" in error.value.message_dict


def test_a_fixed_package_needs_its_hours():
    package = SupportPackageFactory.build(sold_by_the_hour=False, hours=None)
    with pytest.raises(ValidationError) as error:
        package.full_clean()
    assert "hours" in error.value.message_dict


def test_a_package_cannot_have_to_follow_itself(silver):
    top_up = SupportPackageFactory(must_follow=silver)
    silver.must_follow = top_up
    with pytest.raises(ValidationError) as error:
        silver.full_clean()
    assert "must_follow" in error.value.message_dict

    silver.must_follow = silver
    with pytest.raises(ValidationError):
        silver.full_clean()


def test_valid_packages_pass_validation(silver):
    SupportPackageFactory(must_follow=silver).full_clean()
    SupportPackageFactory(hourly=True).full_clean()


@pytest.mark.parametrize(
    ("minutes", "label"),
    [
        (60, "1 hour"),
        (90, "1.5 hours"),
        (120, "2 hours"),
        (360, "6 hours"),
        (45, "45 minutes"),
        (100, "1 hour 40 minutes"),
        (135, "2 hours 15 minutes"),
    ],
)
def test_training_format_length_in_words(minutes, label):
    assert TrainingFormatFactory.build(duration_minutes=minutes).duration_label == label


def test_training_format_names_include_the_length():
    assert (
        str(TrainingFormatFactory.build(name="Staff meeting", duration_minutes=90))
        == "Staff meeting (1.5 hours)"
    )


def test_topic_formats_label(half_day, twilight):
    assert TrainingTopicFactory().formats_label() == "Any format"
    restricted = TrainingTopicFactory(allowed_formats=[twilight, half_day])
    # In the order editors set for the formats, not the order they were ticked.
    assert restricted.formats_label() == "Half day (3 hours), Twilight (2 hours)"
