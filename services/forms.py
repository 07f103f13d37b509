from django import forms

from common.money import format_pence
from services import selectors
from services.errors import FormatNotOfferedForTopic, InvalidStaffCount


class TrainingFormatChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj}: {format_pence(obj.price_pence)}"


class TrainingPriceForm(forms.Form):
    """The training price calculator. A GET form: the price is worked out by `selectors.training_quote`."""

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
            "invalid": "Enter the number of staff as a whole number, like 20.",
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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.quote = None

    @classmethod
    def is_submitted(cls, data):
        return any(name in data for name in cls.base_fields)

    def clean(self):
        cleaned_data = super().clean()
        training_format = cleaned_data.get("format")
        topic = cleaned_data.get("topic")
        # Each check runs on its own so that every mistake is reported at once.
        if training_format is not None and topic is not None:
            try:
                selectors.check_topic_allows_format(topic=topic, training_format=training_format)
            except FormatNotOfferedForTopic as error:
                self.add_error("format", error.message)
        staff_count = cleaned_data.get("staff")
        if staff_count is not None:
            try:
                selectors.check_staff_count(staff_count=staff_count)
            except InvalidStaffCount as error:
                self.add_error("staff", error.message)
        if not self.errors:
            self.quote = selectors.training_quote(
                training_format=training_format, staff_count=staff_count, topic=topic
            )
        return cleaned_data
