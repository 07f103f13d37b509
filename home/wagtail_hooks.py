from wagtail import hooks
from wagtail.admin.ui.components import Component

from home.selectors import sen_report_overdue_for_review


class SenReportReviewPanel(Component):
    """A dashboard warning, for staff who can edit the current SEN report, that its review is overdue."""

    name = "sen_report_review"
    template_name = "home/sen_admin_dashboard_panel.html"
    order = 50  # above Wagtail's own panels: the report is a legal duty

    def __init__(self, report):
        self.report = report

    def get_context_data(self, parent_context):
        return {"report": self.report}


@hooks.register("construct_homepage_panels")
def add_sen_report_review_panel(request, panels):
    report = sen_report_overdue_for_review()
    if report is not None and report.permissions_for_user(request.user).can_edit():
        panels.append(SenReportReviewPanel(report))
