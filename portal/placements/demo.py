"""Demo panel meetings, dated capacity, the school year, the placements page and (with DEBUG on)
placement requests and placements.

The meeting dates are the unit's published 2023-24 panel table moved forward by exactly 156 weeks,
which keeps every weekday and each meeting's own deadline gap, so the demo has past and future dates.
"""

from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.contrib.auth.models import Permission
from django.utils import timezone

from common.demo import (
    ACCENT,
    SAND,
    TEAL,
    TEAL_DARK,
    Illustration,
    ensure_child_page,
    rich_text,
    site_root,
    stream,
)
from common.errors import DomainError
from portal.placements import demo_progress, demo_reports, selectors
from portal.placements.demo_attendance import load_attendance
from portal.placements.models import (
    ChildPlan,
    ClosureDay,
    EhcPlanStatus,
    MappMeeting,
    Milestone,
    Outcome,
    PanelMember,
    Placement,
    PlacementCapacity,
    PlacementOutcome,
    PlacementRequest,
    PlacementsPage,
    PupilCategory,
    SchoolTerm,
    Sex,
    Weekday,
)
from portal.placements.sections import SECTIONS_BY_SLUG
from portal.placements.services import decisions as decision_services
from portal.placements.services import placements as placement_services
from portal.placements.services import requests as request_services
from portal.placements.services.mapp import mapp_meeting_create, placement_capacity_create
from portal.placements.services.pupil_rules import (
    birthdays_in_year_group,
    primary_year_group,
    upn_check_letter,
)
from portal.schools.models import District, Membership, Role, School
from portal.users.demo import demo_login
from portal.users.models import User

SEED_SHIFT = timedelta(weeks=156)
# (last date to submit a request, meeting date) as published; one deadline is only a week before.
SEED_MEETINGS = [
    (date(2023, 4, 25), date(2023, 5, 9)),
    (date(2023, 6, 20), date(2023, 7, 4)),
    (date(2023, 9, 5), date(2023, 9, 19)),
    (date(2023, 10, 31), date(2023, 11, 14)),
    (date(2024, 1, 16), date(2024, 1, 23)),
    (date(2024, 2, 27), date(2024, 3, 12)),
    (date(2024, 4, 30), date(2024, 5, 14)),
    (date(2024, 6, 25), date(2024, 7, 9)),
]
CAPACITY = [(date(2024, 9, 1), 32), (date(2025, 9, 1), 36)]


def _draw_calendar(draw, width, height):
    """A month's page of a calendar, with the panel's days picked out."""
    left, top, right, bottom = width * 0.2, height * 0.1, width * 0.8, height * 0.9
    draw.rectangle((left, top, right, bottom), fill="#ffffff", outline=TEAL_DARK, width=8)
    draw.rectangle((left, top, right, top + height * 0.14), fill=TEAL)
    columns, rows = 7, 5
    cell_width = (right - left) / columns
    cell_height = (bottom - top - height * 0.14) / rows
    for row in range(rows):
        for column in range(columns):
            x = left + column * cell_width + 14
            y = top + height * 0.14 + row * cell_height + 14
            marked = (row, column) in {(1, 2), (3, 4)}
            draw.rectangle((x, y, x + cell_width - 28, y + cell_height - 28), fill=ACCENT if marked else SAND)


CALENDAR = Illustration(
    title="A calendar with the panel's days marked",
    alt="A drawing of a calendar page with two days picked out in orange, like the panel's meeting days.",
    draw=_draw_calendar,
)


def load(*, stdout):
    # Each table is filled only while it is empty, so dates staff have edited or deleted stay that way.
    if not MappMeeting.objects.exists():
        for deadline, meeting_date in SEED_MEETINGS:
            mapp_meeting_create(
                meeting_date=meeting_date + SEED_SHIFT, submission_deadline=deadline + SEED_SHIFT
            )
        stdout.write(f"Created {len(SEED_MEETINGS)} panel meetings.")
    if not PlacementCapacity.objects.exists():
        for starts_on, places in CAPACITY:
            placement_capacity_create(starts_on=starts_on, places=places)
        stdout.write("Created the placement capacity.")
    ensure_child_page(
        site_root(),
        PlacementsPage,
        slug="placements",
        title="Placements and panel dates",
        menu_label="Placements",
        show_in_menus=True,
        illustration=CALENDAR,
        intro=(
            "How a short placement with us works, who decides on requests, and the dates by which "
            "schools need to send them."
        ),
        body=_body(),
        outcomes=_outcomes(),
    )
    _load_panel(stdout)
    _load_school_year(stdout)
    if settings.DEBUG:
        _load_requests(stdout)
        _load_placements(stdout)
    else:
        stdout.write("DEBUG is off: no demo placement requests or placements were created.")


