"""Each figure of the outreach year in review, against the small history of `outreach_records`, counted by
hand: this year (2025-26) and the year before, by district (East has no schools) and for one school; all
of them, and the districts, in one query."""

from decimal import Decimal

from figures.selectors import outreach
from tests.figures.outreach_records import THIS_YEAR, TODAY, YEAR_BEFORE


def counted(figure, **kwargs):
    return outreach.outreach_figures(figures=[figure], up_to=THIS_YEAR, today=TODAY, **kwargs)


def by_district(history, figure, year, kind=""):
    values = counted(figure)
    return {
        "North": values.of(figure, year, place=history.north.pk, kind=kind),
        "South": values.of(figure, year, place=history.south.pk, kind=kind),
        "East": values.of(figure, year, place=history.east.pk, kind=kind),
        "all": values.of(figure, year, kind=kind),
    }


def for_school(school, figure, year=THIS_YEAR, kind=""):
    return counted(figure, school=school).of(figure, year, kind=kind)


def test_schools_that_bought_the_universal_offer_held_it_invoiced_or_paid(history):
    figure = outreach.UNIVERSAL_OFFER_SCHOOLS
    assert by_district(history, figure, THIS_YEAR) == {"North": 2, "South": 0, "East": 0, "all": 2}
    assert by_district(history, figure, YEAR_BEFORE) == {"North": 0, "South": 1, "East": 0, "all": 1}
    assert for_school(history.a, figure) == 1
    assert for_school(history.c, figure) == 0  # its card payment has not come


def test_packages_are_counted_by_kind_in_the_catalogues_order(history):
    figure = outreach.PACKAGES_SOLD
    assert counted(figure).kinds_of(figure) == ["Bronze", "Silver", "Consultancy"]
    assert by_district(history, figure, THIS_YEAR, "Bronze") == {"North": 2, "South": 1, "East": 0, "all": 3}
    assert by_district(history, figure, THIS_YEAR, "Silver") == {"North": 1, "South": 0, "East": 0, "all": 1}
    assert by_district(history, figure, THIS_YEAR, "Consultancy")["all"] == 1
    assert by_district(history, figure, YEAR_BEFORE, "Bronze") == {
        "North": 0,
        "South": 1,
        "East": 0,
        "all": 1,
    }
    assert for_school(history.a, figure, kind="Bronze") == 2
    assert for_school(history.b, figure, kind="Silver") == 0  # its Silver order was cancelled


def test_hours_bought_are_the_packages_and_consultancy_held(history):
    figure = outreach.HOURS_BOUGHT
    assert by_district(history, figure, THIS_YEAR) == {"North": 29, "South": 7, "East": 0, "all": 36}
    assert by_district(history, figure, YEAR_BEFORE)["all"] == 7
    assert for_school(history.b, figure) == 3


def test_hours_delivered_count_for_the_year_the_package_was_bought_for(history):
    figure = outreach.HOURS_DELIVERED_FIGURE
    assert by_district(history, figure, THIS_YEAR) == {
        "North": Decimal("2.5"),
        "South": 0,
        "East": 0,
        "all": Decimal("2.5"),
    }
    assert by_district(history, figure, YEAR_BEFORE)["South"] == 1
    assert for_school(history.a, figure) == Decimal("2.5")


def test_pupils_supported_are_distinct_pupils_of_each_school(history):
    figure = outreach.PUPILS_SUPPORTED
    assert by_district(history, figure, THIS_YEAR) == {"North": 2, "South": 1, "East": 0, "all": 3}
    assert by_district(history, figure, YEAR_BEFORE)["all"] == 1
    assert for_school(history.a, figure) == 2
    assert for_school(history.b, figure) == 0  # consultancy for the whole school supports no one pupil


def test_schools_whose_pupils_were_supported(history):
    figure = outreach.SCHOOLS_WITH_PUPILS_SUPPORTED
    assert by_district(history, figure, THIS_YEAR) == {"North": 1, "South": 1, "East": 0, "all": 2}
    assert by_district(history, figure, YEAR_BEFORE)["all"] == 1


def test_surgeries_held_are_those_not_cancelled_up_to_today(history):
    figure = outreach.SURGERIES_HELD_FIGURE
    values = counted(figure)
    assert values.of(figure, THIS_YEAR) == 2
    assert values.of(figure, YEAR_BEFORE) == 1
    assert not figure.by_district
    assert figure not in outreach.SCHOOL_FIGURES


def test_surgery_places_booked_count_confirmed_places_in_the_year_of_the_surgery(history):
    figure = outreach.SURGERY_PLACES_BOOKED
    assert by_district(history, figure, THIS_YEAR) == {"North": 4, "South": 1, "East": 0, "all": 5}
    assert by_district(history, figure, YEAR_BEFORE)["all"] == 1
    assert for_school(history.a, figure) == 3


def test_surgery_places_attended(history):
    figure = outreach.SURGERY_PLACES_ATTENDED
    assert by_district(history, figure, THIS_YEAR) == {"North": 1, "South": 1, "East": 0, "all": 2}
    assert by_district(history, figure, YEAR_BEFORE)["all"] == 1
    assert for_school(history.b, figure) == 0


def test_advice_line_calls_count_in_the_year_they_were_made_in_london(history):
    figure = outreach.ADVICE_LINE_CALLS
    assert by_district(history, figure, THIS_YEAR) == {"North": 2, "South": 0, "East": 0, "all": 2}
    assert by_district(history, figure, YEAR_BEFORE) == {"North": 0, "South": 1, "East": 0, "all": 1}
    assert for_school(history.a, figure) == 1


def test_training_delivered_and_colleagues_trained(history):
    sessions, colleagues = outreach.TRAINING_SESSIONS, outreach.COLLEAGUES_TRAINED
    assert by_district(history, sessions, THIS_YEAR) == {"North": 2, "South": 0, "East": 0, "all": 2}
    assert by_district(history, colleagues, THIS_YEAR) == {"North": 30, "South": 0, "East": 0, "all": 30}
    assert by_district(history, colleagues, YEAR_BEFORE)["all"] == 25
    assert for_school(history.a, colleagues) == 18


def test_the_years_run_from_the_first_with_records_to_the_year_asked_for(history):
    values = outreach.outreach_figures(up_to=THIS_YEAR, today=TODAY)
    assert values.years == [YEAR_BEFORE, THIS_YEAR]


def test_every_district_is_listed_by_name_even_with_no_schools(history):
    values = outreach.outreach_figures(up_to=THIS_YEAR, today=TODAY)
    assert [place.name for place in values.districts] == ["East", "North", "South"]
    assert outreach.outreach_figures(up_to=THIS_YEAR, today=TODAY, school=history.a).districts == []


def test_every_figure_is_counted_in_one_query(history, django_assert_num_queries):
    with django_assert_num_queries(1):
        outreach.outreach_figures(up_to=THIS_YEAR, today=TODAY)
    with django_assert_num_queries(1):
        outreach.outreach_figures(up_to=THIS_YEAR, today=TODAY, school=history.a)
