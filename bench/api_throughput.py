"""Benchmark: throughput of the API's list endpoints, and their queries per request.

    .venv/bin/python bench/api_throughput.py [SCALE] [SECONDS]

Loads the Heerde plan SCALE times over (default 10) into its own SQLite database (or
DATABASE_URL), then calls every list endpoint in-process through Django's WSGI handler for
SECONDS seconds (default 2) per endpoint and page size. Prints requests per second and the
number of queries per request for page sizes 10, 100 and 500. No limits are checked.
"""

import sys
import time

from common import django_with_heerde

ENDPOINTS = [
    "frameworks",
    "tasks",
    "ambitions",
    "indicators",
    "targets",
    "measurements",
    "actions",
    "results",
    "budget-lines",
    "statuses",
]


def main() -> None:
    scale = int(sys.argv[1]) if len(sys.argv) > 1 else 10
    seconds = float(sys.argv[2]) if len(sys.argv) > 2 else 2.0
    django_with_heerde(scale)
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="localhost")
    print(f"Heerde x{scale}; requests/s and queries per request by page size")
    print(
        f"{'endpoint':14} {'items':>6} "
        + " ".join(f"{'size ' + str(s):>16}" for s in (10, 100, 500))
    )
    for name in ENDPOINTS:
        cells, count = [], 0
        for size in (10, 100, 500):
            url = f"/api/v1/{name}/?page_size={size}&peildatum=2024-06-01"
            reset_queries()  # the log keeps 9,000 queries at most
            with CaptureQueriesContext(connection) as queries:
                response = client.get(url)
            count = response.json()["count"]
            done, started = 0, time.perf_counter()
            while time.perf_counter() - started < seconds:
                client.get(url)
                done += 1
            rate = done / (time.perf_counter() - started)
            cells.append(f"{rate:7.1f}/s {len(queries):3d} q")
        print(f"{name:14} {count:6d} " + " ".join(f"{c:>16}" for c in cells))


if __name__ == "__main__":
    main()
