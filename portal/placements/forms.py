"""Forms for writing a placement request, one per section of the task list, and the staff's forms for the
panel's decisions and for placements. They check what was typed, with the rules' own messages
(`services.requests.answer_problems`); the services decide what is saved."""

from django import forms
from django.db import models

from common.forms import DATE_INVALID, Checkboxes, DatePicker, Radios, RecordsChoiceField, add_domain_error
from portal.placements import selectors
from portal.placements.models.decisions import Outcome
from portal.placements.models.mapp import MappMeeting
from portal.placements.models.placements import (
    CANCEL_REASON_REQUIRED,
    OUTCOME_REQUIRED,
    PlacementDate,
    PlacementOutcome,
    Weekday,
)
from portal.placements.models.requests import (
    REASONS_REQUIRED,
    WHAT_IS_NEEDED_REQUIRED,
    Intervention,
    ParentCarer,
    PlacementRequest,
    Professional,
    PupilCategory,
)
from portal.placements.sections import NEEDS_AREAS
from portal.placements.services.decisions import LEAD_PROFESSIONAL_REQUIRED, Action
from portal.placements.services.documents import ACCEPTED_TYPES, DOCUMENT_REQUIRED, DOCUMENT_TOO_BIG
from portal.placements.services.placements import REASON_REQUIRED as MOVE_REASON_REQUIRED
from portal.placements.services.pupil_rules import normalised_upn
from portal.placements.services.requests import answer_problems
from services.catalogue import SupportPackage

YES_NO = [("True", "Yes"), ("False", "No")]
# Questions worded for the form where the model's label reads as a statement.
QUESTIONS = {
    "pupil_premium": "Is the pupil eligible for pupil premium?",
    "free_school_meals": "Is the pupil eligible for free school meals?",
    "interpreter_needed": "Does the family need an interpreter?",
    "consent_to_referral": "Do the parents or carers agree to the referral?",
    "consent_to_sharing": "Do they agree to information being shared with the panel's agencies?",
    "sen_support": "Is the pupil on SEN support?",
    "social_care_involved": "Is children's social care involved?",
    "looked_after": "Is the pupil looked after by the local authority?",
    "early_help_assessment": "Is an early help assessment in place?",
    "camhs_involved": "Is CAMHS involved?",
    "governing_board_approved": "The governing board has approved this request",
}
HINTS = {
    "legal_first_name": "As on the birth certificate, even if the pupil is known by another name.",
    "upn": "13 characters, from the school's records, like A123456789012.",
    "previous_schools": "One a line, with the dates the pupil attended.",
    "date_of_birth": "For example, 27 March 2018.",
    "attendance_percent": "A number from 0 to 100.",
    "exclusion_history": "Suspensions and any exclusion: dates, lengths and reasons.",
    "risk_assessment": "What could go wrong in a small group, how likely it is, and what keeps people safe.",
}


def _yes_no(model_field):
    return forms.TypedChoiceField(
        label=QUESTIONS.get(model_field.name, model_field.verbose_name.capitalize()),
        choices=YES_NO,
        coerce=lambda value: value == "True",
        empty_value=None,
        required=False,
        widget=Radios,
    )


def formfield_for(model_field, **kwargs):
    """GOV.UK widgets for the request's fields: radios for yes/no and short choices, dates as dates."""
    if isinstance(model_field, models.BooleanField) and model_field.null:
        return _yes_no(model_field)
    if model_field.name == "upn":
        # Typed as the school's records show it, often with spaces; stored without (see clean_upn).
        return forms.CharField(
            label=model_field.verbose_name.capitalize(),
            help_text=HINTS["upn"],
            required=False,
            widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        )
    field = model_field.formfield(**kwargs)
    if field is None:
        return None
    field.label = QUESTIONS.get(model_field.name, field.label)
    field.help_text = HINTS.get(model_field.name, model_field.help_text)
    if isinstance(model_field, models.DateField):
        field.widget = DatePicker()
        field.error_messages["invalid"] = DATE_INVALID
    elif model_field.choices:
        field.choices = [choice for choice in field.choices if choice[0] != ""]
        field.widget = Radios(choices=field.choices)
    elif isinstance(model_field, models.TextField):
        field.widget = forms.Textarea(attrs={"rows": 4})
    return field


