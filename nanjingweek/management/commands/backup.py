"""`manage.py backup`: the database and the media folder in one archive, consistent while the site runs.

`manage.py backup` writes var/backups/nanjingweek-YYYYMMDD-HHMMSS.tar (UTC); `--output-dir` elsewhere,
`--keep-days 14` then deletes that folder's archives older than 14 days. `manage.py backup --check ARCHIVE`
verifies an archive (every checksum, nothing restored). The format and its guarantees: nanjingweek/backups.py.
Exits non-zero when anything failed, so that cron and monitoring notice.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from nanjingweek import backups


def size_text(size: int) -> str:
    for unit in ("bytes", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{size} {unit}" if unit == "bytes" else f"{size:.1f} {unit}"
        size /= 1024
    return f"{size:.1f} TB"  # pragma: no cover - the loop returns


def describe_manifest(manifest: dict) -> list[str]:
    database = manifest["database"]
    tables = manifest["tables"]
    migrations = ", ".join(f"{app} {name}" for app, name in sorted(manifest["migrations"].items()))
    return [
        f"Created:    {manifest['created_at']} (Django {manifest.get('django_version', '?')})",
        f"Database:   {database['vendor']} {database.get('name', '')!r}, {len(tables)} tables, "
        f"{sum(tables.values())} rows ({database.get('tool', '')})",
        f"Media:      {manifest['media']['files']} files, {size_text(manifest['media']['bytes'])}",
        f"Migrations: {migrations or 'none'}",
    ]


class Command(BaseCommand):
    help = (
        "Write the database and the media folder into one archive (var/backups/nanjingweek-YYYYMMDD-HHMMSS.tar), "
        "or verify one with --check ARCHIVE."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output-dir", type=Path, default=None, help="Folder for the archive (default: var/backups/)."
        )
        parser.add_argument(
            "--keep-days",
            type=int,
            default=None,
            help="After a successful backup, delete the folder's archives older than this many days.",
        )
        parser.add_argument(
            "--database-url",
            default=None,
            help="Back up this database instead of the site's (postgres://… or sqlite:///…).",
        )
        parser.add_argument(
            "--media-root", type=Path, default=None, help="Back up this media folder instead of MEDIA_ROOT."
        )
        parser.add_argument(
            "--check",
            metavar="ARCHIVE",
            type=Path,
            default=None,
            help="Verify ARCHIVE (manifest, every member's SHA-256) without restoring anything, and exit.",
        )

    def handle(self, *args, output_dir, keep_days, database_url, media_root, check, **options):
        try:
            if check is not None:
                self.check_archive(check)
            else:
                self.write_archive(output_dir, keep_days, database_url, media_root)
        except backups.BackupError as error:
            raise CommandError(str(error)) from None

    def check_archive(self, archive: Path) -> None:
        manifest = backups.verify(archive)
        self.stdout.write(f"{archive}: complete, {len(manifest['members'])} members match their SHA-256.")
        for line in describe_manifest(manifest):
            self.stdout.write(f"  {line}")

    def write_archive(self, output_dir, keep_days, database_url, media_root) -> None:
        if keep_days is not None and keep_days < 1:
            raise CommandError("--keep-days must be 1 or more.")
        database = backups.database_from_url(database_url, alias="backup_source") if database_url else None
        try:
            result = backups.backup(directory=output_dir, database=database, media_root=media_root)
        finally:
            if database is not None:
                database.close()
        self.stdout.write(
            f"Backup written: {result.path} ({size_text(result.path.stat().st_size)}) in {result.seconds:.1f} s."
        )
        for line in describe_manifest(result.manifest):
            self.stdout.write(f"  {line}")
        if keep_days is not None:
            removed = backups.prune(result.path.parent, keep_days=keep_days, keep=result.path)
            self.stdout.write(f"Deleted {len(removed)} archive(s) older than {keep_days} days.")
