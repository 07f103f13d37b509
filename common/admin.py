"""Admin plumbing every domain's wagtail_hooks use."""

from django.contrib import messages
from django.contrib.admin import SimpleListFilter
from django.shortcuts import redirect
from django.urls import re_path
from django.utils import timezone
from wagtail_modeladmin.helpers import PermissionHelper
from wagtail_modeladmin.views import InstanceSpecificView

from common.errors import DomainError
from common.forms import add_domain_error


class ReadOnlyPermissionHelper(PermissionHelper):
    """List and inspect only: these records change through their services' rules, never a raw form."""

    def user_can_create(self, user):
        return False

    def user_can_edit_obj(self, user, obj):
        return False

    def user_can_delete_obj(self, user, obj):
        return False


class RecordActionsMixin:
    """A ModelAdmin with changes to one record beyond editing it (approve, cancel, mark paid...).

    `record_actions` maps each action's name to its view class (a wagtail-modeladmin
    `InstanceSpecificView`); each gets modeladmin's usual address and URL name for an action on a record,
    such as `orders_order_modeladmin_mark_paid`.
    """

    record_actions = {}

    def get_admin_urls_for_registration(self):
        return super().get_admin_urls_for_registration() + tuple(
            re_path(
                self.url_helper.get_action_url_pattern(action),
                self._record_action_view(view_class),
                name=self.url_helper.get_action_url_name(action),
            )
            for action, view_class in self.record_actions.items()
        )

    def _record_action_view(self, view_class):
        def view(request, instance_pk):
            return view_class.as_view(model_admin=self, instance_pk=instance_pk)(request)

        return view


class RecordActionView(InstanceSpecificView):
    """A form for one change of one record (most often a transition): its service decides, and a refusal
    shows on the form, beside its field, with what was typed kept.

    A subclass sets `form_class` (or `get_form`), `submit_label`, `permission` (the permission helper's
    method that says whether the user may) and `act(data)`, which calls the service and returns the
    message to show; `facts()` lists what the form is about, shown above it.
    """

    form_class = None
    submit_label = ""
    danger = False
    permission = ""

    def check_action_permitted(self, user):
        return getattr(self.permission_helper, self.permission)(user, self.instance)

    def get_template_names(self):
        return ["admin/record_action.html"]

    def facts(self):
        return []

    def get_form(self, data=None):
        return self.form_class(data)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            facts=self.facts(), submit_label=self.submit_label, danger=self.danger, **kwargs
        )

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(form=self.get_form()))

    def post(self, request, *args, **kwargs):
        form = self.get_form(request.POST)
        if form.is_valid():
            try:
                message = self.act(form.cleaned_data)
            except DomainError as error:
                add_domain_error(form, error)
            else:
                messages.success(request, message)
                return redirect(self.index_url)
        return self.render_to_response(self.get_context_data(form=form), status=400)


class UpcomingOrPastFilter(SimpleListFilter):
    """A list filter of dated records: upcoming (from today on) or past. A subclass says what each means
    for its records in `upcoming(queryset, today)` and `past(queryset, today)`."""

    title = "when"
    parameter_name = "when"

    def lookups(self, request, model_admin):
        return [("upcoming", "Upcoming"), ("past", "Past")]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        if self.value() == "upcoming":
            return self.upcoming(queryset, today)
        if self.value() == "past":
            return self.past(queryset, today)
        return queryset
