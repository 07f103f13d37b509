"""Forms for surgeries, the advice line and training, in the portal and the admin. The rules live in
`bookings.services`; these check input, with the services' own messages."""

from django import forms

from bookings.models import TrainingMode
from bookings.models.surgeries import CANCEL_REASON_REQUIRED
from bookings.models.training import REASON_REQUIRED
from bookings.services import advice, surgeries, training
from common.forms import DATE_INVALID, Checkboxes, DatePicker, Radios, RecordsChoiceField, refusal_shown_on
from common.money import format_pence
from portal.orders.models import YearGroup
from portal.orders.services import rules
from services import pricing
from services import selectors as catalogue
from services.forms import TrainingFormatChoiceField

QUESTION_MAX = 1000


class BookingForm(forms.Form):
    """Who the place is for (the booker or a named colleague) and an optional question."""

    attendee = forms.TypedChoiceField(
        label="Who is the place for?",
        coerce=int,
        widget=Radios,
        error_messages={"required": "Select who the place is for."},
    )
    question = forms.CharField(
        label="Question to bring (optional)",
        required=False,
        max_length=QUESTION_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="What would you like advice on? Only the outreach team sees this. Do not name pupils.",
        error_messages={"max_length": f"Enter your question in {QUESTION_MAX} characters or fewer."},
    )

    def __init__(self, *args, membership, colleagues, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(membership.user_id, f"Yourself ({membership.user})")]
        choices += [
            (each.user_id, str(each.user)) for each in colleagues if each.user_id != membership.user_id
        ]
        field = self.fields["attendee"]
        field.choices = choices
        field.initial = membership.user_id
        field.error_messages["invalid_choice"] = surgeries.NOT_AT_SCHOOL.format(school=membership.school.name)


class CallbackForm(forms.Form):
    topic = forms.CharField(
        label="What is the call about?",
        max_length=200,
        error_messages={"required": advice.TOPIC_REQUIRED},
    )
    pupil_initials = forms.CharField(
        label="Pupil's initials (optional)",
        required=False,
        max_length=20,
        help_text="If the call is about a pupil: their initials only, like JS. Never their name.",
        error_messages={"max_length": rules.INITIALS_INVALID},
    )
    pupil_year_group = forms.ChoiceField(
        label="Pupil's year group (optional)",
        required=False,
        choices=[("", "Not about one pupil"), *YearGroup.choices],
    )
    phone = forms.CharField(
        label="Phone number to call",
        max_length=30,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
        error_messages={"required": advice.PHONE_INVALID},
    )
    times_that_suit = forms.CharField(
        label="Days and times that suit you",
        max_length=200,
        help_text="For example: Tuesday or Thursday after 3:30pm.",
        error_messages={"required": advice.TIMES_REQUIRED},
    )


# --- The admin --------------------------------------------------------------------------------------------


class CancelSessionForm(forms.Form):
    reason = forms.CharField(
        label="Why is it cancelled?",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Sent to everyone booked or waiting.",
        error_messages={"required": CANCEL_REASON_REQUIRED},
    )


