"""Koers as an operator runs it: production settings, gunicorn behind a TLS proxy, static
files from WhiteNoise, JSON logs with a request id, the health check. Real processes on
127.0.0.1, started as docs/operations.md says."""

import http.client
import json
import os
import re
import secrets
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from helpers import drop_database, postgres_database

KOERS = str(Path(sys.executable).with_name("koers"))
HOST = "koers.example.nl"
pytestmark = pytest.mark.slow


def _environment(var: Path, database: str | None = None) -> dict[str, str]:
    """Production settings; the database is `database`, or a SQLite file of its own."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "KOERS_"))}
    env.pop("DATABASE_URL", None)
    if database:
        env["DATABASE_URL"] = database
    env.update(
        KOERS_ENVIRONMENT="production",
        KOERS_VAR_DIR=str(var),
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS=f"{HOST},127.0.0.1",
        CSRF_TRUSTED_ORIGINS=f"https://{HOST}",
        TRUST_X_FORWARDED_PROTO="true",
        SQLITE_TIMEOUT="2",  # a writer waits this long for another, in these tests
    )
    return env


def _koers(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [KOERS, *args], env=env, capture_output=True, text=True, timeout=300, check=False
    )


def test_the_deploy_check_is_clean_in_production(tmp_path):
    found = _koers(_environment(tmp_path), "check", "--deploy", "--fail-level", "WARNING")
    assert found.returncode == 0, found.stdout + found.stderr
    assert "no issues" in found.stdout


def test_the_served_application_starts_with_its_modules_loaded_and_frozen(tmp_path):
    """What every process loads takes no part in full garbage collections (docs/performance.md):
    the application, its views and what they import are loaded, then frozen."""
    script = (
        "import gc, sys; import koers.wsgi; "
        "print(gc.get_freeze_count(), 'koers.web.views' in sys.modules, 'altair' in sys.modules)"
    )
    found = subprocess.run(
        [sys.executable, "-c", script],
        env={**_environment(tmp_path), "DJANGO_SETTINGS_MODULE": "koers.settings"},
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    ).stdout.split()
    assert int(found[0]) > 50_000
    assert found[1:] == ["True", "True"]


def test_a_server_error_leaves_its_traceback_in_the_json_log(tmp_path):
    code = (
        "import logging\n"
        "try:\n    1 / 0\n"
        "except ZeroDivisionError:\n"
        "    logging.getLogger('django.request').exception('Internal Server Error: /x/')\n"
    )
    found = _koers(_environment(tmp_path), "shell", "-c", code)
    line = next(json.loads(x) for x in found.stderr.splitlines() if "Internal Server" in x)
    assert line["level"] == "error" and line["logger"] == "django.request"
    assert "ZeroDivisionError" in line["exception"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Client:
    """HTTP as the TLS proxy passes it on: Host and X-Forwarded-Proto set, cookies kept
    (they are Secure, so an ordinary client would not send them over plain HTTP)."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, body: str = "", headers=None, proxied=True):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        sent = {"Host": HOST, **(headers or {})}
        if proxied:
            sent["X-Forwarded-Proto"] = "https"
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        connection.request(method, path, body=body, headers=sent)
        response = connection.getresponse()
        data = response.read()
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name] = rest.split(";", 1)[0]
        connection.close()
        return response, data


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """gunicorn and a worker on the database of the CI pass: a PostgreSQL database of their
    own on the PostgreSQL run, else a SQLite file."""
    var = tmp_path_factory.mktemp("production")
    database = postgres_database(f"koers_production_{os.getpid()}")
    env = _environment(var, database)
    for step in [
        ["migrate", "--noinput"],
        ["collectstatic", "--noinput"],
        ["load-demo"],
    ]:
        done = _koers(env, *step)
        assert done.returncode == 0, done.stderr
    env["DJANGO_SUPERUSER_PASSWORD"] = "een-lang-beheerwachtwoord-1"
    done = _koers(env, "createsuperuser", "--noinput", "--username", "beheer", "--email", "b@x.nl")
    assert done.returncode == 0, done.stderr
    port = _free_port()
    log = (var / "server.log").open("w")
    process = subprocess.Popen(
        [KOERS, "serve", "--bind", f"127.0.0.1:{port}", "--workers", "2"],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    worker_log = (var / "worker.log").open("w")
    worker = subprocess.Popen(
        [KOERS, "worker", "--interval", "0.5"], env=env, stdout=worker_log, stderr=subprocess.STDOUT
    )
    client = Client(port)
    for _ in range(100):
        try:
            response, _data = client.request("GET", "/gezondheid/", proxied=False)
            if response.status == 200:
                break
        except OSError:
            time.sleep(0.2)
    else:
        process.kill()
        pytest.fail((var / "server.log").read_text())
    yield client, var / "server.log"
    for running in (process, worker):
        running.terminate()
        running.wait(timeout=30)
    log.close()
    worker_log.close()
    if database:
        drop_database(database)


def test_the_health_check_answers_over_plain_http(server):
    client, _log = server
    response, data = client.request("GET", "/gezondheid/", proxied=False)
    assert response.status == 200
    assert json.loads(data) == {"status": "ok", "database": "ok"}


def test_plain_http_is_sent_to_https_and_https_pages_carry_hsts(server):
    client, _log = server
    response, _data = client.request("GET", "/heerde/", proxied=False)
    assert response.status == 301 and response.getheader("Location").startswith("https://")
    response, _data = client.request("GET", "/heerde/")
    assert response.status == 302  # to the current plan
    response, page = client.request("GET", response.getheader("Location"))
    assert response.status == 200
    assert "max-age=31536000" in response.getheader("Strict-Transport-Security")
    # The styles have a hashed name and come compressed, from WhiteNoise.
    css = re.search(rb'href="(/static/[^"]+\.[0-9a-f]{12}\.css)"', page)
    assert css, "no hashed stylesheet"
    response, _data = client.request(
        "GET", css.group(1).decode(), headers={"Accept-Encoding": "gzip"}
    )
    assert response.status == 200 and response.getheader("Content-Encoding") == "gzip"
    assert "immutable" in response.getheader("Cache-Control")


def test_a_login_behind_the_proxy_passes_the_csrf_check(server):
    client, _log = server
    response, page = client.request("GET", "/inloggen/")
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1).decode()
    form = f"csrfmiddlewaretoken={token}&username=beheer&password=een-lang-beheerwachtwoord-1"
    response, _data = client.request(
        "POST",
        "/inloggen/",
        body=form,
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Origin": f"https://{HOST}",
            "Referer": f"https://{HOST}/inloggen/",
        },
    )
    assert response.status == 302, _data[:500]
    assert "sessionid" in client.cookies


