from django.apps import AppConfig


class RecordsConfig(AppConfig):
    """How long each kind of record is kept, the daily sweep that deletes or anonymises what has passed
    its period, and the legal holds that stop it."""

    name = "records"
    label = "records"
    verbose_name = "Records retention"
