"""Benchmark: import a generated measurement file of N rows into a fresh database, against
a raw bulk insert of the same rows.

    .venv/bin/python bench/import_measurements.py [ROWS] [--repeat N]

Prints the import (reading the file, every check, the rows and their history) with the
resident memory before it and at its peak (sampled every 50 ms), then baselines for the
same rows: a raw insert (one executemany of tuples, no checks, no history, committed as the
import is) and, rolled back, the import's own writer of rows and history
(`koers.monitor.bulk.create`) without reading or checking anything, and Django's
bulk_create (no history). Uses its own SQLite database
in a temporary directory (or DATABASE_URL when set). With `--repeat N` it then imports the
file N more times into the emptied table, each followed by the raw insert, and prints the
median of the pairs: on a machine whose runs differ by a third, a ratio is only worth what
its pairs agree on.
"""

import argparse
import gc
import statistics
import threading
import time
from decimal import Decimal

from common import django_with_heerde


def rss_mb() -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("rows", nargs="?", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=0)
    arguments = parser.parse_args()
    rows = arguments.rows
    work = django_with_heerde()
    from django.db import connection, transaction

    from koers.imports.measurements import import_file
    from koers.monitor import bulk
    from koers.monitor.models import Area, Indicator, Measurement
    from koers.plans.models import Task

    task = Task.objects.order_by("order").first()
    area = Area.objects.get(code="GM0246")
    per_indicator = 12 * 10  # months of ten years
    count = rows // per_indicator + 1
    Indicator.objects.bulk_create(
        Indicator(task=task, code=f"bench-{i}", name=f"bench {i}", unit="count", order=10_000 + i)
        for i in range(count)
    )
    ids = dict(Indicator.objects.filter(code__startswith="bench-").values_list("code", "pk"))
    path = work / "metingen.csv"

    def keys():
        written = 0
        for i in range(count):
            for year in range(2013, 2023):
                for month in range(1, 13):
                    if written < rows:
                        yield f"bench-{i}", f"{year}-{month:02d}", written % 997
                        written += 1

    with path.open("w", encoding="utf-8") as stream:
        stream.write("indicator;gebied;periode;waarde\n")
        for code, period, value in keys():
            stream.write(f"{code};{area.code};{period};{value}\n")

    gc.freeze()  # as `koers import-measurements` does before it reads
    before = rss_mb()
    samples = [before]
    done = threading.Event()

    def sample() -> None:  # the resident memory while the import runs
        while not done.wait(0.05):
            samples.append(rss_mb())

    sampler = threading.Thread(target=sample)
    sampler.start()
    start = time.perf_counter()
    report = import_file(path)
    seconds = time.perf_counter() - start
    done.set()
    sampler.join()
    peak = max(samples)

    # The baselines after the import (their lists would set the peak), on an emptied table.
    table = Measurement._meta.db_table

    def empty() -> None:
        with connection.cursor() as cursor:
            cursor.execute(
                f"DELETE FROM {table} WHERE indicator_id IN ({', '.join(map(str, ids.values()))})"
            )

    def raw_insert() -> float:
        """The rows by one executemany, committed as the import commits its rows (then
        deleted again, untimed)."""
        columns = "indicator_id, area_id, period, value, status, note, confirmed, version"
        start = time.perf_counter()
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO {table} ({columns}) VALUES (%s, %s, %s, %s, %s, %s, %s, %s)",
                [(ids[c], area.pk, p, v, "final", "", True, 1) for c, p, v in keys()],
            )
        seconds = time.perf_counter() - start
        empty()
        return seconds

    empty()
    raw = raw_insert()
    with transaction.atomic():  # what the import's own writer takes: the rows and history
        rows_only = [
            bulk.NewRow(ids[c], area.pk, p, Decimal(v), None, None, "final", None, "", True)
            for c, p, v in keys()
        ]
        start = time.perf_counter()
        bulk.create(rows_only, None, None)
        stored = time.perf_counter() - start
        del rows_only
        transaction.set_rollback(True)
    with transaction.atomic():
        start = time.perf_counter()
        Measurement.objects.bulk_create(
            Measurement(indicator_id=ids[c], area=area, period=p, value=v) for c, p, v in keys()
        )
        orm = time.perf_counter() - start
        transaction.set_rollback(True)
    print(
        f"{connection.vendor}, {report.rows} rows: raw insert {raw:.1f} s "
        f"({rows / raw:,.0f} rows/s); rows with history, unchecked {stored:.1f} s; "
        f"Django bulk_create {orm:.1f} s; import {seconds:.1f} s "
        f"({report.rows / seconds:,.0f} rows/s, {raw / seconds:.0%} of raw), "
        f"{report.created} created; "
        f"memory {before:.0f} MB before, peak {peak:.0f} MB"
    )

    if arguments.repeat:
        pairs = []
        for _ in range(arguments.repeat):
            empty()
            start = time.perf_counter()
            import_file(path)
            again = time.perf_counter() - start
            empty()
            pairs.append((again, raw_insert()))
        imports = [i for i, _r in pairs]
        raws = [r for _i, r in pairs]
        print(
            f"{arguments.repeat} more pairs: import median {statistics.median(imports):.2f} s "
            f"({min(imports):.2f}-{max(imports):.2f}), raw insert median "
            f"{statistics.median(raws):.2f} s ({min(raws):.2f}-{max(raws):.2f}); "
            f"import vs raw per pair: median {statistics.median(r / i for i, r in pairs):.0%} "
            f"({min(r / i for i, r in pairs):.0%}-{max(r / i for i, r in pairs):.0%})"
        )


if __name__ == "__main__":
    main()
