"""`manage.py restore ARCHIVE`: bring back the database and the media folder from `manage.py backup`'s archive.

Verifies every checksum first and changes nothing if the archive is damaged or cut short. Refuses a database
or media folder that is not empty unless `--force`; `--database-url` and `--media-root` restore elsewhere (a
scratch database to test a restore). Then compares the restored row counts with the manifest and the migrations
with the code, and prints a summary. Exits non-zero when anything failed.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from nanjingweek import backups
from nanjingweek.management.commands.backup import describe_manifest


class Command(BaseCommand):
    help = "Restore the database and the media folder from an archive written by `manage.py backup`."

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path, help="The .tar file `manage.py backup` wrote.")
        parser.add_argument(
            "--database-url",
            default=None,
            help="Restore into this database (postgres://… or sqlite:///…) instead of the site's; it must exist.",
        )
        parser.add_argument(
            "--media-root", type=Path, default=None, help="Restore the media files here instead of MEDIA_ROOT."
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Replace the contents of a database or media folder that is not empty (all of it: tables the "
            "archive does not have are dropped).",
        )

    def handle(self, *args, archive: Path, database_url, media_root, force: bool, **options):
        try:
            result = backups.restore(archive, database_url=database_url, media_root=media_root, force=force)
        except backups.BackupError as error:
            raise CommandError(str(error)) from None
        state = result.state
        self.stdout.write(f"Restored {archive} in {result.seconds:.1f} s.")
        for line in describe_manifest(result.manifest):
            self.stdout.write(f"  {line}")
        self.stdout.write(f"  Into:       {result.target}, media in {result.media_root}")
        self.stdout.write(
            f"  Check:      {len(state.tables)} tables and {state.rows} rows, as in the manifest; "
            f"{result.manifest['media']['files']} media files, every checksum matched."
        )
        for warning in result.warnings:
            self.stderr.write(f"warning: {warning}")
        if result.migrations_current:
            self.stdout.write("  Migrations: as in this code; the site can be served from it.")
