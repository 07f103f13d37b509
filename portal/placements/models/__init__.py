"""The placements app's models.

Everything but the page type lives in `mapp` and `terms`, which import nothing of this app, so
`selectors` can import them and the page in `pages` can use `selectors` without a cycle (import the
submodules, not this package, from inside the app).
"""

from portal.placements.models.mapp import MappMeeting, PlacementCapacity
from portal.placements.models.pages import PlacementsPage
from portal.placements.models.terms import PlacementTerms

__all__ = ["MappMeeting", "PlacementCapacity", "PlacementTerms", "PlacementsPage"]
