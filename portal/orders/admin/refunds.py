"""Refunds in the admin: every refund with where it stands, sending one Stripe could not take again,
recording one Stripe refused as paid back another way, and the dashboard panel of those needing staff."""

from django.contrib.admin import display
from django.urls import reverse
from wagtail.admin.ui.components import Component
from wagtail_modeladmin.options import ModelAdmin

from common.admin import (
    HistoryWithReasonsView,
    ReadOnlyPermissionHelper,
    RecordActionsMixin,
    RecordActionView,
    TransitionView,
)
from common.money import format_pence
from portal.orders import selectors
from portal.orders.admin.orders import CHANGE_ORDER, refund_outcome
from portal.orders.forms import SendAgainForm, SettledElsewhereForm
from portal.orders.models import Refund
from portal.orders.services import refunds


class RefundFactsMixin:
    def facts(self):
        refund = self.instance
        return [
            ("Order", f"{refund.order.reference} for {refund.order.school.name}"),
            ("Amount", format_pence(refund.amount_pence)),
            ("Card payment", refund.card_payment.payment_intent_id),
            ("Made", refund.get_origin_display()),
            ("Reason", refund.reason),
            ("Status", refund.get_status_display()),
            *([("Stripe said", refund.failure_message)] if refund.failure_message else []),
        ]


class SendAgainView(RefundFactsMixin, RecordActionView):
    """Send a refund Stripe has not taken yet (it could not be reached) to Stripe again: Stripe knows it
    by the refund's key, so this never refunds twice."""

    form_class = SendAgainForm
    label = "Send to Stripe again"
    permission = CHANGE_ORDER
    page_title = "Send the refund on {record.order.reference} to Stripe again"

    @classmethod
    def applies(cls, refund):
        return refund.is_waiting

    def act(self, data):
        return refund_outcome(refunds.refund_submit(refund=self.instance))


class SettleElsewhereView(RefundFactsMixin, TransitionView):
    transition = "settle_elsewhere"
    form_class = SettledElsewhereForm
    page_title = "Record the refund on {record.order.reference} as paid back another way"

    def act(self, data):
        refund = refunds.refund_settle_elsewhere(
            refund=self.instance, settled_by=self.request.user, why=data["why"]
        )
        return f"The refund of {format_pence(refund.amount_pence)} on {refund.order.reference} is settled."


class RefundAdmin(RecordActionsMixin, ModelAdmin):
    model = Refund
    record_actions = {"send_again": SendAgainView, "settle_elsewhere": SettleElsewhereView}
    menu_label = "Refunds"
    menu_icon = "undo"
    list_display = ["order", "amount", "origin", "status", "refunded_at", "stripe_refund_id"]
    list_filter = ["status", "origin"]
    list_select_related = ["order__school", "card_payment"]
    search_fields = ["order__reference", "order__school__name", "stripe_refund_id"]
    list_per_page = 50
    history_view_class = HistoryWithReasonsView
    permission_helper_class = ReadOnlyPermissionHelper

    @display(description="amount", ordering="amount_pence")
    def amount(self, refund):
        return format_pence(refund.amount_pence)


class RefundsNeedingStaffPanel(Component):
    """Refunds Stripe has not taken after a while, or refused, on the admin's dashboard."""

    name = "refunds_needing_staff"
    template_name = "orders/admin/refunds_panel.html"
    order = 80
    shown = 10

    def get_context_data(self, parent_context):
        needing = selectors.refunds_needing_staff()
        return {
            "refunds": list(needing[: self.shown]),
            "count": needing.count(),
            "index_url": reverse("orders_refund_modeladmin_index"),
        }