def test_every_request_is_logged_as_json_with_a_request_id(server):
    client, log = server
    client.request("GET", "/gezondheid/", proxied=False)
    time.sleep(0.5)
    lines = [json.loads(x) for x in log.read_text().splitlines() if x.startswith("{")]
    finished = [x for x in lines if x.get("event") == "request_finished"]
    assert finished and all(re.fullmatch(r"[0-9a-f-]{36}", x["request_id"]) for x in finished)
    assert any(x.get("code") == 200 for x in finished)


@pytest.mark.skipif(
    bool(os.environ.get("DATABASE_URL", "").startswith("postgres")),
    reason="SQLite's one write lock; on PostgreSQL readers never wait for a writer",
)
def test_pages_read_while_another_process_writes_and_a_blocked_write_is_told_so(server):
    """As during a large import: one process holds SQLite's write lock. Pages still read
    (WAL); a write waits, then gets 503 in words with a Retry-After, not a server error."""
    import sqlite3

    client, log = server
    client.cookies.clear()
    _response, page = client.request("GET", "/inloggen/")
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1).decode()
    writer = sqlite3.connect(log.parent / "koers.sqlite3", isolation_level=None, timeout=5)
    writer.execute("BEGIN EXCLUSIVE")
    try:
        writer.execute("UPDATE plans_theme SET title = title")
        response, _page = client.request("GET", "/heerde/kaderdocument-sociaal-domein-2022-2027/")
        assert response.status == 200
        response, page = client.request(
            "POST",
            "/inloggen/",
            body=f"csrfmiddlewaretoken={token}&username=beheer&password=een-lang-beheerwachtwoord-1",
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Origin": f"https://{HOST}",
            },
        )
    finally:
        writer.execute("ROLLBACK")
        writer.close()
    assert response.status == 503 and response.getheader("Retry-After") == "30"
    assert "probeer het over een minuut opnieuw" in page.decode()


def test_a_live_pdf_is_made_by_the_worker_and_downloaded(server):
    """The production stack end to end: gunicorn takes the request, the worker renders."""
    client, log = server
    plan = "/heerde/kaderdocument-sociaal-domein-2022-2027"
    response, _data = client.request("GET", f"{plan}/rapportages/actueel/kader/1/pdf/")
    assert response.status == 302
    job = response.getheader("Location")
    assert job.startswith("/taken/")
    for _ in range(240):
        response, page = client.request("GET", job)
        if b"Klaar." in page or b"niet gelukt" in page:
            break
        assert b'http-equiv="refresh"' in page
        time.sleep(0.5)
    assert b"Klaar." in page, (log.parent / "worker.log").read_text()[-3000:]
    response, pdf = client.request("GET", job + "bestand/")
    assert response.status == 200 and pdf[:5] == b"%PDF-"
