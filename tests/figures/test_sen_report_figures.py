"""The SEN information report's referral placement figures: pupils by year group and sex and where they
went, worked out from the placements of a year; shown beside the report's own figures; copied into a new
draft of the report (never published, nothing typed overwritten, who did it recorded)."""

from datetime import date

import pytest
from django.urls import reverse
from wagtail.models import PageLogEntry

from common.academic_years import AcademicYear
from common.errors import DomainError
from figures import services
from figures.selectors.sen_report import sen_referral_figures, sen_report_changes, sen_report_draft
from home.factories import SenKeyFigureFactory, SenPupilTableFactory
from home.sen_report import KeyFigureMeasure, PupilTableSource, SenReportPage
from portal.placements.models import EhcPlanStatus, PlacementOutcome, PlacementStatus, PupilCategory
from tests.figures.conftest import VIEW_FIGURES, report_queries, turned_away

pytestmark = pytest.mark.django_db

YEAR = AcademicYear(2024)  # 1 September 2024 to 31 August 2025
PAGE = reverse("figures_admin_sen_report")
COPY = reverse("figures_admin_sen_report_copy", args=[YEAR.label])
ENDED = PlacementStatus.ENDED
PLAN = EhcPlanStatus.PLAN


@pytest.fixture
def year_of_placements(placement):
    """Hand-counted: in 2024-25, boys in Year 4 x3 (one from the year before, still there), a girl in
    Year 1, a boy in Reception, and one with no sex recorded; 4 ended in the year: 2 back in mainstream
    (one with an EHC plan), 1 to specialist provision with a plan, 1 other. Not counted: a permanently
    excluded pupil, a planned and a cancelled placement, one ended before the year, one the year after."""
    placement(
        "4",
        "male",
        starts_on=date(2024, 6, 3),
        status=ENDED,
        ended_on=date(2024, 9, 20),
        outcome=PlacementOutcome.REINTEGRATED,
        ehc_plan_status=PLAN,
    )
    placement(
        "4",
        "male",
        starts_on=date(2024, 11, 4),
        status=ENDED,
        ended_on=date(2025, 2, 14),
        outcome=PlacementOutcome.RETURNED_EARLY,
    )
    placement(
        "4",
        "male",
        starts_on=date(2025, 6, 2),
        status=PlacementStatus.REINTEGRATING,
        category=PupilCategory.ON_ROLL_AFTER_EXCLUSION,
    )
    placement(
        "1",
        "female",
        starts_on=date(2025, 1, 6),
        status=ENDED,
        ended_on=date(2025, 4, 4),
        outcome=PlacementOutcome.SPECIALIST,
        ehc_plan_status=PLAN,
    )
    placement(
        "R",
        "male",
        starts_on=date(2025, 3, 3),
        status=ENDED,
        ended_on=date(2025, 6, 20),
        outcome=PlacementOutcome.OTHER,
        outcome_note="Moved away",
    )
    placement("3", "", starts_on=date(2025, 4, 21), status=PlacementStatus.ACTIVE)
    # Not counted:
    placement(
        "5",
        "male",
        starts_on=date(2025, 1, 6),
        category=PupilCategory.PERMANENTLY_EXCLUDED,
        status=ENDED,
        ended_on=date(2025, 3, 1),
        outcome=PlacementOutcome.SPECIALIST,
    )
    placement("6", "female", starts_on=date(2025, 7, 1), status=PlacementStatus.PLANNED)
    placement("6", "female", starts_on=date(2025, 5, 1), status=PlacementStatus.CANCELLED)
    placement(
        "2",
        "male",
        starts_on=date(2024, 3, 4),
        status=ENDED,
        ended_on=date(2024, 6, 14),
        outcome=PlacementOutcome.REINTEGRATED,
    )
    placement("2", "female", starts_on=date(2025, 9, 8), status=PlacementStatus.ACTIVE)


def test_pupils_are_counted_by_year_group_and_sex_from_the_years_placements(year_of_placements):
    figures = sen_referral_figures(year=YEAR)

    assert {name: count for name, count in figures.counts.items() if count} == {
        "boys_year_4": 3,
        "girls_year_1": 1,
        "boys_reception": 1,
    }
    assert figures.not_recorded == 1
    assert figures.pupils == 6


