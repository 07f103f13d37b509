"""Placement requests in the portal: the school's list, the task list of sections, each section, check
your answers with the head teacher's sign-off, sending, and the confirmation.

Only referrers of the school, signed in with two-factor, reach these pages; every request is looked up
among the acting school's own (another school's id is a 404), and every page of a request that is
shown is recorded with who saw it (the list of requests records each request whose pupil it names).
"""

from functools import wraps

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.views.decorators.http import require_http_methods, require_POST

from common import workflows
from common.errors import DomainError
from common.forms import posted, refusal_flashed, refusal_shown_on, status_for
from portal.access import school_context, school_view
from portal.placements import selectors
from portal.placements.answers import answers_of
from portal.placements.forms import ITEM_MODELS, WithdrawRequestForm, item_form_class, section_form_class
from portal.placements.models.requests import RequestStatus
from portal.placements.sections import SECTIONS_BY_SLUG
from portal.placements.services import decisions as decision_services
from portal.placements.services import requests as services
from portal.users.two_factor import placement_data_view


def referrer_view(view_func):
    """A referrer of the school the person acts for, signed in with two-factor."""
    return school_view(needs="can_refer")(placement_data_view(view_func))


def request_of(request, pk):
    """One of the acting school's requests, or a 404: never another school's, whatever the id."""
    placement_request = selectors.placement_request_for(membership=request.membership, pk=pk)
    if placement_request is None:
        raise Http404("No such request.")
    return placement_request


def section_of(slug):
    """A section of answers (the list sections have their own pages)."""
    section = SECTIONS_BY_SLUG.get(slug)
    if section is None or section.is_list:
        raise Http404("No such section.")
    return section


def item_section_of(slug):
    """A section that is a list of entries typed in (documents are uploaded on their own page)."""
    section = SECTIONS_BY_SLUG.get(slug)
    if section is None or section.list_of not in ITEM_MODELS:
        raise Http404("No such section.")
    return section


def seen(request, placement_request, what):
    services.request_access_record(placement_request=placement_request, user=request.user, what=what)


def context_for(request, placement_request, **extra):
    return school_context(
        request,
        placement_request=placement_request,
        may_see_safeguarding=selectors.may_see_safeguarding(user=request.user),
        **extra,
    )


def while_editable(view_func):
    """A page that changes the request: once it has been sent, back to its page with the reason."""

    @wraps(view_func)
    def wrapped_view(request, pk, *args, **kwargs):
        placement_request = request_of(request, pk)
        if not placement_request.is_editable:
            messages.error(
                request,
                services.NOT_EDITABLE.format(
                    reference=placement_request.reference,
                    status=placement_request.get_status_display().lower(),
                ),
            )
            return redirect("placement_requests:request", pk=placement_request.pk)
        return view_func(request, placement_request, *args, **kwargs)

    return wrapped_view


def who_can_complete_safeguarding(placement_request):
    school = placement_request.school
    return {
        "cleared_colleagues": selectors.cleared_referrers_of(school=school),
        "no_one_cleared": services.NO_ONE_CLEARED.format(school=school.name),
    }


def restricted_section_refused(request, placement_request, section):
    """The safeguarding section for someone not cleared for it: why, who at the school can complete it,
    and nothing of its contents."""
    return render(
        request,
        "placements/requests/restricted.html",
        context_for(
            request,
            placement_request,
            section=section,
            message=services.SAFEGUARDING_NOT_CLEARED,
            **who_can_complete_safeguarding(placement_request),
        ),
        status=403,
    )


@referrer_view
@require_POST
@while_editable
def safeguarding_help(request, placement_request):
    """Ask the colleagues cleared for safeguarding information to complete the safeguarding section."""
    with refusal_flashed(request):
        asked = services.safeguarding_help_ask(
            placement_request=placement_request, membership=request.membership
        )
        names = ", ".join(str(colleague.user) for colleague in asked)
        messages.success(
            request, f"We have emailed {names} to ask them to complete the safeguarding section."
        )
    return redirect("placement_requests:request", pk=placement_request.pk)


