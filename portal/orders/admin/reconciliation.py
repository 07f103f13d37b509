"""The reconciliation report in the admin (Reports > Stripe reconciliation): staff choose the days, and see
every difference between Stripe and the ledger for them. Staff who can view orders may run it: it only
reads, and shows nothing an order's own page does not."""

from django.template.response import TemplateResponse
from django.utils import timezone
from wagtail.admin.menu import MenuItem

from common.admin import require_permission
from common.financial_years import FinancialYear
from portal.orders import reconciliation, stripe_gateway
from portal.orders.forms import ReconciliationForm

VIEW_ORDER = "orders.view_order"


def reconciliation_report(request):
    """GET: the form, for the financial year to date; POST: the differences for the days chosen."""
    require_permission(request, VIEW_ORDER)
    today = timezone.localdate()
    context = {}
    status = 200
    if request.method == "POST":
        form = ReconciliationForm(request.POST)
        if form.is_valid():
            start, end = form.cleaned_data["start"], form.cleaned_data["end"]
            try:
                context["differences"] = reconciliation.differences(start=start, end=end)
            except stripe_gateway.StripeUnreachable as error:
                context["unreachable"] = error.message
                status = 503
            else:
                context["demo_left_out"] = reconciliation.demo_payments_left_out(start=start, end=end)
                context["compared"] = (start, end)
        else:
            status = 400
    else:
        form = ReconciliationForm(initial={"start": FinancialYear.containing(today).first_day, "end": today})
    return TemplateResponse(
        request, "orders/admin/reconciliation.html", {"form": form, **context}, status=status
    )


class ReconciliationMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(VIEW_ORDER)
