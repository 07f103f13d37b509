"""A placement request's statuses: only the allowed transitions, each recorded (who, when, from, to),
the head teacher's sign-off, and the meeting a request goes to."""

from datetime import date

import pytest
import time_machine
from django.core import mail

from common.errors import DomainError
from common.workflows import action_of
from portal.placements import selectors
from portal.placements.factories import PlacementRequestFactory
from portal.placements.models import PlacementRequest, RequestStatus
from portal.placements.sections import SECTIONS_BY_SLUG
from portal.placements.services import requests as services
from portal.schools.factories import MembershipFactory
from portal.schools.models import Role


def submit(placement_request, membership, today=date(2026, 11, 22)):
    return services.placement_request_submit(
        placement_request=placement_request, membership=membership, today=today
    )


def save_section(placement_request, slug, values, membership):
    return services.placement_request_section_save(
        placement_request=placement_request,
        section=SECTIONS_BY_SLUG[slug],
        values=values,
        user=membership.user,
        today=date(2026, 11, 22),
    )


def signed_off(placement_request, head):
    return services.placement_request_sign_off(placement_request=placement_request, membership=head)


def test_a_complete_signed_off_request_goes_to_the_next_open_meeting(
    meetings, complete_draft, head, referrer, logged_changes
):
    sent = submit(signed_off(complete_draft, head), referrer)

    assert sent.status == RequestStatus.SUBMITTED
    assert sent.meeting == meetings.december
    assert sent.submitted_by == referrer.user
    action, who, data = logged_changes(sent)[-1]
    assert (action, who) == (action_of(PlacementRequest, "submit"), referrer.user)
    assert data == {"from": "Draft", "to": "Submitted", "why": "For the meeting on 8 December 2026"}


def test_on_the_deadline_day_it_still_goes_to_that_meeting(meetings, complete_draft, head, referrer):
    sent = submit(signed_off(complete_draft, head), referrer, today=date(2026, 11, 24))

    assert sent.meeting == meetings.december


def test_after_the_deadline_it_goes_to_the_following_meeting(meetings, complete_draft, head, referrer):
    sent = submit(signed_off(complete_draft, head), referrer, today=date(2026, 11, 25))

    assert sent.meeting == meetings.january


def test_with_no_meeting_open_nothing_is_sent(frozen_today, complete_draft, head, referrer):
    with pytest.raises(DomainError) as refused:
        submit(signed_off(complete_draft, head), referrer)

    assert refused.value.message == services.NO_MEETING_OPEN
    complete_draft.refresh_from_db()
    assert complete_draft.status == RequestStatus.DRAFT


def test_the_school_s_referrers_are_told_by_reference_without_the_child_s_details(
    meetings, complete_draft, head, referrer, django_capture_on_commit_callbacks
):
    MembershipFactory(school=complete_draft.school, roles=[Role.FINANCE], user__email="bursar@oakfield.test")

    with django_capture_on_commit_callbacks(execute=True):
        submit(signed_off(complete_draft, head), referrer)

    assert sorted(message.to[0] for message in mail.outbox) == ["head@oakfield.test", "senco@oakfield.test"]
    message = mail.outbox[0]
    assert complete_draft.reference in message.subject
    assert f"/portal/refer/{complete_draft.pk}/" in message.body
    for private in ("Alex", "Example", complete_draft.upn, "Designated safeguarding lead", "dsl@school.test"):
        assert private not in message.subject + message.body


def test_an_unsigned_request_is_not_sent(meetings, complete_draft, referrer):
    with pytest.raises(DomainError) as refused:
        submit(complete_draft, referrer)

    assert refused.value.message == services.NOT_SIGNED_OFF


def test_only_a_senior_leader_of_the_school_signs_off(meetings, complete_draft, referrer):
    other_school_head = MembershipFactory(roles=[Role.REFERRER], is_senior_leader=True)

    for membership in (referrer, other_school_head):
        with pytest.raises(DomainError):
            signed_off(complete_draft, membership)
    complete_draft.refresh_from_db()
    assert not complete_draft.is_signed_off


