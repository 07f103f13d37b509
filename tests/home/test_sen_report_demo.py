import datetime
import io

from home import demo_sen_report
from home.sen_items import STATUTORY_ITEMS
from home.sen_report import SenReportIndexPage, SenReportPage


def test_demo_reports_are_complete_and_carry_the_2024_25_figures(home_page, time_machine):
    time_machine.move_to(datetime.datetime(2026, 11, 24, 9, 0), tick=False)
    demo_sen_report.load(stdout=io.StringIO())

    index = SenReportIndexPage.objects.get()
    assert index.show_in_menus
    assert index.get_parent().pk == home_page.pk
    current = SenReportPage.objects.get(academic_year="2024-25")
    earlier = SenReportPage.objects.get(academic_year="2023-24")
    for report in (current, earlier):
        assert report.live
        assert report.missing_items() == []
        assert report.repeated_items() == []
        report.full_clean()
    assert current.last_reviewed == datetime.date(2026, 6, 30)
    assert current.next_review == datetime.date(2027, 6, 30)
    assert earlier.last_reviewed == datetime.date(2025, 6, 30)
    excluded, referrals = current.pupil_tables.order_by("sort_order")
    assert [row.total for row in excluded.rows()] == [27, 3]
    assert [row.total for row in referrals.rows()] == [9, 2]
    assert "shown as 0" in referrals.note
    assert [figure.value for figure in current.key_figures.order_by("sort_order")] == [47, 33, 2, 1, 8, 12, 3]
    assert not earlier.pupil_tables.exists()
    assert not earlier.key_figures.exists()
    assert "available from the school office" in earlier.intro
    assert len(list(current.sections)) == len(STATUTORY_ITEMS)


def test_loading_again_changes_nothing(home_page):
    demo_sen_report.load(stdout=io.StringIO())
    report = SenReportPage.objects.get(academic_year="2024-25")
    report.intro = "Edited by the office."
    report.save()

    demo_sen_report.load(stdout=io.StringIO())

    assert SenReportIndexPage.objects.count() == 1
    assert SenReportPage.objects.count() == 2
    assert SenReportPage.objects.get(academic_year="2024-25").intro == "Edited by the office."
    assert SenReportPage.objects.get(academic_year="2024-25").pupil_tables.count() == 2


def test_demo_review_date_has_not_passed_whenever_it_is_loaded(home_page, time_machine):
    for day in (datetime.date(2026, 6, 29), datetime.date(2026, 6, 30), datetime.date(2027, 3, 1)):
        time_machine.move_to(datetime.datetime.combine(day, datetime.time(9)), tick=False)
        SenReportPage.objects.all().delete()
        demo_sen_report.load(stdout=io.StringIO())

        assert SenReportPage.objects.overdue_for_review() is None, day
        assert SenReportPage.objects.get(academic_year="2024-25").last_reviewed <= day


def test_demo_names_the_four_areas_of_need_as_the_code_does(home_page):
    demo_sen_report.load(stdout=io.StringIO())
    report = SenReportPage.objects.get(academic_year="2024-25")
    text = "".join(str(block.value["body"]) for block in report.sections)

    for area in (
        "communication and interaction;",
        "cognition and learning (",
        "social, emotional and mental health;",
        "sensory and/or physical needs.",
        '<th scope="row">Communication and interaction (',
        '<th scope="row">Cognition and learning (',
        '<th scope="row">Social, emotional and mental health (',
        '<th scope="row">Sensory and/or physical needs (',
    ):
        assert area in text, area
    assert "thinking and learning;" not in text
    assert "physical or sensory" not in text
