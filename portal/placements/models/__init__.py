"""The placements app's models.

Everything but the page type lives in `mapp`, `terms`, `calendar`, `requests`, `decisions` and
`placements`, which import no other part of this app than each other, so `selectors` can import them
and the page in `pages` can use `selectors` without a cycle (import the submodules, not this package,
from inside the app).
"""

from portal.placements.models.calendar import ClosureDay, SchoolTerm
from portal.placements.models.decisions import AgreedAction, Outcome, PanelDecision
from portal.placements.models.mapp import ExcludedPupilsWeek, MappMeeting, PanelMember, PlacementCapacity
from portal.placements.models.pages import PlacementsPage
from portal.placements.models.placements import (
    Milestone,
    Placement,
    PlacementDate,
    PlacementOutcome,
    PlacementStatus,
    Weekday,
)
from portal.placements.models.requests import (
    AccessKind,
    ChildPlan,
    EhcPlanStatus,
    Intervention,
    ParentCarer,
    PlacementRequest,
    Professional,
    PupilCategory,
    RequestAccess,
    RequestStatus,
    Sex,
    SupportingDocument,
)
from portal.placements.models.terms import PlacementTerms

__all__ = [
    "AccessKind",
    "AgreedAction",
    "ChildPlan",
    "ClosureDay",
    "EhcPlanStatus",
    "ExcludedPupilsWeek",
    "Intervention",
    "MappMeeting",
    "Milestone",
    "Outcome",
    "PanelDecision",
    "PanelMember",
    "ParentCarer",
    "Placement",
    "PlacementCapacity",
    "PlacementDate",
    "PlacementOutcome",
    "PlacementRequest",
    "PlacementStatus",
    "PlacementTerms",
    "PlacementsPage",
    "Professional",
    "PupilCategory",
    "RequestAccess",
    "RequestStatus",
    "SchoolTerm",
    "Sex",
    "SupportingDocument",
    "Weekday",
]
