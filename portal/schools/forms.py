"""Forms for joining a school and managing its people. Rules live in `portal.schools.services`; these
check input, with the rules' own messages where a form checks the same thing first."""

from django import forms

from common.forms import EMAIL_INVALID, Checkboxes, Radios
from portal.schools import selectors
from portal.schools.models import DECLINE_REASON_REQUIRED, ROLE_DESCRIPTIONS, URN_VALIDATOR, District, Role
from portal.schools.services.joining import JOB_TITLE_REQUIRED, URN_TAKEN
from portal.schools.services.people import ROLES_REQUIRED


class RolesField(forms.MultipleChoiceField):
    widget = Checkboxes

    def __init__(self, **kwargs):
        kwargs.setdefault("label", "Roles")
        kwargs.setdefault("error_messages", {"required": ROLES_REQUIRED})
        super().__init__(choices=Role.choices, **kwargs)
        self.widget.descriptions = ROLE_DESCRIPTIONS


class URNField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("label", "URN")
        kwargs.setdefault("help_text", "The school's six-digit unique reference number, for example 123456.")
        kwargs.setdefault("error_messages", {"required": "Enter the school's URN."})
        super().__init__(max_length=20, validators=[URN_VALIDATOR], **kwargs)
        self.widget.attrs.update({"inputmode": "numeric", "autocomplete": "off", "spellcheck": "false"})

    def to_python(self, value):
        # People copy URNs with spaces in them; the number itself is what matters.
        return "".join(super().to_python(value).split())


class JoinRouteForm(forms.Form):
    EXISTING = "existing"
    NEW = "new"

    route = forms.ChoiceField(
        label="Is your school already registered with us?",
        choices=[
            (EXISTING, "Yes, I want to join it"),
            (NEW, "No, I want to register it"),
        ],
        widget=Radios,
        help_text="If a colleague already uses the portal, your school is registered.",
        error_messages={"required": "Select whether your school is already registered."},
    )


class FindSchoolForm(forms.Form):
    urn = URNField(label="What is your school's URN?")

    def clean_urn(self):
        urn = self.cleaned_data["urn"]
        self.school = selectors.registered_school_by_urn(urn=urn)
        if self.school is None:
            raise forms.ValidationError(
                f"No school with URN {urn} is registered. "
                "Check the number, or go back and register your school."
            )
        return urn


class NewSchoolForm(forms.Form):
    name = forms.CharField(
        label="School name", max_length=200, error_messages={"required": "Enter the school's name."}
    )
    urn = URNField()
    district = forms.ModelChoiceField(
        label="District",
        queryset=District.objects.all(),
        empty_label="Select the district",
        error_messages={"required": "Select the school's district."},
    )
    address = forms.CharField(
        label="Address",
        widget=forms.Textarea(attrs={"rows": 4, "autocomplete": "street-address"}),
        help_text="One line per row, postcode last.",
        error_messages={"required": "Enter the school's address."},
    )
    phone = forms.CharField(
        label="School phone number",
        max_length=30,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
        error_messages={"required": "Enter the school's phone number."},
    )
    finance_email = forms.EmailField(
        label="Finance contact email",
        help_text="We send invoices to this address.",
        error_messages={
            "required": "Enter the email address for invoices.",
            "invalid": EMAIL_INVALID.format(example="finance@school.test"),
        },
    )

    def clean_urn(self):
        urn = self.cleaned_data["urn"]
        if selectors.registered_school_by_urn(urn=urn) is not None:
            raise forms.ValidationError(URN_TAKEN.format(urn=urn))
        return urn


class YourRoleForm(forms.Form):
    job_title = forms.CharField(
        label="Your job title",
        max_length=150,
        help_text="For example: SENCo, headteacher, school business manager.",
        error_messages={"required": JOB_TITLE_REQUIRED},
        widget=forms.TextInput(attrs={"autocomplete": "organization-title"}),
    )
    roles = RolesField(label="What will you do in the portal?", help_text="Select all that apply.")

    def __init__(self, *args, registering=False, **kwargs):
        super().__init__(*args, **kwargs)
        if registering:
            # Whoever registers a school becomes its first administrator; other roles are optional.
            self.fields["roles"].required = False
            self.fields[
                "roles"
            ].help_text = "You will be the school's administrator. Select any other roles you will also have."
            self.fields["roles"].choices = [
                choice for choice in Role.choices if choice[0] != Role.ADMINISTRATOR
            ]


class InviteForm(forms.Form):
    email = forms.EmailField(
        label="Email address",
        help_text="Use their school email address. They must sign in with it to accept.",
        error_messages={
            "required": "Enter your colleague's email address.",
            "invalid": EMAIL_INVALID.format(example="name@school.test"),
        },
        widget=forms.EmailInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    roles = RolesField(help_text="Select all that apply.")


class ChangeRolesForm(forms.Form):
    roles = RolesField(help_text="Select all that apply.")
    is_senior_leader = forms.BooleanField(
        label="They are the head teacher or a named senior leader, who may sign off placement requests",
        required=False,
    )


class DeclineJoinRequestForm(forms.Form):
    reason = forms.CharField(
        label="Reason for declining",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="The person who asked is emailed this reason.",
        error_messages={"required": DECLINE_REASON_REQUIRED},
    )


class ApproveJoinRequestForm(forms.Form):
    """The roles to give someone whose request is approved: those they asked for, unless changed."""

    roles = RolesField(
        label="Which roles will they have?",
        help_text="We have ticked the roles they asked for. Give only the roles their job needs.",
    )

    def __init__(self, *args, join_request, **kwargs):
        kwargs.setdefault("initial", {"roles": [role.value for role in join_request.roles]})
        super().__init__(*args, **kwargs)
        if join_request.is_new_school:
            # Whoever registers a school becomes its first administrator; other roles are optional.
            roles = self.fields["roles"]
            roles.required = False
            roles.help_text = (
                "They will be the school's administrator. Select any other roles they will have."
            )
            roles.choices = [choice for choice in Role.choices if choice[0] != Role.ADMINISTRATOR]
            self.initial["roles"] = [role for role in self.initial["roles"] if role != Role.ADMINISTRATOR]
