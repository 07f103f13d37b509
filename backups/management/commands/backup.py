"""`manage.py backup`: the database, the media and the placement documents, encrypted, to
BACKUP_LOCATION. Cron runs it nightly (see the README); it prints where the backup went."""

from django.core.management.base import BaseCommand, CommandError

from backups import services
from common.errors import DomainError


class Command(BaseCommand):
    help = (
        "Back up the database, the media and the placement documents, encrypted with BACKUP_ENCRYPTION_KEY, "
        "to BACKUP_LOCATION (a folder or s3://bucket/prefix)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--location", help="A folder or s3://bucket/prefix instead of BACKUP_LOCATION.")

    def handle(self, *args, location=None, **options):
        try:
            summary = services.backup_create(location=location)
        except DomainError as error:
            raise CommandError(error.message) from None
        self.stdout.write(self.style.SUCCESS(f"Backed up to {summary.name}: {summary.described()}."))
