import datetime
import itertools
import re

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils.html import escape

from home.factories import (
    SenKeyFigureFactory,
    SenPupilTableFactory,
    SenReportIndexPageFactory,
    SenReportPageFactory,
    StandardPageFactory,
    report_sections,
)
from home.pupil_tables import pupil_table_html
from home.sen_items import ACCESSIBILITY, PROVISION, STATUTORY_ITEMS, ReportSectionBlock
from home.sen_report import SenReportIndexPage, SenReportPage, one_year_after, validate_academic_year
from portal.placements.factories import PlacementCapacityFactory


def validation_messages(excinfo, field):
    return " ".join(excinfo.value.message_dict[field])


# Where pages may be created


def test_index_goes_only_under_the_home_page_and_only_once(home_page):
    standard = StandardPageFactory(parent=home_page)
    assert SenReportIndexPage.can_create_at(home_page)
    assert not SenReportIndexPage.can_create_at(standard)

    SenReportIndexPageFactory(parent=home_page)

    assert not SenReportIndexPage.can_create_at(home_page)


def test_reports_go_only_under_the_index(home_page, index):
    standard = StandardPageFactory(parent=home_page)
    assert SenReportPage.can_create_at(index)
    assert not SenReportPage.can_create_at(home_page)
    assert not SenReportPage.can_create_at(standard)
    assert SenReportPage.allowed_subpage_models() == []


# Statutory items


def test_a_missing_item_is_refused_with_a_message_naming_it(report):
    report.sections = report_sections(leave_out=["complaints", "accessibility_plan"])

    with pytest.raises(ValidationError) as excinfo:
        report.full_clean()

    message = validation_messages(excinfo, "sections")
    assert "9. Arrangements for complaints about SEN provision" in message
    assert "s69(d) The school's accessibility plan" in message
    assert "SENCo" not in message


def test_an_item_used_twice_is_refused(report):
    report.sections = report_sections(repeat=["senco"])

    with pytest.raises(ValidationError) as excinfo:
        report.full_clean()

    message = validation_messages(excinfo, "sections")
    assert "more than one" in message
    assert "4. The SENCo's name and contact details" in message


def test_publishing_an_incomplete_report_is_refused(report):
    report.sections = report_sections(leave_out=["local_offer"])
    report.live = True

    with pytest.raises(ValidationError, match="local authority's local offer"):
        report.save()


def test_a_complete_report_is_valid(report):
    report.full_clean()


# Dates and the academic year


def test_next_review_defaults_to_a_year_after_the_last(index):
    report = SenReportPageFactory(parent=index, last_reviewed=datetime.date(2025, 6, 30), next_review=None)

    report.refresh_from_db()
    assert report.next_review == datetime.date(2026, 6, 30)


def test_an_editor_set_next_review_is_kept(index):
    report = SenReportPageFactory(
        parent=index, last_reviewed=datetime.date(2025, 6, 30), next_review=datetime.date(2026, 3, 31)
    )

    report.refresh_from_db()
    assert report.next_review == datetime.date(2026, 3, 31)


def test_a_year_after_the_29th_of_february_is_the_28th():
    assert one_year_after(datetime.date(2024, 2, 29)) == datetime.date(2025, 2, 28)


def test_next_review_must_come_after_the_last(report):
    report.next_review = report.last_reviewed

    with pytest.raises(ValidationError) as excinfo:
        report.full_clean()

    assert "after the last review" in validation_messages(excinfo, "next_review")


@pytest.mark.parametrize("value", ["2024-25", "1999-00", "2099-00"])
def test_academic_year_accepts_a_start_year_and_the_next(value):
    validate_academic_year(value)


@pytest.mark.parametrize("value", ["2024-26", "2024/25", "24-25", "2024-2025", "2024-25 ", "", "2025-24"])
def test_academic_year_refuses_other_formats(value):
    with pytest.raises(ValidationError, match="like 2024-25"):
        validate_academic_year(value)


def test_academic_year_is_unique_among_reports(index, report):
    second = SenReportPageFactory.build(academic_year="2024-25", slug="another")
    index.add_child(instance=SenReportPageFactory.build(academic_year="2023-24"))
    second.academic_year = "2024-25"

    with pytest.raises(ValidationError) as excinfo:
        index.add_child(instance=second)

    assert "already a report for 2024-25" in validation_messages(excinfo, "academic_year")


def test_a_report_can_be_saved_again_with_its_own_year(report):
    report.title = "Renamed"
    report.full_clean()


# The public page