def _body():
    return stream(
        ("heading", {"text": "Why placements exist", "level": "h2"}),
        (
            "paragraph",
            rich_text(
                "We would always rather a child stayed in their own school, and most of our work is "
                "helping schools make that happen. Sometimes, though, a child's social, emotional and "
                "mental health needs call for a short spell in a small group with very experienced "
                "staff. A referral placement gives them that, with a clear plan for going back.",
            ),
        ),
        ("heading", {"text": "During the placement", "level": "h2"}),
        (
            "paragraph",
            rich_text(
                "Most of each week is spent with us, where staff put the agreed individual provision "
                "into practice. One day a week the child goes to their own school, so friendships and "
                "routines there are kept up.",
                "Key adults from the child's school are expected to visit us while the placement runs, "
                "to see the strategies working and take them back to their classroom.",
                "At the end of the placement the child returns to their school over a short "
                "reintegration period, with our staff making supported visits. The school receives a "
                "report with recommendations and an agreed plan for the return.",
            ),
        ),
        ("heading", {"text": "Who decides: the Multi-Agency Planning Panel", "level": "h2"}),
        (
            "paragraph",
            rich_text(
                "Requests are considered by a panel that meets every half term, so that places go "
                "fairly to the children who need them most. The panel brings together:"
            )
            + "<ul>"
            "<li>a head teacher from each district</li>"
            "<li>each district's lead for safeguarding</li>"
            "<li>the pupil access team</li>"
            "<li>the local authority's lead for alternative provision</li>"
            "<li>a special educational needs and disability (SEND) officer</li>"
            "<li>our headteacher and deputy headteacher</li>"
            "<li>our outreach manager</li>"
            "</ul>",
        ),
        (
            "callout",
            {
                "title": "Hearing the outcome",
                "text": rich_text(
                    "The safeguarding lead for your district contacts your school to tell you what the "
                    "panel decided."
                ),
            },
        ),
        ("heading", {"text": "How to ask for a placement", "level": "h2"}),
        (
            "paragraph",
            rich_text(
                'To request a placement, <a href="/portal/">sign in to the schools portal</a> and '
                "send the request before the last date for the meeting you are aiming for. Requests "
                "that arrive later go to the following meeting.",
            ),
        ),
    )


def _outcomes():
    return stream(
        (
            "paragraph",
            rich_text("After talking a request through, the panel will do one of the following.") + "<ul>"
            "<li><b>Offer a placement</b> when a place is available.</li>"
            "<li><b>Decline, with recommendations</b> for the school to put in place. If the school "
            "still asks for a placement, the request is looked at again at the next panel meeting.</li>"
            "<li><b>Recommend something else</b>, such as input from a specialist service or one of "
            "our outreach programmes.</li>"
            "<li><b>Defer</b> the decision to a later meeting.</li>"
            "</ul>",
        ),
    )


# Placement requests ------------------------------------------------------------------------------------

OAKFIELD_URN, RIVERSIDE_URN = "900101", "900202"
OAKFIELD_REFERRER = "senco@oakfield-primary.test"
OAKFIELD_HEAD = "head@oakfield-primary.test"
RIVERSIDE_HEAD = "head@riverside-primary.test"
STAFF_EMAIL = "admin@stepping-stones.test"