def test_where_pupils_went_counts_the_referral_placements_that_ended_in_the_year(year_of_placements):
    outcomes = sen_referral_figures(year=YEAR).outcomes

    assert outcomes == {
        KeyFigureMeasure.REFERRAL_RETURNED: 2,
        KeyFigureMeasure.REFERRAL_RETURNED_WITH_EHC_PLAN: 1,
        KeyFigureMeasure.REFERRAL_RETURNED_WITHOUT_EHC_PLAN: 1,
        KeyFigureMeasure.REFERRAL_SPECIALIST: 1,
        KeyFigureMeasure.REFERRAL_SPECIALIST_WITH_EHC_PLAN: 1,
        KeyFigureMeasure.REFERRAL_SPECIALIST_WITHOUT_EHC_PLAN: 0,
    }


def test_a_year_without_placements_is_empty():
    assert sen_referral_figures(year=AcademicYear(2030)).is_empty


@pytest.fixture
def report_with_figures(report):
    """The 2024-25 report: a typed table of permanently excluded pupils, a referral placements table, a
    typed key figure and one worked out from the records."""
    SenPupilTableFactory(page=report, caption="Permanently excluded pupils", boys_year_4=5, sort_order=0)
    SenPupilTableFactory(
        page=report,
        caption="Referral placements",
        source=PupilTableSource.REFERRAL_PLACEMENTS,
        boys_year_4=3,
        girls_year_1=2,
        sort_order=1,
    )
    SenKeyFigureFactory(page=report, value=33, label="permanently excluded pupils", sort_order=0)
    SenKeyFigureFactory(
        page=report,
        value=2,
        label="returned to school",
        measure=KeyFigureMeasure.REFERRAL_RETURNED,
        sort_order=1,
    )
    return report


def test_copying_would_change_only_the_figures_worked_out_from_the_records(
    year_of_placements, report_with_figures
):
    changes = sen_report_changes(draft=sen_report_draft(year=YEAR), figures=sen_referral_figures(year=YEAR))

    assert [(change.what, change.in_report, change.from_records) for change in changes] == [
        ("Referral placements table: Boys, Reception", 0, 1),
        ("Referral placements table: Girls, Year 1", 2, 1),
        (f"Key figure: {KeyFigureMeasure.REFERRAL_RETURNED_WITH_EHC_PLAN.label}", None, 1),
        (f"Key figure: {KeyFigureMeasure.REFERRAL_RETURNED_WITHOUT_EHC_PLAN.label}", None, 1),
        (f"Key figure: {KeyFigureMeasure.REFERRAL_SPECIALIST.label}", None, 1),
        (f"Key figure: {KeyFigureMeasure.REFERRAL_SPECIALIST_WITH_EHC_PLAN.label}", None, 1),
        (f"Key figure: {KeyFigureMeasure.REFERRAL_SPECIALIST_WITHOUT_EHC_PLAN.label}", None, 0),
    ]


def test_copying_makes_a_new_draft_and_leaves_the_published_page_and_typed_figures_alone(
    year_of_placements, report_with_figures, staff_user
):
    report_with_figures.save_revision(user=staff_user).publish()

    revision = services.sen_report_figures_copy(
        year=YEAR, user=staff_user, seen_revision_id=SenReportPage.objects.get().latest_revision_id
    )

    live = SenReportPage.objects.get()
    assert live.has_unpublished_changes
    assert live.live_revision_id != revision.pk
    assert {table.caption: table.girls_year_1 for table in live.pupil_tables.all()} == {
        "Permanently excluded pupils": 0,
        "Referral placements": 2,
    }
    draft = revision.as_object()
    tables = {table.caption: table for table in draft.pupil_tables.all()}
    assert tables["Permanently excluded pupils"].boys_year_4 == 5
    assert (tables["Referral placements"].girls_year_1, tables["Referral placements"].boys_reception) == (
        1,
        1,
    )
    figures = {figure.label: figure.value for figure in draft.key_figures.all()}
    assert figures["permanently excluded pupils"] == 33
    assert figures["returned to school"] == 2  # staff's own words are kept
    assert figures[KeyFigureMeasure.REFERRAL_SPECIALIST.label] == 1
    entry = PageLogEntry.objects.get(action=services.SEN_REPORT_COPIED)
    assert (entry.user, entry.revision) == (staff_user, revision)


def test_a_report_without_a_referral_table_is_given_one(year_of_placements, report, staff_user):
    revision = services.sen_report_figures_copy(year=YEAR, user=staff_user, seen_revision_id=None)

    (table,) = revision.as_object().pupil_tables.all()
    assert table.source == PupilTableSource.REFERRAL_PLACEMENTS
    assert table.caption == "12-week referral placements, September 2024 to August 2025"
    assert table.boys_year_4 == 3


