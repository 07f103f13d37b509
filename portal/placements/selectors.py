"""Reads with rules: which MAPP meetings schools see, how many places the unit has (and how many
placements hold), the placement requests and placements a school member may open, how far a request has
got and what it still lacks, the school year's school days, and how a placement is going (the visits due
each half term, the targets and the wellbeing measure)."""

import functools
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ObjectDoesNotExist
from django.db import connection
from django.db.models import (
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Coalesce, Least
from django.urls import reverse
from wagtail.models import ModelLogEntry

from common import page_cache, workflows
from common.compiled_reads import CompiledRead
from common.urls import absolute_url
from portal.orders.models import HELD_STATUSES, Invoice
from portal.placements.attendance_codes import (
    APPROVED_ACTIVITY_CODE,
    CODES,
    DUAL_REGISTERED_CODE,
    UNEXPLAINED,
    AttendanceFigures,
    attendance_figures_of_counts,
)
from portal.placements.charts import BarChart, bar_chart
from portal.placements.models.attendance import AttendanceMark, KeptBy, RegisterSession
from portal.placements.models.calendar import ClosureDay, SchoolTerm
from portal.placements.models.decisions import Outcome, PanelDecision
from portal.placements.models.mapp import ExcludedPupilsWeek, MappMeeting, PlacementCapacity
from portal.placements.models.placements import (
    Milestone,
    Placement,
    PlacementDate,
    PlacementOutcome,
    PlacementStatus,
    Registration,
)
from portal.placements.models.progress import (
    KeyWorkerVisit,
    PlacementTarget,
    ReviewMeeting,
    Stage,
    TargetProgress,
    WellbeingScore,
)
from portal.placements.models.reports import PlacementReport, ReportStatus
from portal.placements.models.requests import (
    EhcPlanStatus,
    PlacementRequest,
    RequestAccess,
    RequestStatus,
    SupportingDocument,
    pupil_name_of,
)
from portal.placements.models.terms import PlacementTerms
from portal.placements.school_days import SchoolCalendar, Term
from portal.placements.sections import SECTIONS, is_started, missing_in
from portal.schools.models import Membership, School
from portal.users.models import User

VIEW_SAFEGUARDING = "placements.view_safeguarding"

# Past meetings stay in the calendar feed for a year, so subscribers keep them in their history.
CALENDAR_HISTORY = timedelta(days=365)


def is_upcoming(*, meeting_date: date, today: date) -> bool:
    """A meeting stays upcoming until the end of its own day."""
    return meeting_date >= today


def upcoming_meetings(*, today: date, meetings: QuerySet[MappMeeting] | None = None) -> QuerySet[MappMeeting]:
    """Meetings (all, or those of `meetings`) from today on, soonest first, with `deadline_passed`.

    A meeting whose deadline has gone is still listed until it has happened: schools need to see
    when the panel sits even if it is too late to send a request for it. Requests are accepted
    until the end of the deadline day itself.
    """
    meetings = MappMeeting.objects.all() if meetings is None else meetings
    return (
        meetings.filter(meeting_date__gte=today)
        .annotate(
            deadline_passed=ExpressionWrapper(Q(submission_deadline__lt=today), output_field=BooleanField())
        )
        .order_by("meeting_date")
    )


def past_meetings(*, today: date, meetings: QuerySet[MappMeeting] | None = None) -> QuerySet[MappMeeting]:
    meetings = MappMeeting.objects.all() if meetings is None else meetings
    return meetings.filter(meeting_date__lt=today)


def next_open_meeting(*, today: date, upcoming: Iterable[MappMeeting] | None = None) -> MappMeeting | None:
    """The soonest meeting that still accepts requests: the first upcoming one whose deadline has not
    passed. `upcoming` is `upcoming_meetings(today=today)` when the caller has already fetched them."""
    meetings = upcoming_meetings(today=today) if upcoming is None else upcoming
    return next((meeting for meeting in meetings if not meeting.deadline_passed), None)


def calendar_meetings(*, today: date) -> QuerySet[MappMeeting]:
    """Meetings for the calendar feed: everything upcoming and the last year's meetings."""
    return MappMeeting.objects.filter(meeting_date__gte=today - CALENDAR_HISTORY).order_by("meeting_date")


def dated_capacities() -> list[PlacementCapacity]:
    """Every dated capacity, oldest first: a row per change of capacity, a handful in a decade."""
    return list(PlacementCapacity.objects.order_by("starts_on"))


def capacity_and_next_change(
    *, day: date, shown: bool = False
) -> tuple[PlacementCapacity | None, PlacementCapacity | None]:
    """The capacity in force on `day` (the latest started by then) and the first one dated after it.

    `shown`: for a public page, which reads the capacities remembered in the shared cache until one is
    next saved or deleted (each purges it: see apps.py), as `shown_school_calendar` does the calendar.
    """
    capacities = (
        page_cache.remember("placements:capacities", dated_capacities) if shown else dated_capacities()
    )
    in_force = [capacity for capacity in capacities if capacity.starts_on <= day]
    later = [capacity for capacity in capacities if capacity.starts_on > day]
    return (in_force[-1] if in_force else None, later[0] if later else None)


def capacity_on(*, day: date) -> PlacementCapacity | None:
    """The capacity in force on `day`: the latest one that started on or before it."""
    return capacity_and_next_change(day=day)[0]


def next_capacity_change(*, after: date) -> PlacementCapacity | None:
    """The first capacity announced to start after `after`, if one has been set."""
    return capacity_and_next_change(day=after)[1]


# Placement requests -----------------------------------------------------------------------------------


def _may_open_requests(membership):
    """A school member may open their own school's requests, and only with the referrer role."""
    return membership is not None and membership.can_refer


def _requests_of(*, school) -> QuerySet[PlacementRequest]:
    return PlacementRequest.objects.filter(school=school).select_related(
        "school", "meeting", "approved_by", "submitted_by"
    )


def placement_requests_for(*, membership) -> QuerySet[PlacementRequest]:
    """The requests a school member may open (see `_may_open_requests`)."""
    if not _may_open_requests(membership):
        return PlacementRequest.objects.none()
    return _requests_of(school=membership.school)


# Every page of a request reads it first: compiled once (a hundred columns and four related records).
_request_of_school = CompiledRead(
    lambda *, school, pk: _requests_of(school=school).filter(pk=pk),
    model=PlacementRequest,
    school=School,
    pk=int,
)


def placement_request_for(*, membership, pk) -> PlacementRequest | None:
    """The request `pk` if it is one `placement_requests_for` gives the member, else None."""
    if not _may_open_requests(membership):
        return None
    found = _request_of_school(school=membership.school, pk=pk)
    return found[0] if found else None


def decision_of(*, placement_request) -> PanelDecision | None:
    """The decision in force: the latest (a declined request asked for again is decided again)."""
    decisions = PanelDecision.objects.filter(request=placement_request).select_related("recommended_package")
    return decisions.order_by("-decided_at", "-pk").first()


def supporting_documents_of(*, placement_request) -> QuerySet[SupportingDocument]:
    return placement_request.documents.select_related("uploaded_by")


def orders_to_link(*, school):
    """The school's orders a request can name as outreach support already bought."""
    return school.orders.filter(status__in=HELD_STATUSES).order_by("-placed_at")


def missed_meeting(*, today: date) -> MappMeeting | None:
    """The soonest meeting still to happen whose last submission date has passed, if it comes before
    the next one open for requests: a request sent today goes to a later meeting than that one."""
    upcoming = upcoming_meetings(today=today).first()
    if upcoming is not None and upcoming.deadline_passed:
        return upcoming
    return None


def referrer_emails_of(*, school) -> list[str]:
    return list(
        Membership.objects.filter(school=school, is_referrer=True)
        .order_by("user__email")
        .values_list("user__email", flat=True)
    )


def status_history_of(*, placement_request):
    """The request's recorded changes, oldest first (who, when, from, to, why)."""
    return (
        ModelLogEntry.objects.for_instance(placement_request)
        .select_related("user")
        .order_by("timestamp", "pk")
    )


def requests_about_child_of(*, placement_request) -> QuerySet[PlacementRequest]:
    """Every request held about the child `placement_request` is about, itself included, oldest first.

    The same child means the same date of birth and either the same UPN (a pupil keeps it from school to
    school, and its check letter catches most typing mistakes) or, at the same school, the same legal
    first and last names. A request without a date of birth matches only itself: a name or UPN alone
    could be another child's. Other drafts stay out: a draft is its school's own until it is sent."""
    same_child = Q(pk__in=[])
    if placement_request.date_of_birth:
        if placement_request.upn:
            same_child |= Q(upn=placement_request.upn)
        if placement_request.legal_first_name and placement_request.legal_last_name:
            same_child |= Q(
                school_id=placement_request.school_id,
                legal_first_name__iexact=placement_request.legal_first_name,
                legal_last_name__iexact=placement_request.legal_last_name,
            )
        same_child &= Q(date_of_birth=placement_request.date_of_birth) & ~Q(status=RequestStatus.DRAFT)
    return (
        PlacementRequest.objects.filter(same_child | Q(pk=placement_request.pk))
        .select_related("school", "school__district", "meeting", "created_by", "submitted_by", "approved_by")
        .order_by("created_at", "pk")
    )


def decisions_of(*, placement_request) -> QuerySet[PanelDecision]:
    """Every decision on the request, the one in force first, with the actions each agreed."""
    return (
        PanelDecision.objects.filter(request=placement_request)
        .select_related("meeting", "recommended_package", "recorded_by")
        .prefetch_related("actions")
        .order_by("-decided_at", "-pk")
    )


def accesses_of(*, placement_request) -> QuerySet[RequestAccess]:
    """Who viewed, listed, downloaded or exported the request, oldest first."""
    return RequestAccess.objects.filter(request=placement_request).order_by("at", "pk")


def agenda_of(*, meeting) -> QuerySet[PlacementRequest]:
    """The requests on a meeting's agenda, in the order they were sent."""
    return (
        PlacementRequest.objects.filter(meeting=meeting, status=RequestStatus.ON_AGENDA)
        .select_related("school", "school__district")
        .order_by("submitted_at", "pk")
    )


def was_declined(*, placement_request) -> bool:
    """Whether the decision in force declined the request (so the school may ask the panel again)."""
    decision = decision_of(placement_request=placement_request)
    return decision is not None and decision.outcome == Outcome.DECLINE


def may_ask_again(*, placement_request, membership) -> bool:
    """Whether the member may ask the panel to look at the request again now."""
    return workflows.may(placement_request, "ask_again", membership) and was_declined(
        placement_request=placement_request
    )


def may_see_safeguarding(*, user) -> bool:
    """`user.has_perm(VIEW_SAFEGUARDING)` as Django's ModelBackend decides it (an active user; a superuser
    has every permission; otherwise granted directly or through a group), in one small query rather than
    the two that load every permission the user has."""
    if not user.is_active:
        return False
    if user.is_superuser:
        return True
    app_label, codename = VIEW_SAFEGUARDING.split(".")
    with connection.cursor() as cursor:
        cursor.execute(
            _granted_permission_sql(), {"user": user.pk, "app_label": app_label, "codename": codename}
        )
        return bool(cursor.fetchone()[0])


@functools.cache
def _granted_permission_sql():
    """Whether the user %(user)s holds the permission %(app_label)s.%(codename)s, directly or through a
    group. Written as SQL that starts from the user's own rows: the ORM's one query for both ways (joins
    from every permission, with an OR) took PostgreSQL longer to plan and to run than the page's other
    queries together, and Django longer to compile than this takes to run."""

    def table(model):
        return connection.ops.quote_name(model._meta.db_table)

    def column(model, field):
        return f"{table(model)}.{connection.ops.quote_name(model._meta.get_field(field).column)}"

    user_permission, user_group = User.user_permissions.through, User.groups.through
    group_permission = Group.permissions.through
    # Only quoted names from the models' metadata go into the text; values go in as parameters.
    the_permission = (
        f"SELECT {column(Permission, 'id')} FROM {table(Permission)} JOIN {table(ContentType)} "  # noqa: S608
        f"ON {column(ContentType, 'id')} = {column(Permission, 'content_type')} "
        f"WHERE {column(Permission, 'codename')} = %(codename)s "
        f"AND {column(ContentType, 'app_label')} = %(app_label)s"
    )
    return (
        f"SELECT EXISTS (SELECT 1 FROM {table(user_permission)} "  # noqa: S608
        f"WHERE {column(user_permission, 'user')} = %(user)s "
        f"AND {column(user_permission, 'permission')} IN ({the_permission})) "
        f"OR EXISTS (SELECT 1 FROM {table(user_group)} JOIN {table(group_permission)} "
        f"ON {column(group_permission, 'group')} = {column(user_group, 'group')} "
        f"WHERE {column(user_group, 'user')} = %(user)s "
        f"AND {column(group_permission, 'permission')} IN ({the_permission}))"
    )


def cleared_referrers_of(*, school) -> list[Membership]:
    """The school's referrers cleared for safeguarding information (directly, through a group, or as a
    superuser), by name: the colleagues who can complete a request's safeguarding section."""
    app_label, codename = VIEW_SAFEGUARDING.split(".")
    permission = Permission.objects.filter(content_type__app_label=app_label, codename=codename)
    cleared = (
        Q(user__is_superuser=True)
        | Q(user__user_permissions__in=permission)
        | Q(user__groups__permissions__in=permission)
    )
    return list(
        Membership.objects.filter(cleared, school=school, is_referrer=True, user__is_active=True)
        .distinct()
        .select_related("user")
        .order_by("user__first_name", "user__last_name", "user__email")
    )


def request_url(*, placement_request) -> str:
    """The request's page in the portal, for emails (whoever follows it must sign in with two-factor)."""
    return absolute_url(reverse("placement_requests:request", args=[placement_request.pk]))


# How far a request has got -----------------------------------------------------------------------------

# Each section's progress on the task list: its tag's words and look.
PROGRESS_TAGS = {
    "completed": ("Completed", "tag"),
    "in_progress": ("In progress", "tag tag--grey"),
    "optional": ("Optional", "tag tag--grey"),
    "not_started": ("Not yet started", "tag tag--grey"),
}


@dataclass(frozen=True)
class SectionProgress:
    section: object
    status: str  # a key of PROGRESS_TAGS
    missing: list[str]
    count: int | None

    @property
    def tag_label(self) -> str:
        label = PROGRESS_TAGS[self.status][0]
        return f"{label}: {self.count}" if self.status == "optional" and self.count else label

    @property
    def tag_class(self) -> str:
        return PROGRESS_TAGS[self.status][1]


def _list_counts(placement_request) -> dict[str, int]:
    return {
        section.list_of: getattr(placement_request, section.list_of).count()
        for section in SECTIONS
        if section.is_list
    }


def progress_of(*, placement_request) -> list[SectionProgress]:
    """Each section with its status on the task list and what it still lacks."""
    counts = _list_counts(placement_request)
    progress = []
    for section in SECTIONS:
        missing = missing_in(section, placement_request, counts=counts)
        if section.is_optional:
            status = "optional"
        elif not missing:
            status = "completed"
        elif is_started(section, placement_request, counts=counts):
            status = "in_progress"
        else:
            status = "not_started"
        progress.append(SectionProgress(section, status, missing, counts.get(section.list_of)))
    return progress


def missing_answers(*, placement_request) -> list[tuple[object, str]]:
    """(section, message) for everything the request lacks before it can be sent, sign-off apart."""
    return [
        (each.section, message)
        for each in progress_of(placement_request=placement_request)
        for message in each.missing
    ]


# Capacity by week -------------------------------------------------------------------------------------

# "The coming two terms", as weeks from this one.
CAPACITY_WEEKS = 26


@dataclass(frozen=True)
class CapacityWeek:
    week_starting: date
    places: int | None
    excluded_pupils: int
    placements: int = 0

    @property
    def pupils(self) -> int:
        return self.excluded_pupils + self.placements

    @property
    def free(self) -> int | None:
        return None if self.places is None else self.places - self.pupils

    @property
    def used_percent(self) -> int:
        if not self.places:
            return 0
        return min(100, round(100 * self.pupils / self.places))


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


def placements_at_the_unit(*, first: date, last: date) -> list[tuple[date, date]]:
    """(first, last day at the unit) of each placement holding a place between `first` and `last`: from
    its first day to its last day at the unit (or the day it ended, if sooner). A cancelled placement
    holds none; a pupil in reintegration is back at the home school. One query, which returns the spans
    alone: years of placements are not loaded to find the few in the weeks asked about."""
    last_at_unit = Subquery(
        PlacementDate.objects.filter(placement=OuterRef("pk"), milestone=Milestone.LAST_DAY_AT_UNIT).values(
            "on"
        )[:1]
    )
    # The sooner of the two that are known (LEAST is NULL on SQLite when either is).
    leaves = Least(Coalesce(last_at_unit, "ended_on"), Coalesce("ended_on", last_at_unit))
    return list(
        Placement.objects.exclude(status=PlacementStatus.CANCELLED)
        .filter(starts_on__lte=last)
        .annotate(leaves=leaves)
        .filter(leaves__gte=first)
        .values_list("starts_on", "leaves")
    )


def capacity_by_week(*, today: date, weeks: int = CAPACITY_WEEKS) -> list[CapacityWeek]:
    """From this week's Monday on: the places in force each week (capacity is dated) against the pupils
    sharing them: the permanently excluded pupils staff recorded for it and the placements at the unit."""
    first = monday_of(today)
    return capacity_of_weeks([first + timedelta(weeks=n) for n in range(weeks)])


def capacity_of_weeks(mondays: list[date]) -> list[CapacityWeek]:
    capacities = list(PlacementCapacity.objects.filter(starts_on__lte=mondays[-1]).order_by("starts_on"))
    excluded = dict(
        ExcludedPupilsWeek.objects.filter(week_starting__range=(mondays[0], mondays[-1])).values_list(
            "week_starting", "pupils"
        )
    )
    spans = placements_at_the_unit(first=mondays[0], last=mondays[-1] + timedelta(days=4))
    rows = []
    for monday in mondays:
        in_force = [capacity for capacity in capacities if capacity.starts_on <= monday]
        places = in_force[-1].places if in_force else None
        friday = monday + timedelta(days=4)
        placed = sum(1 for starts, leaves in spans if starts <= friday and leaves >= monday)
        rows.append(CapacityWeek(monday, places, excluded.get(monday, 0), placed))
    return rows


def weeks_without_a_place(*, first: date, last: date) -> list[CapacityWeek]:
    """The weeks from `first` to `last` with no place free for one more pupil (or no capacity set)."""
    mondays, monday = [], monday_of(first)
    while monday <= last:
        mondays.append(monday)
        monday += timedelta(weeks=1)
    return [week for week in capacity_of_weeks(mondays) if week.free is None or week.free < 1]


# The school year --------------------------------------------------------------------------------------


def school_calendar() -> SchoolCalendar:
    """The terms and closure days staff entered, as the plain data the timeline reads."""
    terms = tuple(
        Term(term.starts_on, term.ends_on, term.half_term_starts_on, term.half_term_ends_on, term.name)
        for term in SchoolTerm.objects.order_by("starts_on")
    )
    return SchoolCalendar(terms, dict(ClosureDay.objects.values_list("date", "reason")))


def shown_school_calendar() -> SchoolCalendar:
    """`school_calendar()` for a page that shows it, remembered in the shared cache until a term or a
    closure day is next saved or deleted (each purges it: see apps.py). What records or plans by it reads
    it afresh instead, so never checks against a copy another process has not yet seen purged."""
    return page_cache.remember("placements:school-calendar", school_calendar)


def school_calendar_for(*, recording: bool) -> SchoolCalendar:
    """The calendar a page reads: afresh when it records by it (a posted register), else as shown."""
    return school_calendar() if recording else shown_school_calendar()


def school_days_between(*, start: date, end: date) -> list[date]:
    """The school days from `start` to `end`, both included."""
    return school_calendar().school_days_between(start, end)


# Placements -------------------------------------------------------------------------------------------


def with_their_dates(placements: QuerySet[Placement]) -> QuerySet[Placement]:
    return placements.select_related("school", "request", "order").prefetch_related("dates")


# What the school's placement pages show of a placement's request. Its other columns (its sections, most
# of its 67) stay unread: read with the placement, they made PostgreSQL take longer to plan the page's
# query than to run all the others.
REQUEST_FIELDS_SHOWN_WITH_PLACEMENT = frozenset(
    {"id", "school", "status", "legal_first_name", "legal_last_name", "year_group", "concerns", "upn"}
)


def placements_for(*, membership) -> QuerySet[Placement]:
    """The placements a school member may open: their own school's, for the people who may see its
    requests (its referrers)."""
    if membership is None or not membership.can_refer:
        return Placement.objects.none()
    unshown = (
        f"request__{field.name}"
        for field in PlacementRequest._meta.concrete_fields
        if field.name not in REQUEST_FIELDS_SHOWN_WITH_PLACEMENT
    )
    return with_their_dates(Placement.objects.filter(school=membership.school)).defer(*unshown)


def placement_of(*, placement_request) -> Placement | None:
    return Placement.objects.filter(request=placement_request).first()


def started_placements_by_upn(*, upns: Iterable[str]) -> dict[str, list[Placement]]:
    """The placements that have started (under way or ended) of the pupils with these UPNs (as stored:
    capitals, no spaces), latest first under each UPN, with their dates: one read for a whole file of
    attendance."""
    placements = with_their_dates(
        Placement.objects.filter(
            request__upn__in=set(upns),
            status__in=(PlacementStatus.ACTIVE, PlacementStatus.REINTEGRATING, PlacementStatus.ENDED),
        ).order_by("-starts_on", "-pk")
    )
    by_upn = {}
    for placement in placements:
        by_upn.setdefault(placement.request.upn, []).append(placement)
    return by_upn


def overlapping_placement(*, placement_request, starts_on: date, ends_on: date) -> Placement | None:
    """A placement of the same child (see `requests_about_child_of`) still to come or under way, or
    ended, whose dates meet `starts_on` to `ends_on`."""
    same_child = requests_about_child_of(placement_request=placement_request)
    candidates = with_their_dates(
        Placement.objects.filter(request__in=same_child, starts_on__lte=ends_on).exclude(
            status=PlacementStatus.CANCELLED
        )
    )
    for placement in candidates:
        ends = placement.ended_on or placement.target_end_on
        if ends is None or ends >= starts_on:
            return placement
    return None


@dataclass(frozen=True)
class PlacementWeek:
    """A school week of a placement's weeks at the unit: its days there and its day at the home school."""

    number: int
    days_at_unit: list[date]
    day_at_home_school: date | None

    @property
    def days(self) -> list[date]:
        return sorted([*self.days_at_unit, *filter(None, [self.day_at_home_school])])


def placement_weeks(*, placement, calendar: SchoolCalendar | None = None) -> list[PlacementWeek]:
    """The weeks from the first to the last day at the unit (as the dates stand now), a week for each
    that has school days."""
    calendar = calendar or school_calendar()
    last = placement.last_day_at_unit or placement.starts_on
    by_week = {}
    for day in calendar.school_days_between(placement.starts_on, last):
        by_week.setdefault(monday_of(day), []).append(day)
    weeks = []
    for number, days in enumerate(by_week.values(), start=1):
        home = next((day for day in days if day.weekday() == placement.home_school_weekday), None)
        weeks.append(PlacementWeek(number, [day for day in days if day != home], home))
    return weeks


def placement_history_of(*, placement):
    """The placement's recorded changes, oldest first (who, when, from, to, why)."""
    return ModelLogEntry.objects.for_instance(placement).select_related("user").order_by("timestamp", "pk")


def unit_period(*, placement) -> tuple[date, date]:
    """The first and last day the pupil is registered at the unit: up to the last day at the unit, or the
    day the placement ended if that came first."""
    last = placement.last_day_at_unit or placement.starts_on
    if placement.ended_on is not None:
        last = min(last, placement.ended_on)
    return placement.starts_on, last


def kept_by_on(*, placement, day: date) -> str:
    """Whose register holds the pupil's sessions on `day`: the home school's on its weekday, the unit's
    on the others."""
    return KeptBy.HOME_SCHOOL if day.weekday() == placement.home_school_weekday else KeptBy.UNIT


def attendance_marks_of(
    *, placements: Iterable[Placement], days: Iterable[date]
) -> dict[tuple, AttendanceMark]:
    """The marks already recorded for these placements on these days, by (placement id, day, session)."""
    marks = AttendanceMark.objects.filter(placement__in=list(placements), date__in=set(days))
    return {(mark.placement_id, mark.date, mark.session): mark for mark in marks}


@dataclass(frozen=True)
class PlacementAttendance:
    overall: AttendanceFigures
    at_unit: AttendanceFigures
    at_home_school: AttendanceFigures


def figures_of_marks(sessions: Mapping[tuple[str, str], int]) -> PlacementAttendance:
    """The DfE's figures for the number of sessions recorded under each (kept_by, code): over them all,
    and over each register apart."""
    by_register = {KeptBy.UNIT: Counter(), KeptBy.HOME_SCHOOL: Counter()}
    for (kept_by, code), count in sessions.items():
        by_register[kept_by][code] += count
    return PlacementAttendance(
        overall=attendance_figures_of_counts(by_register[KeptBy.UNIT] + by_register[KeptBy.HOME_SCHOOL]),
        at_unit=attendance_figures_of_counts(by_register[KeptBy.UNIT]),
        at_home_school=attendance_figures_of_counts(by_register[KeptBy.HOME_SCHOOL]),
    )


def attendance_figures_of(*, placement) -> PlacementAttendance:
    """The placement's attendance so far, worked out as the DfE does: over every recorded session, and
    over the unit's and the home school's sessions apart. The database counts the sessions of each code."""
    counts = (
        AttendanceMark.objects.filter(placement=placement)
        .order_by()
        .values_list("kept_by", "code")
        .annotate(sessions=Count("pk"))
    )
    return figures_of_marks({(kept_by, code): sessions for kept_by, code, sessions in counts})


# A placement in these has no sessions to record: it never started, or never will.
UNSTARTED_STATUSES = (PlacementStatus.PLANNED, PlacementStatus.CANCELLED)


def due_at_unit_on(*, day: date) -> QuerySet[Placement]:
    """The started placements whose pupil is registered at the unit on `day` (their `unit_period` holds
    it), whichever register keeps that day, unordered (a register orders its lines by name).

    Only what a day's register and its absence alert read is loaded: the home school's weekday and the
    contacts told of an absence, with the pupil's names and the school's name as `pupil_first_name`,
    `pupil_last_name` and `school_name` rather than the whole referral and school (a referral has some 70
    columns, and making those objects was a third of the register's time). Any other field read from
    these asks the database again, once per placement."""
    still_at_unit = PlacementDate.objects.filter(
        placement=OuterRef("pk"), milestone=Milestone.LAST_DAY_AT_UNIT, on__gte=day
    )
    return (
        Placement.objects.exclude(status__in=UNSTARTED_STATUSES)
        .filter(Exists(still_at_unit), Q(ended_on__isnull=True) | Q(ended_on__gte=day), starts_on__lte=day)
        .annotate(
            pupil_first_name=F("request__legal_first_name"),
            pupil_last_name=F("request__legal_last_name"),
            school_name=F("school__name"),
        )
        .only("home_school_weekday", "dsl_email", "key_worker_email")
        .order_by()
    )


@dataclass(frozen=True)
class RecordedMark:
    """What a register page shows of a recorded session."""

    code: str
    note: str


@dataclass(frozen=True)
class RegisterRow:
    """A pupil's line on a day's register: the placement (from `due_at_unit_on`), the pupil's and the
    school's names, and the morning's and afternoon's marks, if any."""

    placement: Placement
    pupil_name: str
    school_name: str
    morning: RecordedMark | None
    afternoon: RecordedMark | None


@dataclass(frozen=True)
class GroupRegister:
    day: date
    closed_because: str | None  # why `day` is not a school day, or None
    at_unit: list[RegisterRow]  # the unit keeps their register that day
    at_home_school: list[RegisterRow]  # at their home school that day, which keeps it


def register_rows_of(
    placements: Iterable[Placement], *, marks: Mapping[tuple, RecordedMark]
) -> list[RegisterRow]:
    """Placements from `due_at_unit_on` as register lines, by the pupil's name, with their `marks` (by
    placement id and session)."""
    rows = [
        RegisterRow(
            placement,
            pupil_name_of(placement.pupil_first_name, placement.pupil_last_name),
            placement.school_name,
            marks.get((placement.pk, RegisterSession.MORNING)),
            marks.get((placement.pk, RegisterSession.AFTERNOON)),
        )
        for placement in placements
    ]
    return sorted(rows, key=lambda row: (row.pupil_name.lower(), row.placement.pk))


def group_register(*, day: date, calendar: SchoolCalendar | None = None) -> GroupRegister:
    """The day's register for the whole group: the pupils due at the unit, and apart those at their home
    school that day. Two queries, however many pupils and sessions there are."""
    calendar = calendar or school_calendar()
    placements = list(due_at_unit_on(day=day))
    recorded = AttendanceMark.objects.filter(date=day, placement__in=[each.pk for each in placements])
    marks = {
        (placement_id, session): RecordedMark(code, note)
        for placement_id, session, code, note in recorded.values_list(
            "placement_id", "session", "code", "note"
        )
    }
    return GroupRegister(
        day=day,
        closed_because=calendar.closed_because(day),
        at_unit=register_rows_of(
            (each for each in placements if kept_by_on(placement=each, day=day) == KeptBy.UNIT), marks=marks
        ),
        at_home_school=register_rows_of(
            (each for each in placements if kept_by_on(placement=each, day=day) == KeptBy.HOME_SCHOOL),
            marks=marks,
        ),
    )


def school_days_beside(*, day: date, calendar: SchoolCalendar) -> tuple[date | None, date | None]:
    """The school day before `day` and the one after it, within the terms entered (None past them)."""
    first, last = calendar.first_day, calendar.last_day
    if first is None:
        return None, None
    one_day = timedelta(days=1)
    before = (
        first_school_day_walking(calendar, start=min(day - one_day, last), stop=first)
        if day > first
        else None
    )
    after = (
        first_school_day_walking(calendar, start=max(day + one_day, first), stop=last) if day < last else None
    )
    return before, after


def first_school_day_walking(calendar: SchoolCalendar, *, start: date, stop: date) -> date | None:
    """The first school day met walking a day at a time from `start` to `stop` (both included), either
    way: a few steps from a day, rather than listing every school day of the terms to pick one out."""
    step = timedelta(days=1 if start <= stop else -1)
    for n in range(abs((stop - start).days) + 1):
        if calendar.is_school_day(each := start + n * step):
            return each
    return None


def home_school_code(*, registration: str, unit_code: str | None) -> str | None:
    """The code the home school enters in its own register for a session at the unit: "D" for a pupil
    registered at both (the unit's register holds the session); for a pupil on its roll only, "B" (an
    approved educational activity) when the pupil attended the unit, otherwise the unit's own code. None
    while the unit has recorded nothing for a pupil on the home school's roll only."""
    if registration == Registration.DUAL:
        return DUAL_REGISTERED_CODE
    if unit_code is None:
        return None
    return APPROVED_ACTIVITY_CODE if CODES[unit_code].attended else unit_code


@dataclass(frozen=True)
class RegisterSessionMark:
    session: str
    mark: RecordedMark | None
    home_school_code: str | None  # for the unit's sessions: the code for the home school's own register


@dataclass(frozen=True)
class RegisterDay:
    day: date
    kept_by: str
    sessions: list[RegisterSessionMark]


@dataclass(frozen=True)
class RegisterWeek:
    number: int
    days: list[RegisterDay]


@dataclass(frozen=True)
class PlacementRegister:
    weeks: list[RegisterWeek]
    figures: PlacementAttendance


def placement_register(*, placement, calendar: SchoolCalendar | None = None) -> PlacementRegister:
    """Every session of the pupil's time at the unit, both registers, by week (the marks recorded so
    far, and for the unit's sessions the home school's own code), with the attendance figures. One query
    for the marks (with the calendar given and the placement's dates prefetched), however many sessions
    there are."""
    calendar = calendar or school_calendar()
    recorded = list(
        AttendanceMark.objects.filter(placement=placement).values_list(
            "date", "session", "kept_by", "code", "note"
        )
    )
    marks = {(day, session): RecordedMark(code, note) for day, session, _, code, note in recorded}
    last = unit_period(placement=placement)[1]
    weeks = []
    for week in placement_weeks(placement=placement, calendar=calendar):
        days = []
        for day in (each for each in week.days if each <= last):
            kept_by = kept_by_on(placement=placement, day=day)
            sessions = []
            for session in RegisterSession.values:
                mark = marks.get((day, session))
                code = None
                if kept_by == KeptBy.UNIT:
                    code = home_school_code(registration=placement.registration, unit_code=mark and mark.code)
                sessions.append(RegisterSessionMark(session, mark, code))
            days.append(RegisterDay(day, kept_by, sessions))
        if days:
            weeks.append(RegisterWeek(week.number, days))
    return PlacementRegister(
        weeks=weeks,
        figures=figures_of_marks(Counter((kept_by, code) for _, _, kept_by, code, _ in recorded)),
    )


def home_school_days_to_record(
    *, placement, today: date, calendar: SchoolCalendar | None = None
) -> list[date]:
    """The days the home school keeps the pupil's register, from the first day at the unit up to today
    (or the end of the time at the unit), latest first."""
    calendar = calendar or school_calendar()
    first, last = unit_period(placement=placement)
    days = calendar.school_days_between(first, min(last, today))
    return [day for day in reversed(days) if kept_by_on(placement=placement, day=day) == KeptBy.HOME_SCHOOL]


def unexplained_absences_on(*, day: date, calendar: SchoolCalendar | None = None) -> list[Placement]:
    """The placements whose pupil is due at the unit on `day` and whose morning there is unmarked or
    marked absent without a reason."""
    rows = group_register(day=day, calendar=calendar).at_unit
    return [row.placement for row in rows if row.morning is None or row.morning.code in UNEXPLAINED]


def placement_attendance_url(*, placement) -> str:
    """The placement's attendance page in the portal, for emails (whoever follows it signs in with
    two-factor)."""
    return absolute_url(reverse("school_placements:attendance", args=[placement.pk]))


# Visits, targets and wellbeing -----------------------------------------------------------------------


@dataclass(frozen=True)
class HalfTerm:
    """One half of a school term: before its half-term break, or after it (a term with no break is one
    half)."""

    term: str
    half: int  # 1 or 2; 0 for a term with no break
    starts_on: date
    ends_on: date

    @property
    def name(self) -> str:
        return f"{self.term}, {('the whole term', 'first half', 'second half')[self.half]}"

    def holds(self, day: date) -> bool:
        return self.starts_on <= day <= self.ends_on


def half_terms(*, calendar: SchoolCalendar | None = None) -> list[HalfTerm]:
    """Every half term of the school year staff entered, in order."""
    calendar = calendar or school_calendar()
    halves = []
    for term in calendar.terms:
        if term.half_term_starts_on is None:
            halves.append(HalfTerm(term.name, 0, term.starts_on, term.ends_on))
            continue
        halves += [
            HalfTerm(term.name, 1, term.starts_on, term.half_term_starts_on - timedelta(days=1)),
            HalfTerm(term.name, 2, term.half_term_ends_on + timedelta(days=1), term.ends_on),
        ]
    return halves


@dataclass(frozen=True)
class VisitsDue:
    missed: list[HalfTerm]  # half terms the placement spanned that ended with no visit
    # The end of the next half term still to visit in (or the placement's end, if sooner), while it runs.
    next_due_by: date | None


def visits_due(*, placement, today: date, calendar: SchoolCalendar | None = None) -> VisitsDue:
    """The partnership guidance has the home school visit at least once every half term: which half terms
    from the placement's first day to today (up to its end) passed with no visit dated inside them, and
    by when the next visit is due: the end of this half term, or of the placement if that comes first."""
    if placement.status in (PlacementStatus.PLANNED, PlacementStatus.CANCELLED):
        return VisitsDue([], None)
    ends = placement.ended_on or placement.target_end_on or today
    visited = [visit.visited_on for visit in placement.visits.all()]
    spanned = [
        half
        for half in half_terms(calendar=calendar)
        if half.ends_on >= placement.starts_on and half.starts_on <= ends
    ]
    unvisited = [half for half in spanned if not any(half.holds(day) for day in visited)]
    upcoming = (half for half in unvisited if half.ends_on >= today)
    running = placement.status != PlacementStatus.ENDED and ends >= today
    return VisitsDue(
        missed=[half for half in unvisited if half.ends_on < today],
        next_due_by=next((min(half.ends_on, ends) for half in upcoming), None) if running else None,
    )


@dataclass(frozen=True)
class TargetProgresses:
    target: PlacementTarget
    at_review: TargetProgress | None
    at_end: TargetProgress | None


def targets_of(*, placement) -> list[TargetProgresses]:
    """The placement's targets in order, each with its progress at the review and at the end."""
    targets = PlacementTarget.objects.filter(placement=placement).prefetch_related("progress")
    return [
        TargetProgresses(
            target=target,
            at_review=next((each for each in target.progress.all() if each.stage == Stage.REVIEW), None),
            at_end=next((each for each in target.progress.all() if each.stage == Stage.END), None),
        )
        for target in targets
    ]


@dataclass(frozen=True)
class Wellbeing:
    scale: str
    lowest: int
    highest: int
    by_stage: list[tuple[Stage, WellbeingScore | None]]  # the start, the review and the end

    @property
    def scores(self) -> list[WellbeingScore]:
        return [score for _, score in self.by_stage if score is not None]

    @property
    def chart(self) -> BarChart:
        return bar_chart(
            [(stage.label, score.score if score else None) for stage, score in self.by_stage],
            lowest=self.lowest,
            highest=self.highest,
        )


def shown_placement_terms() -> PlacementTerms:
    """The placement terms for a page that shows them, remembered in the shared cache until they are
    next saved (which purges it: see apps.py)."""
    return page_cache.remember("placements:placement-terms", PlacementTerms.load)


def wellbeing_of(*, placement, terms=None) -> Wellbeing:
    """The wellbeing measure taken at each stage of the placement (None for one not taken yet), on the
    scale of the placement terms."""
    terms = terms or shown_placement_terms()
    taken = {score.stage: score for score in WellbeingScore.objects.filter(placement=placement)}
    return Wellbeing(
        scale=terms.wellbeing_scale,
        lowest=terms.wellbeing_lowest,
        highest=terms.wellbeing_highest,
        by_stage=[(stage, taken.get(stage)) for stage in Stage],
    )


# The end-of-placement report and the inspection summary ----------------------------------------------


def report_of(*, placement) -> PlacementReport | None:
    """The report on `placement`, draft or published, if one has been written."""
    return PlacementReport.objects.filter(placement=placement).first()


def published_report_of(*, placement) -> PlacementReport | None:
    """The report the home school may read: only a published one. Read through the placement, so a
    placement fetched with `select_related("report")` asks nothing more."""
    report = one_to_one_or_none(placement, "report")
    return report if report is not None and report.status == ReportStatus.PUBLISHED else None


def review_of(*, placement) -> ReviewMeeting | None:
    """The placement's review meeting, once held (recorded); free with `select_related("review")`."""
    return one_to_one_or_none(placement, "review")


def one_to_one_or_none(instance, name: str):
    """The row at the other end of a reverse one-to-one relation `name`, or None when there is none."""
    try:
        return getattr(instance, name)
    except ObjectDoesNotExist:
        return None


@dataclass(frozen=True)
class InspectionSummary:
    """What an inspector asks the home school about a placed pupil, on one page: why, where, the purpose,
    the dates, attendance, progress and wellbeing, the key worker, the safeguarding lead (None for
    someone not cleared for safeguarding information), the pupil's category and the commissioning."""

    placement: Placement
    decision: PanelDecision
    attendance: PlacementAttendance
    targets: list[TargetProgresses]
    wellbeing: Wellbeing
    terms: PlacementTerms
    visits: list[KeyWorkerVisit]
    safeguarding_lead: tuple[str, str] | None
    invoice: Invoice | None
    report: PlacementReport | None

    @property
    def review_on(self) -> date | None:
        return self.placement.date_of(Milestone.REVIEW_MEETING)


# What the inspection summary reads through its placement: fetched with it, they cost no query of their own.
SUMMARY_RELATED = ("decision__meeting", "order__invoice", "report")


def inspection_summary_of(*, placement, user) -> InspectionSummary:
    """The inspection summary of `placement` (best fetched with `select_related(*SUMMARY_RELATED)`) as
    `user` may see it. Its number of queries does not grow with the placement's attendance marks,
    targets or visits."""
    cleared = may_see_safeguarding(user=user)
    terms = shown_placement_terms()
    return InspectionSummary(
        placement=placement,
        decision=placement.decision,
        attendance=attendance_figures_of(placement=placement),
        targets=targets_of(placement=placement),
        wellbeing=wellbeing_of(placement=placement, terms=terms),
        terms=terms,
        visits=list(KeyWorkerVisit.objects.filter(placement=placement).order_by("-visited_on", "-pk")),
        safeguarding_lead=(placement.dsl_name, placement.dsl_email) if cleared else None,
        invoice=one_to_one_or_none(placement.order, "invoice") if placement.order_id else None,
        report=published_report_of(placement=placement),
    )


# The yearly figures -----------------------------------------------------------------------------------

RETURNED_TO_MAINSTREAM = (PlacementOutcome.REINTEGRATED, PlacementOutcome.RETURNED_EARLY)


@dataclass(frozen=True)
class OutcomeCount:
    """Placements with one outcome, by whether the pupil had an EHC plan (as the request said)."""

    with_ehc_plan: int
    without_ehc_plan: int

    @property
    def total(self) -> int:
        return self.with_ehc_plan + self.without_ehc_plan


@dataclass(frozen=True)
class PlacementOutcomes:
    returned_to_mainstream: OutcomeCount  # reintegration complete, or returned to the home school early
    moved_to_specialist: OutcomeCount
    other: int

    @property
    def total(self) -> int:
        return self.returned_to_mainstream.total + self.moved_to_specialist.total + self.other


def placement_outcomes(*, first: date, last: date, categories=None) -> PlacementOutcomes:
    """How the placements that ended from `first` to `last` (both included) turned out, for the yearly
    figures: back in mainstream school or moved to specialist provision, each with and without an EHC
    plan, and the others; only those of the pupil `categories` given, if any. A cancelled placement never
    took place and is not counted. One query."""
    ehc_plan = Q(request__ehc_plan_status=EhcPlanStatus.PLAN)
    groups = {
        "mainstream": Q(outcome__in=RETURNED_TO_MAINSTREAM),
        "specialist": Q(outcome=PlacementOutcome.SPECIALIST),
    }
    ended = Placement.objects.filter(status=PlacementStatus.ENDED, ended_on__range=(first, last))
    if categories is not None:
        ended = ended.filter(category__in=categories)
    counts = ended.aggregate(
        total=Count("pk"),
        **{f"{name}_ehc": Count("pk", filter=group & ehc_plan) for name, group in groups.items()},
        **{f"{name}_no_ehc": Count("pk", filter=group & ~ehc_plan) for name, group in groups.items()},
    )
    mainstream, specialist = (
        OutcomeCount(counts[f"{name}_ehc"], counts[f"{name}_no_ehc"]) for name in groups
    )
    return PlacementOutcomes(
        returned_to_mainstream=mainstream,
        moved_to_specialist=specialist,
        other=counts["total"] - mainstream.total - specialist.total,
    )
