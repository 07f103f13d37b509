from datetime import date, datetime, timedelta
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from common.storage import PrivateFileSystemStorage
from portal.placements.factories import (
    MappMeetingFactory,
    PanelDecisionFactory,
    PlacementCapacityFactory,
    PlacementRequestFactory,
    PlacementsPageFactory,
    SchoolTermFactory,
    valid_upn,
)
from portal.placements.models import PupilCategory, SupportingDocument, Weekday
from portal.placements.services.placements import Arrangements, placement_create_from_offer, placement_start
from portal.schools.factories import MembershipFactory, SchoolFactory
from portal.schools.models import Role
from portal.users.factories import turn_on_two_factor

TODAY = date(2026, 11, 22)


@pytest.fixture
def frozen_today(time_machine):
    """The clock stopped at 9am on 22 November 2026, London time; the fixture's value is that day."""
    time_machine.move_to(datetime(2026, 11, 22, 9, 0, tzinfo=ZoneInfo("Europe/London")), tick=False)
    return TODAY


@pytest.fixture
def placements_page(home_page):
    return PlacementsPageFactory(parent=home_page)


@pytest.fixture
def read_placements_page(client):
    """`read_placements_page()`: the placements page's HTML, as a visitor sees it."""

    def read():
        response = client.get("/placements/")
        assert response.status_code == 200
        return response.content.decode()

    return read


@pytest.fixture
def meetings(db, frozen_today):
    """Two panel meetings: the next one still open for requests until 24 November 2026, then January's."""
    return SimpleNamespace(
        december=MappMeetingFactory(meeting_date=date(2026, 12, 8), submission_deadline=date(2026, 11, 24)),
        january=MappMeetingFactory(meeting_date=date(2027, 1, 26), submission_deadline=date(2027, 1, 12)),
    )


@pytest.fixture
def school(db):
    return SchoolFactory(name="Oakfield Primary School")


@pytest.fixture
def referrer(school):
    """A referrer of the school, signed in with two-factor (as placement data requires)."""
    membership = MembershipFactory(school=school, roles=[Role.REFERRER], user__email="senco@oakfield.test")
    turn_on_two_factor(membership.user)
    return membership


@pytest.fixture
def head(school):
    """The school's head teacher: a referrer and its senior leader, with two-factor."""
    membership = MembershipFactory(
        school=school, roles=[Role.REFERRER], is_senior_leader=True, user__email="head@oakfield.test"
    )
    turn_on_two_factor(membership.user)
    return membership


def clear_for_safeguarding(user):
    """Give the user the permission staff grant to people cleared for safeguarding information."""
    user.user_permissions.add(Permission.objects.get(codename="view_safeguarding"))
    # Django caches permissions on the user object.
    for cache in ("_perm_cache", "_user_perm_cache"):
        user.__dict__.pop(cache, None)
    return user


def admin_url(model_name, action="index", pk=None):
    return reverse(f"placements_{model_name}_modeladmin_{action}", args=[pk] if pk is not None else [])


def meeting_form(**overrides):
    """What staff post on a MAPP meeting's admin form: the usual meeting, with `overrides`."""
    return {
        "meeting_date": "2027-01-19",
        "starts_at": "",
        "submission_deadline": "",
        "location": "Stepping Stones",
        "notes": "",
        "minutes": "",
        **overrides,
    }


@pytest.fixture
def referrer_client(client, home_page, referrer):
    client.force_login(referrer.user)
    return client


@pytest.fixture
def draft(frozen_today, school, referrer):
    return PlacementRequestFactory(school=school, created_by=referrer.user)


@pytest.fixture
def complete_draft(frozen_today, school, referrer):
    """A draft with every answer given, not yet signed off."""
    return PlacementRequestFactory(school=school, created_by=referrer.user, complete=True)


@pytest.fixture
def private_media(monkeypatch, tmp_path):
    """Supporting documents go to a fresh directory for the test; its path is the fixture's value. (The
    file field took its storage when the model loaded, so the field's storage is swapped.)"""
    storage = PrivateFileSystemStorage(location=tmp_path)
    monkeypatch.setattr(SupportingDocument._meta.get_field("file"), "storage", storage)
    return tmp_path


@pytest.fixture
def school_year(db):
    """The terms from the summer of 2026 to the summer of 2027, each with its half term."""
    return SimpleNamespace(
        summer=SchoolTermFactory(
            name="Summer 2026",
            starts_on=date(2026, 4, 20),
            ends_on=date(2026, 7, 22),
            half_term_starts_on=date(2026, 5, 25),
            half_term_ends_on=date(2026, 5, 29),
        ),
        autumn=SchoolTermFactory(),
        spring=SchoolTermFactory(
            name="Spring 2027",
            starts_on=date(2027, 1, 5),
            ends_on=date(2027, 3, 26),
            half_term_starts_on=date(2027, 2, 15),
            half_term_ends_on=date(2027, 2, 19),
        ),
        next_summer=SchoolTermFactory(
            name="Summer 2027",
            starts_on=date(2027, 4, 12),
            ends_on=date(2027, 7, 21),
            half_term_starts_on=date(2027, 5, 31),
            half_term_ends_on=date(2027, 6, 4),
        ),
    )


@pytest.fixture
def offer(frozen_today, school):
    """The panel's offer of a placement on a request of the school (decided)."""
    return PanelDecisionFactory(request__school=school)


def arrangements(**overrides):
    """What staff settle when a placement starts: Monday 7 September 2026 by default, Thursdays at the
    home school."""
    return Arrangements(
        **{
            "starts_on": date(2026, 9, 7),
            "home_school_weekday": Weekday.THURSDAY,
            "category": PupilCategory.ALTERNATIVE_TO_EXCLUSION,
            "purpose": "Regulate in a small group and return to class full time.",
            "key_worker_name": "Learning mentor",
            "key_worker_email": "mentor@oakfield.test",
            "dsl_name": "Deputy head (designated safeguarding lead)",
            "dsl_email": "dsl@oakfield.test",
            **overrides,
        }
    )


def start_placement(offer, user, *, confirmed=False, purchase_order_number="", **overrides):
    return placement_create_from_offer(
        placement_request=offer.request,
        user=user,
        arrangements=arrangements(**overrides),
        over_capacity_confirmed=confirmed,
        purchase_order_number=purchase_order_number,
    )


def a_term_with_places_around(today):
    """One long term around today, so a whole plan falls in term whenever a browser journey runs, with
    places."""
    SchoolTermFactory(
        name="This year",
        starts_on=today - timedelta(days=120),
        ends_on=today + timedelta(days=240),
        half_term_starts_on=None,
        half_term_ends_on=None,
    )
    PlacementCapacityFactory(starts_on=today - timedelta(days=365), places=36)


@pytest.fixture
def elsewhere(school_year, staff_user, frozen_today):
    """A placement at the unit of another school's pupil (another child: another UPN), for the views that
    must not show it to this school."""
    offer = PanelDecisionFactory(
        request__school=SchoolFactory(name="Riverside"), request__upn=valid_upn("820200101002")
    )
    return placement_start(placement=start_placement(offer, staff_user), user=staff_user)
