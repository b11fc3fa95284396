"""`koers backup` and `koers restore` bring back everything: users, roles, tokens, reports
with their frozen files, explanations, evidence files, notes and the whole history. Made
in one database, restored into an empty one, compared table by table and file by file."""

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import drop_database, postgres_database

KOERS = str(Path(sys.executable).with_name("koers"))
pytestmark = pytest.mark.slow

# Everything a municipality would be sorry to lose, entered through the services.
FILL = """
from datetime import date
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.authtoken.models import Token
from koers.accounts.models import Role
from koers.plans.models import Action, Municipality, Result, Task
from koers.plans.services import Note, record_result, update_action
from koers.reports.publishing import publish
from koers.reports.services import create_report, write_explanation, write_key_message

editor = get_user_model().objects.create_user(
    "anna", password="een-lang-wachtwoord-1", first_name="Anna", last_name="de Vries"
)
Role.objects.create(user=editor, kind="editor", municipality=Municipality.objects.get())
Token.objects.create(user=editor)
action = Action.objects.order_by("pk").first()
note = Note("Gestart met de taalcafés.", date(2024, 3, 1), public=True)
update_action(editor, action, {"progress": 40}, note=note)
result = Result.objects.order_by("pk").first()
pdf = SimpleUploadedFile("verslag.pdf", b"%PDF-1.4 verslag van de bijeenkomst", "application/pdf")
record_result(editor, result, achieved=True, achieved_on=date(2024, 5, 1), evidence_file=pdf)
report = create_report(editor, Task.objects.get(code="6.1").framework, None, date(2024, 6, 1))
write_explanation(editor, report, Task.objects.get(code="6.1"), "De wachtlijst is weg.")
write_key_message(editor, report, "Thema 6 loopt achter.")
publish(report, editor)
# A colleague who logs in with the municipality's provider, an administrator's authenticator.
from koers.accounts.services import add_authenticator, sign_in_by_sso
sign_in_by_sso(subject="f3a9", username="piet", last_name="Bakker", groups=["raad"])
add_authenticator(get_user_model().objects.create_superuser("beheer", password="x-lang-1"))
"""

# Every table, every row, every column: what "nothing lost" means, as one JSON document.
DUMP = """
import json, sys
from django.db import connection
tables = {}
with connection.cursor() as cursor:
    for table in sorted(connection.introspection.table_names()):
        if table in {"django_session", "django_migrations"}:
            continue
        cursor.execute(f'SELECT * FROM "{table}"')
        rows = [[bytes(v).hex() if isinstance(v, (bytes, memoryview)) else v for v in row]
                for row in cursor.fetchall()]
        tables[table] = sorted(rows, key=repr)
sys.stdout.write(json.dumps(tables, default=str, sort_keys=True))
"""


# On the CI run with PostgreSQL the two databases are PostgreSQL databases of their own;
# otherwise SQLite files in each folder.
URLS: dict[Path, str] = {}


@pytest.fixture(autouse=True)
def databases():
    yield
    for url in URLS.values():
        drop_database(url)
    URLS.clear()


def _env(var: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "KOERS_"))}
    env.pop("DATABASE_URL", None)
    if var not in URLS:
        url = postgres_database(f"koers_backup_{os.getpid()}_{len(URLS)}")
        if url:
            URLS[var] = url
    if var in URLS:
        env["DATABASE_URL"] = URLS[var]
    env["KOERS_VAR_DIR"] = str(var)
    return env


def _koers(var: Path, *args: str) -> subprocess.CompletedProcess:
    done = subprocess.run(
        [KOERS, *args], env=_env(var), capture_output=True, text=True, timeout=600, check=False
    )
    return done


def _ok(var: Path, *args: str) -> str:
    done = _koers(var, *args)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def _files(var: Path) -> dict[str, str]:
    media = var / "media"
    return {
        str(p.relative_to(media)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in media.rglob("*")
        if p.is_file()
    }


def test_a_backup_restored_into_an_empty_database_holds_everything(tmp_path):
    made, restored = tmp_path / "made", tmp_path / "restored"
    _ok(made, "migrate", "--noinput")
    _ok(made, "load-demo")
    _ok(made, "shell", "-c", FILL)
    backup = tmp_path / "koers.tar.gz"
    _ok(made, "backup", "-o", str(backup))

    _ok(restored, "migrate", "--noinput")
    _ok(restored, "restore", str(backup))

    before = json.loads(_ok(made, "shell", "--no-imports", "-c", DUMP))
    after = json.loads(_ok(restored, "shell", "--no-imports", "-c", DUMP))
    # The things the issue names are there to compare, not empty tables.
    for table in [
        "auth_user",
        "accounts_role",
        "authtoken_token",
        "reports_report",
        "reports_reportfile",
        "reports_explanation",
        "plans_actionnote",
        "plans_historicalresult",
    ]:
        assert before[table], table
    assert set(after) == set(before)
    for table in before:
        assert after[table] == before[table], table
    files = _files(made)
    assert files and _files(restored) == files
    # The published report's frozen files keep their hashes.
    stored = before["reports_reportfile"]
    hashes = [v for row in stored for v in row if isinstance(v, str) and len(v) == 64]
    assert len(hashes) == len(stored) == 6  # one per format


def test_restore_refuses_a_database_that_is_not_empty_and_changes_nothing(tmp_path):
    made = tmp_path / "made"
    _ok(made, "migrate", "--noinput")
    _ok(made, "load-demo")
    backup = tmp_path / "koers.tar.gz"
    _ok(made, "backup", "-o", str(backup))
    before = _ok(made, "shell", "--no-imports", "-c", DUMP)
    refused = _koers(made, "restore", str(backup))
    assert refused.returncode != 0 and "niet leeg" in refused.stderr
    assert _ok(made, "shell", "--no-imports", "-c", DUMP) == before
    not_a_backup = tmp_path / "x.tar.gz"
    not_a_backup.write_bytes(b"no archive")
    refused = _koers(tmp_path / "other", "restore", str(not_a_backup))
    assert refused.returncode != 0 and "x.tar.gz" in refused.stderr
