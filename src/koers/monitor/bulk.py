"""Store many figures and their history at the speed of the database.

`FigureWriter` decides what happens to each figure (the rules live there); this module
only stores the outcome: new rows by one COPY (PostgreSQL) or executemany (SQLite), changed
rows by one executemany UPDATE, and their history rows by INSERT ... SELECT from the rows
just written, so no model instance is built per history row. What django-simple-history
would record is recorded: the same columns, user, reason, date and type.
"""

from collections.abc import Iterator, Sequence
from decimal import Decimal
from functools import lru_cache
from itertools import chain
from typing import Any, NamedTuple

from django.db import connection
from django.utils import timezone

from koers.monitor.models import Measurement

# How many ids one INSERT ... SELECT names (SQLite allows 999 parameters in old builds).
CHUNK = 900
# How many new rows one SQLite INSERT holds, within its limit on parameters.
ROWS_PER_INSERT = 250
HISTORY_COLUMNS = ["history_date", "history_change_reason", "history_type", "history_user_id"]


class NewRow(NamedTuple):
    """A new measurement's columns, without its id (the database gives that)."""

    indicator_id: int
    area_id: int
    period: str
    value: Decimal
    margin: Decimal | None
    sample_size: int | None
    status: str
    source_id: int | None
    note: str
    confirmed: bool
    category_id: int | None = None
    version: int = 1


class NewColumns(NamedTuple):
    """New measurements as columns, in `NewRow`'s order: what a batch writer holds."""

    indicator_id: Sequence[int]
    area_id: Sequence[int]
    period: Sequence[str]
    value: Sequence[Decimal]
    margin: Sequence[Decimal | None]
    sample_size: Sequence[int | None]
    status: Sequence[str]
    source_id: Sequence[int | None]
    note: Sequence[str]
    confirmed: Sequence[bool]
    category_id: Sequence[int | None]
    version: Sequence[int]


def _fields() -> list[Any]:
    return list(Measurement._meta.concrete_fields)


def _columns() -> list[str]:
    return [field.column for field in _fields()]


def _check_columns() -> None:
    """A new row names every column but the id, and the history table holds the
    measurement's columns and simple-history's own: a field added to the model without
    being added here would otherwise silently go unwritten or unrecorded."""
    stored = [field.attname for field in _fields() if not field.primary_key]
    if set(NewRow._fields) != set(stored) or NewColumns._fields != NewRow._fields:
        raise RuntimeError(
            f"NewRow differs from the measurement: {set(NewRow._fields) ^ set(stored)}"
        )
    history = Measurement.history.model
    theirs = {field.column for field in history._meta.concrete_fields} - {"history_id"}
    ours = set(_columns()) | set(HISTORY_COLUMNS)
    if theirs != ours:
        raise RuntimeError(f"history columns differ from the measurement's: {theirs ^ ours}")


def _row(measurement: Measurement, fields: Sequence[Any]) -> tuple[Any, ...]:
    # The fields are integers, text, decimals and booleans: both drivers take the Python
    # values as they are, so Django's per-field preparation is not needed.
    return tuple(getattr(measurement, field.attname) for field in fields)


def _chunks(items: Sequence[int]) -> Iterator[Sequence[int]]:
    for start in range(0, len(items), CHUNK):
        yield items[start : start + CHUNK]


def _quoted(names: Sequence[str]) -> str:
    return ", ".join(connection.ops.quote_name(name) for name in names)


def _filled(columns: NewColumns) -> tuple[list[str], list[tuple[Any, ...]]]:
    """The columns some row fills, and the rows with those columns only. A nullable column
    no row fills is left to the database (NULL): a file without margins, sources or
    categories inserts a third fewer values."""
    count = len(columns.period)
    kept = [
        name
        for name, column in zip(NewColumns._fields, columns, strict=True)
        if name not in _nullable() or column.count(None) < count
    ]
    return kept, list(zip(*(getattr(columns, name) for name in kept), strict=True))


@lru_cache(maxsize=1)
def _nullable() -> frozenset[str]:
    return frozenset(field.attname for field in _fields() if field.null)


def create(rows: Sequence[NewRow], user: Any, reason: str | None) -> list[int]:
    """Insert new measurements and a '+' history row for each; returns their ids."""
    if not rows:
        return []
    return create_columns(NewColumns(*zip(*rows, strict=True)), user, reason)