def test_an_incomplete_request_cannot_be_signed_off_and_the_refusal_says_what_is_missing(
    meetings, draft, head
):
    with pytest.raises(DomainError) as refused:
        signed_off(draft, head)

    assert refused.value.message.startswith("The request cannot be signed off yet:")
    assert "About the pupil" in refused.value.message
    draft.refresh_from_db()
    assert not draft.is_signed_off


def test_a_change_after_sign_off_needs_signing_off_again(
    meetings, complete_draft, head, referrer, logged_changes
):
    signed_off(complete_draft, head)

    save_section(complete_draft, "reasons", {"concerns": "More detail."}, referrer)

    complete_draft.refresh_from_db()
    assert not complete_draft.is_signed_off
    actions = [action for action, _, _ in logged_changes(complete_draft)]
    assert actions[-3:] == [
        services.REQUEST_SIGNED_OFF,
        services.REQUEST_SIGN_OFF_WITHDRAWN,
        services.REQUEST_SECTION_SAVED,
    ]
    with pytest.raises(DomainError):
        submit(complete_draft, referrer)


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        ("consent_to_referral", False, "The parents or carers must agree to the referral"),
        ("consent_to_referral_on", None, "Answer “date they agreed to the referral”."),
        ("consent_to_sharing", None, "Answer “parents or carers agree to information being shared"),
        ("governing_board_approved", False, "The governing board must approve the request"),
        ("upn", "", "Answer “unique pupil number (UPN)”."),
    ],
)
def test_a_request_missing_an_answer_or_a_consent_is_not_sent(
    meetings, school, head, referrer, field, value, expected
):
    placement_request = signed_off(PlacementRequestFactory(school=school, complete=True), head)
    # An answer lost after the sign-off (the sign-off refuses an incomplete request): sending checks again.
    PlacementRequest.objects.filter(pk=placement_request.pk).update(**{field: value})
    placement_request.refresh_from_db()

    with pytest.raises(DomainError) as refused:
        submit(placement_request, referrer)

    assert refused.value.message == services.INCOMPLETE.format(count=1)
    [(_, message)] = selectors.missing_answers(placement_request=placement_request)
    assert message.startswith(expected)
    placement_request.refresh_from_db()
    assert placement_request.status == RequestStatus.DRAFT


def test_conditional_answers_are_needed_only_when_they_apply(meetings, school):
    placement_request = PlacementRequestFactory(
        school=school, complete=True, looked_after=True, ehc_plan_status="plan", need_semh=False
    )

    messages = [message for _, message in selectors.missing_answers(placement_request=placement_request)]

    assert messages == [
        "Select at least one broad area of need.",
        "Enter the date of the EHC plan, or of the request for an assessment.",
        "Enter the virtual school's name and contact.",
        "Enter the virtual school's email address.",
    ]


def test_returned_for_information_the_school_is_told_and_can_send_it_again(
    meetings, complete_draft, head, referrer, staff_user, logged_changes, django_capture_on_commit_callbacks
):
    sent = submit(signed_off(complete_draft, head), referrer)

    with django_capture_on_commit_callbacks(execute=True):
        returned = services.placement_request_return_for_information(
            placement_request=sent,
            user=staff_user,
            what_is_needed="The latest educational psychologist's report.",
        )

    assert returned.status == RequestStatus.RETURNED
    assert logged_changes(returned)[-1][2] == {
        "from": "Submitted",
        "to": "Returned for more information",
        "why": "The latest educational psychologist's report.",
    }
    assert "educational psychologist" in mail.outbox[0].body
    # The school changes it (the sign-off stands until a change) and sends it again.
    services.placement_request_item_add(
        placement_request=returned,
        section=SECTIONS_BY_SLUG["professionals"],
        values={"name": "Educational psychologist", "role": "Local authority EP service"},
        user=referrer.user,
    )
    signed_off(returned, head)
    again = submit(returned, referrer)
    assert again.status == RequestStatus.SUBMITTED
    assert again.returned_because == ""


