import datetime

from common.academic_years import AcademicYear


def test_the_academic_year_runs_from_september_to_august():
    year = AcademicYear.containing(datetime.date(2025, 8, 31))

    assert year == AcademicYear(2024)
    assert year.label == "2024-25"
    assert (year.first_day, year.last_day) == (datetime.date(2024, 9, 1), datetime.date(2025, 8, 31))
    assert AcademicYear.containing(datetime.date(2025, 9, 1)) == AcademicYear(2025)
    assert year.previous == AcademicYear(2023)


def test_a_year_is_read_from_its_label_only_when_written_right():
    assert AcademicYear.from_label("2024-25") == AcademicYear(2024)
    assert AcademicYear.from_label("1999-00") == AcademicYear(1999)
    assert AcademicYear.from_label("2024-26") is None
    assert AcademicYear.from_label("2024") is None
    assert AcademicYear.from_label("") is None
