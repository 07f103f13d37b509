import pytest

from common.errors import DomainError
from common.forms import add_domain_error
from services.forms import TrainingPriceForm

pytestmark = pytest.mark.django_db


def test_the_form_counts_as_submitted_once_any_field_is_in_the_query():
    assert not TrainingPriceForm.is_submitted({})
    assert not TrainingPriceForm.is_submitted({"q": "training"})
    assert TrainingPriceForm.is_submitted({"staff": ""})


def test_a_valid_form_carries_the_quote(half_day):
    form = TrainingPriceForm({"format": "half-day", "staff": "16"})
    assert form.is_valid()
    assert form.quote.total_pence == 49_000


def test_formats_are_offered_with_their_length_and_price(half_day):
    labels = [label for _, label in TrainingPriceForm().fields["format"].choices]
    assert labels == ["Choose a format", "Half day (3 hours): £470"]


def test_withdrawn_formats_and_topics_cannot_be_chosen(half_day, neurodiversity):
    half_day.is_active = False
    half_day.save()
    neurodiversity.is_active = False
    neurodiversity.save()
    form = TrainingPriceForm({"format": "half-day", "staff": "5", "topic": "neurodiversity"})
    assert not form.is_valid()
    assert form.errors == {
        "format": ["Choose a training format from the list."],
        "topic": ["Choose a topic from the list."],
    }
    assert form.quote is None


def test_every_mistake_is_reported_at_once(half_day, twilight, neurodiversity):
    form = TrainingPriceForm({"format": "twilight", "staff": "0", "topic": "neurodiversity"})
    assert not form.is_valid()
    assert form.errors == {
        "format": [
            "Supporting Neurodiversity is offered only as Half day (3 hours). "
            "Choose one of those formats, or another topic."
        ],
        "staff": ["The number of staff must be 1 or more."],
    }
    assert form.quote is None


@pytest.mark.parametrize(
    ("field", "errors"),
    [
        ("staff", {"staff": ["The rule says no."]}),
        ("no_such_field", {"__all__": ["The rule says no."]}),
        (None, {"__all__": ["The rule says no."]}),
    ],
)
def test_a_domain_error_shows_next_to_its_field_or_at_the_top_of_the_form(half_day, field, errors):
    form = TrainingPriceForm({"format": "half-day", "staff": "16"})
    assert form.is_valid()
    add_domain_error(form, DomainError("The rule says no.", field=field))
    assert form.errors == errors
