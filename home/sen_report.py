"""The statutory SEN information report: an index of every year's report, and one page per year."""

import datetime
import re
from collections import Counter
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from modelcluster.fields import ParentalKey
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel, Panel
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index

from common import page_cache
from common.blocks import BodyBlock
from common.pages import SitePageMixin
from common.small_numbers import THRESHOLD, Count, ProtectedTable, protected_table
from home.sen_items import ITEM_ORDER, ITEMS_BY_CODE, STATUTORY_ITEMS, ReportSectionBlock

ACADEMIC_YEAR_PATTERN = re.compile(r"^(\d{4})-(\d{2})$")


def validate_academic_year(value):
    """An academic year is written like 2024-25: a start year and the next year's last two digits."""
    match = ACADEMIC_YEAR_PATTERN.match(value or "")
    if not match or (int(match.group(1)) + 1) % 100 != int(match.group(2)):
        raise ValidationError(
            "Enter the academic year like 2024-25: the year it starts, a dash, then the next year."
        )


def one_year_after(day):
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, day=28)


def _pupils(count: Count):
    # One pupil is under the small-number rule, so a count is never singular.
    return f"{count.text} pupils"


def _plain_list(words):
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


class SenReportIndexPage(SitePageMixin, Page):
    """Lists every year's SEN information report, newest first; one per site, under the home page."""

    intro = models.TextField(blank=True, help_text="One or two sentences shown under the title.")
    body = StreamField(BodyBlock(), blank=True, use_json_field=True)

    parent_page_types = ["home.HomePage"]
    subpage_types = ["home.SenReportPage"]
    max_count = 1
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]
    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]

    class Meta:
        verbose_name = "SEN information report index"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Each report's title, year and review date are shown; its sections (the largest field) stay unread.
        reports = list(SenReportPage.objects.published().child_of(self).defer("sections"))
        context["reports"] = reports
        context["current_report"] = reports[0] if reports else None
        return context