def heading_levels(html):
    return [int(level) for level in re.findall(r"<h([1-6])[\s>]", html)]


def test_a_sections_item_is_read_back_as_the_code_stored_and_offered_with_every_item():
    block = ReportSectionBlock().child_blocks["item"]

    assert [block.to_python(item.code) for item in STATUTORY_ITEMS] == [item.code for item in STATUTORY_ITEMS]
    offered = [value for value, _label in block.field.choices if value]
    assert offered == [item.code for item in STATUTORY_ITEMS]


def test_report_page_shows_every_section_with_a_contents_list(client, report):
    html = client.get(report.url).content.decode()

    for item in STATUTORY_ITEMS:
        anchor, heading = item.code.replace("_", "-"), escape(item.heading)
        assert f'<a href="#{anchor}">{heading}</a>' in html
        expected_level = 3 if item.group else 2
        assert f'<h{expected_level} id="{anchor}">{heading}</h{expected_level}>' in html
    for group in (PROVISION, ACCESSIBILITY):
        assert f'<h2 id="{group.code}">{group.heading}</h2>' in html


def test_report_headings_never_skip_a_level(client, report):
    levels = heading_levels(client.get(report.url).content.decode())

    assert levels.count(1) == 1
    assert all(later - earlier <= 1 for earlier, later in itertools.pairwise(levels))


def test_sections_show_in_the_regulations_order_with_editors_headings(client, index):
    sections = report_sections()
    sections.reverse()
    sections[0]["value"]["heading"] = "Our accessibility plan for 2024 to 2027"
    report = SenReportPageFactory(parent=index, sections=sections)

    html = client.get(report.url).content.decode()

    assert html.index('id="kinds-of-need"') < html.index('id="identifying-needs"') < html.index('id="senco"')
    assert "Our accessibility plan for 2024 to 2027</h3>" in html


def test_senco_contact_details_show_in_their_section(client, index):
    report = SenReportPageFactory(
        parent=index, senco_name="", senco_email="senco@stepping-stones.test", senco_phone="01632 960 001"
    )

    html = client.get(report.url).content.decode()
    senco_section = html[html.index('id="senco"') : html.index('id="staff-expertise"')]

    assert "Deputy headteacher and SENDCo" in senco_section
    assert 'href="mailto:senco@stepping-stones.test"' in senco_section
    assert 'href="tel:01632960001"' in senco_section
    assert "<dt>Name</dt>" not in senco_section


SEED_BOYS = {"reception": 1, "year_1": 3, "year_2": 1, "year_3": 5, "year_4": 6, "year_5": 3, "year_6": 8}
SEED_GIRLS = {"reception": 0, "year_1": 0, "year_2": 0, "year_3": 2, "year_4": 0, "year_5": 1, "year_6": 0}


@pytest.fixture
def excluded_table(report):
    return SenPupilTableFactory(
        page=report,
        caption="Permanently excluded pupils on roll, June 2025",
        note="Counted on 30 June 2025.",
        **{f"boys_{code}": count for code, count in SEED_BOYS.items()},
        **{f"girls_{code}": count for code, count in SEED_GIRLS.items()},
    )


def test_pupil_table_totals(excluded_table):
    boys, girls = excluded_table.rows()

    assert (boys.label, boys.counts, boys.total) == ("Boys", [1, 3, 1, 5, 6, 3, 8], 27)
    assert (girls.label, girls.total) == ("Girls", 3)
    published = excluded_table.published_counts
    assert [count.value for count in published.column_totals] == [1, 3, 1, 7, 6, 4, 8]
    assert published.grand_total.value == 30


def test_published_counts_withhold_what_would_give_a_small_count_away(excluded_table):
    published = excluded_table.published_counts

    # Girls in Year 3 (2) and Year 5 (1) would follow from their columns, and then the boys in Reception
    # and Year 2 (one each) from the boys' total. With Year 3's total and the boys in Year 5 withheld, all
    # of them can be one more or one less together (common.small_numbers).
    assert [[count.text for count in row] for row in published.cells] == [
        ["fewer than 3", "3", "fewer than 3", "5", "6", "withheld", "8"],
        ["0", "0", "0", "fewer than 3", "0", "fewer than 3", "0"],
    ]
    assert [count.text for count in published.row_totals] == ["27", "3"]
    assert [count.text for count in published.column_totals] == [
        *["fewer than 3", "3", "fewer than 3", "withheld", "6", "4", "8"]
    ]


