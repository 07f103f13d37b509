import datetime
import re

import time_machine
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from wagtail.models import GroupPagePermission
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from home.factories import SenPupilTableFactory, SenReportPageFactory
from home.sen_items import STATUTORY_ITEMS
from home.sen_report import SenReportPage

# The review of the `report` fixture is due on 30 June 2026 (a year after its last review on 30 June 2025).
DUE = datetime.date(2026, 6, 30)
WARNING = "SEN information report review overdue"


# Which report is current, and whether its review is overdue


def test_not_overdue_on_the_due_date(report):
    assert SenReportPage.objects.overdue_for_review(today=DUE) is None


@time_machine.travel(datetime.datetime(2026, 7, 1, 9, 0, tzinfo=datetime.UTC))
def test_overdue_the_day_after_the_due_date(report):
    assert SenReportPage.objects.overdue_for_review() == report


@time_machine.travel(datetime.datetime(2026, 11, 22, 9, 0, tzinfo=datetime.UTC))
def test_only_the_current_report_matters(index, report):
    SenReportPageFactory(parent=index, academic_year="2023-24", last_reviewed=datetime.date(2024, 6, 30))
    newer = SenReportPageFactory(
        parent=index, academic_year="2025-26", last_reviewed=datetime.date(2026, 7, 10)
    )

    assert SenReportPage.objects.current() == newer
    assert SenReportPage.objects.overdue_for_review() is None


@time_machine.travel(datetime.datetime(2026, 11, 22, 9, 0, tzinfo=datetime.UTC))
def test_an_unpublished_newer_report_does_not_stop_the_warning(index, report):
    draft = SenReportPageFactory(
        parent=index, academic_year="2025-26", last_reviewed=datetime.date(2026, 7, 10)
    )
    draft.unpublish()

    assert SenReportPage.objects.overdue_for_review() == report


def test_no_report_is_never_overdue(db):
    assert SenReportPage.objects.overdue_for_review(today=DUE) is None


# The warnings staff see


@time_machine.travel(datetime.datetime(2026, 11, 22, 9, 0, tzinfo=datetime.UTC))
def test_dashboard_warns_staff_when_the_review_is_overdue(staff_client, report):
    response = staff_client.get(reverse("wagtailadmin_home"))

    html = response.content.decode()
    assert response.status_code == 200
    assert WARNING in html
    assert "was due for review on 30 June 2026" in html
    assert reverse("wagtailadmin_pages:edit", args=[report.pk]) in html


@time_machine.travel(datetime.datetime(2026, 6, 1, 9, 0, tzinfo=datetime.UTC))
def test_dashboard_is_quiet_before_the_review_is_due(staff_client, report):
    response = staff_client.get(reverse("wagtailadmin_home"))

    assert response.status_code == 200
    assert WARNING not in response.content.decode()


@time_machine.travel(datetime.datetime(2026, 11, 22, 9, 0, tzinfo=datetime.UTC))
def test_dashboard_warning_is_only_for_staff_who_can_edit_the_report(staff_client, staff_user, report):
    # Staff who use the admin for other records, with no page permissions, cannot act on it.
    staff_user.is_superuser = False
    staff_user.save()
    group = Group.objects.create(name="Office staff")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    staff_user.groups.add(group)

    response = staff_client.get(reverse("wagtailadmin_home"))

    assert response.status_code == 200
    assert WARNING not in response.content.decode()

    GroupPagePermission.objects.create(
        group=group, page=report.get_parent(), permission=Permission.objects.get(codename="change_page")
    )
    assert WARNING in staff_client.get(reverse("wagtailadmin_home")).content.decode()


@time_machine.travel(datetime.datetime(2026, 11, 22, 9, 0, tzinfo=datetime.UTC))
def test_edit_page_warns_when_the_current_report_is_overdue(staff_client, index, report):
    older = SenReportPageFactory(
        parent=index, academic_year="2023-24", last_reviewed=datetime.date(2024, 6, 30)
    )

    current_html = staff_client.get(reverse("wagtailadmin_pages:edit", args=[report.pk])).content.decode()
    older_html = staff_client.get(reverse("wagtailadmin_pages:edit", args=[older.pk])).content.decode()

    assert "its review was due on 30 June 2026" in current_html
    assert "its review was due" not in older_html


# Publishing through the admin


