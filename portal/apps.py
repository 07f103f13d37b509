from django.apps import AppConfig


class PortalConfig(AppConfig):
    """The signed-in shell around the domain apps: access rules, the portal home, choosing a school."""

    name = "portal"
    verbose_name = "Schools portal"
