"""Forms for buying (the portal) and for the unit's staff (the admin). Rules live in
`portal.orders.services`; these check input, with the rules' own messages where a form checks first."""

from django import forms
from django.utils import timezone

from common.forms import DATE_INVALID, EMAIL_INVALID, DatePicker, Radios, refusal_shown_on
from portal.orders.models import FocusKind, HoursKind, YearGroup
from portal.orders.models.orders import PAYMENT_REFERENCE_REQUIRED, REASON_FOR_CREDIT_NOTE
from portal.orders.models.refunds import REFUND_DUE_ELSEWHERE
from portal.orders.reconciliation import RANGE_BACKWARDS
from portal.orders.services import rules
from portal.orders.services.hours import DATE_IN_FUTURE, HOURS_OUT_OF_RANGE, KIND_REQUIRED, WHO_REQUIRED
from portal.orders.services.invoices import (
    FINANCE_CONTACT_EMAIL_REQUIRED,
    FINANCE_CONTACT_NAME_REQUIRED,
    InvoiceDetails,
    check_invoice_details,
)

# --- Buying -----------------------------------------------------------------------------------------------


class ChooseYearForm(forms.Form):
    year = forms.TypedChoiceField(
        label="Which financial year are you buying for?",
        coerce=int,
        widget=Radios,
        error_messages={"required": "Select the financial year you are buying for."},
    )

    def __init__(self, *args, years, **kwargs):
        super().__init__(*args, **kwargs)
        this_year = years[0]
        self.fields["year"].choices = [
            (year.start_year, f"{year.label}{' (this year)' if year == this_year else ' (in advance)'}")
            for year in years
        ]
        self.fields["year"].error_messages["invalid_choice"] = rules.YEAR_NOT_ON_SALE.format(
            years=" and ".join(str(year) for year in years)
        )


class PackageForm(forms.Form):
    """Whom a package is for, the EHC plan confirmation when it needs one, and hours for consultancy."""

    focus_kind = forms.ChoiceField(
        label="Who is the support for?",
        widget=Radios,
        error_messages={"required": rules.FOCUS_REQUIRED, "invalid_choice": rules.FOCUS_REQUIRED},
    )
    pupil_initials = forms.CharField(
        label="Pupil's initials",
        required=False,
        max_length=20,
        help_text="If it is for a pupil: their initials only, like JS. Never their name.",
        error_messages={"max_length": rules.INITIALS_INVALID},
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false", "class": "input--short"}),
    )
    pupil_year_group = forms.ChoiceField(
        label="Pupil's year group",
        required=False,
        choices=[("", "Select the year group"), *YearGroup.choices],
        error_messages={"invalid_choice": rules.YEAR_GROUP_REQUIRED},
    )
    class_name = forms.CharField(
        label="Class",
        required=False,
        max_length=rules.MAX_CLASS_NAME,
        help_text="If it is for a class: its name, like Year 3 or Oak class.",
        error_messages={"max_length": rules.CLASS_NAME_TOO_LONG},
    )

    def __init__(self, *args, package, **kwargs):
        super().__init__(*args, **kwargs)
        self.package = package
        kinds = [FocusKind.PUPIL, FocusKind.CLASS]
        if package.sold_by_the_hour:
            kinds.append(FocusKind.SCHOOL)
        elif package.requires_ehc_plan:
            kinds = [FocusKind.PUPIL]
        self.fields["focus_kind"].choices = [(kind.value, kind.label) for kind in kinds]
        if package.requires_ehc_plan:
            self.fields["ehc_plan_confirmed"] = forms.BooleanField(
                label="I confirm the pupil has an education, health and care (EHC) plan",
                required=False,
            )
        if package.sold_by_the_hour:
            self.fields["hours"] = forms.IntegerField(
                label="How many hours?",
                min_value=1,
                max_value=rules.MAX_CONSULTANCY_HOURS,
                help_text=f"Whole hours, from 1 to {rules.MAX_CONSULTANCY_HOURS}.",
                error_messages=dict.fromkeys(
                    ("required", "invalid", "min_value", "max_value"), rules.HOURS_INVALID
                ),
                widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "input--short"}),
            )
            self.order_fields(["hours"])

    @property
    def focus(self):
        data = self.cleaned_data
        return rules.Focus(
            kind=data["focus_kind"],
            pupil_initials=data.get("pupil_initials", ""),
            pupil_year_group=data.get("pupil_year_group", ""),
            class_name=data.get("class_name", ""),
        )


