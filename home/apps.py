from django.apps import AppConfig


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = "Website"

    def ready(self):
        from common import admin_frame, admin_scripts, admin_sidebar
        from home import signals

        signals.connect()
        admin_scripts.start_choosers_without_inline_scripts()
        admin_sidebar.keep_sidebar_per_person()
        admin_frame.keep_frame_per_process()
