"""`manage.py restore`: bring a backup back into an empty database and empty storage, after checking
all of it (or, with --verify, only check it)."""

from django.core.management.base import BaseCommand, CommandError

from backups import services
from common.errors import DomainError


class Command(BaseCommand):
    help = (
        "Restore a backup (the newest in BACKUP_LOCATION unless named) into this site's database and "
        "storage, which must be empty unless --force. The whole backup is checked before anything changes."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "name", nargs="?", help="The backup's file name in the location (the newest if left out)."
        )
        parser.add_argument("--location", help="A folder or s3://bucket/prefix instead of BACKUP_LOCATION.")
        parser.add_argument(
            "--verify", action="store_true", help="Only check the backup against its manifest."
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Replace what the database holds, and the storage's files of the same names.",
        )

    def handle(self, *args, name=None, location=None, verify=False, force=False, **options):
        try:
            if verify:
                summary = services.backup_verify(name=name, location=location)
            else:
                summary = services.backup_restore(name=name, location=location, force=force)
        except DomainError as error:
            raise CommandError(error.message) from None
        done = "checks out" if verify else "is restored"
        self.stdout.write(self.style.SUCCESS(f"{summary.name} {done}: {summary.described()}."))
        if summary.pending_migrations:
            self.stdout.write(
                f"This release has {summary.pending_migrations} migrations the backup predates: "
                "run `manage.py migrate` now."
            )
