"""Benchmark: disclosure control on tables of districts by categories, with all totals.

    .venv/bin/python bench/disclosure.py

Random counts from 0 to 60 (seeded), so about a sixth of the cells are below 10; prints
per table size the cells, how many are withheld and the time `suppress` takes (best of 3).
No database: the rules are plain functions.
"""

import os
import random
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "koers.settings")
django.setup()

from koers.monitor.disclosure import Cell, Rules, Sum, suppress  # noqa: E402


def table(districts: int, categories: int) -> tuple[dict, list[Sum]]:
    rows = [[random.randint(0, 60) for _ in range(categories)] for _ in range(districts)]
    cells = {}
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            cells[(r, c)] = Cell(Decimal(value), "count")
        cells[(r, "all")] = Cell(Decimal(sum(row)), "count")
    for c in range(categories):
        cells[("gm", c)] = Cell(Decimal(sum(row[c] for row in rows)), "count")
    cells[("gm", "all")] = Cell(Decimal(sum(map(sum, rows))), "count")
    columns = [*range(categories), "all"]
    sums = [Sum((r, "all"), tuple((r, c) for c in range(categories))) for r in range(districts)]
    sums.append(Sum(("gm", "all"), tuple(("gm", c) for c in range(categories))))
    sums += [Sum(("gm", c), tuple((r, c) for r in range(districts))) for c in columns]
    return cells, sums


def main() -> None:
    random.seed(1)
    for districts, categories in ((5, 2), (10, 5), (20, 10), (50, 10)):
        cells, sums = table(districts, categories)
        times = []
        for _ in range(3):
            start = time.perf_counter()
            withheld = suppress(cells, sums, Rules())
            times.append(time.perf_counter() - start)
        print(
            f"{districts} districts x {categories} categories: {len(cells)} cells, "
            f"{len(withheld)} withheld, {min(times) * 1000:.0f} ms"
        )


if __name__ == "__main__":
    main()