class AttendanceForm(forms.Form):
    attended = forms.TypedChoiceField(
        label="Did they attend?",
        choices=[("yes", "Attended"), ("no", "Did not attend")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    notes_for_school = forms.CharField(
        label="Advice notes for the school",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="The school sees these in the portal.",
    )
    staff_notes = forms.CharField(
        label="Notes for the team",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Only the outreach team sees these.",
    )


class CloseCallbackForm(forms.Form):
    called_by = forms.CharField(label="Who called", max_length=150)
    called_at = forms.DateTimeField(label="When (date and time)", help_text="For example 2026-11-24 15:30.")
    duration_minutes = forms.IntegerField(label="How long (minutes)", min_value=1, max_value=600)
    advice = forms.CharField(
        label="Advice given", widget=forms.Textarea(attrs={"rows": 5}), help_text="The school sees this."
    )
    follow_up = forms.CharField(label="Follow-up", required=False, widget=forms.Textarea(attrs={"rows": 3}))


def staff_terms_in_words(formats) -> str:
    """How many staff a price covers, as the catalogue's formats say (`services.pricing`)."""
    terms = pricing.shared_staff_terms(formats)
    if terms is None:
        return "Each price covers a number of staff, then a charge for each extra person."
    included, each = terms
    return f"Each price covers up to {included} staff, then {format_pence(each)} for each extra person."


class TrainingRequestForm(forms.Form):
    training_format = TrainingFormatChoiceField(
        label="Format",
        queryset=catalogue.active_training_formats(),
        empty_label="Choose a format",
        error_messages={
            "required": "Choose a training format.",
            "invalid_choice": "Choose a format from the list.",
        },
    )
    topics = RecordsChoiceField(
        label="Topics",
        queryset=catalogue.active_training_topics(),
        widget=Checkboxes,
        help_text="Some topics are offered only in certain formats.",
        error_messages={
            "required": training.TOPIC_REQUIRED,
            "invalid_choice": "Choose topics from the menu.",
        },
    )
    staff_count = forms.IntegerField(
        label="Expected number of staff",
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "off", "class": "input--short"}
        ),
        error_messages={
            "required": "Enter the number of staff.",
            "invalid": pricing.STAFF_NOT_A_WHOLE_NUMBER,
        },
    )
    mode = forms.ChoiceField(
        label="In person or online?",
        choices=TrainingMode.choices,
        widget=Radios,
        error_messages={"required": "Select in person or online."},
    )
    preferred_date_1 = forms.DateField(
        label="First preferred date",
        widget=DatePicker(),
        error_messages={"required": training.DATES_REQUIRED, "invalid": DATE_INVALID},
    )
    preferred_date_2 = forms.DateField(
        label="Second preferred date",
        widget=DatePicker(),
        error_messages={"required": training.DATES_REQUIRED, "invalid": DATE_INVALID},
    )
    preferred_date_3 = forms.DateField(
        label="Third preferred date (optional)",
        required=False,
        widget=DatePicker(),
        error_messages={"invalid": DATE_INVALID},
    )
    notes = forms.CharField(
        label="Anything else we should know (optional)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="For example what prompted the request. Do not name pupils.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["training_format"].help_text = staff_terms_in_words(
            self.fields["training_format"].queryset
        )
        self.fields["topics"].widget.descriptions = {
            each.topic.pk: f"Offered as {each.formats_in_words}" if not each.any_format else ""
            for each in catalogue.training_topics_with_formats()
        }
        self.quote = None

    def clean(self):
        cleaned_data = super().clean()
        if self.errors:
            return cleaned_data
        with refusal_shown_on(self):
            self.quote = training.quote(
                training_format=cleaned_data["training_format"],
                topics=list(cleaned_data["topics"]),
                staff_count=cleaned_data["staff_count"],
            )
        return cleaned_data

    @property
    def preferred_dates(self):
        return [self.cleaned_data.get(f"preferred_date_{number}") for number in (1, 2, 3)]


class AgreeTrainingForm(forms.Form):
    agreed_date = forms.DateField(label="Date", widget=DatePicker())
    agreed_time = forms.TimeField(label="Start time", help_text="For example 13:30.")
    trainer = forms.CharField(label="Trainer", max_length=150)
    final_staff_count = forms.IntegerField(
        label="Final headcount", min_value=1, max_value=pricing.MAX_TRAINING_STAFF
    )


def _reason_for_the_school(label):
    return forms.CharField(
        label=label,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Sent to the school.",
        error_messages={"required": REASON_REQUIRED},
    )


class DeclineTrainingForm(forms.Form):
    reason = _reason_for_the_school("Why is it declined?")


class CancelTrainingForm(forms.Form):
    reason = _reason_for_the_school("Why is it cancelled?")


class TrainingAttendanceForm(forms.Form):
    attended_count = forms.IntegerField(
        label="How many staff attended", min_value=0, max_value=pricing.MAX_TRAINING_STAFF
    )
    attendance_note = forms.CharField(
        label="Who attended",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Names or roles.",
    )
