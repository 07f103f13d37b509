"""Writing a request in the portal: sections saved as the user goes, a clear message and nothing lost on
an error, check your answers, the sign-off and sending it, and the confirmation."""

from datetime import date
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from portal.orders.factories import OrderFactory
from portal.orders.models import OrderStatus
from portal.placements import selectors
from portal.placements.models import PlacementRequest, RequestStatus
from portal.placements.services import requests as services


def section_url(placement_request, slug):
    return reverse("placement_requests:section", args=[placement_request.pk, slug])


PUPIL = {
    "legal_first_name": "Alex",
    "legal_last_name": "Example",
    "date_of_birth": "2017-10-01",
    "year_group": "4",
    "sex": "male",
    "upn": "U820 2001 01001",
    "home_address": "1 Test Street",
    "pupil_premium": "True",
    "free_school_meals": "False",
    "first_language": "English",
    "interpreter_needed": "False",
}


def test_starting_a_request_makes_a_draft_for_the_school(referrer_client, referrer, frozen_today):
    response = referrer_client.post(reverse("placement_requests:start"))

    placement_request = PlacementRequest.objects.get()
    assert response.url == reverse("placement_requests:request", args=[placement_request.pk])
    assert (placement_request.school, placement_request.status) == (referrer.school, RequestStatus.DRAFT)
    assert "Not yet started" in referrer_client.get(response.url).text


def test_a_section_is_saved_and_shows_as_completed(referrer_client, draft):
    response = referrer_client.post(section_url(draft, "pupil"), PUPIL)

    assert response.status_code == 302
    draft.refresh_from_db()
    assert (draft.upn, draft.date_of_birth, draft.interpreter_needed) == (
        "U820200101001",
        date(2017, 10, 1),
        False,
    )
    task_list = referrer_client.get(response.url).text
    assert "“About the pupil” is saved." in task_list


def test_part_of_a_section_can_be_saved_to_finish_later(referrer_client, draft):
    referrer_client.post(section_url(draft, "pupil"), {"legal_first_name": "Alex"})

    draft.refresh_from_db()
    assert draft.legal_first_name == "Alex"
    progress = {item.section.slug: item.status for item in selectors.progress_of(placement_request=draft)}
    assert progress["pupil"] == "in_progress"
    assert progress["needs"] == "not_started"


def test_an_invalid_upn_is_explained_and_what_was_typed_is_kept(referrer_client, draft):
    response = referrer_client.post(section_url(draft, "pupil"), {**PUPIL, "upn": "A820200101001"})

    assert response.status_code == 400
    assert "There is a problem" in response.text
    assert "does not match the rest of the number" in response.text
    assert 'value="Alex"' in response.text
    assert 'value="A820200101001"' in response.text
    draft.refresh_from_db()
    assert draft.legal_first_name == ""


def test_a_date_of_birth_that_does_not_fit_the_year_group_is_explained(referrer_client, draft):
    response = referrer_client.post(section_url(draft, "pupil"), {**PUPIL, "year_group": "2"})

    assert response.status_code == 400
    assert "is in Year 4 in the 2026-27 school year, not Year 2" in response.text
    draft.refresh_from_db()
    assert draft.year_group == ""


def test_a_consent_date_in_the_future_is_refused(referrer_client, draft):
    response = referrer_client.post(
        section_url(draft, "consent"), {"consent_to_referral": "True", "consent_to_referral_on": "2026-12-01"}
    )

    assert response.status_code == 400
    assert services.DATE_IN_FUTURE in response.text
    draft.refresh_from_db()
    assert draft.consent_to_referral is None


def test_the_areas_of_need_are_one_question(referrer_client, draft):
    referrer_client.post(
        section_url(draft, "needs"),
        {
            "needs_areas": ["need_semh", "need_communication"],
            "ehc_plan_status": "none",
            "sen_support": "True",
        },
    )

    draft.refresh_from_db()
    assert (draft.need_semh, draft.need_communication, draft.need_cognition) == (True, True, False)
    form = referrer_client.get(section_url(draft, "needs")).text
    assert form.count("checked") == 4  # two areas, "no EHC plan" and "on SEN support: yes"


