"""The panel's statistics for the local authority over an academic year, each worked out by one selector
from hand-counted data, shown as a chart with its table under the small-number rule (with the counts that
add up to the same year withheld where one would give a "fewer than 3" away) and downloadable as a CSV
file; refused to staff without the permission."""

import datetime
from datetime import date

import pytest
from django.urls import reverse
from wagtail.models import ModelLogEntry

from common.academic_years import AcademicYear
from common.audit import record_change
from figures.selectors import panel
from portal.placements.factories import (
    MappMeetingFactory,
    PanelDecisionFactory,
    PlacementCapacityFactory,
    PlacementRequestFactory,
)
from portal.placements.models import (
    ExcludedPupilsWeek,
    Outcome,
    PlacementOutcome,
    PlacementStatus,
    RequestStatus,
)
from portal.schools.factories import DistrictFactory, SchoolFactory
from tests.figures.conftest import VIEW_FIGURES, report_queries, turned_away

pytestmark = pytest.mark.django_db

YEAR = AcademicYear(2024)
PAGE = reverse("figures_admin_panel")


def at(day, hour=10):
    return datetime.datetime(day.year, day.month, day.day, hour, tzinfo=datetime.UTC)


@pytest.fixture
def panel_year():
    """Hand-counted, 2024-25: meetings on 15 October 2024 (4 requests: North 3, South 1) and 21 January
    2025 (1 request, from North); East has no schools. Decisions in October: 3 offers and a decline, days
    from sending 10, 14, 21 and 30; in January an alternative, 7 days. Two requests returned in October
    2024 (one of them twice), one in January 2025. Outside the year: a meeting in June 2024 with a request
    and a decision, a return in August 2024, and a draft never sent."""
    north = DistrictFactory(name="North", code="N")
    south = DistrictFactory(name="South", code="S")
    DistrictFactory(name="East", code="E")
    north_schools = [SchoolFactory(district=north), SchoolFactory(district=north)]
    south_school = SchoolFactory(district=south)
    october = MappMeetingFactory(meeting_date=date(2024, 10, 15))
    january = MappMeetingFactory(meeting_date=date(2025, 1, 21))
    june = MappMeetingFactory(meeting_date=date(2024, 6, 11))

    def sent(school, meeting, sent_on):
        return PlacementRequestFactory(
            school=school, meeting=meeting, submitted_at=at(sent_on), status=RequestStatus.DECIDED
        )

    def decided(request, outcome, decided_on):
        PanelDecisionFactory(
            request=request, meeting=request.meeting, outcome=outcome, decided_at=at(decided_on)
        )

    october_requests = [
        sent(north_schools[0], october, date(2024, 10, 5)),
        sent(north_schools[1], october, date(2024, 10, 1)),
        sent(north_schools[0], october, date(2024, 9, 24)),
        sent(south_school, october, date(2024, 9, 15)),
    ]
    for request, outcome in zip(
        october_requests, [Outcome.OFFER, Outcome.OFFER, Outcome.OFFER, Outcome.DECLINE], strict=True
    ):
        decided(request, outcome, date(2024, 10, 15))
    decided(sent(north_schools[1], january, date(2025, 1, 14)), Outcome.ALTERNATIVE, date(2025, 1, 21))
    decided(sent(south_school, june, date(2024, 5, 20)), Outcome.OFFER, date(2024, 6, 11))
    PlacementRequestFactory(school=south_school)  # a draft

    def returned(request, on):
        entry = record_change(instance=request, action=panel.RETURNED, user=None)
        ModelLogEntry.objects.filter(pk=entry.pk).update(timestamp=at(on))

    returned(october_requests[0], date(2024, 10, 2))
    returned(october_requests[0], date(2024, 10, 9))
    returned(october_requests[1], date(2024, 10, 3))
    returned(october_requests[2], date(2025, 1, 8))
    returned(october_requests[3], date(2024, 8, 30))


def test_requests_are_counted_at_the_meeting_they_went_to(panel_year):
    assert [(row.meeting_date, row.requests.value) for row in panel.requests_sent(year=YEAR).per_meeting] == [
        (date(2024, 10, 15), 4),
        (date(2025, 1, 21), 1),
    ]


def test_every_district_is_listed_one_without_schools_with_none(panel_year):
    assert [(row.district, row.requests.value) for row in panel.requests_sent(year=YEAR).per_district] == [
        ("East", 0),
        ("North", 4),
        ("South", 1),
    ]


def test_a_meetings_small_count_is_not_given_away_by_the_districts():
    # Every request from North: October's 4 and January's 1 are North's 5, so January's would be 5 - 4.
    north = DistrictFactory(name="North", code="N")
    DistrictFactory(name="South", code="S")
    school = SchoolFactory(district=north)
    for meeting_date, requests in ((date(2024, 10, 15), 4), (date(2025, 1, 21), 1)):
        meeting = MappMeetingFactory(meeting_date=meeting_date)
        for _ in range(requests):
            PlacementRequestFactory(school=school, meeting=meeting, submitted_at=at(meeting_date))

    sent = panel.requests_sent(year=YEAR)

    assert [row.requests.text for row in sent.per_meeting] == ["withheld", "fewer than 3"]
    assert [(row.district, row.requests.text) for row in sent.per_district] == [
        ("North", "5"),
        ("South", "0"),
    ]


