"""Copying the referral placement figures into a draft of the year's SEN information report.

The copy is a new revision of the report, never published by it: staff read the draft and publish it as
any other change. It sets the referral placements table's counts and the key figures worked out from the
records, adding them when the report has none, and nothing else; the revision and the page's history
record who made it.
"""

from django.db import transaction

from common.academic_years import AcademicYear
from common.errors import DomainError
from figures.selectors import sen_report as sen_selectors
from home.sen_report import KeyFigureMeasure, PupilTableSource, SenKeyFigure, SenPupilTable, SenReportPage

SEN_REPORT_COPIED = "figures.sen_report_copy"
CHANGE_LABELS = {SEN_REPORT_COPIED: "Referral placement figures copied from the placement records"}

NO_REPORT = "There is no SEN information report for {year} yet. Create it, then copy the figures into it."
CHANGED_SINCE = (
    "The report has been changed since you looked at what copying would change. Check the changes again."
)
NOTHING_TO_COPY = "The report already holds these figures: there is nothing to copy."


def sen_report_figures_copy(*, year: AcademicYear, user, seen_revision_id: int | None):
    """Copy `year`'s referral placement figures into a new draft of its report, provided its latest
    revision is still `seen_revision_id` (the one whose changes the person confirmed). Returns the new
    revision."""
    with transaction.atomic():
        page = SenReportPage.objects.select_for_update().filter(academic_year=year.label).first()
        if page is None:
            raise DomainError(NO_REPORT.format(year=year.label))
        if page.latest_revision_id != seen_revision_id:
            raise DomainError(CHANGED_SINCE)
        draft = page.get_latest_revision_as_object()
        figures = sen_selectors.sen_referral_figures(year=year)
        if not sen_selectors.sen_report_changes(draft=draft, figures=figures):
            raise DomainError(NOTHING_TO_COPY)
        _set_referral_table(draft, figures)
        _set_key_figures(draft, figures)
        # A draft may still lack sections (the report's own draft form allows it); publishing checks them.
        draft.allow_missing_sections = True
        return draft.save_revision(user=user, log_action=SEN_REPORT_COPIED)


def _set_referral_table(draft, figures):
    tables = list(draft.pupil_tables.all())
    table = next((each for each in tables if each.source == PupilTableSource.REFERRAL_PLACEMENTS), None)
    if table is None:
        table = SenPupilTable(
            caption=sen_selectors.REFERRAL_CAPTION.format(
                first=figures.year.start_year, last=figures.year.start_year + 1
            ),
            source=PupilTableSource.REFERRAL_PLACEMENTS,
            sort_order=len(tables),
        )
        tables.append(table)
    for name, value in figures.counts.items():
        setattr(table, name, value)
    draft.pupil_tables = tables


def _set_key_figures(draft, figures):
    key_figures = list(draft.key_figures.all())
    held = {figure.measure: figure for figure in key_figures if figure.measure}
    for measure, value in figures.outcomes.items():
        figure = held.get(measure)
        if figure is None:
            figure = SenKeyFigure(
                measure=measure, label=KeyFigureMeasure(measure).label, sort_order=len(key_figures)
            )
            key_figures.append(figure)
        figure.value = value
    draft.key_figures = key_figures
