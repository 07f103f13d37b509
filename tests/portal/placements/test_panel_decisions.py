"""The panel's decisions: recorded on a request on the agenda (with reasons, recommendations, the lead
professional and agreed actions), the school and the district's lead told without the child's details,
the decision shown in the portal; or the decision deferred to a named later meeting."""

from datetime import date

import pytest
from django.core import mail
from django.urls import reverse
from django.utils.html import escape

from common.errors import DomainError
from common.workflows import action_of
from portal.placements.factories import InterventionFactory, PlacementCapacityFactory
from portal.placements.models import ExcludedPupilsWeek, Outcome, PlacementRequest, RequestStatus, SchoolTerm
from portal.placements.models.requests import ONLY_DECLINED
from portal.placements.services import decisions
from portal.placements.services import requests as services
from portal.placements.services.placements import OVER_CAPACITY
from services.factories import SupportPackageFactory


@pytest.fixture
def places(db):
    return PlacementCapacityFactory(starts_on=date(2025, 9, 1), places=36)


@pytest.fixture
def on_agenda(meetings, school_year, places, complete_draft, head, referrer, staff_user):
    """A request on the agenda of December's meeting, with the school year and places an offer needs."""
    services.placement_request_sign_off(placement_request=complete_draft, membership=head)
    services.placement_request_submit(
        placement_request=complete_draft, membership=referrer, today=date(2026, 11, 22)
    )
    return services.placement_request_place_on_agenda(placement_request=complete_draft, user=staff_user)


def decide(placement_request, user, **changes):
    fields = {
        "placement_request": placement_request,
        "user": user,
        "outcome": Outcome.OFFER,
        "reasons": "Needs a small-group setting for a while.",
        "lead_professional": "Outreach manager",
        "actions": [decisions.Action("Arrange the start meeting", "Unit's deputy head", date(2026, 12, 15))],
    }
    return decisions.placement_request_decide(**{**fields, **changes})


