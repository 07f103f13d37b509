"""Records due for deletion (the next 30 days), legal holds placed and released with a reason, the
retention periods and their sources, and the past retention runs."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from wagtail.admin.menu import MenuItem

from common.admin import require_permission
from common.errors import DomainError
from common.forms import add_domain_error
from records import selectors, services
from records.forms import PlaceHoldForm, ReleaseHoldForm
from records.models import LegalHold
from records.periods import PERIODS
from records.rules import RULES

VIEW_RETENTION = "records.view_retention"
PLACE_HOLD = "records.add_legalhold"
RELEASE_HOLD = "records.change_legalhold"
DAYS_AHEAD = 30


def due_for_deletion(request):
    require_permission(request, VIEW_RETENTION)
    return TemplateResponse(
        request,
        "records/admin/due.html",
        {
            "due": selectors.due_within(today=timezone.localdate(), days=DAYS_AHEAD),
            "days": DAYS_AHEAD,
            "held": selectors.holds_in_force(),
            "periods": PERIODS.values(),
            "may_place": request.user.has_perm(PLACE_HOLD),
            "may_release": request.user.has_perm(RELEASE_HOLD),
        },
    )


def _hold_form_page(request, form, *, title, facts, submit_label):
    return TemplateResponse(
        request,
        "records/admin/hold_form.html",
        {"form": form, "title": title, "facts": facts, "submit_label": submit_label},
        status=400 if form.errors else 200,
    )


def place_hold(request, kind, pk):
    require_permission(request, PLACE_HOLD)
    record = selectors.record_of(kind=kind, pk=pk)
    if record is None:
        raise Http404
    rule = RULES[kind]
    reference = rule.reference(record)
    form = PlaceHoldForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        try:
            services.legal_hold_place(
                record=record, reason=form.cleaned_data["reason"], placed_by=request.user
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, f"{reference} is held: no retention run will touch it until released.")
            return redirect("records_admin_due")
    return _hold_form_page(
        request,
        form,
        title=f"Place a legal hold on {reference}",
        facts=[("Record", rule.period.name), ("Reference", reference)],
        submit_label="Place the legal hold",
    )


def release_hold(request, pk):
    require_permission(request, RELEASE_HOLD)
    hold = get_object_or_404(LegalHold.active.select_related("content_type", "placed_by"), pk=pk)
    held = selectors.held_record(hold)
    form = ReleaseHoldForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        try:
            services.legal_hold_release(
                hold=hold, reason=form.cleaned_data["reason"], released_by=request.user
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, f"The legal hold on {held.reference} is released.")
            return redirect("records_admin_due")
    return _hold_form_page(
        request,
        form,
        title=f"Release the legal hold on {held.reference}",
        facts=[
            ("Record", held.period.name),
            ("Reference", held.reference),
            ("Held because", hold.reason),
            (
                "Placed",
                f"{timezone.localtime(hold.placed_at):%-d %B %Y} by {hold.placed_by or 'a deleted account'}",
            ),
        ],
        submit_label="Release the legal hold",
    )


def retention_runs(request):
    require_permission(request, VIEW_RETENTION)
    return TemplateResponse(request, "records/admin/runs.html", {"runs": selectors.retention_runs()[:100]})


def retention_run(request, pk):
    require_permission(request, VIEW_RETENTION)
    run = get_object_or_404(selectors.retention_runs(), pk=pk)
    return TemplateResponse(
        request,
        "records/admin/run.html",
        {
            "run": run,
            "actions": run.actions.all(),
            "failures": [{**failure, "name": PERIODS[failure["kind"]].name} for failure in run.failures],
        },
    )


class RetentionMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(VIEW_RETENTION)
