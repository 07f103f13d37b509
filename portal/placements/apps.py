from django.apps import AppConfig


class PlacementsConfig(AppConfig):
    name = "portal.placements"
    label = "placements"
    verbose_name = "Placements and the MAPP panel"