def _load_requests(stdout):
    """From Oakfield a draft and a request on the next meeting's agenda; from Riverside one the panel
    returned for more information, and one it decided (an offer) at its last meeting. Only while neither
    school has any, so requests tried out in the demo stay."""
    oakfield = School.objects.filter(urn=OAKFIELD_URN).first()
    riverside = School.objects.filter(urn=RIVERSIDE_URN).first()
    if oakfield is None or riverside is None:
        return
    if PlacementRequest.objects.filter(school__in=[oakfield, riverside]).exists():
        return
    today = timezone.localdate()
    oakfield_head = _senior_leader(oakfield, OAKFIELD_HEAD, stdout)
    riverside_head = _senior_leader(riverside, RIVERSIDE_HEAD, stdout)
    referrer = Membership.objects.get(school=oakfield, user__email=OAKFIELD_REFERRER)

    draft = request_services.placement_request_start(membership=referrer)
    _answer(draft, referrer.user, today, "pupil", _pupil("Demo", "Pupil One", year_group=2, today=today))
    _answer(draft, referrer.user, today, "reasons", {"concerns": DRAFT_CONCERNS})
    stdout.write(f"Created the draft placement request {draft.reference} for Oakfield.")

    submitted = _complete_request(oakfield, oakfield_head.user, "Pupil Two", year_group=5, today=today)
    if _send(submitted, oakfield_head, today, stdout):
        request_services.placement_request_place_on_agenda(
            placement_request=submitted, user=User.objects.filter(email=STAFF_EMAIL).first()
        )
        stdout.write(f"Put Oakfield's request {submitted.reference} on the next panel meeting's agenda.")

    returned = _complete_request(riverside, riverside_head.user, "Pupil Three", year_group=3, today=today)
    if _send(returned, riverside_head, today, stdout):
        request_services.placement_request_return_for_information(
            placement_request=returned,
            user=User.objects.filter(email=STAFF_EMAIL).first(),
            what_is_needed=RETURNED_BECAUSE,
        )
        stdout.write(f"Returned Riverside's request {returned.reference} for more information.")

    last_meeting = selectors.past_meetings(today=today).order_by("meeting_date").last()
    if last_meeting is not None:
        written_on = last_meeting.submission_deadline - timedelta(days=1)
        decided = _complete_request(
            riverside, riverside_head.user, "Pupil Four", year_group=4, today=written_on
        )
        if _send(decided, riverside_head, last_meeting.submission_deadline, stdout):
            _decide_offer(decided, staff=User.objects.filter(email=STAFF_EMAIL).first(), meeting=last_meeting)
            stdout.write(f"Recorded the panel's offer on Riverside's request {decided.reference}.")


def _senior_leader(school, email, stdout):
    """The school's head teacher: a referrer, its senior leader, and cleared for safeguarding information."""
    user = demo_login(email, stdout)
    membership, _ = Membership.objects.get_or_create(
        user=user, school=school, defaults={Membership.role_field(Role.REFERRER): True}
    )
    membership.is_referrer = membership.is_senior_leader = True
    membership.save(update_fields=["is_referrer", "is_senior_leader"])
    user.user_permissions.add(Permission.objects.get(codename="view_safeguarding"))
    return membership


def _answer(placement_request, user, today, slug, values):
    request_services.placement_request_section_save(
        placement_request=placement_request,
        section=SECTIONS_BY_SLUG[slug],
        values=values,
        user=user,
        today=today,
    )


def _pupil(first_name, last_name, *, year_group, today):
    serial = f"{9000 + year_group:04d}"
    digits = f"90010126{serial}"
    return {
        "legal_first_name": first_name,
        "legal_last_name": last_name,
        "date_of_birth": birthdays_in_year_group(year_group, today=today)[0] + timedelta(days=75),
        "year_group": primary_year_group(year_group),
        "sex": Sex.MALE if year_group % 2 else Sex.FEMALE,
        "upn": upn_check_letter(digits) + digits,
        "home_address": "1 Example Road\nNorthtown\nNT1 9ZZ",
        "previous_schools": "",
        "pupil_premium": True,
        "free_school_meals": True,
        "first_language": "English",
        "interpreter_needed": False,
    }


DRAFT_CONCERNS = (
    "Since the spring, outbursts in class have become more frequent and now happen most afternoons; "
    "the pupil has left the classroom without permission several times this half term."
)
RETURNED_BECAUSE = (
    "Please add the most recent report from the educational psychologist and the dates of the "
    "reviews of the current support plan."
)


