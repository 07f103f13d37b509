"""Admin plumbing every domain's staff screens use: the read-only permission helper, the action button,
the permission guard, record actions drawn from the declared workflows, the list filters by financial
year and by upcoming or past, and the mixin that saves through a service."""

import re

from django.contrib import messages
from django.contrib.admin import SimpleListFilter
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import redirect
from django.urls import re_path
from django.utils import timezone
from wagtail.admin.ui.tables import Column
from wagtail_modeladmin.helpers import ButtonHelper, DjangoORMSearchHandler, PermissionHelper
from wagtail_modeladmin.views import HistoryView, InstanceSpecificView

from common import workflows
from common.errors import DomainError
from common.financial_years import FinancialYear
from common.forms import add_domain_error

NOT_OFFERED_NOW = "That change cannot be made to this record now."
# Under a date field of the admin: the admin's date picker writes and reads ISO dates.
DATE_HINT = "Pick it from the calendar, or type it as year-month-day, for example 2027-01-19."
TIME_HINT = "Pick it from the list, or type it on the 24-hour clock, for example 09:30."


class ReadOnlyPermissionHelper(PermissionHelper):
    """List and inspect only: these records change through their services' rules, never a raw form."""

    def user_can_create(self, user):
        return False

    def user_can_edit_obj(self, user, obj):
        return False

    def user_can_delete_obj(self, user, obj):
        return False


def require_permission(request, permission):
    """The guard of an admin view that is not a record action: staff without `permission` get a 403."""
    if not request.user.has_perm(permission):
        raise PermissionDenied


def link_button(helper, *, url, label, title, secondary=True, danger=False):
    """A small button on a record's row or page, to `url`."""
    return {
        "url": url,
        "label": label,
        "classname": helper.finalise_classname(
            ["button-small"] + (["button-secondary"] if secondary else []) + (["no"] if danger else [])
        ),
        "title": title,
    }


def action_button(helper, obj, action, label, *, danger=False):
    """A small button to the record action `action` of the record's ModelAdmin."""
    return link_button(
        helper,
        url=helper.url_helper.get_action_url(action, obj.pk),
        label=label,
        title=f"{label}: {obj}",
        danger=danger,
    )


class RecordActionView(InstanceSpecificView):
    """A form for one change of one record: its service decides, and a refusal shows on the form,
    beside its field, with what was typed kept.

    A subclass sets `form_class` (or `get_form`), `label` (its button), `page_title` (formatted with the
    `record`), `permission` (the Django permission it needs) and `act(data)`, which calls the service and
    returns the message to show (the person then goes to `success_url()`, the list unless said);
    `applies(record)` says whether the action makes sense for the record now, and `facts()` lists what
    the form is about, shown above it. Staff who may not take it see no button and are refused by URL.
    An action reached from a section of the record's own page sets `in_buttons = False`, so the list and
    the page's footer do not repeat it.
    """

    form_class = None
    in_buttons = True
    label = ""
    page_title = ""
    submit_label = ""
    danger = False
    permission = ""

    @classmethod
    def applies(cls, record):
        return True

    @classmethod
    def permitted(cls, user, record):
        return user.has_perm(cls.permission) and cls.applies(record)

    @classmethod
    def button_label(cls, record):
        return cls.label

    @classmethod
    def is_danger(cls, record):
        return cls.danger

    def check_action_permitted(self, user):
        return self.permitted(user, self.instance)

    def get_page_title(self):
        return self.page_title.format(record=self.instance)

    def get_template_names(self):
        return ["admin/record_action.html"]

    def facts(self):
        return []

    def success_url(self):
        """Where the person goes once the action is done: the list, unless the action says otherwise."""
        return self.index_url

    def get_form(self, data=None):
        return self.form_class(data)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            facts=self.facts(),
            submit_label=self.submit_label or self.button_label(self.instance),
            danger=self.is_danger(self.instance),
            **kwargs,
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
                return redirect(self.success_url())
        return self.render_to_response(self.get_context_data(form=form), status=400)


