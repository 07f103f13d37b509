"""The one CSV download: its file name, a byte order mark, the header row, then the rows; a cell a
spreadsheet would run as a formula is kept as text."""

from figures.downloads import csv_response


def test_a_csv_download_has_its_name_headers_and_rows():
    response = csv_response(
        filename="panel-2024-25.csv", headers=["District", "Requests"], rows=[["North", 3]]
    )

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="panel-2024-25.csv"'
    assert response["Cache-Control"] == "private, no-store"
    assert response.content.decode("utf-8") == "\ufeffDistrict,Requests\r\nNorth,3\r\n"


def test_text_that_a_spreadsheet_would_run_stays_text_and_numbers_stay_numbers():
    response = csv_response(filename="x.csv", headers=["Name"], rows=[["=HYPERLINK(1)"], ["@cmd"], [-2]])

    assert response.content.decode("utf-8").splitlines()[1:] == ["'=HYPERLINK(1)", "'@cmd", "-2"]
