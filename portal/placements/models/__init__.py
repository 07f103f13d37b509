"""The placements app's models.

Everything but the page type lives in `mapp`, `panel` and `terms`, which import nothing of this app
but each other, so
`selectors` can import them and the page in `pages` can use `selectors` without a cycle (import the
submodules, not this package, from inside the app).
"""

from portal.placements.models.mapp import MappMeeting, PlacementCapacity
from portal.placements.models.pages import PlacementsPage
from portal.placements.models.panel import (
    DISTRICT_ROLES,
    ExcludedPupilsCount,
    MeetingAction,
    MeetingRecord,
    MeetingSeat,
    PanelMember,
    PanelRole,
    SeatStatus,
)
from portal.placements.models.terms import PlacementTerms

__all__ = [
    "DISTRICT_ROLES",
    "ExcludedPupilsCount",
    "MappMeeting",
    "MeetingAction",
    "MeetingRecord",
    "MeetingSeat",
    "PanelMember",
    "PanelRole",
    "PlacementCapacity",
    "PlacementTerms",
    "PlacementsPage",
    "SeatStatus",
]
