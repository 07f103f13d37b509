import datetime

import pytest

from common.financial_years import FinancialYear
from services import selectors
from services.factories import (
    SupportPackageFactory,
    TrainingFormatFactory,
    TrainingTopicFactory,
    UniversalOfferFactory,
)

pytestmark = pytest.mark.django_db


def test_offer_for_a_date_follows_the_financial_year():
    last_year = UniversalOfferFactory(financial_year_start=2025, price_pence=55_000)
    this_year = UniversalOfferFactory(financial_year_start=2026, price_pence=57_500)

    assert selectors.universal_offer_for(on_date=datetime.date(2026, 3, 31)) == last_year
    assert selectors.universal_offer_for(on_date=datetime.date(2026, 4, 1)) == this_year
    assert selectors.universal_offer_for(on_date=datetime.date(2027, 4, 1)) is None


def test_offers_of_several_years_come_by_year_leaving_out_a_year_with_none(django_assert_num_queries):
    this_year = UniversalOfferFactory(financial_year_start=2026, price_pence=57_500)
    UniversalOfferFactory(financial_year_start=2025, price_pence=55_000)
    years = [FinancialYear(2026), FinancialYear(2027)]

    with django_assert_num_queries(1):
        offers = selectors.universal_offers_in(years=years)

    assert offers == {FinancialYear(2026): this_year}


def test_active_packages_in_editors_order():
    second = SupportPackageFactory(name="Bronze", sort_order=2)
    first = SupportPackageFactory(name="EHC", sort_order=1)
    SupportPackageFactory(name="Withdrawn", sort_order=0, is_active=False)
    assert list(selectors.active_packages()) == [first, second]


def test_active_training_formats_and_topics_leave_out_withdrawn_ones(half_day, twilight, neurodiversity):
    twilight.is_active = False
    twilight.save()
    TrainingTopicFactory(title="Withdrawn", is_active=False)
    assert list(selectors.active_training_formats()) == [half_day]
    assert list(selectors.active_training_topics()) == [neurodiversity]


def test_topics_with_their_formats(neurodiversity, half_day, twilight):
    open_topic = TrainingTopicFactory(title="Positive Lunchtimes")
    TrainingTopicFactory(title="Withdrawn", is_active=False)
    full_day = TrainingFormatFactory(name="Full day", duration_minutes=360, price_pence=78_000)
    neurodiversity.allowed_formats.add(full_day)

    topics = {item.topic: item for item in selectors.training_topics_with_formats()}

    assert set(topics) == {neurodiversity, open_topic}
    assert topics[open_topic].any_format
    assert topics[open_topic].formats == [half_day, twilight, full_day]
    assert not topics[neurodiversity].any_format
    assert topics[neurodiversity].formats_in_words == "Half day (3 hours) or Full day (6 hours)"


def test_a_topic_whose_formats_are_all_withdrawn_is_listed_with_none(neurodiversity, half_day):
    half_day.is_active = False
    half_day.save()

    (item,) = selectors.training_topics_with_formats()

    assert item.topic == neurodiversity
    assert item.formats == []
    assert not item.any_format
