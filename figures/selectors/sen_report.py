"""The SEN information report's referral placement figures, worked out from the placements, and what
copying them into the year's report would change.

Referral placements are the placements of pupils placed as an alternative to exclusion or on roll after
an exclusion elsewhere; permanently excluded pupils' figures stay typed by staff in the report.
"""

from dataclasses import dataclass

from django.db.models import Count as Counted
from django.db.models import Q

from common.academic_years import AcademicYear
from common.small_numbers import Count
from home.sen_report import SEXES, YEAR_GROUPS, KeyFigureMeasure, PupilTableSource, SenReportPage
from portal.orders.models import YearGroup
from portal.placements import selectors as placement_selectors
from portal.placements.models import Placement, PlacementStatus, PupilCategory, Sex

REFERRAL_CATEGORIES = [
    PupilCategory.ALTERNATIVE_TO_EXCLUSION,
    PupilCategory.ON_ROLL_AFTER_EXCLUSION,
]
# A placement's pupil is counted from its first day at the unit: planned and cancelled ones are not.
AT_THE_UNIT = [PlacementStatus.ACTIVE, PlacementStatus.REINTEGRATING, PlacementStatus.ENDED]
# The request's year group and sex, as the report's table names them (home.sen_report).
REPORT_YEAR_GROUP = {
    value: code
    for value, label in YearGroup.choices
    for code, year_label, _short in YEAR_GROUPS
    if label == year_label
}
REPORT_SEX = {Sex.MALE: "boys", Sex.FEMALE: "girls"}
REFERRAL_CAPTION = "12-week referral placements, September {first} to August {last}"


@dataclass(frozen=True)
class SenReferralFigures:
    """One academic year's referral placements: their pupils by sex and year group (the report's table
    fields, like "boys_year_4"), pupils whose year group or sex the request left blank, and the outcomes
    of the placements that ended in the year (keyed by the report's key figure measures)."""

    year: AcademicYear
    counts: dict[str, int]
    not_recorded: int
    outcomes: dict[str, int]

    @property
    def pupils(self) -> int:
        return sum(self.counts.values()) + self.not_recorded

    @property
    def is_empty(self) -> bool:
        return not self.pupils and not any(self.outcomes.values())

    def count(self, sex: str, year_group: str) -> Count:
        return Count(self.counts[f"{sex}_{year_group}"])


def table_fields() -> list[str]:
    """The report table's count fields, boys first, each sex from Reception to Year 6."""
    return [f"{sex}_{code}" for sex, _label in SEXES for code, _year, _short in YEAR_GROUPS]


def sen_referral_figures(*, year: AcademicYear) -> SenReferralFigures:
    """The referral placements at the unit at any time in `year`, and how those that ended in it turned
    out. Each placement counts its pupil once (a child placed twice in a year, which the panel does not
    do, would count twice). Two queries."""
    rows = (
        Placement.objects.filter(
            category__in=REFERRAL_CATEGORIES,
            status__in=AT_THE_UNIT,
            starts_on__lte=year.last_day,
        )
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=year.first_day))
        .values("request__sex", "request__year_group")
        .annotate(pupils=Counted("pk"))
    )
    counts = dict.fromkeys(table_fields(), 0)
    not_recorded = 0
    for row in rows:
        sex = REPORT_SEX.get(row["request__sex"])
        year_group = REPORT_YEAR_GROUP.get(row["request__year_group"])
        if sex and year_group:
            counts[f"{sex}_{year_group}"] += row["pupils"]
        else:
            not_recorded += row["pupils"]
    outcomes = placement_selectors.placement_outcomes(
        first=year.first_day, last=year.last_day, categories=REFERRAL_CATEGORIES
    )
    returned, specialist = outcomes.returned_to_mainstream, outcomes.moved_to_specialist
    return SenReferralFigures(
        year=year,
        counts=counts,
        not_recorded=not_recorded,
        outcomes={
            KeyFigureMeasure.REFERRAL_RETURNED: returned.total,
            KeyFigureMeasure.REFERRAL_RETURNED_WITH_EHC_PLAN: returned.with_ehc_plan,
            KeyFigureMeasure.REFERRAL_RETURNED_WITHOUT_EHC_PLAN: returned.without_ehc_plan,
            KeyFigureMeasure.REFERRAL_SPECIALIST: specialist.total,
            KeyFigureMeasure.REFERRAL_SPECIALIST_WITH_EHC_PLAN: specialist.with_ehc_plan,
            KeyFigureMeasure.REFERRAL_SPECIALIST_WITHOUT_EHC_PLAN: specialist.without_ehc_plan,
        },
    )