class ReviewDuePanel(Panel):
    """Warns editors on the edit page when this is the current report and its review date has passed."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "home/sen_admin_review_panel.html"

        @cached_property
        def overdue_report(self):
            report = SenReportPage.objects.overdue_for_review()
            return report if report is not None and report.pk == self.instance.pk else None

        def is_shown(self):
            return super().is_shown() and self.overdue_report is not None

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["report"] = self.overdue_report
            return context


class SenReportPageForm(WagtailAdminPageForm):
    def _post_clean(self):
        # Saving a draft may leave items out while the report is written; publishing (or
        # submitting for moderation) validates without deferral, so every item must be there.
        self.instance.allow_missing_sections = self.is_deferred_validation
        try:
            super()._post_clean()
        finally:
            self.instance.allow_missing_sections = False


class SenReportPageQuerySet(PageQuerySet):
    """Reads with rules about the reports: which are published, which is current, which is overdue."""

    def published(self):
        """Published reports, newest academic year first."""
        return self.live().order_by("-academic_year")

    def current(self):
        """The report parents should read: the published one for the latest academic year."""
        return self.published().first()

    def overdue_for_review(self, *, today=None):
        """The current report if its next review date has passed, else None.

        Older years' reports keep their old review dates for the record; only the current one matters.
        """
        report = self.current()
        today = today or timezone.localdate()
        if report is not None and report.next_review is not None and report.next_review < today:
            return report
        return None


@dataclass
class ReportSection:
    anchor: str
    heading: str
    item: str
    body: object


@dataclass
class ReportOutlineEntry:
    """One second-level part of the report: a single item, or a group heading over several items."""

    anchor: str
    heading: str
    section: ReportSection | None = None
    subsections: list[ReportSection] = field(default_factory=list)


class SenReportPage(SitePageMixin, Page):
    """One academic year's SEN information report, with a section for every statutory item."""

    academic_year = models.CharField(
        max_length=7,
        validators=[validate_academic_year],
        help_text="The school year the report covers, like 2024-25. Each year has one report.",
    )
    intro = models.TextField(blank=True, help_text="A short welcome shown under the title.")
    last_reviewed = models.DateField(help_text="When the report was last reviewed and brought up to date.")
    next_review = models.DateField(
        null=True,
        blank=True,
        help_text="Leave blank for one year after the last review. The dashboard warns when it has passed.",
    )
    senco_role = models.CharField(
        "SENCo's role", max_length=120, help_text="For example, deputy headteacher and SENDCo."
    )
    senco_name = models.CharField("SENCo's name", max_length=120, blank=True)
    senco_email = models.EmailField("SENCo's email address")
    senco_phone = models.CharField("SENCo's phone number", max_length=30)
    sections = StreamField(
        [("section", ReportSectionBlock())],
        use_json_field=True,
        help_text=(
            "One section for each item the regulations require. The page shows them in the "
            "regulations' order, whatever order they are in here."
        ),
    )

    parent_page_types = ["home.SenReportIndexPage"]
    subpage_types = []
    base_form_class = SenReportPageForm
    search_fields = Page.search_fields + [
        index.FilterField("academic_year"),
        index.SearchField("intro"),
        index.SearchField("sections"),
    ]
    content_panels = Page.content_panels + [
        ReviewDuePanel(heading="Review due"),
        FieldPanel("academic_year"),
        FieldPanel("intro"),
        MultiFieldPanel([FieldPanel("last_reviewed"), FieldPanel("next_review")], heading="Review dates"),
        MultiFieldPanel(
            [
                FieldPanel("senco_role"),
                FieldPanel("senco_name"),
                FieldPanel("senco_email"),
                FieldPanel("senco_phone"),
            ],
            heading="SENCo contact details",
        ),
        InlinePanel("pupil_tables", heading="Pupil numbers", label="Pupil numbers table"),
        InlinePanel("key_figures", heading="Key figures", label="Key figure"),
        FieldPanel("sections"),
    ]

    objects = PageManager.from_queryset(SenReportPageQuerySet)()

    # Set by SenReportPageForm while a draft is validated.
    allow_missing_sections = False

    class Meta:
        verbose_name = "SEN information report"

    @property
    def start_year(self):
        return int(self.academic_year[:4])

    @property
    def first_september(self):
        """The start of the school year the report covers."""
        return datetime.date(self.start_year, 9, 1)

    @property
    def next_september(self):
        """The start of the following school year."""
        return datetime.date(self.start_year + 1, 9, 1)

    @property
    def senco_phone_href(self):
        return "tel:" + "".join(ch for ch in self.senco_phone if ch.isdigit() or ch == "+")

    def _apply_default_next_review(self):
        if self.next_review is None and self.last_reviewed is not None:
            self.next_review = one_year_after(self.last_reviewed)

    def save(self, *args, **kwargs):
        self._apply_default_next_review()
        return super().save(*args, **kwargs)

    def missing_items(self):
        used = {block.value["item"] for block in self.sections}
        return [item for item in STATUTORY_ITEMS if item.code not in used]

    def repeated_items(self):
        counts = Counter(block.value["item"] for block in self.sections)
        return [item for item in STATUTORY_ITEMS if counts[item.code] > 1]

    def clean(self):
        super().clean()
        self._apply_default_next_review()
        errors = {}
        if (
            self.academic_year
            and SenReportPage.objects.filter(academic_year=self.academic_year).exclude(pk=self.pk).exists()
        ):
            errors["academic_year"] = f"There is already a report for {self.academic_year}."
        if self.last_reviewed and self.next_review and self.next_review <= self.last_reviewed:
            errors["next_review"] = "The next review must be after the last review."
        section_errors = []
        missing = [] if self.allow_missing_sections else self.missing_items()
        if missing:
            section_errors.append(
                "The report cannot be published until it has a section for every required item. "
                "Add a section for: " + "; ".join(item.choice_label for item in missing) + "."
            )
        repeated = self.repeated_items()
        if repeated:
            section_errors.append(
                "Each item needs exactly one section. These items have more than one: "
                + "; ".join(item.choice_label for item in repeated)
                + "."
            )
        if section_errors:
            errors["sections"] = section_errors
        if errors:
            raise ValidationError(errors)

    def outline(self):
        """The sections in the regulations' order, grouped so headings go h2 -> h3 without gaps."""
        blocks = sorted(self.sections, key=lambda block: ITEM_ORDER.get(block.value["item"], len(ITEM_ORDER)))
        used_anchors = Counter()
        entries = []
        groups = {}
        for block in blocks:
            item = ITEMS_BY_CODE.get(block.value["item"])
            if item is None:  # an item retired from the list since this was saved
                continue
            used_anchors[item.code] += 1
            suffix = "" if used_anchors[item.code] == 1 else f"-{used_anchors[item.code]}"
            section = ReportSection(
                anchor=item.code.replace("_", "-") + suffix,
                heading=block.value["heading"] or item.heading,
                item=item.code,
                body=block.value["body"],
            )
            if item.group is None:
                entries.append(
                    ReportOutlineEntry(anchor=section.anchor, heading=section.heading, section=section)
                )
            else:
                if item.group.code not in groups:
                    groups[item.group.code] = ReportOutlineEntry(
                        anchor=item.group.code, heading=item.group.heading
                    )
                    entries.append(groups[item.group.code])
                groups[item.group.code].subsections.append(section)
        return entries

    def figures(self):
        """The report's pupil numbers tables and key figures, in their editors' order."""
        return list(self.pupil_tables.all()), list(self.key_figures.all())

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Both change only when a report is published, which purges the stored pages, so a page served
        # live reads them once between purges. A preview's figures are its own, held in memory.
        if getattr(request, "is_preview", True) is False:
            context["pupil_tables"], context["key_figures"] = page_cache.remember(
                f"sen-report-figures:{self.pk}", self.figures
            )
        else:
            context["pupil_tables"], context["key_figures"] = self.figures()
        context["published_key_figures"] = published_key_figures(context["key_figures"])
        # Only its year and address are shown: nothing else of it is read.
        current = page_cache.remember(
            "sen-report-current", SenReportPage.objects.only("academic_year", "url_path").current
        )
        context["current_report"] = current
        # Compared by year, so previewing next year's draft does not call it out of date.
        context["is_current"] = current is None or self.academic_year >= current.academic_year
        # The same rule as the editors' warning; a stored copy of the page lasts one day at most.
        context["review_overdue"] = (
            context["is_current"] and self.next_review is not None and self.next_review < timezone.localdate()
        )
        context["outline"] = self.outline()
        return context


