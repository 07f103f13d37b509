from django.apps import AppConfig


class PlacementsConfig(AppConfig):
    name = "portal.placements"
    label = "placements"
    verbose_name = "Placements and the MAPP panel"

    def ready(self):
        from common import page_cache
        from portal.placements.models import (
            ClosureDay,
            MappMeeting,
            PlacementCapacity,
            PlacementTerms,
            SchoolTerm,
        )

        # The placements page and the calendar feed show the meetings, the capacity and the terms; the
        # placement pages show the placement terms and the school year, remembered until the next purge
        # (`selectors.shown_placement_terms`, `selectors.shown_school_calendar`).
        page_cache.purge_when_saved(MappMeeting, PlacementCapacity, PlacementTerms, SchoolTerm, ClosureDay)