def report_form_data(*, sections, action):
    data = nested_form_data(
        {
            "title": "SEN information report 2025-26",
            "slug": "2025-26",
            "academic_year": "2025-26",
            "intro": "",
            "last_reviewed": "2026-07-10",
            "next_review": "",
            "senco_role": "Deputy headteacher and SENDCo",
            "senco_name": "",
            "senco_email": "senco@stepping-stones.test",
            "senco_phone": "01632 960 001",
            "pupil_tables": inline_formset([]),
            "key_figures": inline_formset([{"value": "2", "label": "pupils moved to specialist provision"}]),
            "sections": streamfield(
                [
                    (
                        "section",
                        {
                            "item": code,
                            "heading": "",
                            "body": streamfield([("paragraph", rich_text("Text."))]),
                        },
                    )
                    for code in sections
                ]
            ),
        }
    )
    if action == "publish":
        data["action-publish"] = "action-publish"
    return data


def add_report_url(index):
    return reverse("wagtailadmin_pages:add", args=["home", "senreportpage", index.pk])


def test_publishing_without_every_item_shows_the_missing_ones(staff_client, index):
    codes = [item.code for item in STATUTORY_ITEMS if item.code != "complaints"]

    response = staff_client.post(add_report_url(index), report_form_data(sections=codes, action="publish"))

    assert response.status_code == 200
    assert "9. Arrangements for complaints about SEN provision" in response.content.decode()
    assert not SenReportPage.objects.child_of(index).exists()


def test_a_draft_may_leave_items_out(staff_client, index):
    response = staff_client.post(add_report_url(index), report_form_data(sections=["senco"], action="save"))

    assert response.status_code == 302
    draft = SenReportPage.objects.child_of(index).get()
    assert not draft.live
    assert draft.latest_revision.as_object().next_review == datetime.date(2027, 7, 10)


def test_publishing_a_complete_report(staff_client, index):
    codes = [item.code for item in STATUTORY_ITEMS]

    response = staff_client.post(add_report_url(index), report_form_data(sections=codes, action="publish"))

    assert response.status_code == 302
    report = SenReportPage.objects.child_of(index).get()
    assert report.live
    assert report.next_review == datetime.date(2027, 7, 10)
    assert [figure.value for figure in report.key_figures.all()] == [2]


def copy_report(client, report, **extra):
    data = {
        "new_title": "SEN information report 2025-26",
        "new_slug": "2025-26",
        "new_parent_page": report.get_parent().pk,
    }
    return client.post(reverse("wagtailadmin_pages:copy", args=[report.pk]), {**data, **extra}, follow=True)


def test_copying_a_report_makes_a_draft_to_start_next_year_from(staff_client, report):
    response = copy_report(staff_client, report)

    assert response.status_code == 200
    copy = SenReportPage.objects.get(slug="2025-26")
    assert not copy.live
    assert copy.academic_year == "2024-25"
    assert SenReportPage.objects.current() == report


def test_a_copied_report_cannot_be_published_straight_away(staff_client, report):
    response = copy_report(staff_client, report, publish_copies="on")

    assert response.status_code == 200
    assert "cannot be published straight away" in response.content.decode()
    assert not SenReportPage.objects.filter(slug="2025-26").exists()


# Pupil numbers, entered as a table


def test_pupil_numbers_are_entered_as_a_table_of_sexes_by_year_groups(staff_client, report):
    SenPupilTableFactory(page=report, caption="Pupils on referral placements", boys_year_4=3, girls_year_6=1)

    page = staff_client.get(reverse("wagtailadmin_pages:edit", args=[report.pk])).content.decode()

    table = page.split('<table class="pupil-numbers-entry">')[1].split("</table>")[0]
    headings = re.findall(r'<th scope="col">([^<]+)</th>', table)
    assert headings == ["Reception", "Year 1", "Year 2", "Year 3", "Year 4", "Year 5", "Year 6"]
    assert re.findall(r'<th scope="row">([^<]+)</th>', table) == ["Boys", "Girls"]
    assert table.count("<input") == 14
    # Each box has its own label, naming its row and its column.
    boys_year_4 = re.search(
        r'<label class="w-sr-only" for="([^"]+)">Boys: Year 4</label>\s*<input([^>]+)>', table
    )
    assert f'id="{boys_year_4.group(1)}"' in boys_year_4.group(2)
    assert 'value="3"' in boys_year_4.group(2)
