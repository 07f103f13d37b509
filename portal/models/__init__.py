from .panel import PanelMeeting, PlacementCapacity, PlacementsPage
from .schools import (
    District,
    Invitation,
    JoinRequest,
    JoinRequestStatus,
    Membership,
    PeopleChange,
    Role,
    School,
)
from .users import User

__all__ = [
    "District",
    "Invitation",
    "JoinRequest",
    "JoinRequestStatus",
    "Membership",
    "PanelMeeting",
    "PeopleChange",
    "PlacementCapacity",
    "PlacementsPage",
    "Role",
    "School",
    "User",
]
