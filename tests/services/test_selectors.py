import datetime

import pytest
import time_machine

from services import selectors
from services.errors import FormatNotOfferedForTopic, InvalidStaffCount
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


def test_current_offer_is_the_one_for_today():
    UniversalOfferFactory(financial_year_start=2025)
    this_year = UniversalOfferFactory(financial_year_start=2026)
    with time_machine.travel(datetime.date(2026, 11, 22), tick=False):
        assert selectors.current_universal_offer() == this_year
    with time_machine.travel(datetime.date(2027, 5, 1), tick=False):
        assert selectors.current_universal_offer() is None


def test_active_packages_in_editors_order():
    second = SupportPackageFactory(name="Bronze", sort_order=2)
    first = SupportPackageFactory(name="EHC", sort_order=1)
    SupportPackageFactory(name="Withdrawn", sort_order=0, is_active=False)
    assert list(selectors.active_packages()) == [first, second]


@pytest.mark.parametrize(("staff", "pence"), [(1, 47_000), (15, 47_000), (16, 49_000), (40, 97_000)])
def test_training_price_covers_15_staff_then_20_pounds_each(half_day, staff, pence):
    assert selectors.training_price(training_format=half_day, staff_count=staff) == pence


def test_training_price_uses_the_formats_own_terms():
    training_format = TrainingFormatFactory(
        price_pence=30_000, staff_included=10, extra_person_price_pence=2_500
    )
    assert selectors.training_price(training_format=training_format, staff_count=12) == 35_000


@pytest.mark.parametrize(
    "staff", [0, -1, selectors.MAX_TRAINING_STAFF + 1, 10**20, "abc", "20", 2.5, None, True]
)
def test_training_price_refuses_a_staff_count_that_is_not_sane(half_day, staff):
    with pytest.raises(InvalidStaffCount):
        selectors.training_price(training_format=half_day, staff_count=staff)


def test_training_price_accepts_the_maximum(half_day):
    staff = selectors.MAX_TRAINING_STAFF
    assert (
        selectors.training_price(training_format=half_day, staff_count=staff) == 47_000 + (staff - 15) * 2_000
    )


def test_quote_for_a_topic_in_an_allowed_format(neurodiversity, half_day):
    quote = selectors.training_quote(training_format=half_day, staff_count=20, topic=neurodiversity)
    assert quote.total_pence == 57_000
    assert quote.extra_staff == 5
    assert quote.summary == (
        "Supporting Neurodiversity, Half day (3 hours), for 20 staff: £470 covers the first 15, "
        "plus 5 more at £20 each (£100)."
    )


def test_quote_summary_when_no_one_is_extra(twilight):
    quote = selectors.training_quote(training_format=twilight, staff_count=12)
    assert quote.total_pence == 35_000
    assert quote.summary == "Twilight (2 hours), for 12 staff: £350 covers up to 15 staff."


def test_quote_refuses_a_format_the_topic_does_not_allow(neurodiversity, twilight):
    with pytest.raises(FormatNotOfferedForTopic) as error:
        selectors.training_quote(training_format=twilight, staff_count=10, topic=neurodiversity)
    assert error.value.message == (
        "Supporting Neurodiversity is offered only as Half day (3 hours). "
        "Choose one of those formats, or another topic."
    )


def test_topic_with_no_formats_chosen_allows_every_format(twilight, half_day):
    topic = TrainingTopicFactory()
    for training_format in (twilight, half_day):
        assert selectors.topic_allows_format(topic=topic, training_format=training_format)
        selectors.training_quote(training_format=training_format, staff_count=5, topic=topic)


def test_topic_whose_formats_are_all_withdrawn_cannot_be_quoted(neurodiversity, half_day, twilight):
    half_day.is_active = False
    half_day.save()
    with pytest.raises(FormatNotOfferedForTopic, match="not offered in any format"):
        selectors.training_quote(training_format=twilight, staff_count=5, topic=neurodiversity)


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


def test_shared_staff_terms(half_day, twilight):
    assert selectors.shared_staff_terms([half_day, twilight]) == (15, 2_000)
    twilight.staff_included = 20
    assert selectors.shared_staff_terms([half_day, twilight]) is None
    assert selectors.shared_staff_terms([]) is None


@pytest.mark.parametrize(
    ("items", "words"), [([], ""), (["a"], "a"), (["a", "b"], "a or b"), (["a", "b", "c"], "a, b or c")]
)
def test_join_with_or(items, words):
    assert selectors.join_with_or(items) == words
