"""The end-of-placement report: staff write the draft in the admin once the pupil has started (and edit it
only while it is a draft), publish it to the home school, whose referrers are emailed a link without the
child's name, or withdraw it with a reason; every step is on the report's history. The school's
referrers read the published report in the portal as a page and a PDF; a draft, a withdrawn report and
another school's placement are not found, and every view is recorded."""

import io
from datetime import date

import pypdf
import pytest
from django.urls import reverse
from wagtail.log_actions import registry as log_actions

from common import workflows
from common.errors import DomainError
from portal.placements.admin.reports import PlacementReportAdmin
from portal.placements.factories import PlacementCapacityFactory
from portal.placements.models import (
    AccessKind,
    PlacementReport,
    PlacementStatus,
    ReportStatus,
    RequestAccess,
)
from portal.placements.services import placements as placement_services
from portal.placements.services import reports as services
from tests.portal.placements.conftest import admin_url, start_placement
from tests.workflows import check_admin_transitions_are_guarded, logged_changes, refused_by_admin, staff_with

WORDS = {
    "progress": "Settled well; met two of three targets.",
    "recommendations": "Keep the morning check-in.",
    "reintegration_programme": "Two weeks: mornings first, then full days.",
}


@pytest.fixture
def placement(school_year, offer, staff_user):
    PlacementCapacityFactory(starts_on=date(2025, 9, 1), places=36)
    placement = start_placement(offer, staff_user)
    return placement_services.placement_start(placement=placement, user=staff_user)


def write(placement, user, **overrides):
    return services.report_write(placement=placement, user=user, **{**WORDS, **overrides})


@pytest.fixture
def published(placement, staff_user):
    return services.report_publish(report=write(placement, staff_user), user=staff_user)


def report_urls(placement):
    return [
        reverse("school_placements:report", args=[placement.pk]),
        reverse("school_placements:report_pdf", args=[placement.pk]),
    ]


def report_admin_url(action, report):
    return reverse(f"placements_placementreport_modeladmin_{action}", args=[report.pk])


# --- The rules ------------------------------------------------------------------------------------------


def test_a_draft_is_written_then_edited_and_both_are_on_its_history(placement, staff_user):
    drafted = write(placement, staff_user)
    edited = write(placement, staff_user, recommendations="  A nurture group at lunchtime.  ")

    assert edited.pk == drafted.pk
    assert (edited.status, edited.recommendations, edited.written_by) == (
        ReportStatus.DRAFT,
        "A nurture group at lunchtime.",
        staff_user,
    )
    assert [action for action, _, _ in logged_changes(edited)] == [
        services.REPORT_DRAFTED,
        services.REPORT_EDITED,
    ]


def test_no_report_is_written_before_the_pupil_has_started(school_year, offer, staff_user):
    PlacementCapacityFactory(starts_on=date(2025, 9, 1), places=36)
    planned = start_placement(offer, staff_user)

    with pytest.raises(DomainError, match="is planned: its report is written once the pupil has started"):
        write(planned, staff_user)

    assert not PlacementReport.objects.exists()


@pytest.mark.parametrize(
    ("field", "message"),
    [
        ("progress", services.PROGRESS_REQUIRED),
        ("recommendations", services.RECOMMENDATIONS_REQUIRED),
        ("reintegration_programme", services.PROGRAMME_REQUIRED),
    ],
)
def test_each_part_of_the_report_is_needed(placement, staff_user, field, message):
    with pytest.raises(DomainError) as refused:
        write(placement, staff_user, **{field: "   "})

    assert (refused.value.field, refused.value.message) == (field, message)
    assert not PlacementReport.objects.exists()


def test_a_published_report_is_edited_only_once_withdrawn_with_a_reason(published, placement, staff_user):
    with pytest.raises(DomainError, match="is published: withdraw it first to correct it"):
        write(placement, staff_user, progress="Changed")
    with pytest.raises(DomainError, match="Say why the report is withdrawn"):
        services.report_withdraw(report=published, user=staff_user, why=" ")

    withdrawn = services.report_withdraw(report=published, user=staff_user, why="A target was misquoted.")
    corrected = write(placement, staff_user, progress="Changed")

    assert (withdrawn.status, withdrawn.published_at) == (ReportStatus.DRAFT, None)
    assert corrected.progress == "Changed"
    action, who, data = logged_changes(withdrawn)[-2]
    assert (action, who, data["why"]) == (
        workflows.action_of(PlacementReport, "withdraw"),
        staff_user,
        "A target was misquoted.",
    )