def test_entries_are_added_to_and_removed_from_a_list_section(referrer_client, draft):
    url = reverse("placement_requests:list_section", args=[draft.pk, "parents"])

    missing = referrer_client.post(url, {"name": "Parent One"})
    added = referrer_client.post(url, {"name": "Parent One", "relationship": "Mother", "add_another": "1"})
    parent = draft.parents.get()
    referrer_client.post(
        reverse("placement_requests:list_item_remove", args=[draft.pk, "parents", parent.pk])
    )

    assert missing.status_code == 400
    assert "Enter the relationship to the pupil." in missing.text
    assert added.url == url
    assert not draft.parents.exists()


def test_outreach_support_names_only_the_school_s_held_orders(referrer_client, draft):
    ours = OrderFactory(school=draft.school, reference="ORD-OURS")
    OrderFactory(school=draft.school, reference="ORD-CANCELLED", status=OrderStatus.CANCELLED)
    theirs = OrderFactory(reference="ORD-THEIRS")

    form = referrer_client.get(section_url(draft, "outreach")).text
    refused = referrer_client.post(section_url(draft, "outreach"), {"outreach_orders": [theirs.pk]})
    referrer_client.post(section_url(draft, "outreach"), {"outreach_orders": [ours.pk]})

    assert "ORD-OURS" in form
    assert "ORD-CANCELLED" not in form
    assert "ORD-THEIRS" not in form
    assert refused.status_code == 400
    assert list(draft.outreach_orders.all()) == [ours]


@time_machine.travel(date(2026, 11, 22))
def test_check_answers_lists_what_is_missing_and_offers_no_send_button(referrer_client, draft, meetings):
    page = referrer_client.get(reverse("placement_requests:check", args=[draft.pk])).text

    assert "missing before the request can be sent" in page
    assert "Answer “legal first name”." in page
    assert "Send the request" not in page


def test_the_head_is_told_what_is_missing_instead_of_offered_the_sign_off(
    client, home_page, meetings, draft, head
):
    client.force_login(head.user)
    check_url = reverse("placement_requests:check", args=[draft.pk])

    page = client.get(check_url).text
    refused = client.post(reverse("placement_requests:sign_off", args=[draft.pk]), follow=True).text

    assert "I approve this request" not in page
    assert "you can approve this request once every answer is in" in page
    assert "The request cannot be signed off yet:" in refused
    draft.refresh_from_db()
    assert not draft.is_signed_off


def test_the_head_signs_off_then_a_referrer_sends_it(
    client, home_page, meetings, complete_draft, head, referrer
):
    check_url = reverse("placement_requests:check", args=[complete_draft.pk])
    client.force_login(referrer.user)
    assert "must sign off the request in the portal" in client.get(check_url).text

    client.force_login(head.user)
    before = client.get(check_url).text
    client.post(reverse("placement_requests:sign_off", args=[complete_draft.pk]))
    client.force_login(referrer.user)
    page = client.get(check_url).text

    assert "I approve this request" in before
    assert f"Signed off by {head.user} on 22 November 2026" in page
    assert "the panel meeting on <strong>8 December 2026</strong>" in page
    response = client.post(
        reverse("placement_requests:submit", args=[complete_draft.pk]), {"meeting": meetings.december.pk}
    )
    assert response.url == reverse("placement_requests:confirmation", args=[complete_draft.pk])
    confirmation = client.get(response.url).text
    assert f"Your reference is <strong>{complete_draft.reference}</strong>" in confirmation
    assert "What happens next" in confirmation
    assert "send it again until <strong>Tuesday 24 November 2026</strong>, the last date" in confirmation
    assert "goes to a later meeting" not in confirmation


