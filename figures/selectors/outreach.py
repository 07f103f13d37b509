"""The outreach year in review: what schools bought from the outreach service and what it delivered in each
financial year, for every school, each district or one school ("your year with us").

Each figure is declared once below (`Figure`): the records it counts (`Source`: which rows, the financial
year each belongs to, the school it is for) and how it adds them up. The seeds' year in review is the
model: schools buying the Universal Support Offer, children supported and the schools they are in,
colleagues trained.

`outreach_figures` works every figure out for every year up to the one asked for in one query (each kind
of record counted apart, the counts and the list of districts joined with UNION ALL), however many years,
districts and schools there are.
A school is in one district, so the figures for everyone are the districts' added together.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import BigIntegerField, CharField, Count, F, Q, QuerySet, Sum, Value
from django.db.models.functions import Concat

from bookings.models import (
    BookingStatus,
    CallbackRequest,
    CallbackStatus,
    SessionStatus,
    SurgeryBooking,
    SurgerySession,
    TrainingRequest,
    TrainingStatus,
)
from common.financial_years import FinancialYear, financial_year_start_of
from portal.orders.models import HELD_STATUSES, FocusKind, HoursEntry, OrderLine, ProductKind
from portal.schools.models import District

# What a school buys hours with: support packages and consultancy (not the Universal Offer, training or a
# placement, whose lines carry no specialist-teacher hours to draw down).
PACKAGE_KINDS = (ProductKind.PACKAGE, ProductKind.CONSULTANCY)


@dataclass(frozen=True)
class Source:
    """A kind of record the figures count: its rows (given today's date), the financial year a row is in
    (an SQL expression), the path from a row to its school ("" for records no school owns) and, for a
    figure broken down by kind, the paths to each kind's name and its place in the list."""

    rows: Callable[[datetime.date], QuerySet]
    year: Callable[[], object]
    school: str
    kind: str = ""
    kind_order: str = ""


# An order belongs to the financial year it was bought for; only what the school holds counts (invoiced
# or paid, never cancelled or still waiting for its card payment).
HELD_LINES = Source(
    rows=lambda today: OrderLine.objects.filter(order__status__in=HELD_STATUSES),
    year=lambda: F("order__financial_year_start"),
    school="order__school",
)
PACKAGE_LINES = Source(
    rows=lambda today: OrderLine.objects.filter(order__status__in=HELD_STATUSES, kind__in=PACKAGE_KINDS),
    year=lambda: F("order__financial_year_start"),
    school="order__school",
    kind="package__name",
    kind_order="package__sort_order",
)
# Hours delivered count against the packages of the year they were bought for, as each package's
# balance does, whenever the visit took place.
HOURS_DELIVERED = Source(
    rows=lambda today: HoursEntry.objects.filter(line__order__status__in=HELD_STATUSES),
    year=lambda: F("line__order__financial_year_start"),
    school="line__order__school",
)
# A surgery is held on its day unless it was cancelled; one still to come has not been held yet.
SURGERIES_HELD = Source(
    rows=lambda today: SurgerySession.objects.filter(status=SessionStatus.OPEN, date__lte=today),
    year=lambda: financial_year_start_of("date"),
    school="",
)
# A place is counted in the year of its surgery; a cancelled place (or surgery) is not a place booked.
SURGERY_PLACES = Source(
    rows=lambda today: SurgeryBooking.objects.filter(status=BookingStatus.CONFIRMED),
    year=lambda: financial_year_start_of("session__date"),
    school="school",
)
# A call is counted in the year it was made: a request still waiting has had no call yet.
CALLS = Source(
    rows=lambda today: CallbackRequest.objects.filter(status=CallbackStatus.CLOSED),
    year=lambda: financial_year_start_of("called_at"),
    school="school",
)
# Training is counted in the year of its agreed day, once staff have recorded who attended.
TRAINING_DELIVERED = Source(
    rows=lambda today: TrainingRequest.objects.filter(status=TrainingStatus.DELIVERED),
    year=lambda: financial_year_start_of("agreed_date"),
    school="school",
)


@dataclass(frozen=True)
class Figure:
    """One number of the year in review: `label` for all schools or a district, `school_label` for one
    school ("" where it means nothing for one school), `value` the aggregate over its source's rows."""

    key: str
    label: str
    school_label: str
    source: Source
    value: Callable[[], object]
    # The value is counted in parts of a whole: 4 for hours recorded in quarter hours.
    parts: int = 1

    @property
    def by_district(self):
        return bool(self.source.school)

    @property
    def by_kind(self):
        return bool(self.source.kind)


def _distinct_pupils():
    # A pupil is known only by initials and year group (a focus never names them), so two pupils of one
    # school with the same initials in the same year group count once, and a pupil whose year group
    # changed in September between two packages counts twice.
    pupil = Concat(
        "order__school_id",
        Value(":"),
        "pupil_initials",
        Value(":"),
        "pupil_year_group",
        output_field=CharField(),
    )
    return Count(pupil, distinct=True, filter=Q(focus_kind=FocusKind.PUPIL, kind__in=PACKAGE_KINDS))


UNIVERSAL_OFFER_SCHOOLS = Figure(
    key="universal_offer_schools",
    label="Schools that bought the Universal Support Offer",
    school_label="Universal Support Offer held",
    source=HELD_LINES,
    value=lambda: Count("order__school", distinct=True, filter=Q(kind=ProductKind.UNIVERSAL_OFFER)),
)
PACKAGES_SOLD = Figure(
    key="packages_sold",
    label="Support packages and consultancy sold",
    school_label="Support packages and consultancy bought",
    source=PACKAGE_LINES,
    value=lambda: Count("pk"),
)
HOURS_BOUGHT = Figure(
    key="hours_bought",
    label="Specialist-teacher hours bought",
    school_label="Specialist-teacher hours bought",
    source=HELD_LINES,
    value=lambda: Sum(F("hours_per_unit") * F("quantity"), filter=Q(kind__in=PACKAGE_KINDS)),
)
HOURS_DELIVERED_FIGURE = Figure(
    key="hours_delivered",
    label="Specialist-teacher hours delivered",
    school_label="Specialist-teacher hours delivered",
    source=HOURS_DELIVERED,
    value=lambda: Sum("quarter_hours"),
    parts=4,
)
PUPILS_SUPPORTED = Figure(
    key="pupils_supported",
    label="Pupils supported",
    school_label="Pupils supported",
    source=HELD_LINES,
    value=_distinct_pupils,
)
SCHOOLS_WITH_PUPILS_SUPPORTED = Figure(
    key="schools_with_pupils_supported",
    label="Schools whose pupils were supported",
    school_label="",
    source=HELD_LINES,
    value=lambda: Count(
        "order__school", distinct=True, filter=Q(focus_kind=FocusKind.PUPIL, kind__in=PACKAGE_KINDS)
    ),
)
SURGERIES_HELD_FIGURE = Figure(
    key="surgeries_held",
    label="Behaviour surgeries held",
    school_label="",
    source=SURGERIES_HELD,
    value=lambda: Count("pk"),
)
SURGERY_PLACES_BOOKED = Figure(
    key="surgery_places_booked",
    label="Surgery places booked",
    school_label="Surgery places booked",
    source=SURGERY_PLACES,
    value=lambda: Count("pk"),
)
SURGERY_PLACES_ATTENDED = Figure(
    key="surgery_places_attended",
    label="Surgery places attended",
    school_label="Surgery places attended",
    source=SURGERY_PLACES,
    value=lambda: Count("pk", filter=Q(attended=True)),
)
ADVICE_LINE_CALLS = Figure(
    key="advice_line_calls",
    label="Advice-line calls",
    school_label="Advice-line calls",
    source=CALLS,
    value=lambda: Count("pk"),
)
TRAINING_SESSIONS = Figure(
    key="training_delivered",
    label="Training sessions delivered",
    school_label="Training sessions delivered",
    source=TRAINING_DELIVERED,
    value=lambda: Count("pk"),
)
COLLEAGUES_TRAINED = Figure(
    key="colleagues_trained",
    label="Colleagues trained",
    school_label="Colleagues trained",
    source=TRAINING_DELIVERED,
    value=lambda: Sum("attended_count"),
)

# In the order the pages, the summary and the CSV list them.
FIGURES = (
    UNIVERSAL_OFFER_SCHOOLS,
    PACKAGES_SOLD,
    HOURS_BOUGHT,
    HOURS_DELIVERED_FIGURE,
    PUPILS_SUPPORTED,
    SCHOOLS_WITH_PUPILS_SUPPORTED,
    SURGERIES_HELD_FIGURE,
    SURGERY_PLACES_BOOKED,
    SURGERY_PLACES_ATTENDED,
    ADVICE_LINE_CALLS,
    TRAINING_SESSIONS,
    COLLEAGUES_TRAINED,
)
SCHOOL_FIGURES = tuple(figure for figure in FIGURES if figure.school_label)

# The keys of `FigureValues.values`: (figure key, kind or "", year's start, district id, or None for
# records no school owns or when the figures are for one school).
Key = tuple[str, str, int, int | None]


# The UNION's part that lists the districts rather than counting records.
DISTRICTS = -1


@dataclass(frozen=True)
class Place:
    """A district, as the figures name it."""

    pk: int
    name: str


@dataclass
class FigureValues:
    """Every figure's numbers by year and place, as `outreach_figures` counted them."""

    values: dict[Key, int | Decimal] = field(default_factory=dict)
    # Each kind of a figure broken down by kind, in the catalogue's order: {figure key: [kind, ...]}.
    kinds: dict[str, list[str]] = field(default_factory=dict)
    years: list[FinancialYear] = field(default_factory=list)
    # Every district, by name (none when the figures are for one school).
    districts: list[Place] = field(default_factory=list)
    _by_figure_and_year: dict | None = field(default=None, repr=False)

    def of(self, figure: Figure, year: FinancialYear, *, place=None, kind="") -> int | Decimal:
        """`figure` in `year` at `place` (a district's id; everywhere when None), of one `kind` of a figure
        broken down by kind (all kinds added up when "")."""
        total = sum(
            value
            for (each_kind, each_place), value in self._cells().get((figure.key, year.start_year), {}).items()
            if kind in ("", each_kind) and place in (None, each_place)
        )
        return Decimal(total) / figure.parts if figure.parts != 1 else total

    def _cells(self) -> dict:
        """The values by figure and year: {(figure key, year's start): {(kind, place): value}}, made once."""
        if self._by_figure_and_year is None:
            self._by_figure_and_year = {}
            for (key, kind, start, place), value in self.values.items():
                self._by_figure_and_year.setdefault((key, start), {})[kind, place] = value
        return self._by_figure_and_year

    def kinds_of(self, figure: Figure) -> list[str]:
        return self.kinds.get(figure.key, [])


def outreach_figures(
    *, figures=None, up_to: FinancialYear, today: datetime.date, school=None
) -> FigureValues:
    """Every figure of `figures` (all of them, or all that mean something for one school) for each year
    up to `up_to`, by district with every district listed (for `school` alone when given), in one query
    whatever the number of years: each source's counts, and the districts, joined with UNION ALL."""
    if figures is None:
        figures = FIGURES if school is None else SCHOOL_FIGURES
    sources = list(dict.fromkeys(figure.source for figure in figures))
    parts = [
        _counts_of(source, index, figures, up_to=up_to, today=today, school=school)
        for index, source in enumerate(sources)
    ]
    if school is None:
        parts.append(_districts_part(figures))
    counted = FigureValues()
    earliest = up_to.start_year
    kinds: dict[str, dict[str, tuple]] = {}
    for row in parts[0].union(*parts[1:], all=True).order_by():
        if row["source_index"] == DISTRICTS:
            counted.districts.append(Place(pk=row["place"], name=row["kind_name"]))
            continue
        earliest = min(earliest, row["year_start"])
        source = sources[row["source_index"]]
        for figure in figures:
            if figure.source is not source:
                continue
            key = (figure.key, row["kind_name"], row["year_start"], row["place"])
            counted.values[key] = counted.values.get(key, 0) + (row[figure.key] or 0)
            if figure.by_kind:
                kinds.setdefault(figure.key, {})[row["kind_name"]] = (row["kind_order"], row["kind_name"])
    counted.districts.sort(key=lambda place: place.name)
    counted.kinds = {key: [name for _, name in sorted(found.values())] for key, found in kinds.items()}
    counted.years = [FinancialYear(start) for start in range(earliest, up_to.start_year + 1)]
    return counted


def _counts_of(source, index, figures, *, up_to, today, school) -> QuerySet:
    """`source`'s rows grouped by year, district (unless for one school) and kind, with a column for every
    figure of `figures`: its value for this source's figures, 0 for the others (a UNION's parts must have
    the same columns)."""
    rows = source.rows(today).annotate(financial_year=source.year())
    rows = rows.filter(financial_year__lte=up_to.start_year)
    if school is not None:
        rows = rows.filter(**{source.school: school})
    by_district = source.school and school is None
    group = {
        "source_index": Value(index),
        "year_start": F("financial_year"),
        "place": F(f"{source.school}__district") if by_district else Value(None, BigIntegerField()),
        "kind_name": F(source.kind) if source.kind else Value("", CharField()),
        "kind_order": F(source.kind_order) if source.kind else Value(0),
    }
    columns = {figure.key: figure.value() if figure.source is source else Value(0) for figure in figures}
    return rows.values(**group).annotate(**columns).order_by()


def _districts_part(figures) -> QuerySet:
    """Every district, those with no schools yet included (their figures are all zero), as rows of the
    same shape as the counts: its id as the place, its name as the kind."""
    return (
        District.objects.values(
            source_index=Value(DISTRICTS),
            year_start=Value(0),
            place=F("pk"),
            kind_name=F("name"),
            kind_order=Value(0),
        )
        .annotate(**{figure.key: Value(0) for figure in figures})
        .order_by()
    )
