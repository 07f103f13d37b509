"""Reads with rules for the home app."""

from django.utils import timezone

from home.sen_report import SenReportPage


def sen_reports_published():
    """Published SEN information reports, newest academic year first."""
    return SenReportPage.objects.live().order_by("-academic_year")


def sen_report_current():
    """The report parents should read: the published one for the latest academic year."""
    return sen_reports_published().first()


def sen_report_overdue_for_review(*, today=None):
    """The current report if its next review date has passed, else None.

    Older years' reports keep their old review dates for the record; only the current one matters.
    """
    report = sen_report_current()
    today = today or timezone.localdate()
    if report is not None and report.next_review is not None and report.next_review < today:
        return report
    return None