class SectionForm(forms.ModelForm):
    """One section's answers. Nothing is required while writing: only what is typed is checked."""

    def __init__(self, *args, today, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today
        for field in self.fields.values():
            field.required = False

    def clean_upn(self):
        return normalised_upn(self.cleaned_data["upn"])

    def clean(self):
        cleaned_data = super().clean()
        for problem in answer_problems(values=cleaned_data, today=self.today):
            if problem.field not in self.errors:
                add_domain_error(self, problem)
        return cleaned_data

    @property
    def values(self):
        return {name: self.cleaned_data.get(name) for name in self.fields}


class NeedsForm(SectionForm):
    """The four broad areas of need are one question, stored as one yes/no each."""

    needs_areas = forms.MultipleChoiceField(
        label="Which broad areas of need apply?",
        help_text="Select all that apply.",
        required=False,
        widget=Checkboxes,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["needs_areas"].choices = [
            (name, PlacementRequest._meta.get_field(name).verbose_name.capitalize()) for name in NEEDS_AREAS
        ]
        self.initial["needs_areas"] = [name for name in NEEDS_AREAS if getattr(self.instance, name)]
        for name in NEEDS_AREAS:
            del self.fields[name]
        self.order_fields(["needs_areas"])

    @property
    def values(self):
        values = {name: value for name, value in super().values.items() if name != "needs_areas"}
        chosen = set(self.cleaned_data.get("needs_areas") or [])
        return {**values, **{name: name in chosen for name in NEEDS_AREAS}}


class OutreachForm(SectionForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["outreach_orders"] = RecordsChoiceField(
            queryset=selectors.orders_to_link(school=self.instance.school),
            required=False,
            label="Which of your school's orders supported this pupil?",
            help_text="Select any that apply.",
        )
        field.label_from_instance = lambda order: (
            f"{order.reference}: " + ", ".join(str(line) for line in order.lines.all())
        )
        field.widget = Checkboxes(choices=field.choices)


FORM_CLASSES = {"needs": NeedsForm, "outreach": OutreachForm}


def section_form_class(section):
    return forms.modelform_factory(
        PlacementRequest,
        form=FORM_CLASSES.get(section.slug, SectionForm),
        fields=section.fields,
        formfield_callback=formfield_for,
    )


ITEM_MODELS = {"parents": ParentCarer, "professionals": Professional, "interventions": Intervention}
ITEM_FIELDS = {
    "parents": ["name", "relationship", "phone", "email", "address", "parental_responsibility"],
    "professionals": ["name", "role", "contact"],
    "interventions": ["description", "duration", "impact"],
}


class ItemForm(forms.ModelForm):
    """One entry of a list section (a parent or carer, a professional, an intervention)."""

    @property
    def values(self):
        return {name: self.cleaned_data[name] for name in self.fields}


def _item_formfield(model_field, **kwargs):
    field = model_field.formfield(**kwargs)
    if isinstance(model_field, models.TextField):
        field.widget = forms.Textarea(attrs={"rows": 3})
    if field.required:
        field.error_messages["required"] = f"Enter the {model_field.verbose_name}."
    return field


def item_form_class(section):
    return forms.modelform_factory(
        ITEM_MODELS[section.list_of],
        form=ItemForm,
        fields=ITEM_FIELDS[section.list_of],
        formfield_callback=_item_formfield,
    )


class DocumentForm(forms.Form):
    file = forms.FileField(
        label="Upload a file",
        help_text="PDF, Word, JPG or PNG, up to 10 MB.",
        error_messages={"required": DOCUMENT_REQUIRED},
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(sorted(set(ACCEPTED_TYPES.values())))}),
    )
    description = forms.CharField(
        label="What is it?",
        required=False,
        max_length=200,
        help_text="For example: educational psychologist's report.",
    )

    def __init__(self, data=None, files=None, *, refused_uploads=frozenset()):
        super().__init__(data, files)
        if "file" in refused_uploads:
            # Dropped as it arrived for passing the limit (common.uploads), so the field is empty: say why.
            self.fields["file"].error_messages["required"] = DOCUMENT_TOO_BIG


WITHDRAW_REASON_TOO_LONG = "Enter the reason in 500 characters or fewer."
WITHDRAW_REASON_UNREADABLE = (
    "The reason has a character that cannot be saved. Type it again rather than pasting it."
)


class WithdrawRequestForm(forms.Form):
    """Why the school withdraws a request: optional, kept with the request's history."""

    why = forms.CharField(
        label="Why is the school withdrawing it? (optional)",
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "max_length": WITHDRAW_REASON_TOO_LONG,
            "null_characters_not_allowed": WITHDRAW_REASON_UNREADABLE,
        },
    )


class ReturnForInformationForm(forms.Form):
    what_is_needed = forms.CharField(
        label="What does the school need to add or change?",
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": WHAT_IS_NEEDED_REQUIRED},
    )


ACTION_ROWS = 3


