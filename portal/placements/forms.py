"""Forms for writing a placement request, one per section of the task list, and the staff's forms for the
panel's decisions and for placements. They check what was typed, with the rules' own messages
(`services.requests.answer_problems`); the services decide what is saved."""

from datetime import date
from functools import cache
from html import escape

from django import forms
from django.db import models
from django.utils.formats import date_format
from django.utils.safestring import SafeString
from django.utils.text import capfirst

from common.forms import (
    DATE_INVALID,
    Checkboxes,
    DatePicker,
    Radios,
    RecordsChoiceField,
    add_domain_error,
)
from portal.placements import attendance_import, selectors
from portal.placements.attendance_codes import CODE_CHOICES, CODE_MAX_LENGTH, CODES, Counted
from portal.placements.models.attendance import RegisterSession
from portal.placements.models.decisions import Outcome
from portal.placements.models.mapp import MappMeeting
from portal.placements.models.placements import (
    CANCEL_REASON_REQUIRED,
    OUTCOME_REQUIRED,
    PlacementDate,
    PlacementOutcome,
    Weekday,
)
from portal.placements.models.progress import KeyWorkerVisit, Progress, Stage
from portal.placements.models.reports import WITHDRAW_REASON_REQUIRED
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
from portal.placements.services import progress as progress_services
from portal.placements.services import reports as report_rules
from portal.placements.services.attendance import PRESENT_MARKS, UNKNOWN_CODE, Entry, normalised_code
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
        label=QUESTIONS.get(model_field.name, capfirst(model_field.verbose_name)),
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
            label=capfirst(model_field.verbose_name),
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
            (name, capfirst(PlacementRequest._meta.get_field(name).verbose_name)) for name in NEEDS_AREAS
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


# A section's form class (and a list section's entry form, below) is the same for every request: made once
# per process (making it was a twentieth of a section page's time). Each form copies the class's fields, so
# nothing a form changes reaches another.
@cache
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


@cache
def item_form_class(section):
    return forms.modelform_factory(
        ITEM_MODELS[section.list_of],
        form=ItemForm,
        fields=ITEM_FIELDS[section.list_of],
        formfield_callback=_item_formfield,
    )


class UploadForm(forms.Form):
    """A form whose `file` may be dropped as it arrives for passing the view's limit (common.uploads): the
    field is then empty, and says why with `too_big`."""

    too_big = ""

    def __init__(self, data=None, files=None, *, refused_uploads=frozenset()):
        super().__init__(data, files)
        if "file" in refused_uploads:
            self.fields["file"].error_messages["required"] = self.too_big


class DocumentForm(UploadForm):
    too_big = DOCUMENT_TOO_BIG
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


class AttendanceImportForm(UploadForm):
    """The CSV file of attendance marks, as the school information system exports it."""

    too_big = attendance_import.FILE_TOO_BIG
    file = forms.FileField(
        label="CSV file of attendance",
        help_text="Up to 1 MB, in the format above.",
        error_messages={"required": attendance_import.FILE_REQUIRED, "empty": attendance_import.FILE_EMPTY},
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )


class AttendanceImportConfirmForm(forms.Form):
    """The previewed file, carried signed (so the import is of exactly what was previewed), and whether
    to skip the rows with errors."""

    carried = forms.CharField(widget=forms.HiddenInput)
    skip_errors = forms.BooleanField(
        label="Import the valid rows and skip the rest",
        required=False,
        help_text="The rows with errors are left out; correct them in a new file to import them later.",
    )


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


# Attendance --------------------------------------------------------------------------------------------

CELL_REFUSED = "{pupil}, {session}: {message}"
MARK_BLANKED = "a recorded mark cannot be taken away: type the right code instead."
NOTE_WITHOUT_A_CODE = "a note goes with a code that needs a reason (not present), and there is none."
DAY_REQUIRED = "Choose the day."
DAY_NOT_LISTED = "Choose one of the days listed: the pupil's days at your school up to today."
CODE_REQUIRED = "Choose a code for the morning, the afternoon or both."
CODE_NOT_LISTED = "Choose one of the national codes listed."
NOTE_LABEL = "Reason or note"
NOTE_HINT = "Where the code needs one, such as what a leave of absence was for."
NOTE_MAX_LENGTH = 255

