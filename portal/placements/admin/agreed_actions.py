"""The panel's agreed actions in the admin, with their owners: open until someone marks them done."""

from django import forms
from django.contrib.admin import SimpleListFilter, display
from wagtail_modeladmin.options import ModelAdmin

from common.admin import ReadOnlyPermissionHelper, RecordActionsMixin, RecordActionView
from portal.placements.models import AgreedAction
from portal.placements.services import mapp as services


class OpenActionFilter(SimpleListFilter):
    title = "done"
    parameter_name = "open"

    def lookups(self, request, model_admin):
        return [("open", "Open"), ("done", "Done")]

    def queryset(self, request, queryset):
        if self.value() == "open":
            return queryset.filter(done_at__isnull=True)
        if self.value() == "done":
            return queryset.filter(done_at__isnull=False)
        return queryset


class MarkActionDoneView(RecordActionView):
    form_class = forms.Form
    label = "Mark done"
    permission = "placements.change_agreedaction"
    page_title = "Mark “{record.action}” done"

    @classmethod
    def applies(cls, action):
        return action.done_at is None

    def facts(self):
        action = self.instance
        return [("Action", action.action), ("Owner", action.owner), ("Due by", action.due_on)]

    def act(self, data):
        services.agreed_action_mark_done(action=self.instance, user=self.request.user)
        return f"Marked done: {self.instance.action}."


class AgreedActionAdmin(RecordActionsMixin, ModelAdmin):
    """The panel's agreed actions, with their owners: open until marked done."""

    model = AgreedAction
    record_actions = {
        "done": MarkActionDoneView,
    }
    menu_label = "Agreed actions"
    menu_icon = "tasks"
    list_display = ["action", "owner", "due_on", "meeting", "request_reference", "done_at"]
    list_filter = [OpenActionFilter, "meeting"]
    list_select_related = ["meeting", "decision__request"]
    search_fields = ["action", "owner"]
    ordering = ["done_at", "due_on"]
    permission_helper_class = ReadOnlyPermissionHelper

    @display(description="request")
    def request_reference(self, action):
        return action.decision.request.reference if action.decision_id else ""
