from django.apps import AppConfig


class BackupsConfig(AppConfig):
    """`manage.py backup` and `manage.py restore`: the database, the media and the placement documents
    in one encrypted archive, and back. No models: it reads and writes every domain's data wholesale."""

    name = "backups"
    label = "backups"
    verbose_name = "Backups"