@referrer_view
def request_list(request):
    today = timezone.localdate()
    placement_requests = list(selectors.placement_requests_for(membership=request.membership))
    services.requests_listed_record(
        placement_requests=placement_requests, user=request.user, what="list of requests"
    )
    return render(
        request,
        "placements/requests/list.html",
        school_context(
            request,
            placement_requests=placement_requests,
            next_meeting=selectors.next_open_meeting(today=today),
        ),
    )


@referrer_view
@require_POST
def request_start(request):
    placement_request = services.placement_request_start(membership=request.membership)
    return redirect("placement_requests:request", pk=placement_request.pk)


@referrer_view
def request_detail(request, pk):
    """The task list while the school writes the request; afterwards, where it is and what it says."""
    placement_request = request_of(request, pk)
    seen(request, placement_request, "request page")
    today = timezone.localdate()
    context = context_for(
        request,
        placement_request,
        history=selectors.status_history_of(placement_request=placement_request),
        next_meeting=selectors.next_open_meeting(today=today),
        may_withdraw=workflows.may(placement_request, "withdraw", request.membership),
        may_ask_again=selectors.may_ask_again(
            placement_request=placement_request, membership=request.membership
        ),
    )
    decision = selectors.decision_of(placement_request=placement_request)
    if decision is not None:
        context.update(decision=decision, decision_actions=list(decision.actions.all()))
    if placement_request.is_editable:
        context["progress"] = selectors.progress_of(placement_request=placement_request)
        if not context["may_see_safeguarding"]:
            context.update(who_can_complete_safeguarding(placement_request))
    else:
        context["answers"] = answers_of(placement_request, user=request.user)
    return render(request, "placements/requests/request.html", context)


@referrer_view
@require_http_methods(["GET", "POST"])
@while_editable
def section_edit(request, placement_request, slug):
    section = section_of(slug)
    if section.restricted and not selectors.may_see_safeguarding(user=request.user):
        return restricted_section_refused(request, placement_request, section)
    if request.method == "GET":
        seen(request, placement_request, f"section: {section.title}")
    today = timezone.localdate()
    form = section_form_class(section)(posted(request), instance=placement_request, today=today)
    if request.method == "POST" and form.is_valid():
        with refusal_shown_on(form):
            services.placement_request_section_save(
                placement_request=placement_request,
                section=section,
                values=form.values,
                user=request.user,
                today=today,
            )
            messages.success(request, f"“{section.title}” is saved.")
            return redirect("placement_requests:request", pk=placement_request.pk)
    return render(
        request,
        "placements/requests/section.html",
        context_for(request, placement_request, section=section, form=form),
        status=status_for(form),
    )


@referrer_view
@require_http_methods(["GET", "POST"])
@while_editable
def list_section(request, placement_request, slug):
    """A section that is a list (parents or carers, professionals, interventions): its entries and a
    form to add one."""
    section = item_section_of(slug)
    if request.method == "GET":
        seen(request, placement_request, f"section: {section.title}")
    form = item_form_class(section)(posted(request))
    if request.method == "POST" and form.is_valid():
        with refusal_shown_on(form):
            services.placement_request_item_add(
                placement_request=placement_request, section=section, values=form.values, user=request.user
            )
            messages.success(request, f"Added to “{section.title}”.")
            if "add_another" in request.POST:
                return redirect("placement_requests:list_section", pk=placement_request.pk, slug=section.slug)
            return redirect("placement_requests:request", pk=placement_request.pk)
    return render(
        request,
        "placements/requests/list_section.html",
        context_for(
            request,
            placement_request,
            section=section,
            form=form,
            items=list(getattr(placement_request, section.list_of).all()),
        ),
        status=status_for(form),
    )


