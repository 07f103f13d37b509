"""A pupil numbers table of the SEN information report as HTML: the table, its notes, and the same figures as
a bar chart (CSS bars, no script), drawn in one pass. Template loops over every cell and bar had been a
third of the report page's render; the white space is the one those templates wrote, so the page is unchanged
(tests/home/test_pupil_table_html.py holds it to their output)."""

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

from common.small_numbers import FEWER_THAN, THRESHOLD, WITHHELD, Count
from home.sen_report import YEAR_GROUPS, SenPupilTable

# One or two pupils are "<3" on screen (so a table still fits a phone), a number withheld is "[c]" (for
# confidential, as official statistics mark it); both are read out in full, and the table's notes say what
# they mean.
SUPPRESSED_CELL = format_html(
    '<span aria-hidden="true">&lt;{}</span><span class="visually-hidden">{}</span>', THRESHOLD, FEWER_THAN
)
WITHHELD_CELL = format_html(
    '<span aria-hidden="true">[c]</span><span class="visually-hidden">{}</span>', WITHHELD
)
SMALL_NUMBERS_NOTE = (
    '<p class="sen-table__note">“&lt;3” stands for fewer than 3 pupils: counts of one or two are not shown, '
    "so that no child can be recognised.</p>"
)
WITHHELD_NOTE = (
    '<p class="sen-table__note">“[c]” marks a number withheld so that a count of fewer than 3 cannot be '
    "worked out from the totals.</p>"
)
YEAR_HEADINGS = "".join(
    format_html(
        '<th scope="col" class="numeric"><span aria-hidden="true">{}</span>'
        '<span class="visually-hidden">{}</span></th>',
        short,
        label,
    )
    for _code, label, short in YEAR_GROUPS
)
YEAR_LABELS = [escape(label) for _code, label, _short in YEAR_GROUPS]


def pupil_cell(count: Count) -> str:
    """A table cell's number of pupils as it may be published."""
    if count.withheld:
        return WITHHELD_CELL
    return SUPPRESSED_CELL if count.suppressed else count.text


def _cells(counts, css_class):
    return "".join(f'<td class="{css_class}">{pupil_cell(count)}</td>' for count in counts)


def _body_row(label, counts, total):
    return (
        "\n        <tr>\n"
        f'          <th scope="row">{escape(label)}</th>\n'
        f"          {_cells(counts, 'numeric')}\n"
        f'          <td class="numeric sen-table__total">{pupil_cell(total)}</td>\n'
        "        </tr>\n        "
    )


def _bar(number, label, count, scale):
    """The bar of the row numbered `number` (its colour); `label` is escaped, a count's text is digits,
    "fewer than 3" or "withheld"."""
    drawn = count.drawn or 0  # a count not shown draws no bar: its text says so
    return (
        f'\n      <dd class="sen-chart__bar sen-chart__bar--{number}">\n'
        f'        <span class="sen-chart__bar-label">{label} {count.text}</span>\n'
        f'        <svg class="sen-chart__track" viewBox="0 0 {scale} 1" preserveAspectRatio="none" '
        f'focusable="false" aria-hidden="true"><rect x="0" y="0" width="{drawn}" height="1"/></svg>\n'
        "      </dd>\n      "
    )


def _chart_group(year_label, bars):
    return (
        '\n    <div class="sen-chart__group">\n'
        f'      <dt class="sen-chart__group-label">{year_label}</dt>\n'
        f"      {bars}\n"
        "    </div>\n    "
    )


def _chart(table, rows):
    """For each year group, a bar for each row (boys, girls), all measured against the largest count."""
    scale = table.chart_scale()
    row_labels = [escape(row.label) for row in rows]
    cells = table.published_counts.cells
    groups = "".join(
        _chart_group(
            year_label,
            "".join(
                _bar(number, label, counts[index], scale)
                for number, (label, counts) in enumerate(zip(row_labels, cells, strict=True), start=1)
            ),
        )
        for index, year_label in enumerate(YEAR_LABELS)
    )
    return (
        f'\n<div class="sen-chart" role="img" aria-label="{escape(table.chart_summary())}">\n'
        '  <p class="sen-chart__title">The same figures as a chart</p>\n'
        '  <dl class="sen-chart__groups">\n'
        f"    {groups}\n"
        "  </dl>\n"
        "</div>\n\n"
    )


def pupil_table_html(table: SenPupilTable, number: int) -> SafeString:
    """The table numbered `number` on its page (its caption's id), with its notes and its chart."""
    rows = table.rows()
    published = table.published_counts
    body_rows = "".join(map(_body_row, [row.label for row in rows], published.cells, published.row_totals))
    note = f'<p class="sen-table__note">{escape(table.note)}</p>' if table.note else ""
    return mark_safe(  # noqa: S308 (every word in it is escaped above)
        '\n<div class="sen-table">\n'
        f'  <div class="table-wrap" role="region" aria-labelledby="pupil-table-{number}" tabindex="0">\n'
        "    <table>\n"
        f'      <caption id="pupil-table-{number}">{escape(table.caption)}</caption>\n'
        "      <thead>\n"
        "        <tr>\n"
        "          <td></td>\n"
        f"          {YEAR_HEADINGS}\n"
        '          <th scope="col" class="numeric">Total</th>\n'
        "        </tr>\n"
        "      </thead>\n"
        "      <tbody>\n"
        f"        {body_rows}\n"
        "      </tbody>\n"
        "      <tfoot>\n"
        "        <tr>\n"
        '          <th scope="row">Total</th>\n'
        f"          {_cells(published.column_totals, 'numeric sen-table__total')}\n"
        f'          <td class="numeric sen-table__total">{pupil_cell(published.grand_total)}</td>\n'
        "        </tr>\n"
        "      </tfoot>\n"
        "    </table>\n"
        "  </div>\n"
        f"  {note}\n"
        f"  {SMALL_NUMBERS_NOTE if published.has_suppressed() else ''}"
        f"{WITHHELD_NOTE if published.has_withheld() else ''}\n"
        f"  {_chart(table, rows)}\n"
        "</div>\n\n"
    )
