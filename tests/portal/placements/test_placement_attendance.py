"""The home school's attendance page in the portal: every session of both registers by week, the DfE's
figures overall and for each register, the code for its own register for each session at the unit, and
the form to record its own weekday's sessions; each view is recorded, another school's placement is not
found (to read or to record), and the page's queries do not grow with the sessions."""

from datetime import date

import pytest
from django.db import connection
from django.template.defaultfilters import date as date_filter
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from portal.placements import forms, selectors
from portal.placements.attendance_codes import CODES
from portal.placements.factories import PlacementCapacityFactory
from portal.placements.models import AttendanceMark, KeptBy, MarkSource, Registration, RequestAccess
from portal.placements.services.attendance import attendance_record
from portal.placements.services.placements import placement_start
from portal.placements.templatetags.placement_days import register_week_rows, school_day, school_days
from tests.portal.placements.attendance_helpers import present_every_session
from tests.portal.placements.conftest import start_placement

MONDAY, THURSDAY = date(2026, 11, 16), date(2026, 11, 19)


@pytest.fixture
def placement(school_year, offer, staff_user):
    """Under way since Monday 7 September 2026, Thursdays at the home school; today is Sunday 22
    November 2026."""
    PlacementCapacityFactory(starts_on=date(2025, 9, 1), places=36)
    return placement_start(placement=start_placement(offer, staff_user), user=staff_user)


def url(placement):
    return reverse("school_placements:attendance", args=[placement.pk])


def mark(placement, user, day, session, code, kept_by=KeptBy.UNIT):
    attendance_record(
        placement=placement,
        day=day,
        session=session,
        code=code,
        user=user,
        source=MarkSource.REGISTER,
        kept_by=kept_by,
    )


def row_of(page, day):
    """The text of the week table's row for `day` ("Monday 16 November")."""
    start = page.index(f"{day:%A} {day.day} {day:%B}</th>")
    return page[start : page.index("</tr>", start)]


def test_the_school_sees_both_registers_by_week_with_the_dfe_s_figures(
    referrer_client, referrer, placement, staff_user
):
    mark(placement, staff_user, MONDAY, "am", "/")
    mark(placement, staff_user, MONDAY, "pm", "N")
    mark(placement, staff_user, THURSDAY, "am", "/", KeptBy.HOME_SCHOOL)
    mark(placement, staff_user, THURSDAY, "pm", "/", KeptBy.HOME_SCHOOL)

    page = referrer_client.get(url(placement)).text

    assert "75.0%: 3 of 4 possible sessions attended" in page
    assert "50.0%: 1 of 2 possible sessions attended; 0 authorised and 1 unauthorised absences" in page
    assert "100.0%: 2 of 2 possible sessions attended" in page
    assert "Worked out as the DfE does" in page
    assert "Week 1" in page
    assert "Week 13" not in page
    monday = row_of(page, MONDAY)
    assert "The unit" in monday
    assert "<td>/</td><td>N</td>" in monday
    assert "D, D" in monday
    thursday = row_of(page, THURSDAY)
    assert "Oakfield Primary School" in thursday
    assert "<td>/</td><td>\\</td>" in thursday
    assert "Your own register" in thursday
    assert "enter <strong>D</strong>" in page
    assert page.count("<div><dt>") >= len(CODES)  # the key: every code and its meaning
    assert "<div><dt>N</dt><dd>" in page
    assert RequestAccess.objects.filter(
        request=placement.request, what="attendance", user=referrer.user
    ).exists()


def test_for_a_pupil_on_the_home_school_s_roll_only_it_enters_b_or_the_unit_s_absence(
    referrer_client, placement, staff_user
):
    placement.registration = Registration.HOME_SCHOOL_ONLY
    placement.save(update_fields=["registration"])
    mark(placement, staff_user, MONDAY, "am", "L")
    mark(placement, staff_user, MONDAY, "pm", "I")

    page = referrer_client.get(url(placement)).text

    assert "B, I" in row_of(page, MONDAY)
    assert "Not yet known, Not yet known" in row_of(page, date(2026, 11, 17))
    assert "enter <strong>B</strong>" in page


def test_the_school_records_its_own_day(referrer_client, referrer, placement):
    response = referrer_client.post(
        url(placement), {"day": "2026-11-19", "morning": "/", "afternoon": "I", "note": "Sent home ill"}
    )

    assert response.status_code == 302
    assert response.url == url(placement)
    recorded = AttendanceMark.objects.order_by("session")
    assert [(each.session, each.code, each.note) for each in recorded] == [
        ("am", "/", ""),
        ("pm", "I", "Sent home ill"),
    ]
    assert {(each.kept_by, each.source, each.recorded_by) for each in recorded} == {
        (KeptBy.HOME_SCHOOL, MarkSource.PORTAL, referrer.user)
    }
    assert (
        "19 November 2026: your register for the pupil is recorded."
        in referrer_client.get(url(placement)).text
    )


def test_the_days_offered_are_the_school_s_own_up_to_today(referrer_client, placement):
    page = referrer_client.get(url(placement))

    days = [value for value, _ in page.context["form"].fields["day"].choices]
    assert days[:2] == ["2026-11-19", "2026-11-12"]
    assert days[-1] == "2026-09-10"
    assert "2026-10-29" not in days  # half term
    assert len(days) == 10