def test_after_the_deadline_the_check_page_and_the_confirmation_say_which_meeting(
    client, home_page, meetings, complete_draft, head, time_machine
):
    services.placement_request_sign_off(placement_request=complete_draft, membership=head)
    client.force_login(head.user)
    # The page was shown on the deadline day; the request is sent the morning after.
    shown = client.get(reverse("placement_requests:check", args=[complete_draft.pk])).text
    time_machine.move_to("2026-11-25 09:00 +00:00", tick=False)
    client.force_login(head.user)  # signed in again: the session of the day before has ended
    later = client.get(reverse("placement_requests:check", args=[complete_draft.pk])).text
    response = client.post(
        reverse("placement_requests:submit", args=[complete_draft.pk]), {"meeting": meetings.december.pk}
    )

    assert "8 December 2026" in shown
    assert "was 24 November 2026, so this request will go to the following meeting" in later
    assert "the panel meeting on <strong>26 January 2027</strong>" in later
    confirmation = client.get(response.url).text
    assert "goes to a later meeting" in confirmation
    assert "26 January 2027" in confirmation


def test_a_sent_request_shows_its_answers_and_history_and_its_sections_are_closed(
    referrer_client, meetings, complete_draft, head, referrer
):
    services.placement_request_sign_off(placement_request=complete_draft, membership=head)
    services.placement_request_submit(
        placement_request=complete_draft, membership=referrer, today=meetings.december.submission_deadline
    )

    page = referrer_client.get(reverse("placement_requests:request", args=[complete_draft.pk])).text
    edit = referrer_client.get(section_url(complete_draft, "pupil"))

    assert "Frequent dysregulation in class." in page
    assert "Send to the panel, from Draft to Submitted" in page
    assert "Signed off by the head teacher or a senior leader" in page
    assert edit.status_code == 302
    assert "can no longer be changed" in referrer_client.get(edit.url).text


def test_a_school_withdraws_a_request(referrer_client, draft):
    response = referrer_client.post(
        reverse("placement_requests:withdraw", args=[draft.pk]), {"why": "Moved away"}
    )

    draft.refresh_from_db()
    assert draft.status == RequestStatus.WITHDRAWN
    assert "is withdrawn" in referrer_client.get(response.url).text
    again = referrer_client.post(reverse("placement_requests:withdraw", args=[draft.pk]))
    assert again.status_code == 400


@pytest.mark.parametrize(
    ("why", "message"),
    [
        ("Moved\x00away", "The reason has a character that cannot be saved."),
        ("x" * 501, "Enter the reason in 500 characters or fewer."),
    ],
)
def test_a_reason_that_cannot_be_kept_is_answered_beside_its_field(referrer_client, draft, why, message):
    response = referrer_client.post(reverse("placement_requests:withdraw", args=[draft.pk]), {"why": why})

    assert response.status_code == 400
    page = response.text
    assert 'href="#id_why"' in page  # the error summary links to the field
    assert f'id="id_why_error"><span class="visually-hidden">Error:</span> {message}' in page
    draft.refresh_from_db()
    assert draft.status == RequestStatus.DRAFT


def test_an_order_that_cannot_exist_is_answered_beside_its_field(referrer_client, draft):
    response = referrer_client.post(section_url(draft, "outreach"), {"outreach_orders": [str(2**70)]})

    assert response.status_code == 400
    assert 'href="#id_outreach_orders_0"' in response.text
    assert "Select a valid choice." in response.text
    assert not draft.outreach_orders.exists()


def test_check_answers_writes_labels_and_numbers_as_people_do(referrer_client, complete_draft, meetings):
    complete_draft.attendance_percent = Decimal("86.0")
    complete_draft.suspension_days = Decimal("2.5")
    complete_draft.suspensions = 1
    complete_draft.save()

    page = " ".join(
        referrer_client.get(reverse("placement_requests:check", args=[complete_draft.pk])).text.split()
    )

    assert "Unique pupil number (UPN)" in page
    assert "(upn)" not in page
    assert "Ehc plan" not in page
    assert "<dd>86%</dd>" in page
    assert "<dd>2.5</dd>" in page
    assert "86.0" not in page
