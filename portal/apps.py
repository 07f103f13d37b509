from django.apps import AppConfig


class PortalConfig(AppConfig):
    """The signed-in shell around the domain apps: access rules, the portal home, choosing a school."""

    name = "portal"
    verbose_name = "Schools portal"

    def ready(self):
        from django.urls import register_converter

        from common.urls import RecordIdConverter

        # Before any URL configuration is read: every address with a record's id uses <id:...>.
        register_converter(RecordIdConverter, "id")
