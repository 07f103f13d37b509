"""The group register in the admin: a day's morning and afternoon codes for every pupil due at the unit,
typed by keyboard and saved at once; nothing is saved unless every code is right, and each refused cell
says why beside it, naming the pupil, with a summary at the top. Pupils at their home school that day are
listed apart. Its queries do not grow with the pupils or their sessions, and its grid, drawn in one pass,
is the HTML Django's widgets drew."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.template import Context, Template
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pytest_django.asserts import assertHTMLEqual

from portal.placements import forms, selectors
from portal.placements.attendance_codes import CODE_MAX_LENGTH, CODES
from portal.placements.factories import ClosureDayFactory
from portal.placements.models import AttendanceMark, KeptBy, MarkSource, Weekday
from portal.placements.school_days import SchoolCalendar, Term
from portal.placements.services.attendance import attendance_record
from portal.schools.factories import SchoolFactory
from tests.portal.placements.attendance_helpers import placed_pupils, present_every_session
from tests.workflows import staff_with

MONDAY = date(2026, 11, 16)
URL = reverse("placements_admin_group_register")


@pytest.fixture
def monday(time_machine):
    """Half past nine on Monday 16 November 2026, London time."""
    time_machine.move_to(datetime(2026, 11, 16, 9, 30, tzinfo=ZoneInfo("Europe/London")), tick=False)
    return MONDAY


@pytest.fixture
def school(db):
    return SchoolFactory(name="Oakfield Primary School")


@pytest.fixture
def pupils(school_year, monday, school, staff_user):
    """Ash and Bea at the unit on Mondays; Cal at the home school on Mondays."""
    ash, bea = placed_pupils(2, school=school, user=staff_user)
    [cal] = placed_pupils(
        1,
        start=2,
        school=SchoolFactory(name="Riverside"),
        user=staff_user,
        home_school_weekday=Weekday.MONDAY,
    )
    return ash, bea, cal


def marks():
    return sorted(
        AttendanceMark.objects.values_list("placement__request__legal_first_name", "session", "code", "note")
    )


def cell(placement, session):
    return f"{session}_{placement.pk}"


def test_the_day_s_register_lists_the_pupils_due_and_apart_those_at_their_home_school(
    staff_client, pupils, staff_user
):
    ash, bea, cal = pupils
    attendance_record(
        placement=cal,
        day=MONDAY,
        session="am",
        code="/",
        user=staff_user,
        source=MarkSource.PORTAL,
        kept_by=KeptBy.HOME_SCHOOL,
    )

    response = staff_client.get(URL)

    page = response.text
    assert response.status_code == 200
    assert "Monday 16 November 2026" in page
    assert (
        page.index("Ash Example")
        < page.index("Bea Example")
        < page.index("At their home school")
        < page.index("Cal Example")
    )
    assert set(response.context["form"].fields) == {
        cell(ash, "am"),
        cell(ash, "pm"),
        f"note_{ash.pk}",
        cell(bea, "am"),
        cell(bea, "pm"),
        f"note_{bea.pk}",
    }
    assert 'list="attendance-codes"' in page
    # Every code, to type and in the key.
    assert page.count("<option value=") == len(CODES)
    dual = CODES["D"]
    assert f'<tr><th scope="row">D</th><td>{dual.meaning}</td><td>At another school</td></tr>' in page
    assert "?date=2026-11-13" in page  # the previous school day
    assert "Next school day" not in page  # tomorrow's register is taken tomorrow


def test_codes_typed_for_the_group_are_saved_at_once(staff_client, pupils):
    ash, bea, _ = pupils

    response = staff_client.post(
        URL + "?date=2026-11-16",
        {
            cell(ash, "am"): "/",
            cell(ash, "pm"): "/",
            f"note_{ash.pk}": "",
            cell(bea, "am"): "m",
            cell(bea, "pm"): " / ",
            f"note_{bea.pk}": "Dentist",
        },
    )

    assert response.status_code == 302
    assert response.url == URL + "?date=2026-11-16"
    assert marks() == [
        ("Ash", "am", "/", ""),
        ("Ash", "pm", "\\", ""),
        ("Bea", "am", "M", "Dentist"),
        ("Bea", "pm", "\\", ""),
    ]
    assert set(AttendanceMark.objects.values_list("kept_by", "source")) == {
        (KeptBy.UNIT, MarkSource.REGISTER)
    }
    page = staff_client.get(response.url).text
    assert "The register for 16 November 2026 is saved." in page
    assert 'value="M"' in page


def test_a_register_with_a_wrong_cell_saves_nothing_and_says_why_beside_each(
    staff_client, pupils, staff_user
):
    ash, bea, _ = pupils
    attendance_record(
        placement=bea,
        day=MONDAY,
        session="am",
        code="I",
        user=staff_user,
        source=MarkSource.REGISTER,
        kept_by=KeptBy.UNIT,
    )

    response = staff_client.post(
        URL + "?date=2026-11-16",
        {
            cell(ash, "am"): "/",
            cell(ash, "pm"): "QQ",
            f"note_{ash.pk}": "",
            cell(bea, "am"): "",
            cell(bea, "pm"): "/",
            f"note_{bea.pk}": "Late bus",
        },
    )

    assert response.status_code == 400
    errors = response.context["form"].errors
    assert errors[cell(ash, "pm")] == [
        "Ash Example, afternoon: “QQ” is not one of the national attendance codes."
    ]
    assert errors[cell(bea, "am")] == [
        "Bea Example, morning: a recorded mark cannot be taken away: type the right code instead."
    ]
    assert errors[f"note_{bea.pk}"] == [f"Bea Example, reason or note: {forms.NOTE_WITHOUT_A_CODE}"]
    page = response.text
    assert f'href="#id_{cell(ash, "pm")}"' in page  # the summary links to the cell
    assert f'id="id_{cell(ash, "pm")}_error"' in page
    assert marks() == [("Bea", "am", "I", "")]


def test_a_pupil_no_longer_due_is_left_off_the_register_whatever_is_posted(staff_client, pupils, staff_user):
    ash, bea, _ = pupils
    # Bea's placement ended on the Friday before, after staff opened the register.
    bea.ended_on = date(2026, 11, 13)
    bea.save(update_fields=["ended_on"])
    form = {cell(ash, "am"): "/", cell(ash, "pm"): "/", f"note_{ash.pk}": ""}

    response = staff_client.post(
        URL + "?date=2026-11-16", {**form, cell(bea, "am"): "/", cell(bea, "pm"): "", f"note_{bea.pk}": ""}
    )

    # Bea is no longer due, so her cells are not on the form; Ash's are saved.
    assert response.status_code == 302
    assert marks() == [("Ash", "am", "/", ""), ("Ash", "pm", "\\", "")]


def test_a_day_the_unit_is_closed_has_no_register(staff_client, pupils):
    ClosureDayFactory(date=MONDAY, reason="INSET day")
    ash, _, _ = pupils

    response = staff_client.post(URL + "?date=2026-11-16", {cell(ash, "am"): "/"})

    assert response.status_code == 200
    assert "is not a school day (INSET day): there is no register to take." in response.text
    assert not AttendanceMark.objects.exists()


def test_a_day_to_come_shows_who_is_due_but_takes_no_register(staff_client, pupils):
    ash, _, _ = pupils

    response = staff_client.post(URL + "?date=2026-11-17", {cell(ash, "am"): "/"})

    assert "has not come yet" in response.text
    assert "Ash Example" in response.text
    assert 'id="group-register"' not in response.text
    assert not AttendanceMark.objects.exists()


def test_a_date_that_is_not_one_shows_today(staff_client, pupils):
    assert staff_client.get(URL + "?date=16-11-2026").context["day"] == MONDAY


def test_only_staff_who_change_placements_take_the_register(client, pupils, settings):
    settings.PORTAL_REQUIRE_TWO_FACTOR_FOR_PLACEMENT_DATA = False
    client.force_login(staff_with("placements.view_placement"))

    refused = client.get(URL)
    assert (refused.status_code, refused.url) == (302, "/admin/")
    assert URL not in client.get(reverse("wagtailadmin_home")).text

    client.force_login(staff_with("placements.change_placement"))
    assert client.get(URL).status_code == 200
    assert URL in client.get(reverse("wagtailadmin_home")).text


def queries_of_the_register(client):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(URL).status_code == 200
    # The placements' own: the site's settings and the signed-in user's are cached after a first page.
    return sum("placements_" in query["sql"] for query in queries.captured_queries)


def test_the_register_s_queries_do_not_grow_with_pupils_or_sessions(staff_client, pupils, school, staff_user):
    calendar = selectors.school_calendar()
    few = queries_of_the_register(staff_client)

    for placement in [*pupils, *placed_pupils(4, school=SchoolFactory(), user=staff_user, start=3)]:
        present_every_session(
            placement, user=staff_user, calendar=calendar, first=date(2026, 9, 7), last=MONDAY
        )

    assert AttendanceMark.objects.count() > 400
    assert queries_of_the_register(staff_client) == few


@pytest.mark.parametrize("asked", ["9999-12-31", "0001-01-01"])
def test_a_day_far_outside_the_school_year_has_no_register(staff_client, pupils, asked):
    response = staff_client.get(URL + f"?date={asked}")

    assert "is not a school day (a school holiday)" in response.text  # both are weekdays
    assert 'id="group-register"' not in response.text


# The grid as Django drew it before `GroupRegisterForm.grid_html` (a bound field and its widget's templates
# per box, in the register's template): the HTML the one-pass drawing must keep.
DRAWN_BY_DJANGO = Template(
    "{% for row, boxes in lines %}<tr>"
    '<th scope="row">{{ row.placement.pupil_name|default:"Not named" }}</th>'
    "<td>{{ row.placement.reference }}, {{ row.placement.school.name }}</td>"
    "{% for field in boxes %}<td>\n"
    '  <label class="w-sr-only" for="{{ field.id_for_label }}">{{ field.label }}</label>\n'
    '  {% if field.errors %}<p class="error-message" id="{{ field.auto_id }}_error">'
    "{% for error in field.errors %}{{ error }}{% if not forloop.last %} {% endif %}{% endfor %}</p>"
    "{% endif %}\n"
    "  {{ field }}\n"
    "</td>{% endfor %}</tr>{% endfor %}"
)
CODE_BOX = {
    "list": "attendance-codes",
    "autocomplete": "off",
    "size": 3,
    "maxlength": CODE_MAX_LENGTH,
    "data-register-code": "",
}


def drawn_by_django(form):
    lines = []
    for row in form.rows:
        codes = [form.cell(row, "am"), form.cell(row, "pm")]
        for name in codes:
            form.fields[name].widget.attrs.update(CODE_BOX)
        lines.append((row, [form[name] for name in [*codes, form.note(row)]]))
    return DRAWN_BY_DJANGO.render(Context({"lines": lines}))


@pytest.fixture
def awkward_names(pupils, school, staff_user):
    """Names that need escaping, and marks already recorded (Bea ill in the morning, with a note)."""
    ash, bea, _ = pupils
    school.name = 'Oak & Ash "Primary" <School>'
    school.save(update_fields=["name"])
    ash.request.legal_first_name = "Zoë <b>O'Neil</b> & co"
    ash.request.save(update_fields=["legal_first_name"])
    attendance_record(
        placement=bea,
        day=MONDAY,
        session="am",
        code="I",
        note='Sick "bug" <i>',
        user=staff_user,
        source=MarkSource.REGISTER,
        kept_by=KeptBy.UNIT,
    )
    return ash, bea


def register_form(data=None):
    return forms.GroupRegisterForm(data, rows=selectors.group_register(day=MONDAY).at_unit)


def test_the_grid_of_a_register_not_yet_sent_is_the_html_django_drew(awkward_names):
    form = register_form()

    grid = form.grid_html()

    assertHTMLEqual(grid, drawn_by_django(form))
    assert 'value="I"' in grid
    assert "&lt;b&gt;O&#x27;Neil&lt;/b&gt; &amp; co" in grid
    assert "<b>" not in grid


def test_the_grid_of_a_refused_register_is_the_html_django_drew_keeping_what_was_typed(awkward_names):
    ash, bea = awkward_names
    form = register_form(
        {
            # Ash's afternoon was not sent at all.
            cell(ash, "am"): 'Q"<',
            f"note_{ash.pk}": "<script>\"x\" & 'y'</script>",
            cell(bea, "am"): "",
            cell(bea, "pm"): " / ",
            f"note_{bea.pk}": "Dentist",
        }
    )
    assert not form.is_valid()
    form.add_error(cell(bea, "am"), "A second <problem> & more")

    grid = form.grid_html()

    assertHTMLEqual(grid, drawn_by_django(form))
    assert grid.count('aria-invalid="true"') == 4
    assert f'aria-describedby="id_{cell(bea, "am")}_error"' in grid
    assert "&lt;script&gt;" in grid
    assert "<script>" not in grid


def test_the_register_s_lines_carry_what_the_register_and_the_absence_alert_read(
    pupils, django_assert_num_queries
):
    [row, *_] = selectors.group_register(day=MONDAY).at_unit

    with django_assert_num_queries(0):
        placement = row.placement
        read = (
            row.pupil_name,
            row.school_name,
            row.morning,
            placement.reference,
            placement.home_school_weekday,
            placement.dsl_email,
            placement.key_worker_email,
        )

    assert read[:2] == ("Ash Example", placement.school.name)


def test_the_school_days_beside_a_day_are_the_nearest_within_the_terms():
    calendar = SchoolCalendar(
        (
            Term(date(2026, 9, 3), date(2026, 12, 18), date(2026, 10, 26), date(2026, 10, 30)),
            Term(date(2027, 1, 5), date(2027, 3, 26)),
        ),
        {date(2026, 11, 13): "INSET day"},
    )
    school_days = calendar.school_days_between(calendar.first_day, calendar.last_day)
    day = date(2026, 8, 20)
    while day <= date(2027, 4, 10):
        expected = (
            max((each for each in school_days if each < day), default=None),
            min((each for each in school_days if each > day), default=None),
        )
        assert selectors.school_days_beside(day=day, calendar=calendar) == expected, day
        day += timedelta(days=1)
    assert selectors.school_days_beside(day=date.max, calendar=calendar) == (date(2027, 3, 26), None)
    assert selectors.school_days_beside(day=date.min, calendar=calendar) == (None, date(2026, 9, 3))
    assert selectors.school_days_beside(day=MONDAY, calendar=SchoolCalendar(())) == (None, None)
