"""The placements app's models.

Everything but the page type lives in `mapp`, `terms`, `calendar`, `requests`, `decisions`,
`placements`, `attendance`, `progress` and `reports`, which import no other part of this app than each
other, so `selectors` can import them and the page in `pages` can use `selectors` without a cycle
(import the submodules, not this package, from inside the app).
"""

from portal.placements.models.attendance import (
    AbsenceAlert,
    AttendanceMark,
    KeptBy,
    MarkSource,
    RegisterSession,
)
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
    Registration,
    Weekday,
)
from portal.placements.models.progress import (
    KeyWorkerVisit,
    PlacementTarget,
    Progress,
    ReviewMeeting,
    Stage,
    TargetProgress,
    WellbeingScore,
)
from portal.placements.models.reports import PlacementReport, ReportStatus
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
    "AbsenceAlert",
    "AccessKind",
    "AgreedAction",
    "AttendanceMark",
    "ChildPlan",
    "ClosureDay",
    "EhcPlanStatus",
    "ExcludedPupilsWeek",
    "Intervention",
    "KeptBy",
    "KeyWorkerVisit",
    "MappMeeting",
    "MarkSource",
    "Milestone",
    "Outcome",
    "PanelDecision",
    "PanelMember",
    "ParentCarer",
    "Placement",
    "PlacementCapacity",
    "PlacementDate",
    "PlacementOutcome",
    "PlacementReport",
    "PlacementRequest",
    "PlacementStatus",
    "PlacementTarget",
    "PlacementTerms",
    "PlacementsPage",
    "Professional",
    "Progress",
    "PupilCategory",
    "RegisterSession",
    "Registration",
    "ReportStatus",
    "RequestAccess",
    "RequestStatus",
    "ReviewMeeting",
    "SchoolTerm",
    "Sex",
    "Stage",
    "SupportingDocument",
    "TargetProgress",
    "Weekday",
    "WellbeingScore",
]
