from django import forms

from common.forms import refusal_shown_on
from common.money import format_pence
from services import pricing, selectors


class TrainingFormatChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj}: {format_pence(obj.price_pence)}"


class TrainingPriceForm(forms.Form):
    """The training price calculator. A GET form: the price is worked out by `pricing.training_quote`."""

    format = TrainingFormatChoiceField(
        label="Training format",
        queryset=selectors.active_training_formats(),
        to_field_name="slug",
        empty_label="Choose a format",
        error_messages={
            "required": "Choose a training format.",
            "invalid_choice": "Choose a training format from the list.",
        },
    )
    staff = forms.IntegerField(
        label="Number of staff",
        help_text="Everyone who will take part, as a whole number.",
        # A text box, as GOV.UK advises for numbers: no spinner, and typing mistakes reach the server's
        # clear message instead of the browser's.
        widget=forms.TextInput(
            attrs={
                "inputmode": "numeric",
                "autocomplete": "off",
                "spellcheck": "false",
                "class": "input--short",
            }
        ),
        error_messages={
            "required": "Enter the number of staff.",
            "invalid": pricing.STAFF_NOT_A_WHOLE_NUMBER,
        },
    )
    topic = forms.ModelChoiceField(
        label="Topic (optional)",
        queryset=selectors.active_training_topics(),
        to_field_name="slug",
        required=False,
        empty_label="No topic chosen yet",
        help_text="Some topics are offered only in certain formats.",
        error_messages={"invalid_choice": "Choose a topic from the list."},
    )

    def __init__(self, *args, formats=None, topics=None, **kwargs):
        """`formats` and `topics`: the active ones, when the page has read them already, so the lists
        are not read again to draw the choices (the submitted values are still checked against the
        database)."""
        super().__init__(*args, **kwargs)
        self.quote = None
        for name, objects in (("format", formats), ("topic", topics)):
            if objects is not None:
                field = self.fields[name]
                field.choices = [("", field.empty_label)] + [
                    (getattr(obj, field.to_field_name), field.label_from_instance(obj)) for obj in objects
                ]

    @classmethod
    def is_submitted(cls, data):
        return any(name in data for name in cls.base_fields)

    def clean(self):
        cleaned_data = super().clean()
        training_format = cleaned_data.get("format")
        staff_count = cleaned_data.get("staff")
        topic = cleaned_data.get("topic")
        # Each rule is checked on its own so that every mistake is reported at once.
        if training_format is not None and topic is not None:
            with refusal_shown_on(self):
                pricing.check_topic_allows_format(topic=topic, training_format=training_format)
        if staff_count is not None:
            with refusal_shown_on(self):
                pricing.check_staff_count(staff_count=staff_count)
        if not self.errors:
            self.quote = pricing.training_quote(
                training_format=training_format, staff_count=staff_count, topic=topic
            )
        return cleaned_data
