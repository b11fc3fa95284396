"""Backup and restore that lose nothing: every row of every table and every uploaded file.

A backup is one .tar.gz archive:

- `manifest.json`: format and version, when it was made, the migrations the database had,
  the number of rows per model and the SHA-256 of every file;
- `data.jsonl`: every row, one JSON object per line (Django's serializer, original ids),
  so that neither writing nor reading holds the whole database in memory;
- `media/...`: the uploaded files (evidence) as they are on disk.

Restore goes into an empty database with the same migrations, in one transaction, and
checks the row counts and file hashes against the manifest before it commits. Sessions
are left out: a restored Koers asks everyone to log in again.
"""

import hashlib
import io
import json
import shutil
import tarfile
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.test.utils import override_settings
from django.utils import timezone
from django.utils.translation import gettext as _

from koers.budgets.models import Taakveld, TaakveldList
from koers.plans import versions

FORMAT = "koers-backup"
VERSION = 1
LEFT_OUT = {"sessions.session"}
# Made again by `migrate` in an empty database; the backup's own rows replace them.
MADE_BY_MIGRATE = {
    "contenttypes.contenttype",
    "auth.permission",
    "budgets.taakveldlist",  # the Iv3 lists that come with Koers (koers.budgets.apps)
    "budgets.taakveld",
}
CHUNK = 1024 * 1024


class BackupError(Exception):
    """A backup that cannot be restored here, with the reason in words."""


@dataclass(frozen=True)
class Summary:
    rows: int
    files: int


def _models() -> list[Any]:
    return [
        m
        for m in apps.get_models(include_auto_created=True)
        if m._meta.label_lower not in LEFT_OUT and not m._meta.proxy
    ]


def _counts() -> dict[str, int]:
    return {m._meta.label_lower: m._base_manager.count() for m in _models()}


def _migrations() -> list[list[str]]:
    return sorted([app, name] for app, name in MigrationRecorder(connection).applied_migrations())


def _media_files() -> Iterator[Path]:
    root = Path(settings.MEDIA_ROOT)
    if root.is_dir():
        yield from sorted(p for p in root.rglob("*") if p.is_file())


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as source:
        for block in iter(lambda: source.read(CHUNK), b""):
            digest.update(block)
    return digest.hexdigest()


def write_backup(target: Path, progress: Callable[[str], None] = lambda _: None) -> Summary:
    """Write the whole database and the uploaded files to `target` (.tar.gz)."""
    root = Path(settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory() as work:
        data = Path(work) / "data.koersjsonl"
        # One read transaction, so that rows and counts are of the same moment.
        with transaction.atomic():
            progress(_("Reading the database"))
            call_command(
                "dumpdata",
                format="koersjsonl",
                output=str(data),
                exclude=sorted(LEFT_OUT),
                use_base_manager=True,
                verbosity=0,
            )
            counts = _counts()
            migrations = _migrations()
        files = {str(p.relative_to(root)): _sha256(p) for p in _media_files()}
        manifest = {
            "format": FORMAT,
            "version": VERSION,
            "made_at": timezone.now().isoformat(),
            "database": connection.vendor,
            "migrations": migrations,
            "rows": counts,
            "files": files,
        }
        progress(_("Writing %(path)s") % {"path": target})
        with tarfile.open(target, "w:gz") as archive:
            encoded = json.dumps(manifest, indent=1, sort_keys=True).encode()
            info = tarfile.TarInfo("manifest.json")
            info.size = len(encoded)
            archive.addfile(info, io.BytesIO(encoded))
            archive.add(data, arcname="data.jsonl")
            for name in files:
                archive.add(root / name, arcname=f"media/{name}")
    return Summary(rows=sum(counts.values()), files=len(files))


def _manifest(archive: tarfile.TarFile) -> dict[str, Any]:
    try:
        member = archive.extractfile("manifest.json")
        manifest = json.load(member) if member is not None else None
    except (KeyError, ValueError):
        manifest = None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(_("This file is not a Koers backup (no manifest.json)."))
    if manifest.get("version") != VERSION:
        raise BackupError(
            _("This backup has format version %(found)s; this Koers reads version %(ours)s.")
            % {"found": manifest.get("version"), "ours": VERSION}
        )
    return manifest


def _check_target(manifest: dict[str, Any]) -> None:
    if _migrations() != manifest["migrations"]:
        raise BackupError(
            _(
                "The database's migrations differ from the backup's. Restore with the Koers "
                "version that made the backup, into a database made with `koers migrate`; "
                "upgrade afterwards."
            )
        )
    filled = [label for label, count in _counts().items() if count and label not in MADE_BY_MIGRATE]
    if filled:
        raise BackupError(
            _("The database is not empty (%(tables)s); restore into an empty database.")
            % {"tables": ", ".join(filled[:5])}
        )


def _open(source: Path) -> tarfile.TarFile:
    try:
        return tarfile.open(source, "r:gz")
    except (OSError, tarfile.TarError) as error:
        raise BackupError(
            _("%(path)s cannot be read as a backup: %(error)s") % {"path": source, "error": error}
        ) from None


def restore_backup(source: Path, progress: Callable[[str], None] = lambda _: None) -> Summary:
    """Bring back everything a backup holds, into an empty database; all or nothing."""
    root = Path(settings.MEDIA_ROOT)
    with _open(source) as archive, tempfile.TemporaryDirectory() as work:
        manifest = _manifest(archive)
        _check_target(manifest)
        for name in manifest["files"]:
            if Path(name).is_absolute() or ".." in Path(name).parts:
                raise BackupError(_("%(file)s lies outside the media folder.") % {"file": name})
            existing = root / name
            if existing.exists() and _sha256(existing) != manifest["files"][name]:
                raise BackupError(
                    _("%(file)s already exists with other content; move it away first.")
                    % {"file": existing}
                )
        member = archive.extractfile("data.jsonl")
        if member is None:
            raise BackupError(_("data.jsonl is missing from the backup."))
        data = Path(work) / "data.koersjsonl"  # the name tells loaddata the format
        with data.open("wb") as out:
            shutil.copyfileobj(member, out, CHUNK)
        with transaction.atomic():
            progress(_("Loading the database"))
            Permission.objects.all().delete()
            ContentType.objects.all().delete()
            Taakveld.objects.all().delete()
            TaakveldList.objects.all().delete()
            # The history rows come from the backup: loading adds none of its own.
            with override_settings(SIMPLE_HISTORY_ENABLED=False), versions.untouched():
                call_command("loaddata", str(data), verbosity=0)
            found = _counts()
            wrong = {
                label: (count, found.get(label))
                for label, count in manifest["rows"].items()
                if found.get(label) != count
            }
            if wrong:
                raise BackupError(
                    _("The restored row counts differ from the backup's: %(wrong)s")
                    % {"wrong": wrong}
                )
            progress(_("Writing the uploaded files"))
            for name, digest in manifest["files"].items():
                member = archive.extractfile(f"media/{name}")
                if member is None:
                    raise BackupError(_("%(file)s is missing from the backup.") % {"file": name})
                path = root / name
                path.parent.mkdir(parents=True, exist_ok=True)
                with path.open("wb") as out:
                    shutil.copyfileobj(member, out, CHUNK)
                if _sha256(path) != digest:
                    raise BackupError(
                        _("%(file)s does not match its hash in the manifest.") % {"file": name}
                    )
    ContentType.objects.clear_cache()
    return Summary(rows=sum(manifest["rows"].values()), files=len(manifest["files"]))