def _complete_request(school, user, last_name, *, year_group, today):
    """A request with every section answered (as a cleared referrer would), ready for sign-off."""
    membership = Membership.objects.get(school=school, user=user)
    placement_request = request_services.placement_request_start(membership=membership)
    week_ago = today - timedelta(days=7)
    answers = {
        "pupil": _pupil("Demo", last_name, year_group=year_group, today=today),
        "consent": {
            "consent_to_referral": True,
            "consent_to_referral_on": week_ago,
            "consent_to_sharing": True,
            "consent_to_sharing_on": week_ago,
        },
        "needs": {
            "need_semh": True,
            "need_communication": True,
            "ehc_plan_status": EhcPlanStatus.REQUESTED,
            "ehc_plan_date": today - timedelta(days=40),
            "sen_support": True,
            "diagnoses": "Assessment for ADHD under way with the community paediatrician.",
        },
        "reasons": {
            "concerns": "Daily dysregulation, two suspensions this term, and lessons often stopped.",
            "strengths": "Loves practical maths and looking after the school's garden.",
            "pupil_views": "Says the classroom is too noisy and that they want to be able to calm down.",
            "parent_views": "The family want support so their child can stay in mainstream school.",
        },
        "attendance": {
            "attendance_percent": Decimal("86.0"),
            "suspensions": 2,
            "suspension_days": Decimal("3.0"),
            "exclusion_history": "Two fixed-term suspensions this school year, for physical aggression.",
        },
        "safeguarding": {
            "dsl_name": "Designated safeguarding lead",
            "dsl_contact": f"dsl@{school.finance_email.split('@')[1]}",
            "social_care_involved": False,
            "child_plan": ChildPlan.NONE,
            "looked_after": False,
            "early_help_assessment": True,
            "camhs_involved": False,
        },
        "category": {"category": PupilCategory.ALTERNATIVE_TO_EXCLUSION},
        "what-works": {
            "triggers": "Unstructured times, sudden changes, being told off in front of others.",
            "strategies": "A visual timetable, a named adult, and time in a quiet space with a timer.",
            "risk_assessment": "Some risk of leaving the room; a second adult is near at transitions.",
        },
        "travel": {
            "travel_arrangements": "Taxi arranged by the local authority, with a passenger assistant.",
            "travel_arranged_by": "The local authority's home-to-school transport team",
        },
        "key-worker": {
            "key_worker_name": "Learning mentor",
            "key_worker_role": "Learning mentor and key worker",
            "key_worker_email": f"mentor@{school.finance_email.split('@')[1]}",
            "governing_board_approved": True,
            "governing_board_approved_on": today - timedelta(days=3),
        },
    }
    for slug, values in answers.items():
        _answer(placement_request, user, today, slug, values)
    for slug, values in [
        ("parents", {"name": "Parent", "relationship": "Mother", "phone": "01000 900900"}),
        ("professionals", {"name": "Educational psychologist", "role": "Local authority EP service"}),
        (
            "interventions",
            {"description": "Nurture group", "duration": "Two terms", "impact": "Calmer mornings."},
        ),
        (
            "interventions",
            {"description": "Zones of regulation", "duration": "One term", "impact": "Some use."},
        ),
    ]:
        request_services.placement_request_item_add(
            placement_request=placement_request, section=SECTIONS_BY_SLUG[slug], values=values, user=user
        )
    return placement_request


def _decide_offer(placement_request, *, staff, meeting):
    request_services.placement_request_place_on_agenda(placement_request=placement_request, user=staff)
    decision_services.placement_request_decide(
        placement_request=placement_request,
        user=staff,
        outcome=Outcome.OFFER,
        reasons=(
            "The school's graduated approach is well evidenced, and a short placement with a planned return "
            "gives the pupil the best chance of staying in mainstream school."
        ),
        lead_professional="The unit's outreach manager",
        actions=[
            decision_services.Action(
                "Hold the start meeting with the family",
                "The unit's deputy head",
                meeting.meeting_date + timedelta(days=7),
            ),
            decision_services.Action(
                "Send the current support plan to the unit",
                "The school's SENCo",
                meeting.meeting_date + timedelta(days=5),
            ),
        ],
    )


def _send(placement_request, head, today, stdout):
    request_services.placement_request_sign_off(placement_request=placement_request, membership=head)
    try:
        request_services.placement_request_submit(
            placement_request=placement_request, membership=head, today=today
        )
    except DomainError as error:
        stdout.write(f"Left {placement_request.reference} unsent: {error.message}")
        return False
    return True


# The panel ---------------------------------------------------------------------------------------------