# The group register's grid is drawn by one `str.format` per line (`GroupRegisterForm.grid_html`): its
# hundred boxes cost more through Django's widget templates than all the rest of the page. The HTML is
# what those templates drew (tests/portal/placements/test_group_register.py compares the two).
REGISTER_LINE = (
    '<tr>\n  <th scope="row">{pupil}</th>\n  <td>{reference}, {school}</td>\n'
    "{morning}{afternoon}{note}</tr>\n"
)
REGISTER_BOX = (
    '  <td>\n    <label class="w-sr-only" for="{id}">{label}</label>\n{error}'
    '    <input type="text" name="{name}"{value}{attributes}{described} id="{id}">\n  </td>\n'
)
REGISTER_BOX_ERROR = '    <p class="error-message" id="{id}_error">{errors}</p>\n'
REGISTER_BOX_INVALID = ' aria-invalid="true" aria-describedby="{id}_error"'
CODE_BOX_ATTRIBUTES = (
    f' list="attendance-codes" autocomplete="off" size="3" maxlength="{CODE_MAX_LENGTH}"'
    ' data-register-code=""'
)
NOTE_BOX_ATTRIBUTES = f' maxlength="{NOTE_MAX_LENGTH}"'


def session_code_choices(session):
    """The codes for `session`: every national code, with the session's own present mark only."""
    other_present = {code for each, code in PRESENT_MARKS.items() if each != session}
    return [(code, label) for code, label in CODE_CHOICES if code not in other_present]


def needs_reason(code):
    return code in CODES and CODES[code].counted != Counted.PRESENT