@pytest.mark.parametrize(
    ("posted", "field", "message"),
    [
        ({"day": "2026-11-19", "morning": "", "afternoon": ""}, "morning", forms.CODE_REQUIRED),
        ({"day": "2026-11-16", "morning": "/", "afternoon": "/"}, "day", forms.DAY_NOT_LISTED),
        ({"day": "2026-11-26", "morning": "/", "afternoon": "/"}, "day", forms.DAY_NOT_LISTED),
        ({"day": "not a day", "morning": "/"}, "day", forms.DAY_NOT_LISTED),
        ({"day": "2026-11-19", "morning": "QQ"}, "morning", forms.CODE_NOT_LISTED),
        ({"morning": "/"}, "day", forms.DAY_REQUIRED),
    ],
)
def test_bad_input_is_explained_beside_the_field_and_nothing_changes(
    referrer_client, placement, posted, field, message
):
    response = referrer_client.post(url(placement), posted)

    assert response.status_code == 400
    assert response.context["form"].errors[field] == [message]
    assert 'class="error-summary"' in response.text
    assert not AttendanceMark.objects.exists()


def test_another_school_s_placement_is_not_found_to_read_or_to_record(referrer_client, placement, elsewhere):
    assert referrer_client.get(url(elsewhere)).status_code == 404
    assert referrer_client.post(url(elsewhere), {"day": "2026-11-19", "morning": "/"}).status_code == 404
    assert not AttendanceMark.objects.exists()
    assert not RequestAccess.objects.filter(request=elsewhere.request).exists()


def test_the_placement_page_links_to_its_attendance(referrer_client, placement):
    page = referrer_client.get(reverse("school_placements:placement", args=[placement.pk])).text

    assert f'href="{url(placement)}"' in page


def queries_of_the_page(client, placement):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url(placement)).status_code == 200
    # The placements' own: the site's settings and the signed-in user's are cached after a first page.
    return sum("placements_" in query["sql"] for query in queries.captured_queries)


def test_the_page_s_queries_do_not_grow_with_the_sessions(referrer_client, placement, staff_user):
    mark(placement, staff_user, MONDAY, "am", "/")
    queries_of_the_page(referrer_client, placement)  # the first remembers the school year
    few = queries_of_the_page(referrer_client, placement)

    present_every_session(
        placement,
        user=staff_user,
        calendar=selectors.school_calendar(),
        first=date(2026, 9, 7),
        last=date(2026, 11, 13),
    )

    assert AttendanceMark.objects.count() > 90
    assert queries_of_the_page(referrer_client, placement) == few


def test_the_week_rows_are_drawn_as_the_template_drew_them_with_everything_escaped():
    week = selectors.RegisterWeek(
        3,
        [
            selectors.RegisterDay(
                date(2026, 11, 9),
                KeptBy.HOME_SCHOOL,
                [
                    selectors.RegisterSessionMark("am", selectors.RecordedMark("/", ""), None),
                    selectors.RegisterSessionMark("pm", None, None),
                ],
            ),
            selectors.RegisterDay(
                date(2026, 11, 10),
                KeptBy.UNIT,
                [
                    selectors.RegisterSessionMark(
                        "am", selectors.RecordedMark("I", "<b>dentist</b> & back"), "I"
                    ),
                    selectors.RegisterSessionMark("pm", selectors.RecordedMark("/", ""), "B"),
                ],
            ),
            selectors.RegisterDay(
                date(2026, 11, 11),
                KeptBy.UNIT,
                [
                    selectors.RegisterSessionMark("am", None, None),
                    selectors.RegisterSessionMark("pm", None, None),
                ],
            ),
        ],
    )

    rows = register_week_rows(week, "St Ann's <Primary>")

    # What the week's rows were as a template ({% for register_day in week.days %}...), spaces aside.
    assert " ".join(rows.split()).replace("> <", "><") == (
        '<tr><th scope="row">Monday 9 November</th><td>St Ann&#x27;s &lt;Primary&gt;</td>'
        "<td>/</td><td>Not recorded</td><td>Your own register</td></tr>"
        '<tr><th scope="row">Tuesday 10 November</th><td>The unit</td>'
        "<td>I (&lt;b&gt;dentist&lt;/b&gt; &amp; back)</td><td>/</td><td>I, B</td></tr>"
        '<tr><th scope="row">Wednesday 11 November</th><td>The unit</td>'
        "<td>Not recorded</td><td>Not recorded</td><td>Not yet known, Not yet known</td></tr>"
    )


@pytest.mark.parametrize("date_format", ["D j M", "l j F", "l j F Y"])
def test_a_school_day_s_kept_label_is_the_date_filter_s(date_format):
    days = [date(2026, 11, 9), date(2027, 1, 5)]

    assert [school_day(day, date_format) for day in days] == [date_filter(day, date_format) for day in days]
    assert school_days(days, date_format) == ", ".join(date_filter(day, date_format) for day in days)
    assert school_day(None, date_format) == ""
