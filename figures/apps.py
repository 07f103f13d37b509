from django.apps import AppConfig


class FiguresConfig(AppConfig):
    """The unit's figures for reports: the SEN information report's numbers from the placement records,
    the panel's statistics for the local authority and the outreach year in review. It reads every domain
    and nothing but the URLs imports it."""

    name = "figures"
    label = "figures"
    verbose_name = "Figures"

    def ready(self):
        from figures import cache

        cache.connect_receivers()
