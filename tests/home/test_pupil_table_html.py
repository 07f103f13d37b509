"""A pupil numbers table drawn in one Python pass (`home.pupil_tables`) is, byte for byte, the HTML the
templates drew before it (templates/home/sen_pupil_table.html including sen_bar_chart.html, as they were at
commit 2ef289c): the files in pupil_table_html/ are what those templates rendered for these tables, but
where numbers are now withheld so that a small count cannot be worked out from the totals (the
small_numbers_and_note and empty_row tables: the cells, bars and chart summary those change, and the note
saying what "[c]" means)."""

from pathlib import Path

import pytest

from home.pupil_tables import pupil_table_html
from home.sen_report import SenPupilTable

EXPECTED = Path(__file__).parent / "pupil_table_html"

# name: (the table's fields, its number on the page)
TABLES = {
    # The seed report's permanently excluded pupils: ones and twos ("<3") in cells and totals, numbers
    # withheld ("[c]"), a note.
    "small_numbers_and_note": (
        {
            "caption": "Permanently excluded pupils on roll, June 2025",
            "note": "Counted on 30 June 2025.",
            **{"boys_reception": 1, "boys_year_1": 3, "boys_year_2": 1, "boys_year_3": 5},
            **{"boys_year_4": 6, "boys_year_5": 3, "boys_year_6": 8},
            **{"girls_year_3": 2, "girls_year_5": 1},
        },
        1,
    ),
    # Nothing counted: every bar drawn against a scale of 1, no note, no "<3" explained.
    "empty": ({"caption": "Pupils on roll, June 2025"}, 2),
    # A row of noughts under a row with a suppressed count, and the number withheld to hide it.
    "empty_row": ({"caption": "Girls only", "girls_reception": 4, "girls_year_2": 2, "girls_year_6": 11}, 3),
    # Words staff type that must be escaped, and counts too large to be suppressed.
    "escaped_words": (
        {
            "caption": "Pupils <on roll> at \"St Mary's\" & St John's",
            "note": "Year 6 <estimated> & rounded; see \"notes\" <script>alert('x')</script>",
            "boys_year_1": 3,
            "boys_year_4": 250,
            "girls_year_4": 1250,
            "girls_year_5": 30,
        },
        12,
    ),
}


@pytest.mark.parametrize("name", TABLES)
def test_the_table_is_the_html_the_templates_drew(name):
    fields, number = TABLES[name]

    html = pupil_table_html(SenPupilTable(**fields), number)

    assert html == (EXPECTED / f"{name}.html").read_text()


def test_words_staff_type_are_escaped():
    fields, number = TABLES["escaped_words"]

    html = pupil_table_html(SenPupilTable(**fields), number)

    assert "Pupils &lt;on roll&gt; at &quot;St Mary&#x27;s&quot; &amp; St John&#x27;s</caption>" in html
    assert "<script>" not in html
