"""A school's administrators name its head teacher and senior leaders, who sign off placement requests."""

from django.urls import reverse

from portal.schools.factories import MembershipFactory
from portal.schools.models import Role
from portal.schools.services.people import MEMBER_SENIOR_LEADER_CHANGED


def test_an_administrator_names_a_senior_leader_on_the_people_page(
    admin_client, school, administrator, logged_changes
):
    head = MembershipFactory(school=school, roles=[Role.REFERRER], user__email="head@oakfield.test")
    url = reverse("schools:change_roles", args=[head.pk])

    form = admin_client.get(url).text
    admin_client.post(url, {"roles": [Role.REFERRER], "is_senior_leader": "on"})

    assert "may sign off placement requests" in form
    head.refresh_from_db()
    assert head.is_senior_leader
    assert head.roles == [Role.REFERRER]
    assert logged_changes(school)[-1] == (
        MEMBER_SENIOR_LEADER_CHANGED,
        administrator.user,
        {"about": "head@oakfield.test", "from": "not a senior leader", "to": "senior leader"},
    )
    assert "senior leader" in admin_client.get(reverse("schools:people")).text


def test_unticking_it_takes_the_sign_off_away(admin_client, school):
    head = MembershipFactory(school=school, roles=[Role.REFERRER], is_senior_leader=True)

    admin_client.post(reverse("schools:change_roles", args=[head.pk]), {"roles": [Role.REFERRER]})

    head.refresh_from_db()
    assert not head.is_senior_leader