def test_chart_summary_names_totals_and_leaves_the_largest_year_group_if_a_total_is_withheld(excluded_table):
    summary = excluded_table.chart_summary()

    # Year 3's total is withheld, so which year group has the most is not said: it would bound it.
    assert summary == "Bar chart of the table: 30 pupils in all (boys 27, girls 3)."
    assert excluded_table.chart_scale() == 8


def test_chart_summary_names_the_largest_year_group(report):
    table = SenPupilTableFactory(page=report, boys_year_1=3, boys_year_4=5, girls_year_4=4, girls_year_6=7)

    assert table.chart_summary() == (
        "Bar chart of the table: 19 pupils in all (boys 8, girls 11). The most are in Year 4, with 9 pupils."
    )


def test_chart_summary_ties_every_year_group_with_fewer_than_3(report):
    # Year 1 has one pupil and Year 4 two: "fewer than 3" is all a reader may know of either, so they tie.
    table = SenPupilTableFactory(page=report, boys_year_1=1, girls_year_4=2)

    assert table.chart_summary() == (
        "Bar chart of the table: 3 pupils in all (boys fewer than 3, girls fewer than 3). "
        "The most are in Year 1 and Year 4, with fewer than 3 pupils each."
    )


def test_a_withheld_count_draws_no_bar_and_sets_no_scale(report):
    # Year 1's one would be the boys' 10 less Year 2's 9: the 9 is withheld, and the chart's scale (in the
    # page's source) must not say it either.
    table = SenPupilTableFactory(page=report, boys_year_1=1, boys_year_2=9)

    assert [count.text for count in table.published_counts.cells[0][:3]] == ["0", "fewer than 3", "withheld"]
    assert table.chart_scale() == 1
    assert 'viewBox="0 0 9 ' not in pupil_table_html(table, 1)


def test_chart_summary_says_when_the_total_is_withheld(report):
    # One boy in Year 1 and one girl in Year 3: a total of 2 would say both are ones.
    table = SenPupilTableFactory(page=report, boys_year_1=1, girls_year_3=1)

    assert table.chart_summary() == (
        "Bar chart of the table: the total withheld (boys fewer than 3, girls fewer than 3). "
        "The most are in Year 1 and Year 3, with fewer than 3 pupils each."
    )


def test_chart_summary_of_an_empty_table(report):
    table = SenPupilTableFactory(page=report)

    assert table.chart_summary() == "Bar chart of the table: 0 pupils in all (boys 0, girls 0)."
    assert table.chart_scale() == 1


def test_tables_render_with_captions_headers_totals_and_a_chart(client, report, excluded_table):
    SenKeyFigureFactory(page=report, value=47, label="pupils in total attended during the year")
    PlacementCapacityFactory(starts_on=datetime.date(2024, 9, 1), places=32)
    PlacementCapacityFactory(starts_on=datetime.date(2025, 9, 1), places=36)

    html = client.get(report.url).content.decode()

    assert '<a href="#pupils-in-figures">Our pupils in 2024-25</a>' in html
    assert "Permanently excluded pupils on roll, June 2025</caption>" in html
    assert '<th scope="col" class="numeric"><span aria-hidden="true">Y6</span>' in html
    assert '<span class="visually-hidden">Year 6</span>' in html
    assert '<th scope="row">Boys</th>' in html
    totals_row = re.search(r"<tfoot>(.*?)</tfoot>", html, re.S).group(1)
    # One or two pupils are "<3" on screen, "fewer than 3" read out (the small-number rule).
    suppressed = '<span aria-hidden="true">&lt;3</span><span class="visually-hidden">fewer than 3</span>'
    withheld = '<span aria-hidden="true">[c]</span><span class="visually-hidden">withheld</span>'
    assert re.findall(r"<td[^>]*>(.+?)</td>", totals_row) == [
        suppressed,
        "3",
        suppressed,
        withheld,
        "6",
        "4",
        "8",
        "30",
    ]
    assert "“&lt;3” stands for fewer than 3 pupils" in html
    assert "“[c]” marks a number withheld so that a count of fewer than 3 cannot be worked out" in html
    assert "Counted on 30 June 2025." in html
    assert f'role="img" aria-label="{excluded_table.chart_summary()}"' in html
    assert '<rect x="0" y="0" width="8" height="1"/>' in html
    assert '<span class="sen-figures__value">47</span>' in html
    assert "places for 32 pupils at any one time. From September 2025 we will have places for 36." in html


