"""Races end in a message, not a 500: two administrators demoting each other at once, a double-submitted
invitation, two identical requests to join.

The message tests run on any database: the other request "gets in first" inside the same transaction,
between the service's own check and its insert, as it would in a race. The PostgreSQL tests run the
two requests in two threads, each with its own connection and transaction, held at a barrier so both
have passed their checks before either writes.
"""

import threading

import pytest
from django.db import IntegrityError, transaction

from common.errors import DomainError
from portal.schools.factories import InvitationFactory, JoinRequestFactory, MembershipFactory
from portal.schools.models import Invitation, InvitationStatus, JoinRequest, Membership, Role
from portal.schools.services import invitations, joining, people
from portal.schools.services.joining import ALREADY_WAITING
from portal.users.factories import VerifiedUserFactory
from tests.portal.orders.conftest import at_once, kinds, postgresql_only

ALREADY_INVITED = "colleague@oakfield.test has already been invited."


def invite(school, administrator):
    return invitations.invitation_create(
        school=school, email="colleague@oakfield.test", roles=[Role.MEMBER], invited_by=administrator.user
    )


def ask_to_join(user, school):
    return joining.join_request_create(user=user, job_title="SENCo", roles=[Role.REFERRER], school=school)


def after_full_clean(monkeypatch, model, then):
    """Run `then(instance)` right after `model.full_clean`: after the service's checks, before its insert."""
    full_clean = model.full_clean

    def checked_then(instance, *args, **kwargs):
        full_clean(instance, *args, **kwargs)
        then(instance)

    monkeypatch.setattr(model, "full_clean", checked_then)


# The messages, on any database -------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_database_keeps_one_open_invitation_per_school_and_address(school):
    first = InvitationFactory(school=school, email="colleague@oakfield.test")

    with pytest.raises(IntegrityError), transaction.atomic():
        InvitationFactory(school=school, email="colleague@oakfield.test")
    Invitation.objects.filter(pk=first.pk).update(
        status=InvitationStatus.WITHDRAWN, cancelled_at=first.expires_at
    )
    InvitationFactory(school=school, email="colleague@oakfield.test")  # a new one once the old is withdrawn

    assert Invitation.objects.filter(email="colleague@oakfield.test").count() == 2


@pytest.mark.django_db
def test_an_invitation_sent_twice_at_once_gets_the_already_invited_message(
    monkeypatch, school, administrator
):
    after_full_clean(
        monkeypatch, Invitation, lambda invitation: InvitationFactory(school=school, email=invitation.email)
    )

    with pytest.raises(DomainError) as error:
        invite(school, administrator)

    assert error.value.message.startswith(ALREADY_INVITED)
    assert error.value.field == "email"


@pytest.mark.django_db
def test_a_request_to_join_sent_twice_at_once_gets_the_already_waiting_message(monkeypatch, school):
    user = VerifiedUserFactory()
    after_full_clean(
        monkeypatch,
        JoinRequest,
        lambda join_request: JoinRequestFactory(user=join_request.user, school=school),
    )

    with pytest.raises(DomainError) as error:
        ask_to_join(user, school)

    assert error.value.message == ALREADY_WAITING


@pytest.mark.django_db
def test_an_administrator_demoted_meanwhile_cannot_demote_the_other(school, administrator):
    # Both pages were loaded while both were administrators; one sends first.
    other = MembershipFactory(school=school, roles=[Role.ADMINISTRATOR])
    stale_administrator = Membership.objects.get(pk=administrator.pk)
    people.membership_change_roles(membership=other, roles=[Role.MEMBER], changed_by=administrator.user)

    with pytest.raises(DomainError, match="Only an administrator of Oakfield Primary School"):
        people.membership_change_roles(
            membership=stale_administrator, roles=[Role.MEMBER], changed_by=other.user
        )

    assert list(Membership.objects.filter(is_administrator=True)) == [administrator]


@pytest.mark.django_db
def test_a_stale_page_cannot_take_the_role_from_the_last_administrator(school, administrator):
    other = MembershipFactory(school=school, roles=[Role.ADMINISTRATOR])
    stale_self = Membership.objects.get(pk=administrator.pk)
    people.membership_change_roles(membership=other, roles=[Role.MEMBER], changed_by=administrator.user)

    with pytest.raises(DomainError, match="must always have an administrator"):
        people.membership_change_roles(
            membership=stale_self, roles=[Role.REFERRER], changed_by=administrator.user
        )


# Real races, on PostgreSQL -------------------------------------------------------------------------------


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_two_administrators_demoting_each_other_at_once(monkeypatch, school, administrator):
    other = MembershipFactory(school=school, roles=[Role.ADMINISTRATOR])
    both_checked = threading.Barrier(2, timeout=10)
    lock_people = people.lock_people

    def lock_when_both_are_ready(**kwargs):
        both_checked.wait()
        return lock_people(**kwargs)

    monkeypatch.setattr(people, "lock_people", lock_when_both_are_ready)

    outcomes = at_once(
        lambda: people.membership_change_roles(
            membership=other, roles=[Role.MEMBER], changed_by=administrator.user
        ),
        lambda: people.membership_change_roles(
            membership=administrator, roles=[Role.MEMBER], changed_by=other.user
        ),
    )

    assert kinds(outcomes) == ["done", "refused"], outcomes
    assert "Only an administrator of Oakfield Primary School" in next(
        m for k, m in outcomes if k == "refused"
    )
    assert Membership.objects.filter(school=school, is_administrator=True).count() == 1


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_a_double_submitted_invitation(monkeypatch, school, administrator):
    both_checked = threading.Barrier(2, timeout=10)
    after_full_clean(monkeypatch, Invitation, lambda invitation: both_checked.wait())

    outcomes = at_once(lambda: invite(school, administrator), lambda: invite(school, administrator))

    assert kinds(outcomes) == ["done", "refused"], outcomes
    assert next(m for k, m in outcomes if k == "refused").startswith(ALREADY_INVITED)
    assert Invitation.objects.filter(email="colleague@oakfield.test").count() == 1


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_two_identical_requests_to_join_at_once(monkeypatch, school):
    user = VerifiedUserFactory()
    both_checked = threading.Barrier(2, timeout=10)
    after_full_clean(monkeypatch, JoinRequest, lambda join_request: both_checked.wait())

    outcomes = at_once(lambda: ask_to_join(user, school), lambda: ask_to_join(user, school))

    assert kinds(outcomes) == ["done", "refused"], outcomes
    assert next(m for k, m in outcomes if k == "refused") == ALREADY_WAITING
    assert JoinRequest.objects.filter(user=user).count() == 1
