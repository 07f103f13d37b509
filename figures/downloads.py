"""The one way a figure leaves as a CSV file: its name, a header row, then its rows."""

import csv

from django.http import HttpResponse

# A spreadsheet runs a cell that starts with one of these as a formula; a leading apostrophe keeps it text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _cell(value):
    if isinstance(value, int | float):
        return value
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_response(*, filename: str, headers: list[str], rows: list[list[object]]) -> HttpResponse:
    """A CSV download: UTF-8 with a byte order mark (so spreadsheet programs read it as UTF-8), never kept by
    a browser or proxy."""
    response = HttpResponse(
        content_type="text/csv; charset=utf-8",
        headers={
            "Content-Disposition": f'attachment; filename="{filename}"',
            "Cache-Control": "private, no-store",
        },
    )
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow([_cell(header) for header in headers])
    writer.writerows([_cell(value) for value in row] for row in rows)
    return response