def test_places_are_the_capacity_of_the_reports_school_year(client, report, excluded_table):
    PlacementCapacityFactory(starts_on=datetime.date(2022, 9, 1), places=30)
    # Announced for after the year the report covers: not the report's to mention.
    PlacementCapacityFactory(starts_on=datetime.date(2026, 9, 1), places=40)

    html = client.get(report.url).content.decode()

    assert "We have places for 30 pupils at any one time.</p>" in html
    assert "40" not in html


def test_a_served_report_reads_its_figures_once_until_a_report_is_published_again(report, excluded_table):
    signed_in_visitor = Client()
    signed_in_visitor.cookies["sessionid"] = "any"  # the page cache does not answer a session
    tables = ["home_senpupiltable", "home_senkeyfigure"]

    first_visit, html = visit(signed_in_visitor, report.url)
    assert all(table in first_visit for table in tables)
    assert "Permanently excluded pupils on roll, June 2025</caption>" in html
    next_visit, _html = visit(signed_in_visitor, report.url)
    assert not any(table in next_visit for table in tables)

    excluded_table.caption = "Pupils on roll, July 2025"
    excluded_table.save()
    report.save_revision().publish()

    _queries, html = visit(signed_in_visitor, report.url)
    assert "Pupils on roll, July 2025</caption>" in html


def test_a_preview_shows_the_draft_s_own_figures_not_the_served_ones(client, report, excluded_table):
    client.get(report.url)  # the served page's figures are remembered
    draft = SenReportPage.objects.get(pk=report.pk)
    draft.pupil_tables = [SenPupilTableFactory.build(caption="Draft table, not yet published", boys_year_1=4)]

    html = draft.make_preview_request().content.decode()

    assert "Draft table, not yet published</caption>" in html
    assert "Permanently excluded pupils" not in html


def visit(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return " ".join(query["sql"] for query in queries.captured_queries), response.content.decode()


def test_a_report_without_figures_has_no_figures_section(client, report):
    html = client.get(report.url).content.decode()

    assert "pupils-in-figures" not in html


# Current and earlier years


def test_index_lists_reports_newest_first_with_the_current_one_highlighted(client, index, report):
    older = SenReportPageFactory(parent=index, academic_year="2023-24")
    draft = SenReportPageFactory(parent=index, academic_year="2025-26")
    draft.unpublish()

    html = client.get(index.url).content.decode()

    assert html.index(report.title) < html.index(older.title)
    assert draft.title not in html
    current_item = re.search(r'<li class="[^"]*--current">(.*?)</li>', html, re.S).group(1)
    assert report.title in current_item
    assert "Current report" in current_item


def test_a_newer_draft_is_not_called_out_of_date_in_preview(rf, index, report):
    draft = SenReportPageFactory(parent=index, academic_year="2025-26")
    draft.unpublish()

    context = draft.get_context(rf.get(draft.url))

    assert context["current_report"] == report
    assert context["is_current"]


def test_an_earlier_report_says_it_is_not_current_and_links_to_the_current_one(client, index, report):
    older = SenReportPageFactory(parent=index, academic_year="2023-24")

    old_html = client.get(older.url).content.decode()
    current_html = client.get(report.url).content.decode()

    assert "This is not the current report" in old_html
    assert f'<a href="{report.url}">Read the current report for 2024-25</a>' in old_html
    assert "This is not the current report" not in current_html


def test_each_section_offers_a_way_back_to_the_contents(client, report):
    html = client.get(report.url).content.decode()

    assert 'id="contents-heading"' in html
    sections = html.count('<section class="sen-section"')
    assert sections > 5
    assert html.count('<p class="back-to-contents"><a href="#contents-heading">Back to contents') == sections


def test_current_report_past_its_review_date_says_so_plainly(client, report, time_machine):
    time_machine.move_to(datetime.datetime(2026, 7, 1, 9, 0), tick=False)

    html = client.get(report.url).content.decode()

    assert "This report is past its review date" in html
    assert "It was due to be reviewed by 30 June 2026" in html


def test_report_within_its_review_date_has_no_warning(client, report, time_machine):
    time_machine.move_to(datetime.datetime(2026, 6, 30, 9, 0), tick=False)

    assert "past its review date" not in client.get(report.url).content.decode()


def test_older_report_is_not_called_overdue(client, index, report, time_machine):
    older = SenReportPageFactory(
        parent=index, academic_year="2023-24", last_reviewed=datetime.date(2024, 6, 30)
    )
    time_machine.move_to(datetime.datetime(2026, 6, 1, 9, 0), tick=False)

    html = client.get(older.url).content.decode()

    assert "This is not the current report" in html
    assert "past its review date" not in html
