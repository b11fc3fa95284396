"""The container files: the image has what Koers needs and runs without rights; compose
starts PostgreSQL, the web server and a worker. The image is built and started only where
a container engine runs (none runs on the CI machines: there the build is not tried)."""

import re
import shutil
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]


def _dockerfile() -> str:
    return (ROOT / "Dockerfile").read_text()


def _makefile_packages(target: str) -> set[str]:
    text = (ROOT / "Makefile").read_text()
    block = text.split(f"\n{target}:", 1)[1].split("\n\n", 1)[0]
    return set(re.search(r"apt-get install -y -q ([^;}]+)", block).group(1).split())


def test_the_image_installs_what_make_runtime_installs():
    installed = re.search(r"--no-install-recommends ([^\\\n]+)", _dockerfile()).group(1).split()
    assert set(installed) == _makefile_packages("runtime")


def test_the_image_runs_as_a_user_without_rights_on_debian():
    text = _dockerfile()
    assert re.search(r"^FROM python:3\.\d+-slim-(bookworm|trixie)$", text, re.M)
    users = re.findall(r"^USER (\S+)$", text, re.M)
    assert users and users[-1] not in {"root", "0"}
    assert re.search(r'^CMD \["koers", "serve"\]$', text, re.M)


def test_compose_starts_the_database_web_server_and_worker():
    compose = yaml.safe_load((ROOT / "compose.yaml").read_text())
    services = compose["services"]
    assert {"db", "migrate", "web", "worker"} <= set(services)
    assert services["web"]["command"][:2] == ["koers", "serve"]
    assert services["worker"]["command"] == ["koers", "worker"]
    for name in ("web", "worker"):
        assert services[name]["depends_on"]["migrate"]["condition"] == (
            "service_completed_successfully"
        )
        assert services[name]["environment"]["DATABASE_URL"].startswith("postgres://")
        assert "media:/var/lib/koers" in services[name]["volumes"]


def _engine() -> bool:
    docker = shutil.which("docker")
    return bool(docker) and subprocess.run([docker, "info"], capture_output=True).returncode == 0


@pytest.mark.slow
@pytest.mark.skipif(not _engine(), reason="no container engine runs on this machine")
def test_the_image_builds_and_answers_its_health_check(tmp_path):
    subprocess.run(["docker", "build", "-t", "koers:test", str(ROOT)], check=True)
    name = f"koers-test-{int(time.time())}"
    subprocess.run(
        [
            "docker",
            "run",
            "-d",
            "--name",
            name,
            "-p",
            "127.0.0.1:18000:8000",
            "-e",
            "SECRET_KEY=test",
            "-e",
            "ALLOWED_HOSTS=127.0.0.1",
            "koers:test",
            "sh",
            "-c",
            "koers migrate --noinput && koers serve",
        ],
        check=True,
    )
    try:
        for _ in range(60):
            try:
                with urllib.request.urlopen("http://127.0.0.1:18000/gezondheid/") as answer:
                    assert answer.status == 200
                    break
            except OSError:
                time.sleep(1)
        else:
            pytest.fail("no answer from the container")
        user = subprocess.run(["docker", "exec", name, "id", "-u"], capture_output=True, text=True)
        assert user.stdout.strip() != "0"
    finally:
        subprocess.run(["docker", "rm", "-f", name], capture_output=True)