class PaymentMethodForm(forms.Form):
    INVOICE = "invoice"
    CARD = "card"

    payment_method = forms.ChoiceField(
        label="How will your school pay?",
        widget=Radios,
        choices=[(INVOICE, "By invoice"), (CARD, "By card")],
        error_messages={"required": "Select how your school will pay."},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["payment_method"].widget.descriptions = {
            self.INVOICE: (
                "We email an invoice to your finance contact. What you buy can be used straight away."
            ),
            self.CARD: "Pay now with a debit or credit card.",
        }


class InvoiceDetailsForm(forms.Form):
    purchase_order_number = forms.CharField(
        label="Purchase order (PO) number",
        required=False,
        max_length=50,
        help_text="We print it on the invoice.",
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    has_no_purchase_order = forms.BooleanField(label="My school does not have a PO number", required=False)
    finance_contact_name = forms.CharField(
        label="Finance contact's name",
        max_length=150,
        help_text="The person who pays invoices at your school.",
        error_messages={"required": FINANCE_CONTACT_NAME_REQUIRED},
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    finance_contact_email = forms.EmailField(
        label="Finance contact's email address",
        help_text="We email the invoice here.",
        error_messages={
            "required": FINANCE_CONTACT_EMAIL_REQUIRED,
            "invalid": EMAIL_INVALID.format(example="finance@school.test"),
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )

    def clean(self):
        cleaned_data = super().clean()
        if self.errors:
            return cleaned_data
        with refusal_shown_on(self):
            self.details = check_invoice_details(
                InvoiceDetails(
                    purchase_order_number=cleaned_data.get("purchase_order_number", ""),
                    has_no_purchase_order=cleaned_data.get("has_no_purchase_order", False),
                    finance_contact_name=cleaned_data.get("finance_contact_name", ""),
                    finance_contact_email=cleaned_data.get("finance_contact_email", ""),
                )
            )
        return cleaned_data


# --- The unit's staff, in the admin -----------------------------------------------------------------------


class MarkPaidForm(forms.Form):
    paid_by_reference = forms.CharField(
        label="Payment reference",
        max_length=255,
        help_text="The bank transfer's reference, or how the school paid.",
        error_messages={"required": PAYMENT_REFERENCE_REQUIRED},
    )
    paid_on = forms.DateField(
        label="Paid on",
        initial=timezone.localdate,
        widget=DatePicker(),
        error_messages={"required": DATE_INVALID, "invalid": DATE_INVALID},
    )
    note = forms.CharField(label="Note", required=False, max_length=300, help_text="Optional.")


class CancelWithCreditNoteForm(forms.Form):
    reason = forms.CharField(
        label="Reason for cancelling",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=500,
        help_text="Printed on the credit note and sent to the school's finance contact.",
        error_messages={"required": REASON_FOR_CREDIT_NOTE},
    )


class CancelUnpaidForm(forms.Form):
    why = forms.CharField(
        label="Reason",
        required=False,
        max_length=300,
        help_text="Optional. Recorded on the order's history.",
    )


class RecordHoursForm(forms.Form):
    worked_on = forms.DateField(
        label="Date",
        initial=timezone.localdate,
        widget=DatePicker(),
        error_messages={"required": DATE_INVALID, "invalid": DATE_INVALID},
    )
    hours = forms.DecimalField(
        label="Hours",
        max_digits=5,
        decimal_places=2,
        help_text="In quarter hours, like 1.25 for an hour and a quarter.",
        error_messages=dict.fromkeys(
            ("required", "invalid", "max_digits", "max_decimal_places"), HOURS_OUT_OF_RANGE
        ),
    )
    kind = forms.ChoiceField(
        label="Kind of work",
        choices=[("", "Select the kind of work"), *HoursKind.choices],
        error_messages={"required": KIND_REQUIRED, "invalid_choice": KIND_REQUIRED},
    )
    delivered_by = forms.CharField(
        label="Who", max_length=150, help_text="Who delivered it.", error_messages={"required": WHO_REQUIRED}
    )
    note = forms.CharField(label="Note", required=False, max_length=300, help_text="Optional, a short note.")

    def clean_worked_on(self):
        worked_on = self.cleaned_data["worked_on"]
        if worked_on > timezone.localdate():
            raise forms.ValidationError(DATE_IN_FUTURE)
        return worked_on


class SettledElsewhereForm(forms.Form):
    why = forms.CharField(
        label="How it was paid back",
        max_length=500,
        help_text="For example the bank transfer's date and reference. Recorded on the refund's history.",
        error_messages={"required": REFUND_DUE_ELSEWHERE},
    )


class SendAgainForm(forms.Form):
    """Nothing to fill in: sending a recorded refund again to Stripe needs only the button."""


class ReconciliationForm(forms.Form):
    """The days the reconciliation report compares, both included."""

    start = forms.DateField(
        label="From",
        widget=DatePicker(),
        error_messages={"required": DATE_INVALID, "invalid": DATE_INVALID},
    )
    end = forms.DateField(
        label="To",
        help_text="Included.",
        widget=DatePicker(),
        error_messages={"required": DATE_INVALID, "invalid": DATE_INVALID},
    )

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and end < start:
            self.add_error("end", RANGE_BACKWARDS)
        return cleaned