def sen_report_years(*, today) -> list[AcademicYear]:
    """The years staff may ask for, newest first: this one back to the oldest of last year, the first
    referral placement's year and the first report's year. Two queries."""
    current = AcademicYear.containing(today)
    first_placement = (
        Placement.objects.filter(category__in=REFERRAL_CATEGORIES, status__in=AT_THE_UNIT)
        .order_by("starts_on")
        .values_list("starts_on", flat=True)
        .first()
    )
    first_report = (
        SenReportPage.objects.order_by("academic_year").values_list("academic_year", flat=True).first()
    )
    oldest = min(
        year
        for year in (
            current.previous,
            first_placement and AcademicYear.containing(first_placement),
            first_report and AcademicYear.from_label(first_report),
        )
        if year
    )
    return [AcademicYear(start) for start in range(current.start_year, oldest.start_year - 1, -1)]


def sen_report_draft(*, year: AcademicYear) -> SenReportPage | None:
    """The year's SEN information report as its latest revision has it (the draft staff would copy into,
    which may be ahead of the published page), or None when there is no report for the year."""
    page = SenReportPage.objects.filter(academic_year=year.label).first()
    return page.get_latest_revision_as_object() if page is not None else None


@dataclass(frozen=True)
class FigureComparison:
    """One figure of the report as worked out from the records and as the report's latest draft holds it
    (None when the report does not have it yet)."""

    what: str
    in_report: int | None
    from_records: int

    @property
    def changes(self) -> bool:
        return self.in_report != self.from_records

    @property
    def in_report_shown(self) -> str:
        return "Not in the report" if self.in_report is None else Count(self.in_report).text

    @property
    def from_records_shown(self) -> str:
        return Count(self.from_records).text


def sen_report_comparison(*, draft: SenReportPage, figures: SenReferralFigures) -> list[FigureComparison]:
    """Every figure copying would set, beside what `draft` holds: each count of its referral placements
    table (the first table whose counts come from the records) and each key figure worked out from the
    records. Typed tables and figures are never among them. No query: the draft holds its tables and
    figures."""
    table = next(
        (each for each in draft.pupil_tables.all() if each.source == PupilTableSource.REFERRAL_PLACEMENTS),
        None,
    )
    labels = {
        f"{sex}_{code}": f"{sex_label}, {year_label}"
        for sex, sex_label in SEXES
        for code, year_label, _short in YEAR_GROUPS
    }
    rows = [
        FigureComparison(
            what=f"Referral placements table: {labels[name]}",
            in_report=getattr(table, name) if table else None,
            from_records=value,
        )
        for name, value in figures.counts.items()
    ]
    held = {figure.measure: figure for figure in draft.key_figures.all() if figure.measure}
    for measure, value in figures.outcomes.items():
        figure = held.get(measure)
        rows.append(
            FigureComparison(
                what=f"Key figure: {figure.label if figure else KeyFigureMeasure(measure).label}",
                in_report=figure.value if figure else None,
                from_records=value,
            )
        )
    return rows


def sen_report_changes(*, draft: SenReportPage, figures: SenReferralFigures) -> list[FigureComparison]:
    """The figures copying `figures` into `draft` would change."""
    return [row for row in sen_report_comparison(draft=draft, figures=figures) if row.changes]
