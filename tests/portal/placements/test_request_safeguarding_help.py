"""A referrer not cleared for safeguarding information sees who at the school can complete the request's
safeguarding section, and asks them by email."""

import pytest
from django.urls import reverse

from portal.placements.selectors import cleared_referrers_of
from portal.placements.services import requests as services
from portal.schools.factories import MembershipFactory
from portal.schools.models import Role
from portal.users.factories import turn_on_two_factor
from tests.portal.placements.conftest import clear_for_safeguarding

pytestmark = pytest.mark.django_db


@pytest.fixture
def dsl(school):
    """The school's designated safeguarding lead: a referrer the unit has cleared."""
    membership = MembershipFactory(
        school=school,
        roles=[Role.REFERRER],
        user__email="dsl@oakfield.test",
        user__first_name="Dana",
        user__last_name="Lead",
    )
    clear_for_safeguarding(membership.user)
    return membership


def test_only_the_school_s_cleared_referrers_are_named(school, dsl, referrer):
    MembershipFactory(school=school, roles=[Role.MEMBER])  # not a referrer
    clear_for_safeguarding(MembershipFactory(roles=[Role.REFERRER]).user)  # another school's

    assert cleared_referrers_of(school=school) == [dsl]


def test_the_task_list_names_the_cleared_colleagues_and_offers_to_ask_them(referrer_client, draft, dsl):
    page = referrer_client.get(reverse("placement_requests:request", args=[draft.pk])).text

    assert "Only colleagues cleared for safeguarding information can complete this section." in page
    assert "At Oakfield Primary School: Dana Lead." in page
    assert reverse("placement_requests:safeguarding_help", args=[draft.pk]) in page


def test_the_section_refused_names_them_too(referrer_client, draft, dsl):
    response = referrer_client.get(reverse("placement_requests:section", args=[draft.pk, "safeguarding"]))

    assert response.status_code == 403
    assert "At Oakfield Primary School: Dana Lead." in response.text


def test_asking_emails_each_cleared_colleague_without_the_child_s_name(referrer_client, draft, dsl, sent):
    draft.legal_first_name, draft.legal_last_name = "Alex", "Example"
    draft.save()

    with sent() as outbox:
        response = referrer_client.post(reverse("placement_requests:safeguarding_help", args=[draft.pk]))

    assert response.status_code == 302
    (message,) = outbox.messages
    assert message.to == ["dsl@oakfield.test"]
    assert draft.reference in message.subject
    assert reverse("placement_requests:request", args=[draft.pk]) in message.body
    assert "Alex" not in message.subject + message.body
    assert "Example" not in message.subject + message.body
    page = referrer_client.get(response.url).text
    assert "We have emailed Dana Lead to ask them to complete the safeguarding section." in page


def test_with_no_one_cleared_the_writer_is_told_to_ask_the_unit(referrer_client, draft, sent):
    page = referrer_client.get(reverse("placement_requests:request", args=[draft.pk])).text
    with sent() as outbox:
        refused = referrer_client.post(
            reverse("placement_requests:safeguarding_help", args=[draft.pk]), follow=True
        ).text

    assert "No one at Oakfield Primary School is cleared for safeguarding information yet" in page
    assert "No one at Oakfield Primary School is cleared for safeguarding information yet" in refused
    assert outbox.messages == []


def test_another_school_s_request_is_not_found(client, home_page, draft, dsl, sent):
    outsider = MembershipFactory(roles=[Role.REFERRER])
    turn_on_two_factor(outsider.user)
    client.force_login(outsider.user)

    with sent() as outbox:
        response = client.post(reverse("placement_requests:safeguarding_help", args=[draft.pk]))

    assert response.status_code == 404
    assert outbox.messages == []


def test_the_ask_is_on_the_request_s_history(
    referrer, draft, dsl, logged_changes, django_capture_on_commit_callbacks
):
    services.safeguarding_help_ask(placement_request=draft, membership=referrer)

    action, who, data = logged_changes(draft)[-1]
    assert (action, who, data["about"]) == (services.SAFEGUARDING_HELP_ASKED, referrer.user, "Dana Lead")
