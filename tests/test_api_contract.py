"""The full schemathesis run, every check (`st run --checks all`) and every phase, against
Koers served on this machine with the Heerde plan and an editor's token: the OpenAPI
document and the API's behaviour agree."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import load_heerde
from rest_framework.authtoken.models import Token

from helpers import user

CONFIG = Path(__file__).parent / "schemathesis" / "schemathesis.toml"
ST = Path(sys.executable).parent / "st"


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_the_full_schemathesis_run_passes(live_server, tmp_path):
    load_heerde()
    token = Token.objects.create(user=user("st-redacteur", "editor"))
    command = [
        str(ST),
        "--config-file",
        str(CONFIG),
        "run",
        f"{live_server.url}/api/v1/schema/?format=json",
        "--checks",
        "all",
        "--header",
        f"Authorization: Token {token.key}",
        "--max-examples",
        # Fewer for a quick local run; CI tries 15 on both databases (with another number
        # the fixed seed draws other examples, which would be a different test).
        os.environ.get("KOERS_SCHEMATHESIS_EXAMPLES", "15"),
        "--seed",
        "20261130",
        "--generation-database",
        "none",
        "--workers",
        "1",
        "--no-color",
    ]
    run = subprocess.run(
        command, capture_output=True, text=True, timeout=1500, cwd=tmp_path, check=False
    )
    assert run.returncode == 0, run.stdout[-15000:] + run.stderr[-3000:]