def test_publishing_emails_each_referrer_a_link_without_the_child_s_name(
    placement, staff_user, referrer, home_page, sent
):
    report = write(placement, staff_user)

    with sent() as emails:
        published = services.report_publish(report=report, user=staff_user)

    assert published.status == ReportStatus.PUBLISHED
    assert published.published_at is not None
    [email] = emails.messages
    assert email.to == ["senco@oakfield.test"]
    assert email.subject == f"Placement {placement.reference}: the end-of-placement report is ready"
    assert "Alex" not in email.subject
    assert "Example" not in email.subject
    assert f"http://localhost/portal/placements/{placement.pk}/report/" in email.body


@pytest.mark.parametrize(
    "declared", workflows.declared_transitions(PlacementReport), ids=lambda declared: declared.name
)
def test_each_transition_is_recorded_with_who_from_and_to(placement, staff_user, declared):
    report = write(placement, staff_user)
    if declared.source == ReportStatus.PUBLISHED:
        report = services.report_publish(report=report, user=staff_user)

    changed = workflows.transition_apply(report, declared.name, by=staff_user, why="For the test.")

    assert changed.status == declared.target
    action, who, data = logged_changes(changed)[-1]
    assert (action, who) == (workflows.action_of(PlacementReport, declared.name), staff_user)
    assert (data["from"], data["to"]) == (
        ReportStatus(declared.source).label,
        ReportStatus(declared.target).label,
    )


def test_every_change_of_a_report_has_a_history_label():
    labels = {**workflows.history_labels(PlacementReport), **services.CHANGE_LABELS}

    assert set(labels) == {
        "placements.placementreport_publish",
        "placements.placementreport_withdraw",
        services.REPORT_DRAFTED,
        services.REPORT_EDITED,
    }
    for action, label in labels.items():
        assert log_actions.get_action_label(action) == label


# --- The admin ------------------------------------------------------------------------------------------


def test_staff_write_the_report_from_the_placement_s_page_then_publish_it(staff_client, placement, home_page):
    placement_page = admin_url("placement", "inspect", placement.pk)
    write_url = admin_url("placement", "report", placement.pk)

    before = staff_client.get(placement_page).text
    written = staff_client.post(write_url, WORDS)

    assert write_url in before
    assert "Write the report" in before
    assert (written.status_code, written.url) == (302, placement_page)
    report = PlacementReport.objects.get()
    page = staff_client.get(placement_page).text
    assert "Edit the report draft" in page
    assert report_admin_url("publish", report) in page
    assert report_admin_url("withdraw", report) not in page

    staff_client.post(report_admin_url("publish", report))

    page = staff_client.get(placement_page).text
    assert PlacementReport.objects.get().status == ReportStatus.PUBLISHED
    assert report_admin_url("withdraw", report) in page
    assert write_url not in page
    history = staff_client.get(report_admin_url("history", report)).text
    assert "End-of-placement report drafted" in history
    assert "Publish to the school, from Draft to Published to the school" in history


def test_a_report_missing_a_part_is_refused_on_the_form(staff_client, placement):
    response = staff_client.post(
        admin_url("placement", "report", placement.pk), {**WORDS, "recommendations": ""}
    )

    assert response.status_code == 400
    assert services.RECOMMENDATIONS_REQUIRED in response.text
    assert WORDS["progress"] in response.text  # what was typed is kept
    assert not PlacementReport.objects.exists()


def test_a_withdrawal_needs_its_reason_on_the_form(staff_client, published):
    response = staff_client.post(report_admin_url("withdraw", published), {"why": ""})

    assert response.status_code == 400
    assert "Say why the report is withdrawn." in response.text
    assert PlacementReport.objects.get().status == ReportStatus.PUBLISHED


def test_a_planned_placement_offers_no_report_to_write(staff_client, school_year, offer, staff_user):
    PlacementCapacityFactory(starts_on=date(2025, 9, 1), places=36)
    planned = start_placement(offer, staff_user)

    page = staff_client.get(admin_url("placement", "inspect", planned.pk)).text

    assert admin_url("placement", "report", planned.pk) not in page
    assert "its report is written once the pupil has started at the unit" in page
    assert planned.status == PlacementStatus.PLANNED


