"""A superuser switches off two-factor sign-in for someone who lost their phone and recovery codes."""

import pytest
from allauth.mfa.models import Authenticator
from django.contrib.auth.models import Permission
from django.core import mail
from django.urls import reverse
from wagtail.models import ModelLogEntry

from common.errors import DomainError
from portal.users import services
from portal.users.factories import VerifiedUserFactory, turn_on_two_factor

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser(staff_user):
    turn_on_two_factor(staff_user)
    return staff_user


@pytest.fixture
def locked_out_teacher():
    user = VerifiedUserFactory(email="teacher@oakfield-primary.test")
    turn_on_two_factor(user)
    return user


def reset_url_for(user):
    return reverse("users_reset_two_factor", args=[user.pk])


def test_a_superuser_resets_someones_two_factor_and_they_are_told(
    superuser, locked_out_teacher, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.two_factor_reset(user=locked_out_teacher, reset_by=superuser)

    assert not Authenticator.objects.filter(user=locked_out_teacher).exists()
    assert [message.to for message in mail.outbox] == [["teacher@oakfield-primary.test"]]
    assert "set up an authenticator app again" in mail.outbox[0].body
    entry = ModelLogEntry.objects.get(action=services.TWO_FACTOR_RESET)
    assert (entry.object_id, entry.user_id) == (str(locked_out_teacher.pk), superuser.pk)
    assert (entry.data["from"], entry.data["to"]) == ("on", "off")


@pytest.mark.parametrize("who", ["plain staff", "themselves"])
def test_only_another_superuser_may_reset(
    who, superuser, locked_out_teacher, django_capture_on_commit_callbacks
):
    if who == "plain staff":
        actor = VerifiedUserFactory(email="reception@stepping-stones.test", is_staff=True)
        target = locked_out_teacher
    else:
        actor = target = superuser

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(DomainError):
        services.two_factor_reset(user=target, reset_by=actor)

    assert Authenticator.objects.filter(user=target).count() == 2  # the app and the recovery codes
    assert not ModelLogEntry.objects.filter(action=services.TWO_FACTOR_RESET).exists()
    assert mail.outbox == []


def test_a_person_without_two_factor_has_nothing_to_reset(superuser):
    newcomer = VerifiedUserFactory(email="new@oakfield-primary.test")

    with pytest.raises(DomainError, match="nothing to reset"):
        services.two_factor_reset(user=newcomer, reset_by=superuser)


def test_the_users_list_offers_the_reset_and_the_confirmation_page_does_it(
    client, superuser, locked_out_teacher, django_capture_on_commit_callbacks
):
    client.force_login(superuser)
    reset_url = reset_url_for(locked_out_teacher)

    assert reset_url in client.get("/admin/users/").content.decode()
    confirm = client.get(reset_url)
    assert confirm.status_code == 200
    assert "teacher@oakfield-primary.test" in confirm.content.decode()
    assert Authenticator.objects.filter(user=locked_out_teacher).exists()  # looking changes nothing

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reset_url)

    assert response.status_code == 302
    assert not Authenticator.objects.filter(user=locked_out_teacher).exists()
    assert reset_url not in client.get("/admin/users/").content.decode()


def test_staff_who_are_not_superusers_cannot_open_the_reset_page(client, locked_out_teacher):
    office = VerifiedUserFactory(email="reception@stepping-stones.test", is_staff=True)
    office.user_permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    turn_on_two_factor(office)
    client.force_login(office)

    response = client.post(reset_url_for(locked_out_teacher))

    # Wagtail answers a refused admin view by sending the user to the dashboard with a message.
    assert (response.status_code, response.url) == (302, "/admin/")
    assert Authenticator.objects.filter(user=locked_out_teacher).exists()
