from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.module_loading import import_string


class Command(BaseCommand):
    help = (
        "Build the demo site: pages, catalogue, meeting dates and (with DEBUG on) demo logins. "
        "Safe to run again: it only adds what is missing."
    )

    def handle(self, *args, **options):
        for dotted_path in settings.DEMO_CONTENT_LOADERS:
            loader = import_string(dotted_path)
            with transaction.atomic():
                loader(stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo content is in place."))
