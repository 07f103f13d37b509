"""Form plumbing every domain uses: GOV.UK choice widgets, showing a domain error (on the form, or as a
message when there is none), and binding a form.

The groups are drawn by `{% form_choices %}` (common/form_fields.py).
"""

from contextlib import contextmanager

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError

from common.errors import DomainError

# The messages of the GOV.UK patterns for a date and an email address, the same on every form.
DATE_INVALID = "Enter a real date, like 14 October 2026."
EMAIL_INVALID = "Enter an email address in the correct format, like {example}."


class DatePicker(forms.DateInput):
    """The browser's date picker. Its value must be ISO (2026-10-14) whatever the site's date format, or
    the browser shows the field empty and the date already there is lost on saving."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class ChoiceGroupWidgetMixin:
    """Checkboxes or radios shown as a GOV.UK group.

    The error summary links to the first option, and an option may carry a hint (`descriptions`,
    keyed by value) that its input is described by.
    """

    descriptions = {}

    def id_for_label(self, id_, index="0"):
        return super().id_for_label(id_, index)

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex=subindex, attrs=attrs)
        option["description"] = self.descriptions.get(value, "")
        if option["description"] and option["attrs"].get("id"):
            option["attrs"]["aria-describedby"] = f"{option['attrs']['id']}-hint"
        return option


class Checkboxes(ChoiceGroupWidgetMixin, forms.CheckboxSelectMultiple):
    pass


class Radios(ChoiceGroupWidgetMixin, forms.RadioSelect):
    pass


class RecordsChoiceField(forms.ModelMultipleChoiceField):
    """A choice of records by their keys: a key no record can have (a number larger than the database
    stores) is an option that is not there, answered beside the field rather than by a database error."""

    def _check_values(self, value):
        try:
            return super()._check_values(value)
        except OverflowError:
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice") from None


def add_domain_error(form, error):
    """Show a `DomainError` next to its field, or at the top of the form when it names none."""
    form.add_error(error.field if error.field in form.fields else None, error.message)


@contextmanager
def refusal_shown_on(form):
    """Around a service call for a form: a `DomainError` it raises shows on the form, and the code after
    the block goes on (to render the form again with its errors)."""
    try:
        yield
    except DomainError as error:
        add_domain_error(form, error)


@contextmanager
def refusal_flashed(request):
    """Around a service call for a button with no form: a `DomainError` it raises becomes an error
    message on the next page, and the code after the block goes on (to redirect there)."""
    try:
        yield
    except DomainError as error:
        messages.error(request, error.message)


def posted(request):
    """The submitted data to bind a form to, or None on GET (an empty POST still shows its errors)."""
    return request.POST if request.method == "POST" else None


def status_for(form):
    """400 for a form sent back with errors, so tests and logs can tell a refusal from a first view."""
    return 400 if form.is_bound and form.errors else 200
