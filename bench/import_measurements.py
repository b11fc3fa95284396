"""Benchmark: import a generated measurement file of N rows into a fresh database.

    .venv/bin/python bench/import_measurements.py [ROWS]

Prints rows per second and the peak resident memory of the process. Uses its own SQLite
database in a temporary directory (or DATABASE_URL when set).
"""

import resource
import sys
import time

from common import django_with_heerde


def main() -> None:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    work = django_with_heerde()
    from koers.imports.measurements import import_file
    from koers.monitor.models import Area, Indicator
    from koers.plans.models import Task

    task = Task.objects.order_by("order").first()
    area = Area.objects.get(code="GM0246")
    per_indicator = 12 * 10  # months of ten years
    count = rows // per_indicator + 1
    Indicator.objects.bulk_create(
        Indicator(task=task, code=f"bench-{i}", name=f"bench {i}", unit="count", order=10_000 + i)
        for i in range(count)
    )
    path = work / "metingen.csv"
    with path.open("w", encoding="utf-8") as stream:
        stream.write("indicator;gebied;periode;waarde\n")
        written = 0
        for i in range(count):
            for year in range(2013, 2023):
                for month in range(1, 13):
                    if written < rows:
                        stream.write(f"bench-{i};{area.code};{year}-{month:02d};{written % 997}\n")
                        written += 1
    start = time.perf_counter()
    report = import_file(path)
    seconds = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"{report.rows} rows, {report.created} created in {seconds:.1f} s "
        f"({report.rows / seconds:,.0f} rows/s); peak RSS {peak_mb:.0f} MB"
    )


if __name__ == "__main__":
    main()
