"""Factories for MAPP meetings, capacity, the placements page, placement requests and who saw them, the
panel's decisions, and the school year's terms and closure days."""

from datetime import date, timedelta
from decimal import Decimal

import factory
import wagtail_factories
from django.utils import timezone

from portal.orders.models import YearGroup
from portal.placements.models import (
    AccessKind,
    ChildPlan,
    ClosureDay,
    EhcPlanStatus,
    Intervention,
    MappMeeting,
    Outcome,
    PanelDecision,
    ParentCarer,
    Placement,
    PlacementCapacity,
    PlacementRequest,
    PlacementsPage,
    PlacementStatus,
    PupilCategory,
    RequestAccess,
    RequestStatus,
    SchoolTerm,
    Sex,
)
from portal.placements.services.mapp import mapp_meeting_save
from portal.placements.services.pupil_rules import birthdays_in_year_group, upn_check_letter
from portal.schools.factories import SchoolFactory
from portal.users.factories import UserFactory


class MappMeetingFactory(factory.django.DjangoModelFactory):
    """Saved through the service, so a meeting without a deadline gets the usual one."""

    class Meta:
        model = MappMeeting

    meeting_date = factory.Sequence(lambda n: date(2026, 1, 6) + timedelta(weeks=6 * n))
    submission_deadline = None

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return mapp_meeting_save(meeting=model_class(*args, **kwargs))


class PlacementCapacityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PlacementCapacity

    starts_on = factory.Sequence(lambda n: date(2024 + n, 9, 1))
    places = 32


class PlacementsPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = PlacementsPage

    title = "Placements and panel dates"
    slug = "placements"
    intro = "How placements work."


def birthday_for_year_group(year_group: int) -> date:
    """A date of birth (1 October) that fits `year_group` (0 for Reception) in today's school year."""
    first, _ = birthdays_in_year_group(year_group, today=timezone.localdate())
    return first + timedelta(days=30)


def valid_upn(digits: str = "820200101001") -> str:
    return upn_check_letter(digits) + digits


class PlacementRequestFactory(factory.django.DjangoModelFactory):
    """A draft with nothing written yet; `complete=True` (a trait) fills in every answer needed to send it
    (the safeguarding section included), with one parent and one intervention."""

    class Meta:
        model = PlacementRequest
        skip_postgeneration_save = True

    school = factory.SubFactory(SchoolFactory)
    created_by = None

    class Params:
        complete = factory.Trait(
            legal_first_name="Alex",
            legal_last_name="Example",
            date_of_birth=factory.LazyFunction(lambda: birthday_for_year_group(4)),
            year_group=YearGroup.YEAR_4,
            sex=Sex.MALE,
            upn=factory.LazyFunction(valid_upn),
            home_address="1 Test Street\nTown\nAB1 2CD",
            pupil_premium=True,
            free_school_meals=False,
            first_language="English",
            interpreter_needed=False,
            consent_to_referral=True,
            consent_to_referral_on=factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=7)),
            consent_to_sharing=True,
            consent_to_sharing_on=factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=7)),
            need_semh=True,
            ehc_plan_status=EhcPlanStatus.NONE,
            sen_support=True,
            concerns="Frequent dysregulation in class.",
            strengths="Enjoys building and sport.",
            pupil_views="Finds the classroom too loud.",
            parent_views="Would like more support.",
            attendance_percent=Decimal("88.5"),
            suspensions=2,
            dsl_name="Designated safeguarding lead",
            dsl_contact="dsl@school.test",
            social_care_involved=False,
            child_plan=ChildPlan.NONE,
            looked_after=False,
            early_help_assessment=False,
            camhs_involved=False,
            category=PupilCategory.ALTERNATIVE_TO_EXCLUSION,
            triggers="Sudden changes of routine.",
            strategies="A calm space and warnings before transitions.",
            risk_assessment="Low risk in a small group with a familiar adult.",
            travel_arrangements="Local authority taxi with an escort.",
            travel_arranged_by="The local authority's transport team",
            key_worker_name="Key worker",
            key_worker_role="Learning mentor",
            key_worker_email="keyworker@school.test",
            governing_board_approved=True,
            governing_board_approved_on=factory.LazyFunction(
                lambda: timezone.localdate() - timedelta(days=3)
            ),
            parents=factory.RelatedFactory(
                "portal.placements.factories.ParentCarerFactory", factory_related_name="request"
            ),
            interventions=factory.RelatedFactory(
                "portal.placements.factories.InterventionFactory", factory_related_name="request"
            ),
        )


class ParentCarerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ParentCarer

    request = factory.SubFactory(PlacementRequestFactory)
    name = "Parent One"
    relationship = "Mother"
    phone = "01234 000000"


class InterventionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Intervention

    request = factory.SubFactory(PlacementRequestFactory)
    description = "Daily check-in with a trusted adult"
    duration = "Two terms"
    impact = "Fewer incidents in the mornings."


class RequestAccessFactory(factory.django.DjangoModelFactory):
    """A view of a request, with the viewer named as they were then (as `request_access_record` does)."""

    class Meta:
        model = RequestAccess

    request = factory.SubFactory(PlacementRequestFactory)
    user = factory.SubFactory(UserFactory)
    viewer_name = factory.LazyAttribute(lambda access: access.user.get_full_name())
    viewer_email = factory.LazyAttribute(lambda access: access.user.email)
    kind = AccessKind.VIEWED
    what = "request page"


class SchoolTermFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SchoolTerm

    name = "Autumn 2026"
    starts_on = date(2026, 9, 2)
    ends_on = date(2026, 12, 18)
    half_term_starts_on = date(2026, 10, 26)
    half_term_ends_on = date(2026, 10, 30)


class ClosureDayFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ClosureDay

    date = date(2026, 11, 20)
    reason = "INSET day"


class PanelDecisionFactory(factory.django.DjangoModelFactory):
    """The panel's offer, made at a meeting of its own (the request's status is the caller's)."""

    class Meta:
        model = PanelDecision

    request = factory.SubFactory(PlacementRequestFactory, complete=True, status=RequestStatus.DECIDED)
    meeting = factory.SubFactory(MappMeetingFactory)
    outcome = Outcome.OFFER
    reasons = "A short placement is the right next step."
    lead_professional = "Outreach manager"


class PlacementFactory(factory.django.DjangoModelFactory):
    """A placement as the records hold it, written straight to the table (no timeline, no invoice), for
    figures over past years. An ended one needs its `status`, `outcome` and `ended_on`; the pupil is set
    with `decision__request__year_group`, `..._sex` and `..._ehc_plan_status`. Placements made through the
    services are in tests/portal/placements/conftest.py."""

    class Meta:
        model = Placement

    decision = factory.SubFactory(PanelDecisionFactory)
    request = factory.SelfAttribute("decision.request")
    school = factory.SelfAttribute("request.school")
    status = PlacementStatus.ACTIVE
    category = PupilCategory.ALTERNATIVE_TO_EXCLUSION
    purpose = "To settle in a small group and return to the home school."
    starts_on = date(2026, 9, 7)
    home_school_weekday = 4
    key_worker_name = "Key worker"
    key_worker_email = "keyworker@school.test"
    dsl_name = "Designated safeguarding lead"
    dsl_email = "dsl@school.test"
