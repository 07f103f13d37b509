"""The Figures page of the admin (the reports on offer), the guard every figures screen uses, and the
academic year a report is for."""

from django.template.response import TemplateResponse
from wagtail.admin.menu import MenuItem

from common.academic_years import AcademicYear
from common.admin import require_permission
from figures.forms import AcademicYearForm
from figures.reports import REPORTS

VIEW_FIGURES = "figures.view_figures"


def figures_index(request):
    require_permission(request, VIEW_FIGURES)
    return TemplateResponse(request, "figures/admin/index.html", {"title": "Figures", "reports": REPORTS})


def year_chosen(request, *, years: list[AcademicYear], default: AcademicYear):
    """The form choosing the report's academic year from `years`, and the year it chose (`default` when
    none is asked for; None when the choice is not one of them, which the form then says beside itself)."""
    if "year" not in request.GET:
        return AcademicYearForm({"year": default.label}, years=years), default
    form = AcademicYearForm(request.GET, years=years)
    return form, form.academic_year if form.is_valid() else None


class FiguresMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(VIEW_FIGURES)
