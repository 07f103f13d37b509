from datetime import timedelta

import factory
from django.utils import timezone

from portal.schools.models import (
    District,
    Invitation,
    InvitationStatus,
    JoinRequest,
    Membership,
    Role,
    School,
)
from portal.schools.selectors import invitation_token_hash
from portal.users.factories import VerifiedUserFactory


class DistrictFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = District
        django_get_or_create = ["code"]

    # Not "District N": tests name real-looking districts themselves, and names are unique.
    name = factory.Sequence(lambda n: f"Factory district {n + 1}")
    code = factory.Sequence(lambda n: f"D{n + 1}")
    safeguarding_lead_role = "District safeguarding lead"
    safeguarding_lead_email = factory.Sequence(lambda n: f"safeguarding{n}@district.test")


class SchoolFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = School

    name = factory.Sequence(lambda n: f"School {n} Primary")
    urn = factory.Sequence(lambda n: f"{100000 + n}")
    district = factory.SubFactory(DistrictFactory)
    address = "1 School Lane\nTown\nAB1 2CD"
    phone = "01234 567890"
    finance_email = factory.Sequence(lambda n: f"finance{n}@school.test")


class RoleFlagsFactoryMixin:
    """Pass `roles=[Role.REFERRER, ...]` instead of setting each flag."""

    @classmethod
    def _adjust_kwargs(cls, **kwargs):
        roles = kwargs.pop("roles", None)
        if roles is not None:
            for role in Role:
                kwargs[f"is_{role.value}"] = role in roles
        return kwargs


class MembershipFactory(RoleFlagsFactoryMixin, factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(VerifiedUserFactory)
    school = factory.SubFactory(SchoolFactory)
    is_member = True


class JoinRequestFactory(RoleFlagsFactoryMixin, factory.django.DjangoModelFactory):
    class Meta:
        model = JoinRequest

    user = factory.SubFactory(VerifiedUserFactory)
    school = factory.SubFactory(SchoolFactory)
    job_title = "SENCo"
    is_referrer = True


class InvitationFactory(RoleFlagsFactoryMixin, factory.django.DjangoModelFactory):
    """An invitation whose link token is `token` (only its hash is stored, as the service does)."""

    class Meta:
        model = Invitation
        exclude = ["token"]

    school = factory.SubFactory(SchoolFactory)
    email = factory.Sequence(lambda n: f"colleague{n}@school.test")
    token = factory.Sequence(lambda n: f"test-invitation-token-{n}")
    token_hash = factory.LazyAttribute(lambda o: invitation_token_hash(token=o.token))
    expires_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=7))
    invited_by = None
    is_member = True
    accepted_at = None
    cancelled_at = None
    # Told by the timestamps given, as the data migration told the invitations made before it.
    status = factory.LazyAttribute(
        lambda o: (
            InvitationStatus.ACCEPTED
            if o.accepted_at
            else InvitationStatus.WITHDRAWN
            if o.cancelled_at
            else InvitationStatus.OPEN
        )
    )