def test_the_report_s_page_in_the_admin_is_recorded(staff_client, staff_user, published, placement):
    page = staff_client.get(report_admin_url("inspect", published)).text

    assert WORDS["reintegration_programme"] in page
    assert RequestAccess.objects.filter(
        request=placement.request, user=staff_user, what="admin: end-of-placement report"
    ).exists()


def test_the_report_s_transitions_are_guarded_by_their_declaration(client, placement, staff_user):
    def a_report(status):
        PlacementReport.objects.all().delete()
        report = write(placement, staff_user)
        if status == ReportStatus.PUBLISHED:
            report = services.report_publish(report=report, user=staff_user)
        return report

    assert check_admin_transitions_are_guarded(client, model=PlacementReport, make_record=a_report) == 2


def test_staff_who_may_only_view_placements_read_the_report_and_change_nothing(
    client, settings, published, placement
):
    settings.PORTAL_REQUIRE_TWO_FACTOR_FOR_PLACEMENT_DATA = False
    client.force_login(staff_with("placements.view_placement"))

    page = client.get(report_admin_url("inspect", published))

    assert page.status_code == 200
    assert report_admin_url("withdraw", published) not in page.text
    assert client.get(reverse("placements_placementreport_modeladmin_index")).status_code == 200
    assert refused_by_admin(client.post(admin_url("placement", "report", placement.pk), WORDS))
    assert refused_by_admin(client.post(report_admin_url("withdraw", published), {"why": "x"}))
    assert PlacementReport.objects.get().status == ReportStatus.PUBLISHED


def test_staff_without_a_placement_permission_cannot_open_reports(client, settings, published):
    settings.PORTAL_REQUIRE_TWO_FACTOR_FOR_PLACEMENT_DATA = False
    client.force_login(staff_with())

    assert refused_by_admin(client.get(report_admin_url("inspect", published)))
    assert refused_by_admin(client.get(reverse("placements_placementreport_modeladmin_index")))
    assert set(PlacementReportAdmin.record_actions) == {"publish", "withdraw"}


# --- The portal -----------------------------------------------------------------------------------------


def test_the_school_reads_the_published_report_and_each_view_is_recorded(
    referrer_client, referrer, published, placement
):
    placement_page = referrer_client.get(reverse("school_placements:placement", args=[placement.pk])).text
    page = referrer_client.get(reverse("school_placements:report", args=[placement.pk])).text

    for url in report_urls(placement):
        assert url in placement_page
    for expected in ["End-of-placement report", placement.reference, "Alex Example", *WORDS.values()]:
        assert expected in page, expected
    assert reverse("school_placements:report_pdf", args=[placement.pk]) in page
    access = RequestAccess.objects.filter(request=placement.request, what="end-of-placement report").get()
    assert (access.kind, access.user) == (AccessKind.VIEWED, referrer.user)


def test_the_report_downloads_as_a_pdf_of_the_same_document(referrer_client, referrer, published, placement):
    response = referrer_client.get(reverse("school_placements:report_pdf", args=[placement.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="{placement.reference}-report.pdf"'
    text = " ".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(response.content)).pages)
    for expected in ["End-of-placement report", placement.reference, WORDS["recommendations"]]:
        assert expected in text, expected
    access = RequestAccess.objects.get(request=placement.request, what="end-of-placement report PDF")
    assert (access.kind, access.user) == (AccessKind.DOWNLOADED, referrer.user)


def test_a_draft_or_withdrawn_report_is_not_found(referrer_client, placement, staff_user):
    report = write(placement, staff_user)
    drafted = [referrer_client.get(url).status_code for url in report_urls(placement)]
    services.report_publish(report=report, user=staff_user)
    services.report_withdraw(report=report, user=staff_user, why="To correct it.")
    withdrawn = [referrer_client.get(url).status_code for url in report_urls(placement)]

    assert drafted == withdrawn == [404, 404]
    page = referrer_client.get(reverse("school_placements:placement", args=[placement.pk])).text
    assert "appears here once the unit publishes it" in page
    assert reverse("school_placements:report", args=[placement.pk]) not in page
    assert not RequestAccess.objects.filter(what__startswith="end-of-placement report").exists()


def test_another_school_s_report_is_not_found(referrer_client, published, elsewhere):
    for url in report_urls(elsewhere):
        assert referrer_client.get(url).status_code == 404, url
    assert not RequestAccess.objects.filter(request=elsewhere.request).exists()
