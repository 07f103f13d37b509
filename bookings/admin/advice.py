"""The advice line's call-back queue in the admin: the waiting calls first, and recording a call closes
its request (the declared transition)."""

from wagtail_modeladmin.options import ModelAdmin

from bookings.admin.facts import person
from bookings.forms import CloseCallbackForm
from bookings.models import CallbackRequest
from bookings.services import advice
from common.admin import (
    FinancialYearFilter,
    HistoryWithReasonsView,
    ReadOnlyPermissionHelper,
    RecordActionsMixin,
    TransitionView,
)
from common.financial_years import FinancialYear


class CloseCallbackView(TransitionView):
    transition = "close"
    form_class = CloseCallbackForm
    submit_label = "Record the call and close the request"
    page_title = "Call back {record.reference}"

    def facts(self):
        callback = self.instance
        return [
            ("School", callback.school.name),
            ("Asked by", person(callback.requested_by)),
            ("Topic", callback.topic),
            ("Pupil", callback.pupil_label or "Not about one pupil"),
            ("Phone", callback.phone),
            ("Times that suit", callback.times_that_suit),
        ]

    def act(self, data):
        advice.callback_close(callback=self.instance, user=self.request.user, **data)
        return (
            f"{self.instance.reference} is closed. {self.instance.school.name} sees the advice in the portal."
        )


class CallbackYearFilter(FinancialYearFilter):
    """This financial year or the last, by when the call was asked for."""

    def lookups(self, request, model_admin):
        this_year = FinancialYear.current()
        return [
            (year.start_year, year.label) for year in (this_year, FinancialYear(this_year.start_year - 1))
        ]

    def queryset(self, request, queryset):
        if self.value() and self.value().isdigit():
            year = FinancialYear(int(self.value()))
            return queryset.filter(created_at__date__gte=year.first_day, created_at__date__lte=year.last_day)
        return queryset


class CallbackRequestAdmin(RecordActionsMixin, ModelAdmin):
    model = CallbackRequest
    record_actions = {
        "close": CloseCallbackView,
    }
    menu_label = "Advice line"
    menu_icon = "mail"
    list_display = ["reference", "school", "topic", "created_at", "times_that_suit", "status"]
    list_filter = ["status", CallbackYearFilter, "school"]
    search_fields = ["topic", "school__name"]
    ordering = ["status", "created_at"]  # the waiting queue first, oldest first
    inspect_view_enabled = True
    history_view_class = HistoryWithReasonsView
    permission_helper_class = ReadOnlyPermissionHelper
