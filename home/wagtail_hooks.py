from django.contrib import messages
from django.shortcuts import redirect
from django.templatetags.static import static
from django.utils.html import format_html
from wagtail import hooks
from wagtail.admin.ui.components import Component

from common import page_cache
from home.sen_report import SenReportPage


# A later order runs inside Wagtail's own privacy check, so only a page the visitor may see is marked.
@hooks.register("on_serve_page", order=100)
def store_pages_for_anonymous_visitors(serve_page):
    """A page served this far is the same for every visitor who is not signed in."""

    def serve(page, request, args, kwargs):
        return page_cache.mark_public(serve_page(page, request, args, kwargs))

    return serve


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
    report = SenReportPage.objects.overdue_for_review()
    if report is not None and report.permissions_for_user(request.user).can_edit():
        panels.append(SenReportReviewPanel(report))


@hooks.register("before_copy_page")
def refuse_publishing_a_copied_sen_report(request, page):
    """A copy starts with the original's academic year, so it must wait as a draft until it has its own.

    Publishing it straight away would fail validation (each year has one report) inside Wagtail's copy.
    """
    if (
        request.method == "POST"
        and request.POST.get("publish_copies")
        and page.specific_class is SenReportPage
    ):
        messages.error(
            request,
            "A copied SEN information report cannot be published straight away, because it still has the "
            "original's academic year. Copy it without publishing, then give it its own year, review dates "
            "and figures, and publish it.",
        )
        return redirect(request.get_full_path())
    return None


@hooks.register("insert_global_admin_css")
def admin_css():
    return format_html('<link rel="stylesheet" href="{}">', static("css/admin.css"))


@hooks.register("insert_global_admin_js")
def admin_init_js():
    return format_html('<script src="{}"></script>', static("js/admin-init.js"))