YEAR_GROUPS = (
    ("reception", "Reception", "Rec"),
    ("year_1", "Year 1", "Y1"),
    ("year_2", "Year 2", "Y2"),
    ("year_3", "Year 3", "Y3"),
    ("year_4", "Year 4", "Y4"),
    ("year_5", "Year 5", "Y5"),
    ("year_6", "Year 6", "Y6"),
)
SEXES = (("boys", "Boys"), ("girls", "Girls"))


@dataclass
class PupilTableRow:
    label: str
    counts: list[int]
    total: int


class PupilNumbersPanel(Panel):
    """The fourteen counts of a pupil numbers table entered as the table readers see: a row for each sex,
    a column for each year group, each box labelled by its row and column."""

    def get_form_options(self):
        return {"fields": [f"{sex}_{code}" for sex, _label in SEXES for code, _year, _short in YEAR_GROUPS]}

    class BoundPanel(Panel.BoundPanel):
        template_name = "home/sen_admin_pupil_numbers.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["year_groups"] = [label for _code, label, _short in YEAR_GROUPS]
            context["rows"] = [
                (sex_label, [self.form[f"{sex}_{code}"] for code, _label, _short in YEAR_GROUPS])
                for sex, sex_label in SEXES
            ]
            return context


class PupilTableSource(models.TextChoices):
    """Where a pupil numbers table's counts come from. Staff copy the referral placements' counts from the
    placement records (Figures > SEN information report), which replaces them in a new draft; every other
    table, the permanently excluded pupils' above all, is typed by staff and never overwritten."""

    TYPED = "typed", "Typed by staff"
    REFERRAL_PLACEMENTS = "referral_placements", "Referral placements, copied from the placement records"


def _pupil_count(sex_label, year_label):
    return models.PositiveSmallIntegerField(f"{sex_label}: {year_label}", default=0)