class DecisionForm(forms.Form):
    """The panel's decision, as staff record it in the admin; up to three agreed actions at once."""

    outcome = forms.ChoiceField(
        label="Decision",
        choices=Outcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the panel's decision."},
    )
    reasons = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}), error_messages={"required": REASONS_REQUIRED}
    )
    recommendations = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Needed unless the panel offers a placement.",
    )
    recommended_package = forms.ModelChoiceField(
        queryset=SupportPackage.objects.filter(is_active=True),
        required=False,
        help_text="An outreach package from the catalogue, if the panel recommends one.",
    )
    lead_professional = forms.CharField(
        max_length=150, error_messages={"required": LEAD_PROFESSIONAL_REQUIRED}
    )
    over_capacity_confirmed = forms.BooleanField(
        label="Offer the placement even though a week has no place free",
        required=False,
        help_text="Needed only when the unit is full in a week the placement would have if it started the "
        "school day after the meeting: you will be told which.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for row in range(1, ACTION_ROWS + 1):
            self.fields[f"action_{row}"] = forms.CharField(
                label=f"Agreed action {row}", required=False, max_length=255
            )
            self.fields[f"owner_{row}"] = forms.CharField(
                label=f"Owner of action {row}", required=False, max_length=150
            )
            self.fields[f"due_{row}"] = forms.DateField(
                label=f"Action {row} due by",
                required=False,
                widget=DatePicker(),
                error_messages={"invalid": DATE_INVALID},
            )

    def clean(self):
        """The agreed actions' rows as one list, `actions` (their rules are the service's)."""
        data = super().clean()
        data["actions"] = [
            Action(data.get(f"action_{row}", ""), data.get(f"owner_{row}", ""), data.get(f"due_{row}"))
            for row in range(1, ACTION_ROWS + 1)
        ]
        return data


class DeferForm(forms.Form):
    to_meeting = forms.ModelChoiceField(
        label="Defer to the meeting on",
        queryset=MappMeeting.objects.none(),
        error_messages={"required": "Choose the meeting the decision is deferred to."},
    )
    reasons = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}), error_messages={"required": REASONS_REQUIRED}
    )

    def __init__(self, *args, placement_request, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_meeting"].queryset = MappMeeting.objects.filter(
            meeting_date__gt=placement_request.meeting.meeting_date
        ).order_by("meeting_date")


# --- Placements (staff, in the admin) -----------------------------------------------------------------


def date_field(label, **kwargs):
    return forms.DateField(
        label=label,
        widget=DatePicker,
        error_messages={"required": f"Enter the {label.lower()}.", "invalid": DATE_INVALID},
        **kwargs,
    )


class StartPlacementForm(forms.Form):
    """What staff settle with the school when an offered request becomes a placement (filled in from
    the request where it says)."""

    starts_on = date_field(
        "First day at the unit", help_text="A day the unit is shut moves the start to the next school day."
    )
    home_school_weekday = forms.TypedChoiceField(
        label="Day at the home school",
        choices=Weekday.choices,
        coerce=int,
        error_messages={"required": "Choose the weekday the pupil spends at the home school."},
    )
    category = forms.ChoiceField(
        label="The pupil's category",
        choices=PupilCategory.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the pupil's category."},
    )
    purpose = forms.CharField(
        label="Purpose of the placement",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Say what the placement is for."},
    )
    key_worker_name = forms.CharField(
        label="Key worker at the home school: name or role",
        max_length=150,
        error_messages={"required": "Enter the key worker."},
    )
    key_worker_email = forms.EmailField(
        label="Key worker's email", error_messages={"required": "Enter the key worker's email."}
    )
    dsl_name = forms.CharField(
        label="Home school's designated safeguarding lead: name or role",
        max_length=150,
        error_messages={"required": "Enter the designated safeguarding lead."},
    )
    dsl_email = forms.EmailField(
        label="Designated safeguarding lead's email",
        error_messages={"required": "Enter the designated safeguarding lead's email."},
    )
    purchase_order_number = forms.CharField(
        label="The school's purchase order number",
        max_length=100,
        required=False,
        help_text="For the invoice for the placement, sent to the school's finance contact. Leave it "
        "blank if the school has none.",
    )
    over_capacity_confirmed = forms.BooleanField(
        label="Start the placement even though a week has no place free",
        required=False,
        help_text="Needed only when the unit is full in a week of the placement: you will be told which.",
    )

    @classmethod
    def initial_from(cls, placement_request):
        """What the request already says: its category and key worker, and its safeguarding lead when
        that is an email address."""
        dsl_contact = placement_request.dsl_contact
        return {
            "category": placement_request.category,
            "key_worker_name": placement_request.key_worker_name,
            "key_worker_email": placement_request.key_worker_email,
            "dsl_name": placement_request.dsl_name,
            "dsl_email": dsl_contact if "@" in dsl_contact else "",
        }


class MovePlacementDateForm(forms.Form):
    placement_date = forms.ModelChoiceField(
        label="Date to move",
        queryset=PlacementDate.objects.none(),
        error_messages={"required": "Choose the date to move."},
    )
    on = date_field("New date")
    why = forms.CharField(
        label="Why it moves",
        max_length=255,
        help_text="Kept on the placement's history.",
        error_messages={"required": MOVE_REASON_REQUIRED},
    )

    def __init__(self, *args, placement, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["placement_date"]
        field.queryset = placement.dates.order_by("on", "pk")
        field.label_from_instance = str


class EndPlacementForm(forms.Form):
    outcome = forms.ChoiceField(
        label="Outcome",
        choices=PlacementOutcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": OUTCOME_REQUIRED},
    )
    ended_on = date_field("Date it ended")
    outcome_note = forms.CharField(
        label="About the outcome",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Needed for “Other”.",
    )


class CancelPlacementForm(forms.Form):
    why = forms.CharField(
        label="Why it is cancelled",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": CANCEL_REASON_REQUIRED},
    )
