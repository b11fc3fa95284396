"""Benchmark: the pages and the statuses API of one municipality, with 1 to 342 in Koers.

    .venv/bin/python bench/plan_pages.py [MUNICIPALITIES ...] [--repeat N] [--rounds R]

For each number of municipalities (default 1 10 100 342) builds a fresh database (SQLite in
a temporary folder, or the PostgreSQL database DATABASE_URL names, emptied first), loads
the Heerde plan and generates the other municipalities (`koers load-demo
--municipalities N`), then asks every page type of Heerde's plan, the statuses API and the
plain task list through Django's WSGI handler, after ANALYZE (as autovacuum would run after
the bulk load). Prints per request the median time of N repeats (default 15) after one
first request (the slowest of them too; a page for visitors is kept whole after the first,
`koers.web.kept_pages`), the median of the page made again each time from the kept plan
("rendered"), and the number of queries of a request that reads its plan; then three pages
each reading the plan again, as after a write (a page that only reads gets the plan its
process keeps otherwise). Also times reading one plan
(`load_plan`, statuses kept) and taking the kept one against hand-written SQL that reads
the same rows, and against the queries `load_plan` sends, sent through the database
cursor without Django's models. No limit is checked: the numbers go into
docs/performance.md.

With `--rounds R` each size gets a database of its own (SQLite files, or PostgreSQL
databases named after DATABASE_URL's with the size appended, dropped at the end), and the
sizes are measured R times in turn, the order reversed every other round: the first size
of a run is measured while the machine is still warming up, so a comparison of sizes from
one run each says more about the order than the sizes. Ends with a table of each request's
median over the rounds and its ratio to the first size.
"""

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# The rows a plan page reads, by hand: tasks with their indicators, targets and confirmed
# figures, and the programmes' ambitions with their actions and results.
PLAN_SQL = [
    """
    SELECT t.id, t.code, t.title, th.chapter, i.id, i.code, i.name, i.unit, i.direction,
           tg.kind, tg.value, m.period, m.value, m.margin, a.code, a.kind
    FROM plans_task t
    JOIN plans_theme th ON th.id = t.theme_id
    LEFT JOIN monitor_indicator i ON i.task_id = t.id
    LEFT JOIN monitor_target tg ON tg.indicator_id = i.id
    LEFT JOIN monitor_measurement m ON m.indicator_id = i.id AND m.confirmed = %s
    LEFT JOIN monitor_area a ON a.id = m.area_id
    WHERE t.framework_id = %s
    """,
    """
    SELECT p.id, p.title, pa.number, pa.text, ac.code, ac.text, ac.status, ac.deadline,
           ac.progress, r.code, r.text, r.achieved
    FROM plans_programme p
    JOIN plans_programmeambition pa ON pa.programme_id = p.id
    LEFT JOIN plans_action ac ON ac.ambition_id = pa.id
    LEFT JOIN plans_result r ON r.ambition_id = pa.id
    WHERE p.framework_id = %s
    """,
]


def _median(repeat: int, work: Callable[[], object]) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def measure(repeat: int) -> None:
    """In the child process: Django is set up on the database built by the parent."""
    import django

    django.setup()
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    import koers.wsgi  # noqa: F401 (the application as gunicorn serves it, frozen after start-up)
    from koers.addresses import plan_reverse
    from koers.monitor.tree import forget_kept_plans, kept_plan, load_plan
    from koers.plans.models import Framework, Municipality, Programme
    from koers.web.kept_pages import forget_kept_pages

    def forget() -> None:
        forget_kept_plans()
        forget_kept_pages()

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # the statistics autovacuum would gather after a bulk load
    heerde = Framework.objects.select_related("municipality").get(municipality__cbs_code="GM0246")
    programme = Programme.objects.filter(framework=heerde).first()
    plan = lambda name, *args: plan_reverse(heerde, name, *args)  # noqa: E731
    pages = {
        "overview": plan("web:overview"),
        "theme": plan("web:theme", "6"),
        "task": plan("web:task", "3.1"),
        "indicator": plan("web:indicator", "3.1", "3.1-eenzaamheid-65plus"),
        "programme": plan("web:programme", programme.pk) + "?peildatum=2024-12-31",
        "search": plan("web:search") + "?q=jongeren",
        "statuses API": "/api/v1/statuses/?municipality=GM0246&page_size=500",
        "task list API": "/api/v1/tasks/?municipality=GM0246&page_size=500",
        "home (24 per page)": "/",
    }
    client = Client(HTTP_HOST="localhost")
    medians: dict[str, float] = {}
    municipalities = Municipality.objects.count()
    print(f"municipalities: {municipalities}, database: {connection.vendor}")
    print(
        f"{'request':22} {'first ms':>9} {'median ms':>10} {'max ms':>8} {'rendered ms':>12} "
        f"{'queries':>8}"
    )
    for name, url in pages.items():
        forget()
        start = time.perf_counter()
        assert client.get(url).status_code == 200, url
        first = (time.perf_counter() - start) * 1000
        times = []
        for _ in range(repeat):
            start = time.perf_counter()
            client.get(url)
            times.append((time.perf_counter() - start) * 1000)

        def rendered(address: str = url) -> None:  # the plan kept, the page made again
            forget_kept_pages()
            client.get(address)

        forget()  # the queries of a request that reads its plan
        reset_queries()
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        queries_sent = len(queries)  # before the next request starts a new log
        medians[name] = statistics.median(times)
        medians[name + ", rendered"] = _median(repeat, rendered)
        print(
            f"{name:22} {first:9.1f} {medians[name]:10.1f} {max(times):8.1f} "
            f"{medians[name + ', rendered']:12.1f} {queries_sent:8d}"
        )
    # The pages again, each reading its plan (as after every write): none kept.
    for name in ("overview", "task", "indicator"):
        url = pages[name]

        def unkept(address: str = url) -> None:
            forget()
            client.get(address)

        medians[name + ", plan read"] = _median(repeat, unkept)
        print(f"{name + ', plan read':22} {'':9} {medians[name + ', plan read']:10.1f}")
    today = date.today()
    load_plan(heerde, today, confirmed_only=True)  # its statuses kept
    reading = _median(repeat, lambda: load_plan(heerde, today, confirmed_only=True))
    print(f"{'reading one plan':22} {'':9} {reading:10.1f}")
    kept = _median(repeat, lambda: kept_plan(heerde, today, confirmed_only=True))
    print(f"{'the plan kept':22} {'':9} {kept:10.1f}")

    def by_hand() -> None:
        with connection.cursor() as cursor:
            cursor.execute(PLAN_SQL[0], [True, heerde.pk])
            cursor.fetchall()
            cursor.execute(PLAN_SQL[1], [heerde.pk])
            cursor.fetchall()

    print(f"{'same rows, by hand':22} {'':9} {_median(repeat, by_hand):10.1f}")

    with CaptureQueriesContext(connection) as queries:
        load_plan(heerde, today, confirmed_only=True)
    sent = [query["sql"] for query in queries.captured_queries]

    def same_queries() -> None:
        with connection.cursor() as cursor:
            for sql in sent:
                cursor.execute(sql)
                cursor.fetchall()

    medians["reading one plan"], medians["same rows, by hand"] = reading, _median(repeat, by_hand)
    medians["its queries, raw"] = _median(repeat, same_queries)
    print(f"{'its queries, raw':22} {'':9} {medians['its queries, raw']:10.1f}")
    if "KOERS_BENCH_OUT" in os.environ:
        Path(os.environ["KOERS_BENCH_OUT"]).write_text(json.dumps(medians))