def test_returning_needs_a_reason(meetings, complete_draft, head, referrer, staff_user):
    sent = submit(signed_off(complete_draft, head), referrer)

    with pytest.raises(DomainError) as refused:
        services.placement_request_return_for_information(
            placement_request=sent, user=staff_user, what_is_needed=" "
        )

    assert refused.value.field == "why"


@pytest.mark.parametrize(
    ("status", "transition"),
    [
        (RequestStatus.DRAFT, "return"),
        (RequestStatus.DRAFT, "agenda"),
        (RequestStatus.SUBMITTED, "submit"),
        (RequestStatus.ON_AGENDA, "submit"),
        (RequestStatus.RETURNED, "agenda"),
        (RequestStatus.DECIDED, "withdraw"),
        (RequestStatus.WITHDRAWN, "withdraw"),
        (RequestStatus.WITHDRAWN, "submit"),
    ],
)
def test_transitions_that_are_not_allowed_change_nothing(
    meetings, school, head, staff_user, status, transition
):
    placement_request = PlacementRequestFactory(school=school, complete=True, status=status)
    signed_off_now = {"approved_by": head.user, "approved_at": "2026-11-20T10:00Z"}
    type(placement_request).objects.filter(pk=placement_request.pk).update(**signed_off_now)
    calls = {
        "submit": lambda: submit(placement_request, head),
        "return": lambda: services.placement_request_return_for_information(
            placement_request=placement_request, user=staff_user, what_is_needed="More."
        ),
        "agenda": lambda: services.placement_request_place_on_agenda(
            placement_request=placement_request, user=staff_user
        ),
        "withdraw": lambda: services.placement_request_withdraw(
            placement_request=placement_request, membership=head
        ),
    }

    with pytest.raises(DomainError) as refused:
        calls[transition]()

    assert f"is {status.label.lower()}" in refused.value.message
    placement_request.refresh_from_db()
    assert placement_request.status == status


def test_the_panel_s_office_places_a_submitted_request_on_the_agenda(
    meetings, complete_draft, head, referrer, staff_user, logged_changes
):
    sent = submit(signed_off(complete_draft, head), referrer)

    on_agenda = services.placement_request_place_on_agenda(placement_request=sent, user=staff_user)

    assert on_agenda.status == RequestStatus.ON_AGENDA
    assert logged_changes(on_agenda)[-1][:2] == (action_of(PlacementRequest, "place_on_agenda"), staff_user)


def test_a_school_withdraws_a_request_it_no_longer_needs(meetings, complete_draft, referrer, logged_changes):
    withdrawn = services.placement_request_withdraw(
        placement_request=complete_draft, membership=referrer, why="The pupil has moved away."
    )

    assert withdrawn.status == RequestStatus.WITHDRAWN
    assert logged_changes(withdrawn)[-1][2] == {
        "from": "Draft",
        "to": "Withdrawn",
        "why": "The pupil has moved away.",
    }


def test_a_sent_request_can_no_longer_be_changed(meetings, complete_draft, head, referrer):
    sent = submit(signed_off(complete_draft, head), referrer)

    with pytest.raises(DomainError) as refused:
        save_section(sent, "reasons", {"concerns": "Changed."}, referrer)

    assert refused.value.message == f"Request {sent.reference} is submitted, so it can no longer be changed."
    sent.refresh_from_db()
    assert sent.concerns == "Frequent dysregulation in class."


def test_the_safeguarding_section_is_saved_only_by_someone_cleared_for_it(draft, referrer):
    with pytest.raises(DomainError) as refused:
        save_section(draft, "safeguarding", {"dsl_name": "Someone"}, referrer)

    assert refused.value.message == services.SAFEGUARDING_NOT_CLEARED
    draft.refresh_from_db()
    assert draft.dsl_name == ""


@time_machine.travel(date(2026, 11, 22))
def test_answers_wrong_as_typed_are_not_saved(draft, referrer):
    with pytest.raises(DomainError) as refused:
        save_section(draft, "pupil", {"legal_first_name": "Alex", "upn": "A820200101001"}, referrer)

    assert refused.value.field == "upn"
    draft.refresh_from_db()
    assert draft.legal_first_name == ""
