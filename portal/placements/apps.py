from django.apps import AppConfig


class PlacementsConfig(AppConfig):
    name = "portal.placements"
    label = "placements"
    verbose_name = "Placements and the MAPP panel"

    def ready(self):
        from common import page_cache
        from portal.placements.models import MappMeeting, PlacementCapacity, PlacementTerms

        # The placements page and the calendar feed show the meetings, the capacity and the terms.
        page_cache.purge_when_saved(MappMeeting, PlacementCapacity, PlacementTerms)