def build(count: int, env: dict[str, str]) -> float:
    koers = str(ROOT / ".venv" / "bin" / "koers")
    subprocess.run([koers, "migrate", "--noinput"], env=env, check=True, capture_output=True)
    subprocess.run([koers, "flush", "--noinput"], env=env, check=True, capture_output=True)
    start = time.perf_counter()
    subprocess.run(
        [koers, "load-demo", "--municipalities", str(count)],
        env=env,
        check=True,
        capture_output=True,
    )
    return time.perf_counter() - start


def _option(args: list[str], name: str, default: int) -> int:
    if name not in args:
        return default
    at = args.index(name)
    value = int(args[at + 1])
    del args[at : at + 2]
    return value


def _environment(count: int, own_database: bool) -> dict[str, str]:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "koers.settings"}
    if "DATABASE_URL" not in os.environ:
        work = Path(tempfile.mkdtemp(prefix="koers-bench-"))
        env["DATABASE_URL"] = f"sqlite:///{work / 'bench.sqlite3'}"
        env["KOERS_VAR_DIR"] = str(work)
    elif own_database:
        env["DATABASE_URL"] = f"{os.environ['DATABASE_URL']}_{count}"
        _postgres(f"DROP DATABASE IF EXISTS {_name(env)}", f"CREATE DATABASE {_name(env)}")
    return env


def _name(env: dict[str, str]) -> str:
    return env["DATABASE_URL"].rsplit("/", 1)[1]


def _postgres(*statements: str) -> None:
    import psycopg

    server = os.environ["DATABASE_URL"].rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(server, autocommit=True) as connection:
        for statement in statements:
            connection.execute(statement)  # type: ignore[arg-type]


def main() -> None:
    if sys.argv[1:2] == ["--child"]:
        measure(int(sys.argv[2]))
        return
    args = sys.argv[1:]
    repeat = _option(args, "--repeat", 15)
    rounds = _option(args, "--rounds", 1)
    counts = [int(a) for a in args] or [1, 10, 100, 342]
    environments = {}
    for count in counts:
        env = environments[count] = _environment(count, own_database=rounds > 1)
        seconds = build(count, env)
        print(f"\nloaded {count} municipalities in {seconds:.1f} s")
        if rounds == 1:
            subprocess.run([sys.executable, __file__, "--child", str(repeat)], env=env, check=True)
    if rounds == 1:
        return
    results: dict[int, list[dict[str, float]]] = {count: [] for count in counts}
    out = Path(tempfile.mkdtemp(prefix="koers-bench-")) / "medians.json"
    try:
        for round_ in range(rounds):
            for count in counts if round_ % 2 == 0 else counts[::-1]:
                print(f"\nround {round_ + 1}, {count} municipalities")
                env = {**environments[count], "KOERS_BENCH_OUT": str(out)}
                subprocess.run(
                    [sys.executable, __file__, "--child", str(repeat)], env=env, check=True
                )
                results[count].append(json.loads(out.read_text()))
    finally:
        if "DATABASE_URL" in os.environ:
            _postgres(*(f"DROP DATABASE IF EXISTS {_name(env)}" for env in environments.values()))
    print(f"\nmedian of {rounds} rounds, ms (ratio to {counts[0]} municipalities)")
    print(f"{'request':22}" + "".join(f"{count:>16}" for count in counts))
    for name in results[counts[0]][0]:
        row = [statistics.median(r[name] for r in results[count]) for count in counts]
        print(f"{name:22}" + "".join(f"{value:9.1f} ({value / row[0]:3.1f})" for value in row))


if __name__ == "__main__":
    main()