def create_columns(columns: NewColumns, user: Any, reason: str | None) -> list[int]:
    """`create` for rows given as columns."""
    count = len(columns.period)
    if not count:
        return []
    _check_columns()
    names, values = _filled(columns)
    if connection.vendor == "postgresql":
        return _copy(names, values, user, reason)
    table = connection.ops.quote_name(Measurement._meta.db_table)
    with connection.cursor() as cursor:
        _insert_many(cursor, table, names, values)
        # SQLite has one writer at a time and AUTOINCREMENT counts up by one per row, so
        # the rows just inserted hold the last len(rows) ids.
        cursor.execute(
            "SELECT seq FROM sqlite_sequence WHERE name = %s", [Measurement._meta.db_table]
        )
        (last,) = cursor.fetchone()
        first = last - count + 1
        every = _quoted(_columns())
        cursor.execute(
            f"INSERT INTO {_history_table()} ({every}, {_quoted(HISTORY_COLUMNS)}) "
            f"SELECT {every}, %s, %s, '+', %s FROM {table} WHERE id BETWEEN %s AND %s",
            [_now(), reason, getattr(user, "pk", None), first, last],
        )
    return list(range(first, last + 1))


def _insert_many(
    cursor: Any, table: str, names: Sequence[str], rows: Sequence[tuple[Any, ...]]
) -> None:
    """SQLite: the rows by INSERTs of many rows each. SQLite steps once per statement, so
    250 rows per statement store them in about half the time an executemany of one row per
    statement takes (docs/performance.md)."""
    width = len(names)
    per = max(1, min(ROWS_PER_INSERT, _variable_limit() // width))
    row = f"({', '.join(['%s'] * width)})"
    full = len(rows) - len(rows) % per
    for size, chunks in (
        (per, [rows[start : start + per] for start in range(0, full, per)]),
        (len(rows) - full, [rows[full:]]),
    ):
        if size:
            cursor.executemany(
                f"INSERT INTO {table} ({_quoted(names)}) VALUES {', '.join([row] * size)}",
                [tuple(chain.from_iterable(chunk)) for chunk in chunks],
            )


@lru_cache(maxsize=1)
def _variable_limit() -> int:
    """How many parameters one SQLite statement takes (999 in old builds)."""
    import sqlite3

    try:
        return connection.connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
    except AttributeError:  # Python before 3.11
        return connection.features.max_query_params or 999


def _copy(
    names: Sequence[str], rows: Sequence[tuple[Any, ...]], user: Any, reason: str | None
) -> list[int]:
    """PostgreSQL: ids from the sequence, then the rows and their history by COPY."""
    table = connection.ops.quote_name(Measurement._meta.db_table)
    # The driver's own cursor copies; Django's wrapper turns its errors into Django's (an
    # IntegrityError when another writer stored the same key meanwhile).
    with connection.cursor() as cursor, connection.wrap_database_errors:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
            [Measurement._meta.db_table, len(rows)],
        )
        ids = [pk for (pk,) in cursor.fetchall()]
        with cursor.cursor.copy(f"COPY {table} (id, {_quoted(names)}) FROM STDIN") as copy:
            for pk, row in zip(ids, rows, strict=True):
                copy.write_row((pk, *row))
        recorded = (_now(), reason, "+", getattr(user, "pk", None))
        with cursor.cursor.copy(
            f"COPY {_history_table()} (id, {_quoted(names)}, {_quoted(HISTORY_COLUMNS)}) FROM STDIN"
        ) as copy:
            for pk, row in zip(ids, rows, strict=True):
                copy.write_row((pk, *row, *recorded))
    return ids


def update(
    measurements: Sequence[Measurement], names: Sequence[str], user: Any, reason: str | None
) -> None:
    """Store the fields `names` of changed measurements and a '~' history row for each."""
    if not measurements:
        return
    _check_columns()
    by_name = {field.name: field for field in _fields()}
    fields = [by_name[name] for name in names]
    table = connection.ops.quote_name(Measurement._meta.db_table)
    assignments = ", ".join(f"{connection.ops.quote_name(f.column)} = %s" for f in fields)
    with connection.cursor() as cursor:
        cursor.executemany(
            f"UPDATE {table} SET {assignments} WHERE id = %s",
            [(*_row(measurement, fields), measurement.pk) for measurement in measurements],
        )
    _history([m.pk for m in measurements], "~", user, reason)


def _history_table() -> str:
    return connection.ops.quote_name(Measurement.history.model._meta.db_table)


def _now() -> Any:
    """Now, as the database takes a date and time (text on SQLite)."""
    return connection.ops.adapt_datetimefield_value(timezone.now())


def _history(ids: Sequence[int], kind: str, user: Any, reason: str | None) -> None:
    table = connection.ops.quote_name(Measurement._meta.db_table)
    columns = _quoted(_columns())
    with connection.cursor() as cursor:
        for chunk in _chunks(ids):
            cursor.execute(
                f"INSERT INTO {_history_table()} ({columns}, {_quoted(HISTORY_COLUMNS)}) "
                f"SELECT {columns}, %s, %s, %s, %s FROM {table} "
                f"WHERE id IN ({', '.join(['%s'] * len(chunk))})",
                [_now(), reason, kind, getattr(user, "pk", None), *chunk],
            )