class GroupRegisterForm(forms.Form):
    """A day's register for the group, a line per pupil (`selectors.RegisterRow`): a code typed for the
    morning and the afternoon ("/" for present in either) and a note for the codes that need a reason.
    The service checks the codes (`services.attendance.attendance_record_all`)."""

    def __init__(self, *args, rows, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = rows
        for row in rows:
            pupil = row.pupil_name or row.placement.reference
            for session, mark in self.marks_of(row):
                self.fields[self.cell(row, session)] = forms.CharField(
                    label=f"{pupil}, {RegisterSession(session).label.lower()}",
                    required=False,
                    initial=mark.code if mark else "",
                )
            self.fields[self.note(row)] = forms.CharField(
                label=f"{pupil}, {NOTE_LABEL.lower()}",
                required=False,
                max_length=NOTE_MAX_LENGTH,
                initial=next((mark.note for _, mark in self.marks_of(row) if mark and mark.note), ""),
            )

    @staticmethod
    def marks_of(row):
        return [(RegisterSession.MORNING, row.morning), (RegisterSession.AFTERNOON, row.afternoon)]

    @staticmethod
    def cell(row, session):
        return f"{session}_{row.placement.pk}"

    @staticmethod
    def note(row):
        return f"note_{row.placement.pk}"

    def grid_html(self):
        """The register's lines (`<tr>`s, in its order): the pupil, the placement, and the boxes for the
        morning, the afternoon and the note, each with its label for screen readers and its errors."""
        return SafeString(
            "".join(
                [
                    REGISTER_LINE.format(
                        pupil=escape(row.pupil_name or "Not named"),
                        reference=escape(row.placement.reference),
                        school=escape(row.school_name),
                        morning=self.box_html(self.cell(row, RegisterSession.MORNING), CODE_BOX_ATTRIBUTES),
                        afternoon=self.box_html(
                            self.cell(row, RegisterSession.AFTERNOON), CODE_BOX_ATTRIBUTES
                        ),
                        note=self.box_html(self.note(row), NOTE_BOX_ATTRIBUTES),
                    )
                    for row in self.rows
                ]
            )
        )

    def box_html(self, name, attributes):
        """A cell of the grid: what Django's `TextInput` draws for the field, with the errors beside it
        and the box described by them."""
        html_name = self.add_prefix(name)
        box_id = escape(self.auto_id % html_name)
        # What `BoundField.value()` gives a text box: the posted text, or else the field's initial value.
        value = self.data.get(html_name) if self.is_bound else self.fields[name].initial
        errors = self.errors.get(name)
        return REGISTER_BOX.format(
            id=box_id,
            label=escape(self.fields[name].label),
            error=REGISTER_BOX_ERROR.format(
                id=box_id, errors=" ".join([escape(str(error)) for error in errors])
            )
            if errors
            else "",
            name=escape(html_name),
            value="" if value in (None, "") else f' value="{escape(str(value))}"',
            attributes=attributes,
            described=REGISTER_BOX_INVALID.format(id=box_id) if errors else "",
        )

    def refuse(self, name, row, session, message):
        pupil = row.pupil_name or row.placement.reference
        label = NOTE_LABEL.lower() if session is None else RegisterSession(session).label.lower()
        self.add_error(name, CELL_REFUSED.format(pupil=pupil, session=label, message=message))

    def clean(self):
        data = super().clean()
        for row in self.rows:
            codes = []
            for session, mark in self.marks_of(row):
                code = normalised_code(data.get(self.cell(row, session), ""), session=session)
                # The service refuses an unknown code too; checked here as well so that a typing slip
                # shows together with the other problems of the register.
                if code and code not in CODES:
                    self.refuse(self.cell(row, session), row, session, UNKNOWN_CODE.format(code=code))
                elif not code and mark is not None:
                    self.refuse(self.cell(row, session), row, session, MARK_BLANKED)
                codes.append(code)
            if data.get(self.note(row)) and not any(needs_reason(code) for code in codes):
                self.refuse(self.note(row), row, None, NOTE_WITHOUT_A_CODE)
        return data

    def entries(self, day):
        """What to record: each code typed, with the row's note on the codes that need a reason."""
        entries = []
        for row in self.rows:
            note = self.cleaned_data[self.note(row)]
            for session, _ in self.marks_of(row):
                code = normalised_code(self.cleaned_data[self.cell(row, session)], session=session)
                if code:
                    entries.append(
                        Entry(row.placement, day, session, code, note if needs_reason(code) else "")
                    )
        return entries

    def show_refusals(self, refusals):
        """Put each refusal of the service beside its cell, naming the pupil."""
        rows = {row.placement.pk: row for row in self.rows}
        for entry, error in refusals:
            row = rows[entry.placement.pk]
            self.refuse(self.cell(row, entry.session), row, entry.session, error.message)


class HomeSchoolDayForm(forms.Form):
    """The home school records its own day's sessions of a placed pupil in the portal."""

    day = forms.TypedChoiceField(
        label="Day",
        coerce=date.fromisoformat,
        error_messages={"required": DAY_REQUIRED, "invalid_choice": DAY_NOT_LISTED},
    )
    morning = forms.ChoiceField(
        label="Morning",
        required=False,
        error_messages={"invalid_choice": CODE_NOT_LISTED},
    )
    afternoon = forms.ChoiceField(
        label="Afternoon",
        required=False,
        error_messages={"invalid_choice": CODE_NOT_LISTED},
    )
    note = forms.CharField(label=NOTE_LABEL, help_text=NOTE_HINT, required=False, max_length=255)

    def __init__(self, *args, days, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["day"].choices = [(day.isoformat(), date_format(day, "l j F Y")) for day in days]
        for session, name in ((RegisterSession.MORNING, "morning"), (RegisterSession.AFTERNOON, "afternoon")):
            self.fields[name].choices = [("", "Not recorded here"), *session_code_choices(session)]

    def clean(self):
        data = super().clean()
        if not data.get("morning") and not data.get("afternoon") and "morning" not in self.errors:
            self.add_error("morning", CODE_REQUIRED)
        return data

    def entries(self, placement):
        data = self.cleaned_data
        return [
            Entry(
                placement, data["day"], session, data[name], data["note"] if needs_reason(data[name]) else ""
            )
            for session, name in (
                (RegisterSession.MORNING, "morning"),
                (RegisterSession.AFTERNOON, "afternoon"),
            )
            if data[name]
        ]

    def show_refusals(self, refusals):
        fields = {RegisterSession.MORNING: "morning", RegisterSession.AFTERNOON: "afternoon"}
        for entry, error in refusals:
            self.add_error("day" if error.field == "date" else fields[entry.session], error.message)


# --- How a placement is going: the home school's visits (portal), targets, review, wellbeing (admin) -----


class VisitForm(forms.Form):
    visited_on = date_field("Date of the visit")
    visited_by = forms.CharField(
        label="Who visited (name or role)",
        max_length=KeyWorkerVisit._meta.get_field("visited_by").max_length,
        error_messages={"required": progress_services.VISITED_BY_REQUIRED},
    )
    notes = forms.CharField(
        label="Notes (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="How the pupil is getting on and anything agreed. The unit's staff see it too.",
    )


NEW_TARGETS = 3


def _text_field(label, **kwargs):
    return forms.CharField(label=label, required=False, widget=forms.Textarea(attrs={"rows": 2}), **kwargs)


class TargetsForm(forms.Form):
    """The placement's targets, each one editable (cleared, it is removed), and room for new ones; its
    `targets` is what `services.progress.placement_targets_save` takes."""

    def __init__(self, *args, placement, **kwargs):
        super().__init__(*args, **kwargs)
        self.targets = list(placement.targets.all())
        for number, target in enumerate(self.targets, start=1):
            self.fields[f"target_{target.pk}"] = _text_field(
                f"Target {number}", initial=target.description, help_text="Clear it to remove the target."
            )
        for number in range(1, NEW_TARGETS + 1):
            self.fields[f"new_{number}"] = _text_field(f"New target {number} (optional)")

    def clean(self):
        data = super().clean()
        data["targets"] = [(target.pk, data.get(f"target_{target.pk}", "")) for target in self.targets] + [
            (None, data.get(f"new_{number}", "")) for number in range(1, NEW_TARGETS + 1)
        ]
        return data


class TargetProgressForm(forms.Form):
    """The progress against each of the placement's targets at `stage`, filled in with what is recorded;
    its `progress` is what `services.progress.target_progress_record` takes."""

    def __init__(self, *args, placement, stage, **kwargs):
        super().__init__(*args, **kwargs)
        self.targets = selectors.targets_of(placement=placement)
        for each in self.targets:
            target, recorded = each.target, each.at_review if stage == Stage.REVIEW else each.at_end
            wording = progress_services.short(target.description)
            self.fields[f"progress_{target.pk}"] = forms.ChoiceField(
                label=f"Progress against “{wording}”",
                choices=[("", "Choose the progress"), *Progress.choices],
                initial=recorded.progress if recorded else "",
                error_messages={"required": progress_services.PROGRESS_REQUIRED.format(target=wording)},
            )
            self.fields[f"note_{target.pk}"] = _text_field(
                f"Notes on “{wording}” (optional)",
                initial=recorded.note if recorded else "",
            )

    def clean(self):
        data = super().clean()
        data["progress"] = {
            each.target.pk: progress_services.ProgressAt(
                data.get(f"progress_{each.target.pk}", ""), data.get(f"note_{each.target.pk}", "")
            )
            for each in self.targets
        }
        return data


class ReviewForm(TargetProgressForm):
    held_on = date_field("Date of the meeting")
    attended_by = forms.CharField(
        label="Who attended (names or roles)", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    summary = forms.CharField(
        label="What the meeting found and agreed",
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": progress_services.SUMMARY_REQUIRED},
    )

    def __init__(self, *args, placement, **kwargs):
        super().__init__(*args, placement=placement, stage=Stage.REVIEW, **kwargs)


class WellbeingForm(forms.Form):
    stage = forms.ChoiceField(
        label="When it was taken",
        choices=Stage.choices,
        widget=forms.RadioSelect,
        error_messages={"required": progress_services.STAGE_REQUIRED},
    )
    score = forms.IntegerField(
        label="Score",
        error_messages={"required": "Enter the score.", "invalid": "Enter the score as a whole number."},
    )
    taken_on = date_field("Date it was taken")

    def __init__(self, *args, terms, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[
            "score"
        ].help_text = (
            f"On the {terms.wellbeing_scale}: from {terms.wellbeing_lowest} to {terms.wellbeing_highest}."
        )


class ReportForm(forms.Form):
    """The end-of-placement report, as staff write it in the admin."""

    progress = forms.CharField(
        label="Progress during the placement",
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="Against the targets set at the start, with the wellbeing measure and attendance.",
        error_messages={"required": report_rules.PROGRESS_REQUIRED},
    )
    recommendations = forms.CharField(
        label="Recommendations",
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="For the home school, the family and any other service involved.",
        error_messages={"required": report_rules.RECOMMENDATIONS_REQUIRED},
    )
    reintegration_programme = forms.CharField(
        label="The agreed reintegration programme",
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="The return to the home school as agreed with it: the weeks, the supported visits, "
        "who does what.",
        error_messages={"required": report_rules.PROGRAMME_REQUIRED},
    )


class WithdrawReportForm(forms.Form):
    why = forms.CharField(
        label="Why it is withdrawn",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Kept on the report's history. The school no longer sees the report until it is "
        "published again.",
        error_messages={"required": WITHDRAW_REASON_REQUIRED},
    )
