"""The screens this project adds to the Wagtail admin, checked with axe-core in a real browser: the unit's
staff use them every week, so they are held to WCAG 2.2 AA like the school's pages."""

import pytest
from django.urls import reverse
from django.utils import timezone

from bookings.factories import SurgeryBookingFactory
from portal.orders.factories import InvoiceFactory, OrderFactory, OrderLineFactory, RefundFactory
from portal.placements.factories import MappMeetingFactory, PlacementRequestFactory, valid_upn
from portal.placements.services import progress as progress_services
from portal.placements.services import reports as report_services
from portal.placements.services import requests as placement_services
from portal.schools.factories import JoinRequestFactory, MembershipFactory, SchoolFactory
from portal.schools.models import Role
from tests.e2e.conftest import accessibility_violations
from tests.e2e.test_placement_report import placement_under_way

pytestmark = pytest.mark.django_db(transaction=True)


def end_of_placement_reports(school, staff):
    """A published report, and another placement with its report still a draft."""
    words = {
        "progress": "Settled well.",
        "recommendations": "Keep it up.",
        "reintegration_programme": "Two weeks.",
    }
    published = report_services.report_write(
        placement=placement_under_way(school, staff), user=staff, **words
    )
    report_services.report_publish(report=published, user=staff)
    drafted = placement_under_way(school, staff, upn=valid_upn("820200101002"), legal_last_name="Sample")
    return published, report_services.report_write(placement=drafted, user=staff, **words)


def placement_with_a_target(school, staff):
    """A placement under way with a target, so each of its progress screens has something to show."""
    placement = placement_under_way(school, staff, upn=valid_upn("820200101003"), legal_last_name="Third")
    progress_services.placement_targets_save(placement=placement, user=staff, targets=[(None, "Read aloud")])
    return placement


def admin_screens(staff):
    """The address of each screen the project adds, with a record for it to show."""
    today = timezone.localdate()
    school = SchoolFactory(name="Oakfield Primary School")
    order = OrderFactory(school=school, subtotal_pence=70_000)
    OrderLineFactory(order=order)
    invoice = InvoiceFactory(order=order)
    refund = RefundFactory(status="failed", stripe_refund_id=None, failure_message="The card has expired.")
    booking = SurgeryBookingFactory(school=school)
    join_request = JoinRequestFactory(school=school)
    MappMeetingFactory(meeting_date=today + timezone.timedelta(days=30))
    placement_request = PlacementRequestFactory(complete=True, school=school)
    head = MembershipFactory(school=school, roles=[Role.REFERRER], is_senior_leader=True)
    placement_services.placement_request_sign_off(placement_request=placement_request, membership=head)
    placement_services.placement_request_submit(
        placement_request=placement_request, membership=head, today=today
    )
    published, draft = end_of_placement_reports(school, staff)
    placement = placement_with_a_target(school, staff)
    return [
        reverse("orders_order_modeladmin_index"),
        reverse("orders_order_modeladmin_inspect", args=[order.pk]),
        reverse("orders_order_modeladmin_mark_paid", args=[order.pk]),
        reverse("orders_order_modeladmin_telephone"),
        reverse("orders_admin_invoice", args=[invoice.pk]),
        reverse("orders_refund_modeladmin_index"),
        reverse("orders_refund_modeladmin_settle_elsewhere", args=[refund.pk]),
        reverse("wagtailadmin_home"),  # its panels: overdue invoices, refunds needing attention
        reverse("records_admin_due"),
        reverse("records_admin_runs"),
        reverse("placements_placementrequest_modeladmin_export", args=[placement_request.pk]),
        reverse("placements_placementrequest_modeladmin_index"),
        reverse("placements_placementrequest_modeladmin_inspect", args=[placement_request.pk]),
        reverse("placements_placementrequest_modeladmin_return", args=[placement_request.pk]),
        reverse("placements_mappmeeting_modeladmin_index"),
        reverse("placements_mappmeeting_modeladmin_create"),
        reverse("placements_admin_capacity_by_week"),
        reverse("placements_admin_group_register"),
        reverse("placements_admin_attendance_import"),
        reverse("placements_placement_modeladmin_inspect", args=[placement.pk]),
        reverse("placements_placement_modeladmin_targets", args=[placement.pk]),
        reverse("placements_placement_modeladmin_review", args=[placement.pk]),
        reverse("placements_placement_modeladmin_end_progress", args=[placement.pk]),
        reverse("placements_placement_modeladmin_wellbeing", args=[placement.pk]),
        reverse("placements_placement_modeladmin_inspect", args=[draft.placement_id]),
        reverse("placements_placement_modeladmin_report", args=[draft.placement_id]),
        reverse("placements_placementreport_modeladmin_index"),
        reverse("placements_placementreport_modeladmin_inspect", args=[published.pk]),
        reverse("placements_placementreport_modeladmin_publish", args=[draft.pk]),
        reverse("placements_placementreport_modeladmin_withdraw", args=[published.pk]),
        reverse("placements_excludedpupilsweek_modeladmin_index"),
        reverse("bookings_surgerysession_modeladmin_index"),
        reverse("bookings_admin_register", args=[booking.session.pk]),
        reverse("bookings_admin_attendance", args=[booking.pk]),
        reverse("bookings_admin_usage"),
        reverse("bookings_callbackrequest_modeladmin_index"),
        reverse("bookings_trainingrequest_modeladmin_index"),
        reverse("schools_joinrequest_modeladmin_index"),
        reverse("schools_joinrequest_modeladmin_approve", args=[join_request.pk]),
        reverse("schools_school_modeladmin_inspect", args=[school.pk]),
        reverse("schools_school_modeladmin_delete", args=[school.pk]),
        reverse("users_reset_two_factor", args=[head.user.pk]),
    ]


def test_the_project_s_admin_screens_are_accessible(signed_in_staff, live_site, staff_user):
    page = signed_in_staff
    reports = []

    for path in admin_screens(staff_user):
        response = page.goto(live_site.url + path)
        assert response.status == 200, path
        reports.append(accessibility_violations(page))

    # Every screen is checked before failing, so one run lists them all.
    assert not any(reports), "\n\n".join(report for report in reports if report)
