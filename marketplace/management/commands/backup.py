"""`manage.py backup`: dump PostgreSQL and the media into a new encrypted backup in
BACKUP_S3_BUCKET, then prune by the retention rule (marketplace/backups/)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from marketplace.backups.services import (
    BackupError,
    backup_create,
    backup_list,
    backup_prune,
    database_target,
)


class Command(BaseCommand):
    help = (
        "Back up the database (pg_dump -Fc) and every media file, encrypted with "
        "BACKUP_ENCRYPTION_KEY, to BACKUP_S3_BUCKET; then delete the backups the "
        "BACKUP_KEEP_DAILY/WEEKLY/MONTHLY rule does not keep."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--database", default="default", help="Database alias to dump.")
        parser.add_argument("--no-prune", action="store_true", help="Keep every older backup.")
        parser.add_argument(
            "--list", action="store_true", help="Only list the backups in the bucket."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            if options["list"]:
                for entry in backup_list():
                    state = "complete" if entry["complete"] else "unfinished"
                    self.stdout.write(f"{entry['name']}  {state}")
                return
            manifest = backup_create(database=database_target(alias=options["database"]))
            self.stdout.write(
                f"Backup {manifest['name']}: database {manifest['database']['bytes']:,} bytes, "
                f"{manifest['media']['files']:,} media files "
                f"({manifest['media']['file_bytes']:,} bytes)."
            )
            if not options["no_prune"]:
                for name in backup_prune():
                    self.stdout.write(f"Pruned {name}.")
        except BackupError as error:
            raise CommandError(str(error)) from None
