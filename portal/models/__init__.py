from .panel import PanelMeeting, PlacementCapacity, PlacementsPage
from .users import User

__all__ = ["PanelMeeting", "PlacementCapacity", "PlacementsPage", "User"]
