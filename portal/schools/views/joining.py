"""Asking to join a registered school, or registering a new one: one question per page, then
check your answers. What the person has typed is kept in their session until they send it."""

from functools import wraps

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from common.errors import DomainError
from common.forms import posted, status_for
from portal.access import portal_view
from portal.schools import selectors
from portal.schools.forms import FindSchoolForm, JoinRouteForm, NewSchoolForm, YourRoleForm
from portal.schools.models import District
from portal.schools.services import joining


class JoinJourney:
    """The answers so far, stored in the session as plain values."""

    SESSION_KEY = "portal_join"
    STEPS = ["route", "school", "role", "check"]

    def __init__(self, session):
        self.session = session
        self.answers = dict(session.get(self.SESSION_KEY, {}))

    def save(self, **answers):
        self.answers.update(answers)
        self.session[self.SESSION_KEY] = self.answers

    def clear(self):
        self.session.pop(self.SESSION_KEY, None)

    @property
    def registering(self):
        return self.answers.get("route") == JoinRouteForm.NEW

    @property
    def school(self):
        urn = self.answers.get("urn")
        return selectors.registered_school_by_urn(urn=urn) if urn and not self.registering else None

    @property
    def new_school(self):
        details = self.answers.get("new_school")
        if not details or not self.registering:
            return None
        district = District.objects.filter(pk=details["district"]).first()
        if district is None:
            return None
        return joining.NewSchoolDetails(**{**details, "district": district})

    @property
    def role(self):
        return self.answers.get("role")

    def missing_step(self):
        """The first step not yet answered, or None when the request is ready to check and send."""
        if "route" not in self.answers:
            return "route"
        if (self.new_school if self.registering else self.school) is None:
            return "school"
        if not self.role:
            return "role"
        return None

    def url_name(self, step):
        school_step = "schools:join_new_school" if self.registering else "schools:join_find_school"
        return {
            "route": "schools:join_start",
            "school": school_step,
            "role": "schools:join_role",
            "check": "schools:join_check",
        }[step]


def _journey_or_redirect(request, *, step):
    """The journey, or a redirect: to the portal home when a request is already waiting, or to the
    first unanswered step when this page was reached too early (an old bookmark, the back button)."""
    if selectors.pending_join_request_for(user=request.user) is not None:
        messages.info(request, "You already have a request waiting for approval.")
        return None, redirect("portal:home")
    journey = JoinJourney(request.session)
    missing = journey.missing_step()
    if missing is not None and JoinJourney.STEPS.index(missing) < JoinJourney.STEPS.index(step):
        return None, redirect(journey.url_name(missing))
    return journey, None


def journey_step(step):
    """A page of the journey: signed in, GET or POST, and handed the journey as its second argument,
    unless `_journey_or_redirect` sends the person elsewhere first."""

    def decorator(view_func):
        @portal_view
        @require_http_methods(["GET", "POST"])
        @wraps(view_func)
        def wrapped_view(request):
            journey, redirect_response = _journey_or_redirect(request, step=step)
            if redirect_response:
                return redirect_response
            return view_func(request, journey)

        return wrapped_view

    return decorator


def _after_step(request, default_next):
    """Back to check your answers when the person came from there to change something."""
    if request.GET.get("return") == "check":
        return redirect("schools:join_check")
    return redirect(default_next)


@journey_step("route")
def join_start(request, journey):
    form = JoinRouteForm(posted(request), initial={"route": journey.answers.get("route")})
    if request.method == "POST" and form.is_valid():
        route = form.cleaned_data["route"]
        if route != journey.answers.get("route"):
            # A different route asks different questions: start them afresh.
            journey.clear()
            journey = JoinJourney(request.session)
        journey.save(route=route)
        return redirect("schools:join_new_school" if journey.registering else "schools:join_find_school")
    return render(request, "schools/join/start.html", {"form": form}, status=status_for(form))


@journey_step("school")
def join_find_school(request, journey):
    if journey.registering:
        return redirect("schools:join_new_school")
    form = FindSchoolForm(posted(request), initial={"urn": journey.answers.get("urn")})
    if request.method == "POST" and form.is_valid():
        journey.save(urn=form.cleaned_data["urn"])
        return _after_step(request, "schools:join_role")
    return render(request, "schools/join/find_school.html", {"form": form}, status=status_for(form))


@journey_step("school")
def join_new_school(request, journey):
    if not journey.registering:
        return redirect("schools:join_find_school")
    form = NewSchoolForm(posted(request), initial=journey.answers.get("new_school"))
    if request.method == "POST" and form.is_valid():
        details = {**form.cleaned_data, "district": form.cleaned_data["district"].pk}
        journey.save(new_school=details)
        return _after_step(request, "schools:join_role")
    return render(request, "schools/join/new_school.html", {"form": form}, status=status_for(form))


@journey_step("role")
def join_role(request, journey):
    form = YourRoleForm(posted(request), initial=journey.role, registering=journey.registering)
    if request.method == "POST" and form.is_valid():
        journey.save(role=form.cleaned_data)
        return redirect("schools:join_check")
    school_name = journey.new_school.name if journey.registering else journey.school.name
    context = {"form": form, "school_name": school_name, "journey": journey}
    return render(request, "schools/join/role.html", context, status=status_for(form))


@journey_step("check")
def join_check(request, journey):
    role = journey.role
    roles = selectors.requested_roles(roles=role["roles"], registering=journey.registering)
    error = None
    if request.method == "POST":
        try:
            join_request = joining.join_request_create(
                user=request.user,
                job_title=role["job_title"],
                roles=roles,
                school=journey.school,
                new_school=journey.new_school,
            )
        except DomainError as exc:
            error = exc
        else:
            journey.clear()
            return redirect("schools:join_request", pk=join_request.pk)
    return render(
        request,
        "schools/join/check.html",
        {
            "journey": journey,
            "school": journey.school,
            "new_school": journey.new_school,
            "role": role,
            "roles": roles,
            "error": error,
            "goes_to_school": selectors.join_request_goes_to_school(school=journey.school),
            "school_step_url": reverse(journey.url_name("school")),
        },
        status=400 if error else 200,
    )


@portal_view
def join_request(request, pk):
    join_request = get_object_or_404(selectors.join_requests_for(user=request.user), pk=pk)
    goes_to_school = selectors.join_request_goes_to_school(school=join_request.school)
    return render(
        request, "schools/join/request.html", {"join_request": join_request, "goes_to_school": goes_to_school}
    )
