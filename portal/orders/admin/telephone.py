"""A telephone order: staff take an order for a school by invoice, through the portal's services."""

from django import forms
from django.contrib import messages
from django.shortcuts import redirect
from django.utils import timezone
from wagtail_modeladmin.views import WMABaseView

from common.errors import DomainError
from common.financial_years import FinancialYear
from common.forms import add_domain_error
from portal.orders import selectors
from portal.orders.forms import InvoiceDetailsForm, PackageForm
from portal.orders.models import FocusKind
from portal.orders.services import rules, telephone_orders
from portal.schools.models import School
from services import selectors as catalogue

CHANGE_ORDER = "orders.change_order"


class ConsultancyLike:
    """A package with every option, so `PackageForm` gives all its fields (focus, EHC plan, hours)."""

    sold_by_the_hour = True
    requires_ehc_plan = True


class TelephoneOrderForm(InvoiceDetailsForm):
    """A telephone order: the school, the year, the Universal Offer, and the invoice details (the portal's);
    its packages are `TelephonePackageForms`. The rules are the services'."""

    school = forms.ModelChoiceField(label="School", queryset=School.objects.order_by("name"))
    year = forms.TypedChoiceField(label="Financial year", coerce=int)
    universal_offer = forms.BooleanField(label="The Universal Offer for that year", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        years = selectors.years_on_sale(today=timezone.localdate())
        self.fields["year"].choices = [(year.start_year, year.label) for year in years]
        self.order_fields(["school", "year", "universal_offer"])
        self.fields["finance_contact_name"].help_text = "Who pays invoices at the school."


class TelephonePackageForm(forms.Form):
    """One package of a telephone order with its focus (the portal's package fields); a row with no
    package chosen is left out."""

    package = forms.ModelChoiceField(label="Package", required=False, queryset=catalogue.active_packages())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        package_fields = PackageForm(package=ConsultancyLike()).fields
        focus_choices = [("", "Not a package"), *FocusKind.choices]
        package_fields["focus_kind"].required = False
        package_fields["focus_kind"].choices = focus_choices
        package_fields["focus_kind"].widget = forms.Select(choices=focus_choices)
        package_fields["ehc_plan_confirmed"].label = "The pupil has an EHC plan (EHC package only)"
        package_fields["hours"].required = False
        package_fields["hours"].help_text = "Consultancy only: whole hours."
        self.fields.update(package_fields)

    def line(self):
        data = self.cleaned_data
        if not data.get("package"):
            return None
        focus = rules.Focus(
            kind=data.get("focus_kind", ""),
            pupil_initials=data.get("pupil_initials", ""),
            pupil_year_group=data.get("pupil_year_group", ""),
            class_name=data.get("class_name", ""),
        )
        return telephone_orders.TelephoneLine(
            package=data["package"],
            focus=focus,
            ehc_plan_confirmed=data.get("ehc_plan_confirmed", False),
            hours=data.get("hours") or 1,
        )


TelephonePackageForms = forms.formset_factory(
    TelephonePackageForm, extra=3, max_num=telephone_orders.MAX_PACKAGES, validate_max=True
)


class TelephoneOrderView(WMABaseView):
    """Staff take an order for a school by invoice, through the portal's services."""

    def check_action_permitted(self, user):
        return user.has_perm(CHANGE_ORDER)

    def get_page_title(self):
        return "New telephone order (by invoice)"

    def get_template_names(self):
        return ["admin/record_action.html"]

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            facts=[], submit_label="Place the order and send the invoice", danger=False, **kwargs
        )

    def get(self, request, *args, **kwargs):
        context = self.get_context_data(
            form=TelephoneOrderForm(), formset=TelephonePackageForms(prefix="packages")
        )
        return self.render_to_response(context)

    def post(self, request, *args, **kwargs):
        form = TelephoneOrderForm(request.POST)
        formset = TelephonePackageForms(request.POST, prefix="packages")
        if form.is_valid() and formset.is_valid():
            chosen = [(package_form, package_form.line()) for package_form in formset]
            chosen = [(package_form, line) for package_form, line in chosen if line is not None]
            try:
                order = telephone_orders.order_place_by_telephone(
                    school=form.cleaned_data["school"],
                    taken_by=request.user,
                    year=FinancialYear(form.cleaned_data["year"]),
                    universal_offer=form.cleaned_data["universal_offer"],
                    packages=[line for _, line in chosen],
                    invoice_details=form.details,
                )
            except telephone_orders.PackageRefused as refused:
                add_domain_error(chosen[refused.position][0], refused.error)
            except DomainError as error:
                add_domain_error(form, error)
            else:
                messages.success(
                    request,
                    f"{order.reference} is placed for {order.school.name}. Invoice "
                    f"{order.invoice.display_number} has been emailed to "
                    f"{order.invoice.finance_contact_email}.",
                )
                return redirect(self.index_url)
        return self.render_to_response(self.get_context_data(form=form, formset=formset), status=400)
