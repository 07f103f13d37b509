import pytest
from django.core.exceptions import ValidationError

from services.fields import PenceField, PoundsFormField, pence_as_pounds_text


@pytest.mark.parametrize(
    ("typed", "pence"),
    [("650", 65_000), ("£650", 65_000), ("1,000", 100_000), (" £12.50 ", 1_250), ("0.5", 50), ("0", 0)],
)
def test_pounds_typed_by_an_editor_are_stored_as_pence(typed, pence):
    assert PoundsFormField().clean(typed) == pence


@pytest.mark.parametrize("typed", ["six hundred", "12.505", "-1", "100001", ""])
def test_amounts_that_are_not_money_are_refused(typed):
    with pytest.raises(ValidationError):
        PoundsFormField().clean(typed)


def test_optional_amount_may_be_blank():
    assert PoundsFormField(required=False).clean("") is None


@pytest.mark.parametrize(("pence", "shown"), [(65_000, "650"), (1_250, "12.50"), (5, "0.05"), (0, "0")])
def test_the_stored_pence_are_shown_as_pounds_in_the_form(pence, shown):
    assert pence_as_pounds_text(pence) == shown
    assert PoundsFormField().prepare_value(pence) == shown


def test_what_the_editor_typed_is_shown_back_unchanged():
    assert PoundsFormField().prepare_value("£6S0") == "£6S0"


def test_has_changed_compares_pence():
    field = PoundsFormField()
    assert not field.has_changed(65_000, "650.00")
    assert field.has_changed(65_000, "651")
    assert field.has_changed(65_000, "nonsense")


def test_model_field_uses_the_pounds_form_field():
    form_field = PenceField("price").formfield()
    assert isinstance(form_field, PoundsFormField)
    assert form_field.widget.input_type == "text"
    assert form_field.widget.attrs["inputmode"] == "decimal"
