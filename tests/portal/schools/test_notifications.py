"""Who is emailed about a school's people: its administrators when someone asks to join, and whenever
anyone gains the administrator or finance role there; the person asking, who is told who decides."""

import pytest
from django.core import mail

from portal.schools.factories import InvitationFactory, JoinRequestFactory, MembershipFactory, SchoolFactory
from portal.schools.models import Role
from portal.schools.services import invitations, joining
from portal.schools.services.people import membership_change_roles
from portal.users.factories import VerifiedUserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def sent(django_capture_on_commit_callbacks):
    """`sent(change)`: run `change()`, commit, and return the emails it sent as {address: message}."""

    def run(change):
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            change()
        return {message.to[0]: message for message in mail.outbox}

    return run


def asking_to_join(email, **join_request):
    """A change for `sent`: a new person with `email` asks to join (`school=`) or register (`new_school=`)."""
    return lambda: joining.join_request_create(user=VerifiedUserFactory(email=email), **join_request)


def test_asking_to_join_emails_the_school_s_administrators_with_a_link_to_the_people_page(
    sent, home_page, school
):
    heads = [
        MembershipFactory(school=school, user__email=email, roles=[Role.ADMINISTRATOR])
        for email in ["head@oakfield.test", "deputy@oakfield.test"]
    ]
    MembershipFactory(school=school, user__email="teacher@oakfield.test", roles=[Role.MEMBER])

    emails = sent(
        asking_to_join("bursar@oakfield.test", job_title="Bursar", roles=[Role.FINANCE], school=school)
    )

    assert sorted(emails) == ["bursar@oakfield.test", "deputy@oakfield.test", "head@oakfield.test"]
    for head in heads:
        message = emails[head.user.email]
        assert (
            message.subject
            == "bursar@oakfield.test asks to join Oakfield Primary School in the schools portal"
        )
        assert "http://localhost/portal/people/" in message.body
        assert "Roles asked for: Finance" in message.body
        assert "Warning:" not in message.body
    confirmation = emails["bursar@oakfield.test"]
    assert confirmation.subject == "We have your request to join Oakfield Primary School"
    assert "Who decides: an administrator at Oakfield Primary School." in confirmation.body


def test_a_request_the_unit_s_staff_decide_emails_only_the_person_who_asked(
    sent, home_page, new_school_details
):
    school_without_administrator = SchoolFactory(name="Riverside Primary School")
    MembershipFactory(school=school_without_administrator, roles=[Role.MEMBER])

    joining_emails = sent(
        asking_to_join(
            "a@riverside.test", job_title="SENCo", roles=[Role.REFERRER], school=school_without_administrator
        )
    )
    registering_emails = sent(
        asking_to_join("head@brook.test", job_title="Head", roles=[], new_school=new_school_details())
    )

    assert list(joining_emails) == ["a@riverside.test"]
    assert "Who decides: the unit's staff at Stepping Stones." in joining_emails["a@riverside.test"].body
    assert list(registering_emails) == ["head@brook.test"]
    assert (
        registering_emails["head@brook.test"].subject
        == "We have your request to register Brook Primary School"
    )
    assert "Who decides: the unit's staff" in registering_emails["head@brook.test"].body


def test_the_administrators_email_warns_of_a_free_webmail_address(sent, home_page, school, administrator):
    emails = sent(
        asking_to_join(
            "someone@hotmail.co.uk", job_title="Teacher", roles=[Role.ADMINISTRATOR], school=school
        )
    )

    assert (
        "Warning: someone@hotmail.co.uk is a personal address at hotmail.co.uk, not a school one."
        in emails[administrator.user.email].body
    )


# Gaining the administrator or finance role: one rule, whichever way it happens ---------------------


def approve_as(roles):
    def change(school, head):
        join_request = JoinRequestFactory(school=school, user__email="new@oakfield.test", roles=[Role.MEMBER])
        joining.join_request_approve(join_request=join_request, decided_by=head, roles=roles)

    return change


def accept_invitation_as(roles):
    def change(school, head):
        InvitationFactory(school=school, email="new@oakfield.test", token="t1", roles=roles)
        invitations.invitation_accept(token="t1", user=VerifiedUserFactory(email="new@oakfield.test"))

    return change


def change_roles_to(roles):
    def change(school, head):
        colleague = MembershipFactory(school=school, user__email="new@oakfield.test", roles=[Role.MEMBER])
        membership_change_roles(membership=colleague, roles=roles, changed_by=head.user)

    return change


WAYS = [approve_as, accept_invitation_as, change_roles_to]


@pytest.mark.parametrize("way", WAYS, ids=["approval", "invitation", "role change"])
@pytest.mark.parametrize(
    ("roles", "gained"),
    [([Role.ADMINISTRATOR], "administrator"), ([Role.FINANCE, Role.MEMBER], "finance")],
)
def test_the_school_s_administrators_are_told_when_anyone_gains_administrator_or_finance(
    sent, home_page, school, way, roles, gained
):
    head = MembershipFactory(school=school, user__email="head@oakfield.test", roles=[Role.ADMINISTRATOR])
    deputy = MembershipFactory(school=school, user__email="deputy@oakfield.test", roles=[Role.ADMINISTRATOR])

    emails = sent(lambda: way(roles)(school, head))

    for administrator in [head, deputy]:
        message = emails[administrator.user.email]
        assert message.subject == f"new@oakfield.test now has the {gained} role at Oakfield Primary School"
        assert "http://localhost/portal/people/" in message.body
    # The person who gained the role is told by their own approval or invitation, not by this rule.
    assert "now has the" not in getattr(emails.get("new@oakfield.test"), "subject", "")


@pytest.mark.parametrize("way", WAYS, ids=["approval", "invitation", "role change"])
def test_no_one_is_told_about_the_referrer_or_member_roles(sent, home_page, school, way):
    head = MembershipFactory(school=school, roles=[Role.ADMINISTRATOR])

    emails = sent(lambda: way([Role.REFERRER, Role.MEMBER])(school, head))

    assert not any("now has the" in message.subject for message in emails.values())


def test_keeping_a_role_one_already_had_tells_no_one(sent, home_page, school, administrator):
    finance = MembershipFactory(school=school, roles=[Role.FINANCE])

    emails = sent(
        lambda: membership_change_roles(
            membership=finance, roles=[Role.FINANCE, Role.REFERRER], changed_by=administrator.user
        )
    )

    assert emails == {}


# A line break in a school's name cannot break an email's subject -----------------------------------


def test_a_school_name_with_a_line_break_gives_one_line_subjects(sent, home_page):
    school = SchoolFactory(name="Riverside\r\nPrimary School\nBcc: victim@example.test")
    head = MembershipFactory(school=school, user__email="head@riverside.test", roles=[Role.ADMINISTRATOR])

    join_emails = sent(
        asking_to_join("new@riverside.test", job_title="TA", roles=[Role.MEMBER], school=school)
    )
    invitation_emails = sent(
        lambda: invitations.invitation_create(
            school=school, email="colleague@riverside.test", roles=[Role.MEMBER], invited_by=head.user
        )
    )

    subjects = [message.subject for message in [*join_emails.values(), *invitation_emails.values()]]
    assert sorted(subjects) == [
        "We have your request to join Riverside Primary School Bcc: victim@example.test",
        "You are invited to the schools portal for Riverside Primary School Bcc: victim@example.test",
        "new@riverside.test asks to join Riverside Primary School Bcc: victim@example.test "
        "in the schools portal",
    ]
    for message in [*join_emails.values(), *invitation_emails.values()]:
        assert message.recipients() == message.to
        assert "\n" not in message.message()["Subject"]
