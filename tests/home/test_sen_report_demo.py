import datetime
import io

from home import demo_sen_report
from home.sen_items import STATUTORY_ITEMS
from home.sen_report import SenReportIndexPage, SenReportPage


def test_demo_reports_are_complete_and_carry_the_2024_25_figures(home_page):
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
    assert current.next_review == datetime.date(2026, 6, 30)
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