def test_copying_is_refused_when_the_report_changed_since_it_was_checked(
    year_of_placements, report_with_figures, staff_user
):
    report_with_figures.save_revision(user=staff_user)

    with pytest.raises(DomainError, match="changed since you looked"):
        services.sen_report_figures_copy(year=YEAR, user=staff_user, seen_revision_id=None)


def test_copying_twice_finds_nothing_more_to_copy(year_of_placements, report, staff_user):
    revision = services.sen_report_figures_copy(year=YEAR, user=staff_user, seen_revision_id=None)

    with pytest.raises(DomainError, match="nothing to copy"):
        services.sen_report_figures_copy(year=YEAR, user=staff_user, seen_revision_id=revision.pk)


def test_there_is_nothing_to_copy_into_without_a_report(year_of_placements, staff_user):
    with pytest.raises(DomainError, match="There is no SEN information report for 2024-25"):
        services.sen_report_figures_copy(year=YEAR, user=staff_user, seen_revision_id=None)


# The screens -------------------------------------------------------------------------------------------


def test_staff_without_the_permission_are_refused(signed_in, report, editor_of):
    client = signed_in()
    editor_of(report)

    assert turned_away(client.get(PAGE))
    assert turned_away(client.get(COPY))
    assert turned_away(client.post(COPY))


def test_staff_who_may_not_edit_the_report_are_not_offered_the_copy(signed_in, year_of_placements, report):
    client = signed_in(VIEW_FIGURES)

    page = client.get(PAGE, {"year": YEAR.label}).text

    assert COPY not in page
    assert turned_away(client.get(COPY))
    assert turned_away(client.post(COPY))


def test_the_page_shows_the_figures_under_the_small_number_rule_beside_the_report(
    signed_in, year_of_placements, report_with_figures, editor_of
):
    client = signed_in(VIEW_FIGURES)
    editor_of(report_with_figures)
    page = client.get(PAGE, {"year": YEAR.label}).text

    assert '<th scope="row">Year 4</th><td>3</td><td>0</td>' in page
    assert '<th scope="row">Year 1</th><td>0</td><td>fewer than 3</td>' in page
    assert ">1<" not in page.split("Beside the report")[0].replace("Year 1<", "")
    assert (
        '<tr><th scope="row">Referral placements table: Girls, Year 1</th><td>fewer than 3</td>'
        "<td>fewer than 3</td><td><strong>changes it</strong></td></tr>"
    ) in page
    assert COPY in page


def test_a_year_without_placements_says_so(signed_in, report):
    page = signed_in(VIEW_FIGURES).get(PAGE, {"year": "2024-25"}).text

    assert "No pupil was on a referral placement in 2024-25." in page


def test_a_year_not_offered_is_answered_beside_the_field(signed_in):
    response = signed_in(VIEW_FIGURES).get(PAGE, {"year": "1990-91"})

    assert response.status_code == 400
    assert "Choose an academic year from the list." in response.text
    assert "<title>Error:" in response.text


def test_the_page_stays_within_ten_queries_whatever_the_number_of_years(
    signed_in, placement, report_with_figures
):
    client = signed_in(VIEW_FIGURES)
    placement("2", "female", starts_on=date(2024, 10, 1))
    one_year = report_queries(client, PAGE, year=YEAR.label)
    for start in range(2019, 2026):
        placement(
            "2",
            "female",
            starts_on=date(start, 10, 1),
            status=ENDED,
            ended_on=date(start, 12, 1),
            outcome=PlacementOutcome.REINTEGRATED,
        )

    assert report_queries(client, PAGE, year=YEAR.label) == one_year <= 10


def test_staff_confirm_what_changes_then_find_the_new_draft(
    signed_in, year_of_placements, report_with_figures, editor_of
):
    client = signed_in(VIEW_FIGURES)
    editor_of(report_with_figures)

    confirm = client.get(COPY).text
    assert '<th scope="row">Referral placements table: Girls, Year 1</th><td>2</td><td>1</td>' in confirm
    assert "Not in the report (added)" in confirm
    response = client.post(COPY, {"seen_revision": ""})

    assert response.status_code == 302
    assert response.url == reverse("wagtailadmin_pages:edit", args=[report_with_figures.pk])
    assert SenReportPage.objects.get().has_unpublished_changes


def test_a_stale_confirmation_is_told_to_check_again(
    signed_in, year_of_placements, report_with_figures, staff_user, editor_of
):
    client = signed_in(VIEW_FIGURES)
    editor_of(report_with_figures)
    report_with_figures.save_revision(user=staff_user)

    response = client.post(COPY, {"seen_revision": ""}, follow=True)

    assert "changed since you looked" in response.text
    assert not PageLogEntry.objects.filter(action=services.SEN_REPORT_COPIED).exists()