def test_decisions_are_counted_by_outcome(panel_year):
    assert [
        (row.outcome, row.decisions.value)
        for row in panel.panel_decisions(decisions=panel.year_decisions(year=YEAR))
    ] == [
        ("Offer a placement", 3),
        ("Decline, with recommendations", 1),
        ("Recommend an alternative", 1),
    ]


def test_days_to_decision_give_the_median_and_range_of_three_or_more(panel_year):
    october, january, whole = panel.days_to_decision(decisions=panel.year_decisions(year=YEAR))

    assert (october.label, october.median, october.shortest, october.longest) == (
        "15 October 2024",
        17.5,
        10,
        30,
    )
    assert (january.decisions.text, january.median, january.shortest) == ("fewer than 3", None, None)
    assert (whole.label, whole.median, whole.shortest, whole.longest) == ("The whole year", 14, 7, 30)


def test_returned_requests_are_counted_once_a_month(panel_year):
    assert [(row.month, row.requests.value) for row in panel.requests_returned(year=YEAR)] == [
        (date(2024, 10, 1), 2),
        (date(2025, 1, 1), 1),
    ]


def test_capacity_used_counts_placements_and_excluded_pupils_each_week(placement):
    PlacementCapacityFactory(starts_on=date(2024, 9, 1), places=32)
    ExcludedPupilsWeek.objects.create(week_starting=date(2024, 9, 9), pupils=20)
    placement(
        starts_on=date(2024, 9, 10),
        status=PlacementStatus.ENDED,
        ended_on=date(2024, 9, 20),
        outcome=PlacementOutcome.REINTEGRATED,
    )

    weeks = panel.capacity_used(year=YEAR)

    assert weeks[0].week_starting == date(2024, 9, 2)
    assert weeks[-1].week_starting == date(2025, 8, 25)
    assert [(week.places, week.taken) for week in weeks[:4]] == [(32, 0), (32, 21), (32, 1), (32, 0)]


def test_an_empty_year_is_said_to_be_empty():
    assert panel.requests_sent(year=AcademicYear(2030)).per_meeting == []
    assert panel.year_decisions(year=AcademicYear(2030)) == []
    assert panel.days_to_decision(decisions=[]) == []


# The screens -------------------------------------------------------------------------------------------


def test_staff_without_the_permission_are_refused(signed_in):
    client = signed_in()

    assert turned_away(client.get(PAGE))
    assert turned_away(
        client.get(reverse("figures_admin_panel_csv", args=["decisions"]), {"year": YEAR.label})
    )


def test_the_page_shows_each_figure_under_the_small_number_rule_with_its_csv(signed_in, panel_year):
    page = signed_in(VIEW_FIGURES).get(PAGE, {"year": YEAR.label}).text

    assert '<th scope="row">North</th><td>4</td>' in page
    assert '<th scope="row">South</th><td>fewer than 3</td>' in page
    assert '<th scope="row">East</th><td>0</td>' in page
    # January's one decision would be the year's five less October's four, and the decline and the
    # alternative (one each) the five less the three offers: the year's count is withheld.
    assert '<th scope="row">15 October 2024</th><td>4</td><td>17.5</td><td>10</td><td>30</td>' in page
    assert '<th scope="row">21 January 2025</th><td>fewer than 3</td><td>fewer than 3 decisions</td>' in page
    assert '<th scope="row">The whole year</th><td>withheld</td>' in page
    assert '<th scope="row">Offer a placement</th><td>3</td>' in page
    assert '<th scope="row">Decline, with recommendations</th><td>fewer than 3</td>' in page
    assert page.count("Download “") == 6
    assert reverse("figures_admin_panel_csv", args=["requests-per-district"]) + "?year=2024-25" in page


def test_each_figure_downloads_as_the_csv_of_its_table(signed_in, panel_year):
    response = signed_in(VIEW_FIGURES).get(
        reverse("figures_admin_panel_csv", args=["requests-per-district"]), {"year": YEAR.label}
    )

    assert response["Content-Disposition"] == 'attachment; filename="requests-per-district-2024-25.csv"'
    assert response.content.decode("utf-8-sig").splitlines() == [
        "District,Requests",
        "East,0",
        "North,4",
        "South,fewer than 3",
    ]


def test_an_unknown_figure_or_year_is_not_found(signed_in):
    client = signed_in(VIEW_FIGURES)

    assert (
        client.get(reverse("figures_admin_panel_csv", args=["nothing"]), {"year": YEAR.label}).status_code
        == 404
    )
    assert (
        client.get(reverse("figures_admin_panel_csv", args=["decisions"]), {"year": "1990-91"}).status_code
        == 404
    )


def test_an_empty_year_says_so(signed_in):
    page = signed_in(VIEW_FIGURES).get(PAGE, {"year": AcademicYear.current().label}).text

    assert "Nothing to show for" in page


def test_the_page_makes_seven_queries_of_its_own_whatever_the_number_of_years(signed_in, panel_year):
    client = signed_in(VIEW_FIGURES)
    one_year = report_queries(client, PAGE, year=YEAR.label)
    for start in range(2018, 2024):
        meeting = MappMeetingFactory(meeting_date=date(start, 11, 14))
        request = PlacementRequestFactory(meeting=meeting, submitted_at=at(date(start, 11, 1)))
        PanelDecisionFactory(request=request, meeting=meeting, decided_at=at(date(start, 11, 14)))

    # The years, requests sent, decisions, returns and capacity (three: placements_selectors).
    assert report_queries(client, PAGE, year=YEAR.label) == one_year == 7
