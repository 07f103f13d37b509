from django.apps import AppConfig


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = "Website"

    def ready(self):
        from home import signals

        signals.connect()
