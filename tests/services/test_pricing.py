from decimal import Decimal

import pytest

from common.errors import DomainError
from services import pricing
from services.factories import TrainingFormatFactory, TrainingTopicFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("staff", "pence"), [(1, 47_000), (15, 47_000), (16, 49_000), (40, 97_000)])
def test_training_price_covers_15_staff_then_20_pounds_each(half_day, staff, pence):
    assert pricing.training_price(training_format=half_day, staff_count=staff) == pence


def test_training_price_uses_the_formats_own_terms():
    training_format = TrainingFormatFactory(
        price_pence=30_000, staff_included=10, extra_person_price_pence=2_500
    )
    assert pricing.extra_staff(training_format=training_format, staff_count=12) == 2
    assert pricing.extra_staff_price(training_format=training_format, staff_count=12) == 5_000
    assert pricing.training_price(training_format=training_format, staff_count=12) == 35_000


@pytest.mark.parametrize(
    ("staff", "message"),
    [
        (0, "must be 1 or more"),
        (-1, "must be 1 or more"),
        (pricing.MAX_TRAINING_STAFF + 1, "must be 300 or fewer"),
        (10**20, "must be 300 or fewer"),
        ("abc", "as a whole number"),
        ("20", "as a whole number"),
        (2.5, "as a whole number"),
        (None, "as a whole number"),
        (True, "as a whole number"),
    ],
)
def test_training_price_refuses_a_staff_count_that_is_not_sane(half_day, staff, message):
    with pytest.raises(DomainError, match=message) as error:
        pricing.training_price(training_format=half_day, staff_count=staff)
    assert error.value.field == "staff"


def test_training_price_accepts_the_maximum(half_day):
    staff = pricing.MAX_TRAINING_STAFF
    assert (
        pricing.training_price(training_format=half_day, staff_count=staff) == 47_000 + (staff - 15) * 2_000
    )


def test_quote_for_a_topic_in_an_allowed_format(neurodiversity, half_day):
    quote = pricing.training_quote(training_format=half_day, staff_count=20, topic=neurodiversity)
    assert quote.total_pence == 57_000
    assert quote.extra_staff == 5
    assert quote.summary == (
        "Supporting Neurodiversity, Half day (3 hours), for 20 staff: £470 covers the first 15, "
        "plus 5 more at £20 each (£100). No VAT is charged."
    )


def test_quote_summary_when_no_one_is_extra(twilight):
    quote = pricing.training_quote(training_format=twilight, staff_count=12)
    assert quote.total_pence == 35_000
    assert quote.summary == "Twilight (2 hours), for 12 staff: £350 covers up to 15 staff. No VAT is charged."


def test_quote_summary_says_the_vat_charged_on_top(twilight):
    twilight.vat_rate = Decimal("20.00")
    quote = pricing.training_quote(training_format=twilight, staff_count=12)
    assert quote.summary.endswith("£350 covers up to 15 staff. Plus VAT at 20%.")


def test_quote_refuses_a_format_the_topic_does_not_allow(neurodiversity, twilight):
    with pytest.raises(DomainError) as error:
        pricing.training_quote(training_format=twilight, staff_count=10, topic=neurodiversity)
    assert error.value.message == (
        "Supporting Neurodiversity is offered only as Half day (3 hours). "
        "Choose one of those formats, or another topic."
    )
    assert error.value.field == "format"


def test_quote_refuses_a_bad_staff_count_next_to_the_staff_field(half_day):
    with pytest.raises(DomainError, match="must be 1 or more") as error:
        pricing.training_quote(training_format=half_day, staff_count=0)
    assert error.value.field == "staff"


def test_topic_with_no_formats_chosen_allows_every_format(twilight, half_day):
    topic = TrainingTopicFactory()
    assert pricing.topic_takes_any_format(topic=topic)
    for training_format in (twilight, half_day):
        pricing.check_topic_allows_format(topic=topic, training_format=training_format)
        pricing.training_quote(training_format=training_format, staff_count=5, topic=topic)


def test_formats_offered_for_a_topic_leave_out_withdrawn_ones(neurodiversity, half_day, twilight):
    neurodiversity.allowed_formats.add(twilight)
    twilight.is_active = False
    twilight.save()
    assert not pricing.topic_takes_any_format(topic=neurodiversity)
    assert pricing.formats_offered_for(topic=neurodiversity) == [half_day]


def test_topic_whose_formats_are_all_withdrawn_cannot_be_quoted(neurodiversity, half_day, twilight):
    half_day.is_active = False
    half_day.save()
    with pytest.raises(DomainError, match="not offered in any format") as error:
        pricing.training_quote(training_format=twilight, staff_count=5, topic=neurodiversity)
    assert error.value.field == "format"


def test_shared_staff_terms(half_day, twilight):
    assert pricing.shared_staff_terms([half_day, twilight]) == (15, 2_000)
    twilight.staff_included = 20
    assert pricing.shared_staff_terms([half_day, twilight]) is None
    assert pricing.shared_staff_terms([]) is None


@pytest.mark.parametrize(
    ("items", "words"), [([], ""), (["a"], "a"), (["a", "b"], "a or b"), (["a", "b", "c"], "a, b or c")]
)
def test_join_with_or(items, words):
    assert pricing.join_with_or(items) == words
