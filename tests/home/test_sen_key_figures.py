"""The SEN report's key figures as published: each under the small-number rule, and the figures copied from
the placement records left out where a count of one or two could be worked out from the others of its
outcome (pupils returned to mainstream school, or moved to specialist provision: with an EHC plan, without,
and all of them)."""

import pytest

from home.factories import SenKeyFigureFactory
from home.sen_report import KeyFigureMeasure, SenKeyFigure, published_key_figures

RETURNED = KeyFigureMeasure.REFERRAL_RETURNED
RETURNED_EHC = KeyFigureMeasure.REFERRAL_RETURNED_WITH_EHC_PLAN
RETURNED_NO_EHC = KeyFigureMeasure.REFERRAL_RETURNED_WITHOUT_EHC_PLAN
SPECIALIST = KeyFigureMeasure.REFERRAL_SPECIALIST
SPECIALIST_EHC = KeyFigureMeasure.REFERRAL_SPECIALIST_WITH_EHC_PLAN
SPECIALIST_NO_EHC = KeyFigureMeasure.REFERRAL_SPECIALIST_WITHOUT_EHC_PLAN


def figures(*values_and_measures):
    return [
        SenKeyFigure(value=value, label=str(measure or "typed"), measure=measure)
        for value, measure in values_and_measures
    ]


def shown(key_figures):
    return [(figure.measure, count.text) for figure, count in published_key_figures(key_figures)]


def test_an_outcome_with_no_small_count_is_shown_as_it_is():
    held = figures((9, RETURNED), (4, RETURNED_EHC), (5, RETURNED_NO_EHC), (47, ""))

    assert shown(held) == [(RETURNED, "9"), (RETURNED_EHC, "4"), (RETURNED_NO_EHC, "5"), ("", "47")]


def test_a_small_part_its_total_would_give_away_leaves_the_other_part_out():
    # 8 returned, 1 of them with an EHC plan: showing the 7 without one would say it was 1.
    held = figures(
        (8, RETURNED), (1, RETURNED_EHC), (7, RETURNED_NO_EHC), (3, SPECIALIST), (3, SPECIALIST_EHC)
    )

    assert shown(held) == [
        (RETURNED, "8"),
        (RETURNED_EHC, "fewer than 3"),
        (SPECIALIST, "3"),
        (SPECIALIST_EHC, "3"),
    ]


def test_a_small_part_is_kept_hidden_from_its_outcome_alone_not_from_the_other():
    # Each outcome's parts add up to its total; nothing adds the outcomes together, so the specialist
    # figures (none of them small) stay whole beside the returned ones.
    held = figures(
        (2, RETURNED_EHC), (6, RETURNED_NO_EHC), (8, RETURNED), (4, SPECIALIST_EHC), (5, SPECIALIST_NO_EHC)
    )

    assert shown(held) == [
        (RETURNED_EHC, "fewer than 3"),
        (RETURNED, "8"),
        (SPECIALIST_EHC, "4"),
        (SPECIALIST_NO_EHC, "5"),
    ]


def test_a_part_the_page_does_not_hold_is_protected_too():
    # Without the "without an EHC plan" figure, 8 less 7 would still say the other part is 1.
    held = figures((8, RETURNED), (7, RETURNED_NO_EHC))

    assert shown(held) == [(RETURNED, "8")]


def test_figures_that_do_not_add_up_are_shown_as_typed():
    # Edited by hand after the copy: the page's three no longer say anything about each other.
    held = figures((10, RETURNED), (1, RETURNED_EHC), (7, RETURNED_NO_EHC))

    assert shown(held) == [(RETURNED, "10"), (RETURNED_EHC, "fewer than 3"), (RETURNED_NO_EHC, "7")]


@pytest.mark.django_db
def test_the_page_shows_the_published_figures(client, report):
    SenKeyFigureFactory(page=report, value=8, label="returned to mainstream school", measure=RETURNED)
    SenKeyFigureFactory(page=report, value=1, label="returned with an EHC plan", measure=RETURNED_EHC)
    SenKeyFigureFactory(page=report, value=7, label="returned without an EHC plan", measure=RETURNED_NO_EHC)

    html = client.get(report.url).text

    assert '<span class="sen-figures__value">8</span> <span class="sen-figures__label">returned to' in html
    assert '<span class="sen-figures__value">fewer than 3</span>' in html
    assert "returned without an EHC plan" not in html
