"""Load benchmark: Koers as it runs in production (gunicorn + a worker + PostgreSQL), on
127.0.0.1, with the Heerde plan; N concurrent clients for S seconds.

Two runs of the same length: (a) the overview, a task page and the statuses API in turn;
(b) the same, while some of the clients ask for live PDF reports, each for another
reporting date so that every one is a new render for the worker. Prints requests/s, p50 and
p95 latency per kind, errors, and the memory of the server processes (RSS, before and at
the end) as a Markdown table for docs/performance.md.

    python bench/load.py [--clients 50] [--seconds 60] [--pdf-clients 5]

Needs PostgreSQL on 127.0.0.1:5432 (DATABASE_URL's server; the database koers_load is made
anew). Bounded: nothing leaves 127.0.0.1 and every run ends after its seconds.
"""

import argparse
import http.client
import json
import os
import secrets
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections import defaultdict
from datetime import date, timedelta
from pathlib import Path
from tempfile import mkdtemp

KOERS = str(Path(sys.executable).with_name("koers"))
BASE = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")
PLAN = "/heerde/kaderdocument-sociaal-domein-2022-2027"
PAGES = {
    "overview": f"{PLAN}/",
    "task": f"{PLAN}/opgave/6.3/",
    "statuses API": "/api/v1/statuses/?framework={framework}",
}
FRAMEWORK = {"pk": 0}  # the Heerde framework's id, read after loading


def _psql(sql: str) -> None:
    import psycopg

    with psycopg.connect(BASE.rsplit("/", 1)[0] + "/postgres", autocommit=True) as connection:
        connection.execute(sql)


def _environment(var: Path, database: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "KOERS_"))}
    env.update(
        KOERS_ENVIRONMENT="production",
        KOERS_VAR_DIR=str(var),
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1",
        TRUST_X_FORWARDED_PROTO="true",
        DATABASE_URL=database,
        LOG_LEVEL="WARNING",
    )
    return env


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _rss_mb(pid: int) -> float:
    """Resident memory of a process and all its descendants."""
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        try:
            status = Path(f"/proc/{current}/status").read_text()
            total += int(next(x for x in status.splitlines() if x.startswith("VmRSS")).split()[1])
            for task in Path(f"/proc/{current}/task").iterdir():
                todo += [int(c) for c in (task / "children").read_text().split()]
        except (FileNotFoundError, StopIteration, ProcessLookupError):
            continue
    return total / 1024


class Results:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.times: dict[str, list[float]] = defaultdict(list)
        self.errors: dict[str, int] = defaultdict(int)

    def add(self, kind: str, seconds: float, ok: bool) -> None:
        with self.lock:
            self.times[kind].append(seconds)
            if not ok:
                self.errors[kind] += 1


def _get(connection: http.client.HTTPConnection, path: str) -> tuple[int, bytes, dict]:
    connection.request("GET", path, headers={"Host": "127.0.0.1", "X-Forwarded-Proto": "https"})
    response = connection.getresponse()
    return response.status, response.read(), dict(response.getheaders())


def page_client(port: int, until: float, results: Results, offset: int) -> None:
    kinds = list(PAGES)
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    n = offset
    while time.monotonic() < until:
        kind = kinds[n % len(kinds)]
        n += 1
        start = time.monotonic()
        try:
            status, _body, _headers = _get(
                connection, PAGES[kind].format(framework=FRAMEWORK["pk"])
            )
            ok = status == 200
        except (OSError, http.client.HTTPException):
            connection.close()
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
            ok = False
        results.add(kind, time.monotonic() - start, ok)


