"""Benchmark: generate the progress report of the whole Heerde framework in every format.

    .venv/bin/python bench/report_pdf.py [SCALE] [RUNS]

Loads the Heerde plan (SCALE times over with `load-demo --scale`, default 1) into its own
SQLite database in a temporary directory (or DATABASE_URL when set), then builds the
content once (with the number of queries) and times each format RUNS times (default 3):
the first PDF includes the start-up of the chart renderer, so the median is printed too.
Prints measured seconds, file sizes and the number of PDF pages; no limits are checked.
"""

import resource
import statistics
import sys
import time
from datetime import date
from io import BytesIO

from common import django_with_heerde


def main() -> None:
    scale = int(sys.argv[1]) if len(sys.argv) > 1 else 1
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    django_with_heerde(scale)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import translation
    from pypdf import PdfReader

    from koers.plans.models import Framework, Task
    from koers.reports.formats import FORMATS, render
    from koers.reports.publishing import live_content

    framework = Framework.objects.get()
    on = date(2024, 6, 1)
    translation.activate("nl")
    print(f"Heerde framework x{scale}: {Task.objects.count()} tasks, reporting date {on}")

    started = time.perf_counter()
    with CaptureQueriesContext(connection) as queries:
        content = live_content(framework.pk, None, on)
    print(f"content: {time.perf_counter() - started:.2f} s, {len(queries)} queries")

    for code in FORMATS:
        times, data = [], b""
        for _run in range(runs):
            started = time.perf_counter()
            data = render(content, code)
            times.append(time.perf_counter() - started)
        extra = ""
        if code == "pdf":
            extra = f", {len(PdfReader(BytesIO(data)).pages)} pages"
        print(
            f"{code:5} first {times[0]:6.2f} s, median {statistics.median(times):6.2f} s, "
            f"{len(data) / 1024:8.0f} KiB{extra}"
        )
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak resident memory: {peak:.0f} MiB")


if __name__ == "__main__":
    main()