def test_an_offer_is_recorded_and_everyone_is_told_without_the_child_s_details(
    on_agenda, staff_user, logged_changes, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        decision = decide(on_agenda, staff_user)

    on_agenda.refresh_from_db()
    assert on_agenda.status == RequestStatus.DECIDED
    assert [str(action) for action in decision.actions.all()] == [
        "Arrange the start meeting (Unit's deputy head, by 15 December 2026)"
    ]
    assert logged_changes(on_agenda)[-1] == (
        action_of(PlacementRequest, "decide"),
        staff_user,
        {"from": "On the panel's agenda", "to": "Decided", "why": "Offer a placement"},
    )
    district_lead = on_agenda.school.district.safeguarding_lead_email
    assert sorted(message.to[0] for message in mail.outbox) == sorted(
        ["senco@oakfield.test", "head@oakfield.test", district_lead]
    )
    for message in mail.outbox:
        assert on_agenda.reference in message.subject
        for private in ("Alex", "Example", on_agenda.upn, "small-group setting"):
            assert private not in message.subject + message.body


def test_declining_needs_recommendations(on_agenda, staff_user):
    with pytest.raises(DomainError) as refused:
        decide(on_agenda, staff_user, outcome=Outcome.DECLINE)

    assert refused.value.field == "recommendations"
    on_agenda.refresh_from_db()
    assert on_agenda.status == RequestStatus.ON_AGENDA


def test_an_agreed_action_needs_an_owner_and_a_date(on_agenda, staff_user):
    with pytest.raises(DomainError) as refused:
        decide(on_agenda, staff_user, actions=[decisions.Action("Visit the school", "", None)])

    assert refused.value.message == decisions.ACTION_INCOMPLETE


# An offer and the places: its placement's weeks, from the school day after the meeting (9 December 2026:
# 8 school days to the end of the autumn term, then the spring term from 5 January), have a place free or
# staff confirm going over capacity.


def test_an_offer_with_a_place_free_in_every_week_is_recorded_without_a_warning(on_agenda, staff_user):
    ExcludedPupilsWeek.objects.create(week_starting=date(2026, 12, 14), pupils=35)

    decision = decide(on_agenda, staff_user)

    assert decision.outcome == Outcome.OFFER


def test_an_offer_in_a_full_week_is_refused_naming_the_weeks_until_staff_confirm(on_agenda, staff_user):
    ExcludedPupilsWeek.objects.create(week_starting=date(2026, 12, 14), pupils=36)
    ExcludedPupilsWeek.objects.create(week_starting=date(2027, 1, 4), pupils=40)
    # After the placement's last week at the unit: no matter.
    ExcludedPupilsWeek.objects.create(week_starting=date(2027, 7, 5), pupils=40)

    with pytest.raises(DomainError) as refused:
        decide(on_agenda, staff_user)

    assert refused.value.field == "over_capacity_confirmed"
    assert refused.value.message == OVER_CAPACITY.format(weeks="14 December 2026, 4 January 2027")
    on_agenda.refresh_from_db()
    assert on_agenda.status == RequestStatus.ON_AGENDA
    assert not on_agenda.decisions.exists()
    assert decide(on_agenda, staff_user, over_capacity_confirmed=True).outcome == Outcome.OFFER


def test_a_decline_is_not_held_up_by_a_full_week(on_agenda, staff_user):
    ExcludedPupilsWeek.objects.create(week_starting=date(2026, 12, 14), pupils=36)

    decision = decide(on_agenda, staff_user, outcome=Outcome.DECLINE, recommendations="A nurture group.")

    assert decision.outcome == Outcome.DECLINE


def test_an_offer_past_the_term_dates_entered_is_refused_beside_the_decision(on_agenda, staff_user):
    SchoolTerm.objects.filter(starts_on__year=2027).delete()

    with pytest.raises(DomainError) as refused:
        decide(on_agenda, staff_user, over_capacity_confirmed=True)

    assert refused.value.field == "outcome"
    assert refused.value.message.startswith("The term dates do not reach 19 December 2026.")
    assert not on_agenda.decisions.exists()


def test_only_a_request_on_the_agenda_is_decided(meetings, complete_draft, staff_user):
    with pytest.raises(DomainError) as refused:
        decide(complete_draft, staff_user)

    assert "is draft" in refused.value.message
    assert not complete_draft.decisions.exists()


def test_a_decision_is_deferred_to_a_later_meeting(on_agenda, meetings, staff_user, logged_changes):
    with pytest.raises(DomainError):
        decisions.placement_request_defer(
            placement_request=on_agenda, user=staff_user, to_meeting=meetings.december, reasons="Waiting."
        )

    deferred = decisions.placement_request_defer(
        placement_request=on_agenda,
        user=staff_user,
        to_meeting=meetings.january,
        reasons="Awaiting a report.",
    )

    assert (deferred.status, deferred.meeting) == (RequestStatus.ON_AGENDA, meetings.january)
    assert logged_changes(deferred)[-1] == (
        action_of(PlacementRequest, "defer"),
        staff_user,
        {
            "from": "On the panel's agenda",
            "to": "On the panel's agenda",
            "about": "from the meeting on 8 December 2026 to the meeting on 26 January 2027",
            "why": "Awaiting a report.",
        },
    )


def test_the_school_sees_the_decision_its_reasons_and_actions_in_the_portal(
    referrer_client, on_agenda, staff_user
):
    package = SupportPackageFactory(name="Silver Package", slug="silver-package")
    decide(
        on_agenda,
        staff_user,
        outcome=Outcome.ALTERNATIVE,
        recommendations="Specialist teacher input in class.",
        recommended_package=package,
    )

    page = referrer_client.get(reverse("placement_requests:request", args=[on_agenda.pk])).text

    assert "The panel's decision: recommend an alternative" in page
    assert "Specialist teacher input in class." in page
    assert "The panel recommends our Silver Package" in page
    assert "Arrange the start meeting: Unit&#x27;s deputy head, by 15 December 2026" in page


def test_staff_record_a_decision_in_the_admin(client, settings, on_agenda, staff_user):
    settings.PORTAL_REQUIRE_TWO_FACTOR_FOR_PLACEMENT_DATA = False
    client.force_login(staff_user)
    url = reverse("placements_placementrequest_modeladmin_decide", args=[on_agenda.pk])

    missing = client.post(
        url, {"outcome": "decline", "reasons": "Not now.", "lead_professional": "SEND officer"}
    )
    done = client.post(
        url,
        {
            "outcome": "decline",
            "reasons": "Not now.",
            "recommendations": "Try the nurture group for a term.",
            "lead_professional": "SEND officer",
            "action_1": "Review at the next panel",
            "owner_1": "SENCo",
            "due_1": "2027-01-26",
        },
    )

    assert missing.status_code == 400
    assert escape(decisions.RECOMMENDATIONS_REQUIRED) in missing.text
    assert done.status_code == 302
    on_agenda.refresh_from_db()
    decision = on_agenda.decisions.get()
    assert decision.get_outcome_display() == "Decline, with recommendations"
    assert decision.actions.get().owner == "SENCo"


def offer_form(**changes):
    return {
        "outcome": "offer",
        "reasons": "A short placement.",
        "lead_professional": "SEND officer",
        **changes,
    }


def test_the_admin_asks_to_confirm_an_offer_over_capacity_beside_the_box(
    staff_client, on_agenda, logged_changes
):
    ExcludedPupilsWeek.objects.create(week_starting=date(2027, 1, 11), pupils=36)
    url = reverse("placements_placementrequest_modeladmin_decide", args=[on_agenda.pk])

    refused = staff_client.post(url, offer_form())
    confirmed = staff_client.post(url, offer_form(over_capacity_confirmed="on"))

    assert refused.status_code == 400
    message = OVER_CAPACITY.format(weeks="11 January 2027")
    assert escape(message) in refused.text
    assert refused.context["form"].errors["over_capacity_confirmed"] == [message]
    assert confirmed.status_code == 302
    assert on_agenda.decisions.get().outcome == Outcome.OFFER
    noted = [data for action, _, data in logged_changes(on_agenda) if action == decisions.OFFER_OVER_CAPACITY]
    assert noted == [{"about": "11 January 2027"}]


def test_the_admin_says_beside_the_decision_when_the_term_dates_do_not_reach(staff_client, on_agenda):
    SchoolTerm.objects.filter(starts_on__year=2027).delete()
    url = reverse("placements_placementrequest_modeladmin_decide", args=[on_agenda.pk])

    response = staff_client.post(url, offer_form(over_capacity_confirmed="on"))

    assert response.status_code == 400
    assert "The term dates do not reach 19 December 2026." in response.text
    assert response.context["form"].errors["outcome"][0].startswith("The term dates do not reach")
    assert not on_agenda.decisions.exists()


def test_a_declined_request_goes_to_the_next_panel_when_the_school_still_asks(
    referrer_client, on_agenda, meetings, staff_user, logged_changes, time_machine
):
    decide(on_agenda, staff_user, outcome=Outcome.DECLINE, recommendations="Try a nurture group first.")
    page = referrer_client.get(reverse("placement_requests:request", args=[on_agenda.pk])).text
    # After the December panel, in time for January's.
    time_machine.move_to("2026-12-10 09:00 +00:00", tick=False)
    referrer_client.force_login(on_agenda.created_by)

    referrer_client.post(reverse("placement_requests:ask_again", args=[on_agenda.pk]))

    assert "Ask the panel to look at it again" in page
    on_agenda.refresh_from_db()
    assert (on_agenda.status, on_agenda.meeting) == (RequestStatus.SUBMITTED, meetings.january)
    assert logged_changes(on_agenda)[-1][0] == action_of(PlacementRequest, "ask_again")
    # The decline stays on record.
    assert on_agenda.decisions.get().outcome == Outcome.DECLINE


@pytest.mark.parametrize("outcome", [Outcome.OFFER, Outcome.ALTERNATIVE])
def test_only_a_declined_request_is_asked_for_again(on_agenda, staff_user, referrer, outcome):
    decide(on_agenda, staff_user, outcome=outcome, recommendations="Some.")

    with pytest.raises(DomainError) as refused:
        decisions.placement_request_ask_again(
            placement_request=on_agenda, membership=referrer, today=date(2026, 12, 10)
        )

    assert refused.value.message == ONLY_DECLINED.format(record=on_agenda)


def test_a_decided_request_cannot_be_sent_as_if_it_were_a_draft(on_agenda, staff_user, referrer):
    decide(on_agenda, staff_user)

    with pytest.raises(DomainError) as refused:
        services.placement_request_submit(
            placement_request=on_agenda, membership=referrer, today=date(2026, 12, 10)
        )

    assert refused.value.message == f"Request {on_agenda.reference} is decided: it cannot be sent."


def test_the_virtual_school_of_a_looked_after_child_is_told_the_outcome(
    on_agenda, staff_user, django_capture_on_commit_callbacks
):
    type(on_agenda).objects.filter(pk=on_agenda.pk).update(
        looked_after=True,
        virtual_school_contact="Virtual head, 01000 000000",
        virtual_school_email="vs@la.test",
    )
    on_agenda.refresh_from_db()

    with django_capture_on_commit_callbacks(execute=True):
        decide(on_agenda, staff_user)

    [message] = [message for message in mail.outbox if message.to == ["vs@la.test"]]
    assert on_agenda.reference in message.subject
    assert "Offer a placement" in message.body
    for private in ("Alex", "Example", on_agenda.upn):
        assert private not in message.subject + message.body


def test_no_virtual_school_is_emailed_for_a_child_who_is_not_looked_after(
    on_agenda, staff_user, django_capture_on_commit_callbacks
):
    type(on_agenda).objects.filter(pk=on_agenda.pk).update(virtual_school_email="vs@la.test")
    on_agenda.refresh_from_db()

    with django_capture_on_commit_callbacks(execute=True):
        decide(on_agenda, staff_user)

    assert not [message for message in mail.outbox if message.to == ["vs@la.test"]]


def test_the_decision_screen_sums_up_the_request_beside_the_form(on_agenda, staff_client):
    InterventionFactory(request=on_agenda, description="Nurture group", duration="6 weeks")
    url = reverse("placements_placementrequest_modeladmin_decide", args=[on_agenda.pk])

    page = " ".join(staff_client.get(url).text.split())

    assert "<title>Record the panel&#x27;s decision - Wagtail</title>" in page
    assert f"<dt>Pupil</dt><dd>{on_agenda.pupil_name}, {on_agenda.get_year_group_display()}</dd>" in page
    assert f"<dt>School</dt><dd>{on_agenda.school.name}</dd>" in page
    assert "<dt>Broad areas of need</dt><dd>" in page
    assert "; Nurture group (6 weeks)</dd>" in page
    assert "<dt>Completeness check</dt><dd>Complete</dd>" in page