# (name, role, district code or "", agency, email): roles, not people, as the demo's names.
PANEL_MEMBERS = [
    ("District 1 head teacher", "Head teacher", "D1", "", "head.d1@panel.test"),
    ("District 2 head teacher", "Head teacher", "D2", "", "head.d2@panel.test"),
    ("District 1 safeguarding lead", "Lead for safeguarding", "D1", "", "safeguarding@district1.test"),
    ("District 2 safeguarding lead", "Lead for safeguarding", "D2", "", "safeguarding@district2.test"),
    ("Pupil Access officer", "Pupil Access", "", "Local authority", "pupil.access@la.test"),
    ("Alternative provision lead", "AP lead", "", "Local authority", "ap.lead@la.test"),
    ("SEND officer", "SEND officer", "", "Local authority", "send@la.test"),
    ("Headteacher", "Head of the unit", "", "Stepping Stones", "head@stepping-stones.test"),
    ("Deputy headteacher", "Deputy head of the unit", "", "Stepping Stones", "deputy@stepping-stones.test"),
    ("Outreach manager", "Outreach manager", "", "Stepping Stones", "outreach@stepping-stones.test"),
]
PAST_MINUTES = (
    "The panel considered the requests on the agenda in turn, heard from each school's key worker where "
    "one attended, and agreed the decisions and actions recorded against each request. Capacity for the "
    "coming half term was reviewed against the pupils in placement."
)


def _load_panel(stdout):
    """The panel's members and, for meetings already held, who sat and the minutes. Only while there are
    no members, so what staff have changed stays."""
    if PanelMember.objects.exists():
        return
    districts = {district.code: district for district in District.objects.all()}
    members = [
        PanelMember.objects.create(
            name=name, role=role, district=districts.get(code), agency=agency, email=email
        )
        for name, role, code, agency, email in PANEL_MEMBERS
    ]
    chair, minute_taker = members[7], members[9]
    today = timezone.localdate()
    for meeting in selectors.upcoming_meetings(today=today):
        meeting.invited.set(members)
        meeting.chair, meeting.minute_taker = chair, minute_taker
        meeting.save(update_fields=["chair", "minute_taker"])
    for meeting in selectors.past_meetings(today=today):
        meeting.invited.set(members)
        meeting.attended.set(members[:2] + members[4:])
        meeting.chair, meeting.minute_taker, meeting.minutes = chair, minute_taker, PAST_MINUTES
        meeting.save(update_fields=["chair", "minute_taker", "minutes"])
    stdout.write(f"Created {len(members)} panel members and the minutes of past meetings.")


# The school year and placements ------------------------------------------------------------------------


def _weekday_on_or_after(day):
    return day + timedelta(days=max(0, 7 - day.weekday()) if day.weekday() >= 5 else 0)


def _friday_on_or_before(day):
    return day - timedelta(days=(day.weekday() - 4) % 7)


def _week_of(day):
    """The Monday on or before `day` and the Friday after it: a half-term week."""
    monday = day - timedelta(days=day.weekday())
    return monday, monday + timedelta(days=4)


def _terms_of_school_year(first_year):
    """An English school year's three terms, by the usual pattern (the dates staff enter each year
    are the local authority's own)."""
    second_year = first_year + 1
    return [
        (
            f"Autumn {first_year}",
            _weekday_on_or_after(date(first_year, 9, 2)),
            _friday_on_or_before(date(first_year, 12, 20)),
            _week_of(date(first_year, 10, 27)),
        ),
        (
            f"Spring {second_year}",
            _weekday_on_or_after(date(second_year, 1, 6)),
            _friday_on_or_before(date(second_year, 3, 28)),
            _week_of(date(second_year, 2, 17)),
        ),
        (
            f"Summer {second_year}",
            _weekday_on_or_after(date(second_year, 4, 14)),
            _friday_on_or_before(date(second_year, 7, 22)),
            _week_of(date(second_year, 5, 29)),
        ),
    ]


def _load_school_year(stdout):
    """Last school year, this one and the next, with an INSET day before each autumn half term; only
    while no term is entered, so the dates staff enter stay."""
    if SchoolTerm.objects.exists():
        return
    today = timezone.localdate()
    this_year = today.year if today.month >= 8 else today.year - 1
    for first_year in (this_year - 1, this_year, this_year + 1):
        for name, starts_on, ends_on, (half_term_starts_on, half_term_ends_on) in _terms_of_school_year(
            first_year
        ):
            SchoolTerm.objects.create(
                name=name,
                starts_on=starts_on,
                ends_on=ends_on,
                half_term_starts_on=half_term_starts_on,
                half_term_ends_on=half_term_ends_on,
            )
            if name.startswith("Autumn"):
                ClosureDay.objects.create(date=half_term_starts_on - timedelta(days=3), reason="INSET day")
    stdout.write("Created three school years of terms and closure days.")