def pdf_client(port: int, until: float, results: Results, first_day: date) -> None:
    """Ask for a live PDF of a reporting date nobody asked for, then for the job's file
    every half second until the worker has made it."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    day = first_day
    while time.monotonic() < until:
        start = time.monotonic()
        ok = False
        try:
            path = (
                f"{PLAN}/rapportages/actueel/kader/{FRAMEWORK['pk']}/pdf/"
                f"?peildatum={day.isoformat()}"
            )
            status, _body, headers = _get(connection, path)
            results.add("PDF request", time.monotonic() - start, status == 302)
            file = headers.get("Location", "").rstrip("/") + "/bestand/"
            while status == 302 and time.monotonic() < until + 180:
                status, body, _headers = _get(connection, file)
                if status == 200:
                    ok = body[:4] == b"%PDF"
                    break
                time.sleep(0.5)
                status = 302
        except (OSError, http.client.HTTPException):
            connection.close()
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        results.add("PDF ready (request to file)", time.monotonic() - start, ok)
        day -= timedelta(days=1)


def run(port: int, clients: int, pdf_clients: int, seconds: float, first_day: date) -> Results:
    results = Results()
    until = time.monotonic() + seconds
    threads = [
        threading.Thread(target=page_client, args=(port, until, results, n))
        for n in range(clients - pdf_clients)
    ] + [
        threading.Thread(
            target=pdf_client, args=(port, until, results, first_day - timedelta(days=100 * n))
        )
        for n in range(pdf_clients)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def table(title: str, results: Results, seconds: float) -> list[str]:
    lines = [
        f"**{title}**",
        "",
        "| kind | requests | per second | p50 | p95 | errors |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for kind, times in results.times.items():
        times = sorted(times)
        p95 = times[min(len(times) - 1, int(len(times) * 0.95))]
        lines.append(
            f"| {kind} | {len(times)} | {len(times) / seconds:.1f} | "
            f"{statistics.median(times) * 1000:.0f} ms | {p95 * 1000:.0f} ms | "
            f"{results.errors.get(kind, 0)} |"
        )
    return [*lines, ""]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--pdf-clients", type=int, default=5)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--web-workers", type=int, default=4)
    options = parser.parse_args()

    var = Path(mkdtemp(prefix="koers-load-"))
    name = "koers_load"
    _psql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    _psql(f'CREATE DATABASE "{name}"')
    env = _environment(var, BASE.rsplit("/", 1)[0] + f"/{name}")
    for step in (["migrate", "--noinput"], ["collectstatic", "--noinput"], ["load-demo"]):
        subprocess.run([KOERS, *step], env=env, check=True, capture_output=True)
    read = "from koers.plans.models import Framework; print(Framework.objects.get().pk)"
    found = subprocess.run(
        [KOERS, "shell", "--no-imports", "-c", read],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    FRAMEWORK["pk"] = int(found.stdout.strip().splitlines()[-1])
    port = _free_port()
    server = subprocess.Popen(
        [KOERS, "serve", "--bind", f"127.0.0.1:{port}", "--workers", str(options.web_workers)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=(var / "server.log").open("w"),
    )
    worker = subprocess.Popen(
        [KOERS, "worker", "--interval", "0.5"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=(var / "worker.log").open("w"),
    )
    try:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        for _ in range(100):
            try:
                if _get(connection, "/gezondheid/")[0] == 200:
                    break
            except OSError:
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
                time.sleep(0.2)
        for path in PAGES.values():  # the first request of each worker fills its cache
            assert _get(connection, path.format(framework=FRAMEWORK["pk"]))[0] == 200, path
        before = _rss_mb(server.pid) + _rss_mb(worker.pid)
        pages = run(port, options.clients, 0, options.seconds, date(2026, 11, 30))
        after_pages = _rss_mb(server.pid) + _rss_mb(worker.pid)
        mixed = run(port, options.clients, options.pdf_clients, options.seconds, date(2026, 11, 29))
        after = _rss_mb(server.pid) + _rss_mb(worker.pid)
    finally:
        for process in (server, worker):
            process.terminate()
            process.wait(30)
        _psql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    out = [
        f"{options.clients} clients, {options.seconds:.0f} s per run, gunicorn with "
        f"{options.web_workers} workers + 1 job worker, PostgreSQL, on {os.cpu_count()} cores "
        "shared with the clients.",
        "",
        *table("(a) pages and API only", pages, options.seconds),
        *table(
            f"(b) the same with {options.pdf_clients} of the clients asking for live PDFs",
            mixed,
            options.seconds,
        ),
        f"Server memory (web + worker, RSS): {before:.0f} MB before, {after_pages:.0f} MB "
        f"after (a), {after:.0f} MB after (b).",
    ]
    overview = [sorted(r.times["overview"]) for r in (pages, mixed)]
    p95 = [t[min(len(t) - 1, int(len(t) * 0.95))] for t in overview]
    out.append(f"Overview p95 with PDFs vs without: {p95[1] / p95[0]:.2f}x.")
    print("\n".join(out))
    print(json.dumps({"overview_p95": p95}), file=sys.stderr)


if __name__ == "__main__":
    main()