class SenPupilTable(Orderable):
    """Pupil numbers by year group (Reception to Year 6) and sex, for one group of pupils."""

    page = ParentalKey("home.SenReportPage", on_delete=models.CASCADE, related_name="pupil_tables")
    caption = models.CharField(
        max_length=200,
        help_text="Say who is counted and when, e.g. permanently excluded pupils on roll, June 2025.",
    )
    note = models.CharField(
        max_length=300, blank=True, help_text="Shown under the table, e.g. where a figure was not recorded."
    )
    source = models.CharField(
        "where the counts come from",
        max_length=24,
        choices=PupilTableSource.choices,
        default=PupilTableSource.TYPED,
        help_text="Copying the figures from the placement records replaces the counts of a referral "
        "placements table (in a new draft); a typed table is left as it is.",
    )
    boys_reception = _pupil_count("Boys", "Reception")
    boys_year_1 = _pupil_count("Boys", "Year 1")
    boys_year_2 = _pupil_count("Boys", "Year 2")
    boys_year_3 = _pupil_count("Boys", "Year 3")
    boys_year_4 = _pupil_count("Boys", "Year 4")
    boys_year_5 = _pupil_count("Boys", "Year 5")
    boys_year_6 = _pupil_count("Boys", "Year 6")
    girls_reception = _pupil_count("Girls", "Reception")
    girls_year_1 = _pupil_count("Girls", "Year 1")
    girls_year_2 = _pupil_count("Girls", "Year 2")
    girls_year_3 = _pupil_count("Girls", "Year 3")
    girls_year_4 = _pupil_count("Girls", "Year 4")
    girls_year_5 = _pupil_count("Girls", "Year 5")
    girls_year_6 = _pupil_count("Girls", "Year 6")

    panels = [
        FieldPanel("caption"),
        FieldPanel("source"),
        PupilNumbersPanel(heading="Pupils by year group"),
        FieldPanel("note"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = "pupil numbers table"

    def __str__(self):
        return self.caption

    def rows(self):
        rows = []
        for sex, sex_label in SEXES:
            counts = [getattr(self, f"{sex}_{code}") for code, _label, _short in YEAR_GROUPS]
            rows.append(PupilTableRow(label=sex_label, counts=counts, total=sum(counts)))
        return rows

    @cached_property
    def published_counts(self) -> ProtectedTable:
        """The counts and totals as the page shows them: ones and twos as "fewer than 3", and the numbers
        they could be worked out from withheld (common.small_numbers)."""
        return protected_table([row.counts for row in self.rows()])

    def chart_scale(self):
        """The largest bar; every bar is drawn as a share of it (at least 1 so an empty table draws). Only
        a count that is drawn counts: the scale is in the page too."""
        return max([1, *(count.drawn or 0 for row in self.published_counts.cells for count in row)])

    def chart_summary(self):
        """The chart's text alternative: the totals and, unless a year group's total is withheld, where
        the most pupils are ("fewer than 3" being all a reader may know of one or two, those tie)."""
        published = self.published_counts
        total = published.grand_total
        by_sex = ", ".join(
            f"{row.label.lower()} {count.text}"
            for row, count in zip(self.rows(), published.row_totals, strict=True)
        )
        in_all = "the total withheld" if total.withheld else f"{_pupils(total)} in all"
        summary = f"Bar chart of the table: {in_all} ({by_sex})."
        columns = published.column_totals
        if total.value and not any(count.withheld for count in columns):
            shown = [THRESHOLD - 1 if count.suppressed else count.value for count in columns]
            busiest = [
                (label, count)
                for (_code, label, _short), count, value in zip(YEAR_GROUPS, columns, shown, strict=True)
                if value == max(shown)
            ]
            each = " each" if len(busiest) > 1 else ""
            labels = [label for label, _count in busiest]
            summary += f" The most are in {_plain_list(labels)}, with {_pupils(busiest[0][1])}{each}."
        return summary


class KeyFigureMeasure(models.TextChoices):
    """The key figures worked out from the placement records; the label is the one a new key figure is
    given when the figures are first copied (staff may reword it, the copy then keeps their words)."""

    REFERRAL_RETURNED = (
        "referral_returned",
        "pupils on referral placements returned to their mainstream school",
    )
    REFERRAL_RETURNED_WITH_EHC_PLAN = (
        "referral_returned_ehc",
        "pupils on referral placements returned to their mainstream school with an EHC plan",
    )
    REFERRAL_RETURNED_WITHOUT_EHC_PLAN = (
        "referral_returned_no_ehc",
        "pupils on referral placements returned to their mainstream school without an EHC plan",
    )
    REFERRAL_SPECIALIST = "referral_specialist", "pupils on referral placements moved to specialist provision"
    REFERRAL_SPECIALIST_WITH_EHC_PLAN = (
        "referral_specialist_ehc",
        "pupils on referral placements moved to specialist provision with an EHC plan",
    )
    REFERRAL_SPECIALIST_WITHOUT_EHC_PLAN = (
        "referral_specialist_no_ehc",
        "pupils on referral placements moved to specialist provision without an EHC plan",
    )


# The key figures worked out from the records that add up: of an outcome's pupils, those with an EHC plan and
# those without, and all of them.
OUTCOME_PARTS = [
    (
        KeyFigureMeasure.REFERRAL_RETURNED_WITH_EHC_PLAN,
        KeyFigureMeasure.REFERRAL_RETURNED_WITHOUT_EHC_PLAN,
        KeyFigureMeasure.REFERRAL_RETURNED,
    ),
    (
        KeyFigureMeasure.REFERRAL_SPECIALIST_WITH_EHC_PLAN,
        KeyFigureMeasure.REFERRAL_SPECIALIST_WITHOUT_EHC_PLAN,
        KeyFigureMeasure.REFERRAL_SPECIALIST,
    ),
]


def _with_and_without(with_plan, without_plan, everyone) -> list[int] | None:
    """An outcome's pupils with and without an EHC plan, from any two of its three key figures; None when
    fewer are held or they do not add up (a figure edited by hand)."""
    if with_plan and without_plan:
        parts = [with_plan.value, without_plan.value]
        return parts if everyone is None or everyone.value == sum(parts) else None
    part = with_plan or without_plan
    if part is None or everyone is None or everyone.value < part.value:
        return None
    rest = everyone.value - part.value
    return [part.value, rest] if with_plan else [rest, part.value]


def published_key_figures(key_figures) -> list[tuple["SenKeyFigure", Count]]:
    """The key figures the page shows, each with its count as it may be published: one or two as "fewer
    than 3", and a figure from the records left out where a count of one or two could otherwise be worked
    out from the others of its outcome (common.small_numbers says why)."""
    by_measure = {figure.measure: figure for figure in key_figures if figure.measure}
    rows, places, unpublished = [], {}, set()
    for measures in OUTCOME_PARTS:
        held = [by_measure.get(measure) for measure in measures]
        parts = _with_and_without(*held)
        if parts is None:
            continue
        for column, figure in enumerate(held):
            if figure is None:
                unpublished.add((len(rows), column))
            else:
                places[id(figure)] = (len(rows), column)
        rows.append(parts)
    # Nobody is told how many pupils in all had an EHC plan, or had none.
    unpublished |= {(len(rows), column) for column in range(3)}
    table = protected_table(rows, unpublished=unpublished) if rows else None
    published = []
    for figure in key_figures:
        if id(figure) in places:
            row, column = places[id(figure)]
            count = table.row_totals[row] if column == 2 else table.cells[row][column]
        else:
            count = Count(figure.value)
        if not count.withheld:
            published.append((figure, count))
    return published


class SenKeyFigure(Orderable):
    """One headline number, such as how many pupils returned to mainstream school this year."""

    page = ParentalKey("home.SenReportPage", on_delete=models.CASCADE, related_name="key_figures")
    value = models.PositiveIntegerField()
    label = models.CharField(
        max_length=200,
        help_text="What the number counts, e.g. pupils who returned to their mainstream school.",
    )

    measure = models.CharField(
        "worked out from the placement records as",
        max_length=30,
        choices=KeyFigureMeasure.choices,
        blank=True,
        help_text="Leave blank for a figure typed by staff. A figure worked out from the records is "
        "replaced (in a new draft) when the figures are copied from them.",
    )

    panels = [FieldPanel("value"), FieldPanel("label"), FieldPanel("measure")]

    class Meta(Orderable.Meta):
        verbose_name = "key figure"

    def __str__(self):
        return f"{self.value} {self.label}"
