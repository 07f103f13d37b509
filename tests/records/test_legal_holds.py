"""A legal hold keeps one record out of every retention run: placed with a reason, at most one in force
per record, released with a reason; both are recorded on the record's history."""

import datetime
import zipfile

import pytest

from common.errors import DomainError
from portal.placements.models import AccessKind, RequestAccess
from portal.placements.services import subject_access
from portal.schools.factories import SchoolFactory
from records import services
from records.models import LegalHold, Outcome
from tests.workflows import logged_changes

pytestmark = pytest.mark.django_db


def test_a_hold_is_placed_with_its_reason_and_shown_in_the_records_history(closed_request, staff_user):
    hold = services.legal_hold_place(
        record=closed_request, reason="  A claim is expected. ", placed_by=staff_user
    )

    assert (hold.record, hold.reason, hold.placed_by, hold.is_active) == (
        closed_request,
        "A claim is expected.",
        staff_user,
        True,
    )
    assert logged_changes(closed_request)[-1] == (
        services.HOLD_PLACED,
        staff_user,
        {"why": "A claim is expected."},
    )


def test_a_hold_needs_a_reason(closed_request, staff_user):
    with pytest.raises(DomainError) as refused:
        services.legal_hold_place(record=closed_request, reason=" ", placed_by=staff_user)

    assert (refused.value.message, refused.value.field) == (services.HOLD_REASON_REQUIRED, "reason")
    assert not LegalHold.objects.exists()


def test_a_record_has_one_hold_in_force_at_a_time(closed_request, staff_user):
    services.legal_hold_place(record=closed_request, reason="A claim.", placed_by=staff_user)

    with pytest.raises(DomainError) as refused:
        services.legal_hold_place(record=closed_request, reason="Another claim.", placed_by=staff_user)

    assert refused.value.message == services.ALREADY_HELD.format(reference=closed_request.reference)


def test_only_records_a_retention_period_covers_are_held(staff_user):
    with pytest.raises(DomainError) as refused:
        services.legal_hold_place(record=SchoolFactory(), reason="A claim.", placed_by=staff_user)

    assert refused.value.message == services.NOT_A_KEPT_KIND


def test_a_hold_is_released_once_with_a_reason(closed_request, staff_user):
    hold = services.legal_hold_place(record=closed_request, reason="A claim.", placed_by=staff_user)
    with pytest.raises(DomainError) as no_reason:
        services.legal_hold_release(hold=hold, reason="", released_by=staff_user)

    released = services.legal_hold_release(hold=hold, reason="Settled.", released_by=staff_user)
    with pytest.raises(DomainError) as again:
        services.legal_hold_release(hold=hold, reason="Settled.", released_by=staff_user)

    assert no_reason.value.message == services.RELEASE_REASON_REQUIRED
    assert (released.is_active, released.release_reason, released.released_by) == (
        False,
        "Settled.",
        staff_user,
    )
    assert again.value.message == services.ALREADY_RELEASED
    assert logged_changes(closed_request)[-1] == (services.HOLD_RELEASED, staff_user, {"why": "Settled."})
    services.legal_hold_place(record=closed_request, reason="A new claim.", placed_by=staff_user)


def test_a_held_record_can_still_be_exported_for_subject_access_and_stays_held(closed_request, staff_user):
    """A hold stops deletion, not access: the child's family may still ask for everything held, and the
    export of a held request is made and recorded like any other, leaving the hold in force."""
    services.legal_hold_place(record=closed_request, reason="A claim is expected.", placed_by=staff_user)

    export = subject_access.subject_access_export(placement_request=closed_request, user=staff_user)
    swept = services.retention_run(today=datetime.date(2026, 11, 23))

    with export.file, zipfile.ZipFile(export.file) as archive:
        assert "record.pdf" in archive.namelist()
    assert LegalHold.objects.get().is_active
    assert RequestAccess.objects.filter(request=closed_request, kind=AccessKind.EXPORTED).exists()
    assert [(action.record_pk, action.outcome) for action in swept.actions.all()] == [
        (closed_request.pk, Outcome.HELD)
    ]
