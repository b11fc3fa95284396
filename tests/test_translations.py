"""Dutch first: every text a user reads has its Dutch translation, compiled."""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import koers

SOURCE = Path(koers.__file__).parent
CATALOGUE = SOURCE / "locale" / "nl" / "LC_MESSAGES" / "django.po"


def _entries(po: Path) -> dict[str, str]:
    text = po.read_text(encoding="utf-8")
    pairs = re.findall(r'^msgid "(.*)"\nmsgstr "(.*)"$', text, flags=re.M)
    return {msgid: msgstr for msgid, msgstr in pairs if msgid}


def test_every_message_is_translated():
    untranslated = [msgid for msgid, msgstr in _entries(CATALOGUE).items() if not msgstr]
    assert untranslated == []


def test_catalogue_covers_the_source(tmp_path):
    copy = tmp_path / "koers"
    shutil.copytree(SOURCE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    subprocess.run(
        [sys.executable, "-m", "django", "makemessages", "--locale", "nl", "--no-wrap"],
        cwd=copy,
        check=True,
        capture_output=True,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "koers.settings"},
    )
    fresh = _entries(copy / "locale" / "nl" / "LC_MESSAGES" / "django.po")
    assert sorted(set(fresh) - set(_entries(CATALOGUE))) == []


def test_compiled_catalogue_is_current(tmp_path):
    compiled = tmp_path / "django.mo"
    subprocess.run(["msgfmt", "--check-format", "-o", str(compiled), str(CATALOGUE)], check=True)
    assert compiled.read_bytes() == CATALOGUE.with_suffix(".mo").read_bytes()