@referrer_view
@require_POST
@while_editable
def list_item_remove(request, placement_request, slug, item_pk):
    section = item_section_of(slug)
    item = get_object_or_404(getattr(placement_request, section.list_of), pk=item_pk)
    with refusal_flashed(request):
        services.placement_request_item_remove(
            placement_request=placement_request, section=section, item=item, user=request.user
        )
        messages.success(request, f"Removed {item} from “{section.title}”.")
    return redirect("placement_requests:list_section", pk=placement_request.pk, slug=section.slug)


def _meeting_context(today):
    return {
        "next_meeting": selectors.next_open_meeting(today=today),
        "missed_meeting": selectors.missed_meeting(today=today),
    }


@referrer_view
@require_http_methods(["GET"])
def check_answers(request, pk):
    placement_request = request_of(request, pk)
    if not placement_request.is_editable:
        return redirect("placement_requests:request", pk=placement_request.pk)
    seen(request, placement_request, "check your answers")
    return render(
        request,
        "placements/requests/check.html",
        context_for(
            request,
            placement_request,
            answers=answers_of(placement_request, user=request.user),
            missing=selectors.missing_answers(placement_request=placement_request),
            **_meeting_context(timezone.localdate()),
        ),
    )


@referrer_view
@require_POST
def sign_off(request, pk):
    placement_request = request_of(request, pk)
    with refusal_flashed(request):
        services.placement_request_sign_off(
            placement_request=placement_request, membership=request.membership
        )
        messages.success(request, f"You have signed off request {placement_request.reference}.")
    return redirect("placement_requests:check", pk=placement_request.pk)


@referrer_view
@require_POST
def submit(request, pk):
    """Send the request. The meeting the page showed may have closed since (its deadline passed while
    the page was open): the request then goes to the following meeting, and the confirmation says so."""
    placement_request = request_of(request, pk)
    try:
        placement_request = services.placement_request_submit(
            placement_request=placement_request, membership=request.membership, today=timezone.localdate()
        )
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("placement_requests:check", pk=placement_request.pk)
    confirmation_url = reverse("placement_requests:confirmation", args=[placement_request.pk])
    shown_meeting = request.POST.get("meeting", "")
    if shown_meeting and shown_meeting != str(placement_request.meeting_id):
        confirmation_url += "?moved=1"
    return redirect(confirmation_url)


@referrer_view
def confirmation(request, pk):
    placement_request = request_of(request, pk)
    if placement_request.status != RequestStatus.SUBMITTED:
        return redirect("placement_requests:request", pk=placement_request.pk)
    seen(request, placement_request, "confirmation")
    return render(
        request,
        "placements/requests/confirmation.html",
        context_for(request, placement_request, moved=request.GET.get("moved") == "1"),
    )


@referrer_view
@require_POST
def ask_again(request, pk):
    """After a decline, the school still asks: the request goes to the next panel."""
    placement_request = request_of(request, pk)
    with refusal_flashed(request):
        placement_request = decision_services.placement_request_ask_again(
            placement_request=placement_request, membership=request.membership, today=timezone.localdate()
        )
        meeting_date = date_format(placement_request.meeting.meeting_date, "j F Y")
        messages.success(
            request, f"Request {placement_request.reference} goes to the panel on {meeting_date}."
        )
    return redirect("placement_requests:request", pk=placement_request.pk)


@referrer_view
@require_http_methods(["GET", "POST"])
def withdraw(request, pk):
    placement_request = request_of(request, pk)
    form = WithdrawRequestForm(posted(request))
    if request.method == "POST" and form.is_valid():
        with refusal_shown_on(form):
            services.placement_request_withdraw(
                placement_request=placement_request,
                membership=request.membership,
                why=form.cleaned_data["why"],
            )
            messages.success(request, f"Request {placement_request.reference} is withdrawn.")
            return redirect("placement_requests:request", pk=placement_request.pk)
    return render(
        request,
        "placements/requests/withdraw.html",
        context_for(request, placement_request, form=form),
        status=status_for(form),
    )