class TransitionView(RecordActionView):
    """A record action that is a declared transition (`transition` names it): who may make it, when, and
    its label all come from the declaration (`common.workflows`)."""

    transition = ""

    @classmethod
    def declared(cls, record):
        return workflows.transition_named(type(record), cls.transition)

    @classmethod
    def permitted(cls, user, record):
        return workflows.may(record, cls.transition, user)

    def check_action_permitted(self, user):
        # By URL, only the person is checked: whoever may make the change but finds the record has moved
        # on (another member of staff got there first) is told why, not turned away as if they had no right.
        return workflows.permitted(self.instance, self.transition, user)

    def get(self, request, *args, **kwargs):
        if not self.permitted(request.user, self.instance):
            message = NOT_OFFERED_NOW
            if not workflows.may_leave(self.instance, self.transition):
                message = workflows.refusal(self.instance, self.transition)
            messages.error(request, message)
            return redirect(self.index_url)
        return super().get(request, *args, **kwargs)

    @classmethod
    def button_label(cls, record):
        return cls.declared(record).custom["label"]

    @classmethod
    def is_danger(cls, record):
        return cls.declared(record).custom["danger"]


class RecordActionButtonHelper(ButtonHelper):
    """A record's buttons: the usual ones, then each of its ModelAdmin's `record_actions` that the
    signed-in person may take now, then the `links` a subclass adds (its pages that are not actions)."""

    def links(self, obj):
        """Further buttons of `obj`, each built with `link_button`."""
        return []

    def get_buttons_for_obj(self, obj, exclude=None, classnames_add=None, classnames_exclude=None):
        buttons = super().get_buttons_for_obj(obj, exclude, classnames_add, classnames_exclude)
        for action, view_class in getattr(self.view.model_admin, "record_actions", {}).items():
            if view_class.in_buttons and view_class.permitted(self.request.user, obj):
                buttons.append(
                    action_button(
                        self, obj, action, view_class.button_label(obj), danger=view_class.is_danger(obj)
                    )
                )
        return buttons + self.links(obj)


class RecordActionsMixin:
    """A ModelAdmin with changes to one record beyond editing it (approve, cancel, mark paid...).

    `record_actions` maps each action's name to its view class (a `RecordActionView`); each gets
    modeladmin's usual address and URL name for an action on a record, such as
    `orders_order_modeladmin_mark_paid`, and a button where the person may take it.
    """

    record_actions = {}
    button_helper_class = RecordActionButtonHelper

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


class ServiceSavesMixin:
    """A create or edit view whose form's save() calls a service: a rule it refuses shows on the form
    instead of a 500."""

    def form_valid(self, form):
        try:
            with transaction.atomic():
                return super().form_valid(form)
        except DomainError as error:
            add_domain_error(form, error)
            return self.form_invalid(form)


class FinancialYearFilter(SimpleListFilter):
    """A list filter by financial year; `field` names the record's year (its first calendar year)."""

    title = "financial year"
    parameter_name = "year"
    field = "financial_year_start"

    def lookups(self, request, model_admin):
        years = (
            model_admin.model.objects.order_by(f"-{self.field}").values_list(self.field, flat=True).distinct()
        )
        return [(year, FinancialYear(year).label) for year in years]

    def queryset(self, request, queryset):
        if self.value() and self.value().isdigit():
            return queryset.filter(**{self.field: int(self.value())})
        return queryset


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


class ReferenceSearchHandler(DjangoORMSearchHandler):
    """The list's search box: a record's reference (PR-00012, pr12, or 12) finds that record; anything
    else is words, each matched in any of the search fields."""

    def __init__(self, search_fields, *, reference_prefix):
        super().__init__(search_fields)
        self.reference = re.compile(
            rf"^\s*(?:{re.escape(reference_prefix)})?[\s-]*0*(\d+)\s*$", re.IGNORECASE
        )

    def search_queryset(self, queryset, search_term, **kwargs):
        match = self.reference.match(search_term or "")
        if match:
            return queryset.filter(pk=int(match.group(1)))
        return super().search_queryset(queryset, search_term, **kwargs)


class ReferenceSearchMixin:
    """For a ModelAdmin whose records are known by a reference: `reference_prefix` ("PR" for PR-00012)."""

    reference_prefix = ""

    def get_search_handler(self, request, search_fields=None):
        return ReferenceSearchHandler(
            search_fields or self.get_search_fields(request), reference_prefix=self.reference_prefix
        )


class HistoryWithReasonsView(HistoryView):
    """A record's History page in the admin, with each change's reason (the entry's comment) beside it:
    why a request was declined, or how someone joined."""

    columns = [HistoryView.columns[0], Column("comment", label="Reason"), *HistoryView.columns[1:]]
