"""Money fields: integer pence that editors type in pounds, and a VAT rate."""

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

MAX_POUNDS = Decimal("100000")


class PoundsFormField(forms.DecimalField):
    """Takes "650", "£650" or "1,012.50" from the editor and cleans to integer pence (101250)."""

    def __init__(self, *, max_value=None, min_value=None, **kwargs):
        kwargs.setdefault("max_digits", 9)
        kwargs.setdefault("decimal_places", 2)
        # The model field's range is in pence; the form checks a sensible range in pounds.
        super().__init__(min_value=Decimal(0), max_value=MAX_POUNDS, **kwargs)
        self.widget.attrs.setdefault("inputmode", "decimal")

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip().removeprefix("£").replace(",", "").strip()
        return super().to_python(value)

    def prepare_value(self, value):
        # Initial data is pence from the model; data typed by the editor is shown back unchanged.
        if isinstance(value, int):
            return pence_as_pounds_text(value)
        return value

    def clean(self, value):
        pounds = super().clean(value)
        # Validation has allowed at most two decimal places, so this is a whole number of pence.
        return None if pounds is None else int(pounds * 100)

    def has_changed(self, initial, data):
        try:
            return self.clean(data) != initial
        except ValidationError:
            return True


def pence_as_pounds_text(pence):
    """12550 -> "125.50", 65000 -> "650": what the editor sees in the box."""
    pounds = Decimal(pence) / 100
    return f"{pounds:.2f}" if pence % 100 else f"{pence // 100}"


class PenceField(models.PositiveIntegerField):
    """Integer pence in the database; edited in pounds in the admin."""

    def formfield(self, **kwargs):
        # A text box, not a number spinner: browsers reject "£1,000" in a number input.
        return super().formfield(**{"form_class": PoundsFormField, "widget": forms.TextInput, **kwargs})


class VatRateField(models.DecimalField):
    """A VAT rate in per cent, 0 (the default: outreach work is usually outside VAT) to 100."""

    def __init__(self, verbose_name="VAT rate (%)", **kwargs):
        kwargs.setdefault("max_digits", 5)
        kwargs.setdefault("decimal_places", 2)
        kwargs.setdefault("default", Decimal(0))
        kwargs.setdefault("validators", [MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))])
        super().__init__(verbose_name, **kwargs)
