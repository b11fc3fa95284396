"""The project's own plumbing: the koers command and settings from the environment."""

import os
import subprocess
import sys

import pytest

from koers.cli import main


def test_koers_command_accepts_hyphens(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["koers", "load-demo", "--help"])
    assert exit_.value.code == 0
    assert "--demo-admin" in capsys.readouterr().out


def _settings(tmp_path, **env) -> subprocess.CompletedProcess:
    environment = {
        k: v
        for k, v in os.environ.items()
        if k not in {"SECRET_KEY", "DATABASE_URL", "DEBUG", "KOERS_ENVIRONMENT"}
    }
    environment.update(KOERS_VAR_DIR=str(tmp_path), **env)
    code = (
        "from django.conf import settings as s; "
        "print(s.DEBUG, s.LANGUAGE_CODE, s.TIME_ZONE, s.DATABASES['default']['ENGINE'], "
        "s.DATABASES['default']['NAME'], s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE)"
    )
    return subprocess.run(
        [sys.executable, "-c", code],
        env={**environment, "DJANGO_SETTINGS_MODULE": "koers.settings"},
        capture_output=True,
        text=True,
        check=False,
    )


def test_development_defaults(tmp_path):
    run = _settings(tmp_path)
    assert run.returncode == 0, run.stderr
    debug, language, zone, engine, name, *secure = run.stdout.split()
    assert (debug, language, zone) == ("True", "nl", "Europe/Amsterdam")
    assert secure == ["False", "False"]
    assert engine == "django.db.backends.sqlite3"
    assert name == str(tmp_path / "koers.sqlite3")
    key = (tmp_path / "secret_key").read_text()
    assert len(key) > 40
    _settings(tmp_path)
    assert (tmp_path / "secret_key").read_text() == key


def test_database_url_and_production(tmp_path):
    run = _settings(
        tmp_path,
        DATABASE_URL="postgres://u@127.0.0.1:5432/koers",
        KOERS_ENVIRONMENT="production",
        SECRET_KEY="x" * 50,
        ALLOWED_HOSTS="koers.example",
    )
    assert run.returncode == 0, run.stderr
    values = run.stdout.split()
    assert values[::3] == ["False", "django.db.backends.postgresql", "True"]
    assert values[-2:] == ["True", "True"]  # cookies only over https outside DEBUG
    refused = _settings(tmp_path, KOERS_ENVIRONMENT="production", ALLOWED_HOSTS="x")
    assert "SECRET_KEY must be set" in refused.stderr
    assert not (tmp_path / "secret_key").exists()
