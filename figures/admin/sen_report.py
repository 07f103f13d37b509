"""The SEN information report's referral placement figures: worked out from the placements, shown beside
what the year's report holds, and copied into a draft of the report once staff have seen what changes."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone

from common.academic_years import AcademicYear
from common.admin import require_permission
from common.errors import DomainError
from common.small_numbers import Count
from figures import services
from figures.admin.index import VIEW_FIGURES, year_chosen
from figures.charts import ChartTable, count_series
from figures.selectors import sen_report as selectors
from home.sen_report import SEXES, YEAR_GROUPS, KeyFigureMeasure

TITLE = "SEN information report: referral placements"


def _series(label, values):
    return count_series(label, [Count(value) for value in values])


def _pupils_chart(figures):
    return ChartTable(
        slug="pupils",
        caption=f"Pupils on referral placements in {figures.year} by year group and sex",
        category_heading="Year group",
        categories=[label for _code, label, _short in YEAR_GROUPS] if figures.pupils else [],
        series=[
            _series(sex_label, [figures.counts[f"{sex}_{code}"] for code, _label, _short in YEAR_GROUPS])
            for sex, sex_label in SEXES
        ],
    )


def _outcomes_chart(figures):
    outcomes = figures.outcomes
    rows = [
        (
            "Returned to mainstream school",
            KeyFigureMeasure.REFERRAL_RETURNED_WITH_EHC_PLAN,
            KeyFigureMeasure.REFERRAL_RETURNED_WITHOUT_EHC_PLAN,
        ),
        (
            "Moved to specialist provision",
            KeyFigureMeasure.REFERRAL_SPECIALIST_WITH_EHC_PLAN,
            KeyFigureMeasure.REFERRAL_SPECIALIST_WITHOUT_EHC_PLAN,
        ),
    ]
    return ChartTable(
        slug="outcomes",
        caption=f"Where pupils went when their referral placement ended in {figures.year}",
        category_heading="Went to",
        categories=[label for label, _with, _without in rows] if any(outcomes.values()) else [],
        series=[
            _series("With an EHC plan", [outcomes[with_plan] for _label, with_plan, _without in rows]),
            _series("Without an EHC plan", [outcomes[without] for _label, _with, without in rows]),
        ],
    )


def may_copy_into(user, draft) -> bool:
    """Copying writes a draft of the report: it needs the figures and the right to edit that page (which
    Wagtail gives groups page by page, under Settings > Groups)."""
    return user.has_perm(VIEW_FIGURES) and draft.permissions_for_user(user).can_edit()


def _year_from_url(label):
    year = AcademicYear.from_label(label)
    if year is None:
        raise Http404
    return year


def sen_report_figures(request):
    require_permission(request, VIEW_FIGURES)
    today = timezone.localdate()
    form, year = year_chosen(
        request,
        years=selectors.sen_report_years(today=today),
        default=AcademicYear.containing(today).previous,
    )
    context = {"title": TITLE, "year_form": form, "year": year}
    if year is None:
        return TemplateResponse(request, "figures/admin/sen_report.html", context, status=400)
    figures = selectors.sen_referral_figures(year=year)
    draft = selectors.sen_report_draft(year=year)
    context.update(
        figures=figures,
        charts=[_pupils_chart(figures), _outcomes_chart(figures)],
        not_recorded=Count(figures.not_recorded),
        draft=draft,
        rows=selectors.sen_report_comparison(draft=draft, figures=figures) if draft else [],
        may_copy=draft is not None and may_copy_into(request.user, draft),
    )
    return TemplateResponse(request, "figures/admin/sen_report.html", context)


class CopyForm(forms.Form):
    seen_revision = forms.IntegerField(widget=forms.HiddenInput, required=False)


def sen_report_copy(request, year):
    """What copying would change, then (on confirming) the copy into a new draft of the report."""
    require_permission(request, VIEW_FIGURES)
    year = _year_from_url(year)
    back = reverse("figures_admin_sen_report") + f"?year={year.label}"
    draft = selectors.sen_report_draft(year=year)
    if draft is not None and not may_copy_into(request.user, draft):
        raise PermissionDenied
    form = CopyForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        try:
            services.sen_report_figures_copy(
                year=year, user=request.user, seen_revision_id=form.cleaned_data["seen_revision"]
            )
        except DomainError as error:
            messages.error(request, error.message)
            return redirect(request.path)
        messages.success(
            request,
            f"The referral placement figures for {year} are in a new draft of the report. Check it, then "
            "publish it when it is ready.",
        )
        return redirect("wagtailadmin_pages:edit", draft.pk)
    figures = selectors.sen_referral_figures(year=year)
    return TemplateResponse(
        request,
        "figures/admin/sen_report_copy.html",
        {
            "title": f"Copy the {year} figures into a draft of the report",
            "year": year,
            "draft": draft,
            "back": back,
            "changes": selectors.sen_report_changes(draft=draft, figures=figures) if draft else [],
            "form": CopyForm(initial={"seen_revision": draft.latest_revision_id if draft else None}),
        },
    )