def _arrangements(starts_on, *, category, school):
    domain = school.name.split()[0].lower()
    return placement_services.Arrangements(
        starts_on=starts_on,
        home_school_weekday=Weekday.FRIDAY,
        category=category,
        purpose=(
            "Learn to manage strong feelings in a small group, rebuild a positive relationship with "
            "learning, and return to class full time with a plan the school can keep to."
        ),
        key_worker_name="Learning mentor",
        key_worker_email=f"mentor@{domain}-primary.test",
        dsl_name="Deputy head teacher (designated safeguarding lead)",
        dsl_email=f"dsl@{domain}-primary.test",
    )


def _load_placements(stdout):
    """Riverside's offered request becomes a placement in its sixth week; Oakfield gets a finished
    placement from an offer made at an earlier panel. Only while neither school has a placement."""
    oakfield = School.objects.filter(urn=OAKFIELD_URN).first()
    riverside = School.objects.filter(urn=RIVERSIDE_URN).first()
    staff = User.objects.filter(email=STAFF_EMAIL).first()
    if oakfield is None or riverside is None:
        return
    if Placement.objects.filter(school__in=[oakfield, riverside]).exists():
        return
    today = timezone.localdate()
    calendar = selectors.school_calendar()
    try:
        _riverside_placement(riverside, staff, today, calendar, stdout)
        _oakfield_placement(oakfield, staff, today, calendar, stdout)
        demo_progress.load(riverside=riverside, oakfield=oakfield, stdout=stdout)
    except DomainError as error:
        stdout.write(f"No demo placements: {error.message}")


def _riverside_placement(riverside, staff, today, calendar, stdout):
    offered = PlacementRequest.objects.filter(
        school=riverside, decisions__outcome=Outcome.OFFER, placement__isnull=True
    ).first()
    if offered is None:
        return
    # The week of the next school day is its sixth: it started five school weeks before, on a Monday
    # (or the first school day after it).
    next_school_day = next(calendar.school_days_from(today))
    starts_on = next_school_day - timedelta(days=next_school_day.weekday())
    weeks_back = 0
    while weeks_back < 5:
        starts_on -= timedelta(weeks=1)
        weeks_back += bool(calendar.school_days_between(starts_on, starts_on + timedelta(days=4)))
    placement = placement_services.placement_create_from_offer(
        placement_request=offered,
        user=staff,
        arrangements=_arrangements(
            starts_on, category=PupilCategory.ALTERNATIVE_TO_EXCLUSION, school=riverside
        ),
        over_capacity_confirmed=True,
    )
    placement_services.placement_start(placement=placement, user=staff)
    stdout.write(f"Started Riverside's placement {placement.reference} on {starts_on:%-d %B %Y}.")
    load_attendance(placement, staff=staff, calendar=calendar, today=today, stdout=stdout)


def _oakfield_placement(oakfield, staff, today, calendar, stdout):
    """From the latest past panel whose placement would be over by today."""
    head = Membership.objects.get(school=oakfield, user__email=OAKFIELD_HEAD)
    for meeting in selectors.past_meetings(today=today).order_by("-meeting_date"):
        arrangements = _arrangements(
            meeting.meeting_date + timedelta(weeks=2),
            category=PupilCategory.PERMANENTLY_EXCLUDED,
            school=oakfield,
        )
        plan = placement_services.plan_of(arrangements)
        if plan.date_of(Milestone.TARGET_END) < today:
            break
    else:
        return
    written_on = meeting.submission_deadline - timedelta(days=1)
    offered = _complete_request(oakfield, head.user, "Pupil Five", year_group=6, today=written_on)
    if not _send(offered, head, meeting.submission_deadline, stdout):
        return
    _decide_offer(offered, staff=staff, meeting=meeting)
    placement = placement_services.placement_create_from_offer(
        placement_request=offered,
        user=staff,
        arrangements=arrangements,
        over_capacity_confirmed=True,
    )
    placement_services.placement_start(placement=placement, user=staff)
    placement_services.placement_begin_reintegration(placement=placement, user=staff)
    placement_services.placement_end(
        placement=placement,
        user=staff,
        outcome=PlacementOutcome.REINTEGRATED,
        ended_on=plan.date_of(Milestone.TARGET_END),
    )
    stdout.write(f"Recorded Oakfield's finished placement {placement.reference}.")
    demo_reports.publish_report(placement, staff=staff, stdout=stdout)
