"""Import measurements: Koers's own template (CSV, Excel) and CBS StatLine files.

Readers turn a file into `Row`s one at a time; `MeasurementImport` checks every row and
writes them in batches inside one transaction. One bad row and nothing is written: the
errors name file, row, column and value. A key (indicator, area, period) already in the
database is updated, never duplicated, so importing a file twice changes nothing.
"""

import csv
import io
import sys
import uuid
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from itertools import islice
from operator import itemgetter
from pathlib import Path
from typing import IO, Any, NamedTuple

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from koers.monitor.lookups import IndicatorIndex
from koers.monitor.models import Area, Category, Indicator, Measurement, Source
from koers.monitor.services import (
    CategorySpec,
    Figure,
    FigureBatch,
    FigureKey,
    FigureWriter,
    Outcome,
    Refusal,
    define_categories,
)

# Rows checked and written together: each batch sends a few queries (indicators, stored
# figures, breakdowns), so larger batches cost fewer per row; 5,000 rows hold about 8 MB.
BATCH = 5000
MAX_ERRORS = 100
# Template columns: the Dutch header users see, and the key it stands for.
COLUMNS = [
    ("gemeente", "municipality"),
    ("indicator", "indicator"),
    ("gebied", "area"),
    ("periode", "period"),
    ("categorie", "category"),
    ("waarde", "value"),
    ("marge", "margin"),
    ("steekproef", "sample_size"),
    ("status", "status"),
    ("bron", "source"),
    ("toelichting", "note"),
]
# The order of a row's cells, in which `MeasurementImport.check` unpacks them.
KEYS = (
    "municipality",
    "indicator",
    "area",
    "period",
    "category",
    "value",
    "margin",
    "sample_size",
    "status",
    "source",
    "note",
)
assert set(KEYS) == {key for _dutch, key in COLUMNS}
INDICATOR = KEYS.index("indicator")
HEADER_KEYS = {**{dutch: key for dutch, key in COLUMNS}, **{key: key for _d, key in COLUMNS}}
STATUS_WORDS = {
    "": Measurement.Status.FINAL,
    "final": Measurement.Status.FINAL,
    "definitief": Measurement.Status.FINAL,
    "provisional": Measurement.Status.PROVISIONAL,
    "voorlopig": Measurement.Status.PROVISIONAL,
}


class ImportFailed(Exception):
    """The file was refused; `errors` says where and why. Nothing was written."""

    def __init__(
        self, errors: list["Problem"], total: int, forbidden: bool = False, conflict: bool = False
    ) -> None:
        self.errors = errors
        self.total = total
        self.forbidden = forbidden  # some row was refused for who wrote it
        self.conflict = conflict  # another writer stored the same keys at the same moment
        super().__init__("\n".join(str(e) for e in errors))


@dataclass(frozen=True)
class Problem:
    file: str
    row: int
    column: str
    value: str
    message: str

    def __str__(self) -> str:
        if not self.row:  # the file as a whole
            return f"{self.file}: {self.message}"
        return _("%(file)s, row %(row)s, column '%(column)s' (%(value)r): %(message)s") % {
            "file": self.file,
            "row": self.row,
            "column": self.column,
            "value": self.value,
            "message": self.message,
        }


class Row:
    """One measurement as a file states it: its texts by key (`values`), and the column
    name of each key (`columns`). The texts are kept as one cell per key, in the order of
    `KEYS` ("" where the file has no such column): a row is read by unpacking them."""

    __slots__ = ("cells", "columns", "file", "number")

    def __init__(
        self, file: str, number: int, values: dict[str, str], columns: dict[str, str] | None = None
    ) -> None:
        self.file = file
        self.number = number
        self.cells = tuple(values.get(key, "") for key in KEYS)
        self.columns = columns or {}

    @classmethod
    def of_cells(
        cls, file: str, number: int, cells: tuple[str, ...], columns: dict[str, str]
    ) -> "Row":
        """A row from its cells in the order of `KEYS` (as `CellPicker` gives them)."""
        row = cls.__new__(cls)
        row.file, row.number, row.cells, row.columns = file, number, cells, columns
        return row

    @property
    def values(self) -> dict[str, str]:
        return dict(zip(KEYS, self.cells, strict=True))

    def problem(self, key: str, message: str) -> Problem:
        return Problem(
            self.file, self.number, self.columns.get(key, key), self.values.get(key, ""), message
        )


class RowContext(NamedTuple):
    """What the columns rows share (indicator, municipality, area, status, source and
    category) say, with the problems they have."""

    indicators: tuple[Indicator, ...]
    area: Area | None
    status: str
    source: Source | None
    category: Category | None
    problems: tuple[tuple[str, str], ...]  # column key, message


@dataclass
class Report:
    file: str
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    kept_final: int = 0
    skipped: list[str] = field(default_factory=list)  # suppressed cells, unknown areas
    skipped_count: int = 0
    dry_run: bool = False

    def skip(self, why: str) -> None:
        self.skipped_count += 1
        if len(self.skipped) < MAX_ERRORS:
            self.skipped.append(why)


def batched(rows: Iterable["Row"], size: int) -> Iterator[list["Row"]]:
    """Lists of `size` rows (itertools.batched from Python 3.12 on)."""
    stream = iter(rows)
    while batch := list(islice(stream, size)):
        yield batch


# Readers ---------------------------------------------------------------------------------


def _progress(label: str) -> Callable[[float], None]:
    """A progress bar on stderr when it is a terminal; does nothing otherwise."""
    if not sys.stderr.isatty():
        return lambda share: None
    state = {"last": -1}

    def show(share: float) -> None:
        percent = int(share * 100)
        if percent != state["last"]:
            state["last"] = percent
            bar = "#" * (percent // 4)
            sys.stderr.write(f"\r{label} [{bar:<25}] {percent:3d}%")
            if percent >= 100:
                sys.stderr.write("\n")
            sys.stderr.flush()

    return show


def _open_text(path: Path) -> tuple[IO[bytes], IO[str]]:
    raw = path.open("rb")
    return raw, io.TextIOWrapper(raw, encoding="utf-8-sig", newline="")


def read_template_csv(path: Path) -> Iterator[Row]:
    """Koers's template as CSV; `,` or `;` separated, Dutch or English headers."""
    size = max(path.stat().st_size, 1)
    show = _progress(path.name)
    raw, text = _open_text(path)
    with raw, text:
        first = text.readline()
        delimiter = ";" if first.count(";") > first.count(",") else ","
        header = next(csv.reader([first], delimiter=delimiter))
        columns = _template_columns(header, str(path))
        names = {key: header[i] for key, i in columns.items()}  # one dict for every row
        pick, file = CellPicker(columns), str(path)
        for number, cells in enumerate(csv.reader(text, delimiter=delimiter), start=2):
            if number % 1000 == 0:
                show(raw.tell() / size)
            if not "".join(cells).strip():  # an empty line
                continue
            yield Row.of_cells(file, number, pick(cells), names)
        show(1.0)


# An .xlsx is a zip of XML parts. The worksheets are read as a stream; the shared strings
# (every text of the workbook, once) and the other parts are read whole, so their unpacked
# size is bounded: a 1.5 MB file can declare a 1.5 GB string. zipfile unpacks no more than
# a part's declared size, so checking the declared sizes suffices.
MAX_XLSX_PART = 64 * 1024 * 1024
MAX_XLSX_TOTAL = 1024 * 1024 * 1024


def check_workbook(path: Path) -> None:
    """Refuse an .xlsx that is no workbook or unpacks to more than a template holds."""
    import zipfile

    def refuse(message: str) -> ImportFailed:
        return ImportFailed([Problem(str(path), 0, "", "", message)], 1)

    try:
        with zipfile.ZipFile(path) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, OSError):
        raise refuse(_("not an Excel workbook (.xlsx)")) from None
    total = 0
    for part in parts:
        total += part.file_size
        streamed = part.filename.startswith("xl/worksheets/")
        if (not streamed and part.file_size > MAX_XLSX_PART) or total > MAX_XLSX_TOTAL:
            raise refuse(
                _(
                    "the workbook unpacks to more than a measurement file holds (%(part)s: "
                    "%(size)d MB); it was not read"
                )
                % {"part": part.filename, "size": part.file_size // 2**20}
            )


def read_template_xlsx(path: Path) -> Iterator[Row]:
    """Koers's template as Excel: the first sheet, header in row 1."""
    from openpyxl import load_workbook

    check_workbook(path)
    workbook = load_workbook(path, read_only=True, data_only=True)
    try:
        sheet = workbook.worksheets[0]
        total = max(sheet.max_row or 1, 1)
        show = _progress(path.name)
        rows = sheet.iter_rows(values_only=True)
        header = [_cell_text(c) for c in next(rows, ())]
        columns = _template_columns(header, str(path))
        names = {key: header[i] for key, i in columns.items()}
        pick, file = CellPicker(columns), str(path)
        for number, cells in enumerate(rows, start=2):
            if number % 1000 == 0:
                show(number / total)
            texts = [_cell_text(c) for c in cells]
            if not any(texts):
                continue
            yield Row.of_cells(file, number, pick(texts), names)
        show(1.0)
    finally:
        workbook.close()


def _cell_text(cell: Any) -> str:
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    if isinstance(cell, date):
        return cell.isoformat()[:10]
    return str(cell).strip()


def _template_columns(header: list[str], file: str) -> dict[str, int]:
    columns: dict[str, int] = {}
    for index, name in enumerate(header):
        key = HEADER_KEYS.get(name.strip().lower())
        if key is None and name.strip():
            raise ImportFailed(
                [Problem(file, 1, name, name, _("unknown column; see `koers template`"))], 1
            )
        if key is not None:
            columns[key] = index
    missing = [k for k in ("indicator", "area", "period", "value") if k not in columns]
    if missing:
        raise ImportFailed(
            [
                Problem(file, 1, key, "", _("this column is missing from the header"))
                for key in missing
            ],
            len(missing),
        )
    return columns


class CellPicker:
    """A row's texts in the order of `KEYS`, from its cells in the order of a header's
    columns (`_template_columns`); "" for a key the header lacks."""

    def __init__(self, columns: dict[str, int]) -> None:
        self.width = max(columns.values()) + 1
        # A key the header lacks takes the empty cell appended after the row's own.
        self.indices = tuple(columns.get(key, self.width) for key in KEYS)
        self.pick = itemgetter(*self.indices)

    def __call__(self, cells: list[str]) -> tuple[str, ...]:
        if len(cells) < self.width:  # a short row: the cells it lacks are empty
            cells = [*cells, *[""] * (self.width - len(cells))]
        cells.append("")
        return tuple(map(str.strip, self.pick(cells)))


def write_template(path: Path) -> None:
    """An empty template with one example row, as CSV or Excel by the file's extension."""
    header = [dutch for dutch, _key in COLUMNS]
    example = [
        "GM0246",
        "3.1-eenzaamheid-65plus",
        "GM0246",
        "2024",
        "",
        "40",
        "2,1",
        "",
        "voorlopig",
        "",
        "",
    ]
    if path.suffix.lower() == ".xlsx":
        from openpyxl import Workbook

        workbook = Workbook()
        sheet = workbook.active
        sheet.title = "metingen"
        sheet.append(header)
        sheet.append(example)
        sheet.freeze_panes = "A2"
        workbook.save(path)
        return
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream, delimiter=";")
        writer.writerow(header)
        writer.writerow(example)


# Checking and writing --------------------------------------------------------------------


def _number(text: str) -> Decimal:
    cleaned = text.strip().replace(" ", "")
    if "," in cleaned and "." in cleaned:  # 1.234,5
        cleaned = cleaned.replace(".", "")
    number = Decimal(cleaned.replace(",", "."))
    if not number.is_finite():
        raise InvalidOperation
    return number


class MeasurementImport:
    """Read rows into figures and write them through the monitor's services; all or nothing.

    Parsing (codes, numbers, status words) is the import's own; every rule about what may be
    written, and by whom, is `koers.monitor.services.FigureWriter`'s.
    """

    def __init__(
        self, file: str, *, dry_run: bool = False, user: Any = None, replace: bool = False
    ) -> None:
        self.report = Report(file, dry_run=dry_run)
        # The history's reason names this import (at most 100 characters are kept).
        self.reason = f"import {Path(file).name[:80]} {uuid.uuid4().hex[:8]}"
        self.writer = FigureWriter(user, replace=replace, reason=self.reason)
        self.problems: list[Problem] = []
        self.problem_count = 0
        self.forbidden = False
        self.indicators = IndicatorIndex()
        self.areas = {a.code: a for a in Area.objects.all()}
        self.areas_by_cbs = {a.cbs_code: a for a in self.areas.values() if a.cbs_code}
        self.sources = {s.code: s for s in Source.objects.all()}
        self.categories = {c.code: c for c in Category.objects.select_related("dimension")}
        # The last row of each count by category's indicator, area and period: where a total
        # that its categories do not add up to is reported (only those, so memory stays flat).
        self.count_rows: dict[tuple[int, int, str], Row] = {}
        self.contexts: dict[tuple[str, ...], RowContext] = {}

    def fail(self, problem: Problem) -> None:
        self.problem_count += 1
        if len(self.problems) < MAX_ERRORS:
            self.problems.append(problem)

    def refuse(self, row: Row, refusal: Refusal) -> None:
        self.forbidden = self.forbidden or refusal.forbidden
        self.fail(row.problem(refusal.field, refusal.message))

    def run(self, rows: Iterable[Row], categories: Sequence[CategorySpec] = ()) -> Report:
        """Check and write every row; `categories` (a CBS mapping's) are defined first,
        in the same transaction, so a refused file leaves none behind."""
        checked: list[tuple[Row, Figure]] = []
        try:
            with transaction.atomic():
                if categories:
                    self._define(categories)
                for batch in batched(rows, BATCH):
                    self.report.rows += len(batch)
                    self.indicators.load(row.cells[INDICATOR] for row in batch)
                    self.contexts = {}  # per batch, as the indicators: memory stays flat
                    checked = [(row, figure) for row in batch for figure in self.check(row)]
                    figures = FigureBatch(figure for _row, figure in checked)
                    for position, refusal in self.writer.check_all(figures):
                        self.refuse(checked[position][0], refusal)
                    self.write(checked, figures)
                self._finish()
        except IntegrityError:
            # Another import or person stored some of these keys after this batch was
            # checked: all was rolled back; say which rows met which figure.
            raise self._conflict(checked) from None
        return self.report

    def _define(self, categories: Sequence[CategorySpec]) -> None:
        try:
            self.categories.update(define_categories(self.writer.user, categories))
        except PermissionDenied as refused:
            self.forbidden = True
            self.fail(Problem(self.report.file, 0, "breakdown", "", str(refused)))
        except ValidationError as wrong:
            for message in wrong.messages:
                self.fail(Problem(self.report.file, 0, "breakdown", "", message))

    def _conflict(self, checked: list[tuple[Row, Figure]]) -> ImportFailed:
        problems = []
        for row, figure in checked:
            stored = Measurement.objects.filter(
                indicator=figure.indicator,
                area=figure.area,
                period=figure.period,
                category=figure.category,
            ).first()
            if stored is not None and len(problems) < MAX_ERRORS:
                problems.append(
                    row.problem(
                        "period",
                        _(
                            "someone else stored a figure for this indicator, area and period "
                            "at the same moment (measurement %(id)d, value %(value)s); "
                            "import again to compare with it"
                        )
                        % {"id": stored.pk, "value": stored.value},
                    )
                )
        return ImportFailed(problems, len(problems), conflict=True)

    def _finish(self) -> None:
        if not self.problem_count:
            for key, refusal in self.writer.totals_problems():
                row = self.count_rows.get(key[:3])
                self.fail(
                    row.problem("value", refusal.message)
                    if row is not None
                    else Problem(self.report.file, 0, "value", "", refusal.message)
                )
        if self.problem_count:
            transaction.set_rollback(True)
            # A batch's rows are checked, then its figures: in the order of the file again.
            problems = sorted(self.problems, key=lambda problem: problem.row)
            raise ImportFailed(problems, self.problem_count, forbidden=self.forbidden)
        if self.report.dry_run:
            transaction.set_rollback(True)

    def area(self, code: str) -> Area | None:
        return self.areas.get(code) or self.areas_by_cbs.get(code)

    def check(self, row: Row) -> list[Figure]:
        """The figures a row states: one, or one per plan for a shared area (below)."""
        before = self.problem_count
        (
            municipality,
            code,
            area,
            period,
            category,
            text,
            margin_text,
            sample,
            status,
            source,
            note,
        ) = row.cells
        # Many rows name the same indicator, area, status, source and category: what those
        # columns say is looked up once; only the period, value and note vary per row.
        shared = (code, municipality, area, status, source, category)
        context = self.contexts.get(shared)
        if context is None:
            context = self.contexts[shared] = self._context(*shared)
        for key, message in context.problems:
            self.fail(row.problem(key, message))
        try:  # a plain number, as most rows hold; else `_decimal` reads it or says why not
            plain: Decimal | None = Decimal(text)
        except InvalidOperation:
            plain = None
        if plain is not None and plain.is_finite():
            value: Decimal | None = plain
        else:
            value = self._decimal(row, "value", required=True)
        margin = self._decimal(row, "margin") if margin_text else None
        sample_size = None
        if sample:
            try:
                sample_size = int(sample)
            except ValueError:
                self.fail(row.problem("sample_size", _("not a whole number")))
        if value is None or self.problem_count > before:
            return []
        return [
            Figure(
                indicator,
                context.area,
                period,
                value,
                margin,
                sample_size,
                context.status,
                context.source,
                note,
                context.category,
            )
            for indicator in context.indicators
        ]

    def _context(
        self, code: str, municipality: str, area_code: str, status: str, source: str, category: str
    ) -> "RowContext":
        problems: list[tuple[str, str]] = []
        area = self.area(area_code)
        if area is None:
            problems.append(("area", _("no area has this code")))
        indicators, problem = self._indicators(code, municipality.upper(), area)
        if problem:
            problems.append(("indicator", problem))
        found_status = STATUS_WORDS.get(status.lower())
        if found_status is None:
            problems.append(("status", _("use 'definitief' or 'voorlopig'")))
        found_source = None
        if source:
            found_source = self.sources.get(source)
            if found_source is None:
                problems.append(("source", _("no source has this code")))
        found_category = None
        if category:
            found_category = self.categories.get(category)
            if found_category is None:
                problems.append(("category", _("no category has this code")))
        return RowContext(
            tuple(indicators),
            area,
            found_status or Measurement.Status.FINAL,
            found_source,
            found_category,
            tuple(problems),
        )

    def _indicators(
        self, code: str, municipality: str, area: Area | None
    ) -> tuple[list[Indicator], str]:
        """The indicator a row names, found within the municipality it names. A figure for
        the Netherlands or a region that names no municipality, for a code several
        municipalities use, is the same benchmark for each of them: it goes to every plan
        with that code that the writer keeps figures for."""
        if not code:
            return [], _("an indicator code is required")
        indicator, problem = self.indicators.find(code, municipality)
        if indicator is not None:
            return [indicator], ""
        if not municipality and area is not None and area.kind != Area.Kind.MUNICIPALITY:
            everywhere = [
                found
                for found in self.indicators.find_everywhere(code)
                if self.writer.may_enter(found.task)
            ]
            if everywhere:
                return everywhere, ""
        return [], problem

    def _decimal(self, row: Row, key: str, required: bool = False) -> Decimal | None:
        text = row.cells[KEYS.index(key)]
        if not text.strip():
            if required:
                self.fail(row.problem(key, _("a value is required")))
            return None
        try:
            return _number(text)
        except (InvalidOperation, ValueError):
            self.fail(row.problem(key, _("not a number")))
            return None

    def write(self, batch: list[tuple[Row, Figure]], figures: FigureBatch) -> None:
        """Write a batch's figures (`figures`, in the order of `batch`)."""
        if self.problem_count or not batch:
            return  # nothing will be kept; checking the rest is all that matters
        keys = figures.keys
        if len(set(keys)) < len(keys):
            first_row: dict[FigureKey, int] = {}
            for (row, _figure), key in zip(batch, keys, strict=True):
                earlier = first_row.setdefault(key, row.number)
                if earlier != row.number:
                    self.fail(
                        row.problem(
                            "period",
                            _("this indicator, area, period and category are also in row %(row)s")
                            % {"row": earlier},
                        )
                    )
            return
        outcomes = self.writer.write(figures)
        if any(isinstance(outcome, Refusal) for outcome, _stored in outcomes):
            for (row, _figure), (outcome, _stored) in zip(batch, outcomes, strict=True):
                if isinstance(outcome, Refusal):
                    self.refuse(row, outcome)
            return
        if self.writer.counts:  # known for the batch once it is written
            for (row, _figure), key in zip(batch, keys, strict=True):
                if self.writer.counted(key):
                    self.count_rows[key[:3]] = row
        tally = Counter(outcome for outcome, _stored in outcomes)
        self.report.created += tally[Outcome.CREATED]
        self.report.updated += tally[Outcome.UPDATED]
        self.report.unchanged += tally[Outcome.UNCHANGED]
        self.report.kept_final += tally[Outcome.KEPT_FINAL]


# CBS StatLine ----------------------------------------------------------------------------

_PERIOD_CODES = {"JJ": "", "HJ": "-H", "KW": "-Q", "MM": "-"}


def cbs_period(code: str) -> str | None:
    """2020JJ00 → 2020, 2020HJ01 → 2020-H1, 2020KW03 → 2020-Q3, 2020MM05 → 2020-05."""
    code = code.strip()
    if len(code) != 8 or not code[:4].isdigit() or code[4:6] not in _PERIOD_CODES:
        return None
    kind, number = code[4:6], code[6:]
    if kind == "JJ":
        return code[:4]
    if kind == "MM":
        return f"{code[:4]}-{number}"
    return f"{code[:4]}{_PERIOD_CODES[kind]}{int(number)}"


@dataclass
class CbsMapping:
    """Which CBS columns are which Koers indicators; read from a YAML file."""

    columns: dict[str, str]
    period: str = ""
    source: str = ""
    filters: dict[str, str] = field(default_factory=dict)
    areas: dict[str, str] = field(default_factory=dict)
    # Whose indicators the figures are for (CBS code); without it, a municipality's own row
    # goes to its own plan and other areas need a code no other municipality uses.
    municipality: str = ""
    breakdown: "CbsBreakdown | None" = None

    @classmethod
    def read(cls, path: Path) -> "CbsMapping":
        import yaml

        with path.open(encoding="utf-8") as stream:
            data = yaml.safe_load(stream) or {}
        problems = []
        if not isinstance(data.get("columns"), dict) or not data["columns"]:
            problems.append(
                Problem(
                    str(path),
                    0,
                    "columns",
                    "",
                    _("'columns' must map CBS columns to indicator codes"),
                )
            )
        known = {
            "columns",
            "period",
            "source",
            "filters",
            "areas",
            "table",
            "title",
            "municipality",
            "breakdown",
        }
        unknown = set(data) - known
        for key in sorted(unknown):
            problems.append(Problem(str(path), 0, key, "", _("unknown field")))
        breakdown = None
        if data.get("breakdown") is not None:
            breakdown = CbsBreakdown.read(data["breakdown"], str(path), problems)
        if problems:
            raise ImportFailed(problems, len(problems))
        return cls(
            columns={str(k): str(v) for k, v in data["columns"].items()},
            period=str(data.get("period") or ""),
            source=str(data.get("source") or ""),
            filters={str(k): str(v) for k, v in (data.get("filters") or {}).items()},
            areas={str(k): str(v) for k, v in (data.get("areas") or {}).items()},
            municipality=str(data.get("municipality") or "").upper(),
            breakdown=breakdown,
        )


@dataclass
class CbsBreakdown:
    """A key column of a CBS table (such as Persoonskenmerken) read as categories: each
    code of the column is the total or one category; other codes are left out."""

    column: str
    total: str
    categories: dict[str, CategorySpec]

    @classmethod
    def read(cls, data: Any, file: str, problems: list[Problem]) -> "CbsBreakdown | None":
        def refuse(key: str, message: str) -> None:
            problems.append(Problem(file, 0, f"breakdown.{key}", "", message))

        if not isinstance(data, dict):
            refuse("column", _("'breakdown' must name a column, its total and its categories"))
            return None
        for key in sorted(set(data) - {"column", "total", "dimensions", "categories"}):
            refuse(key, _("unknown field"))
        dimensions = data.get("dimensions") or {}
        categories = data.get("categories")
        if not data.get("column"):
            refuse("column", _("name the CBS column that holds the categories"))
        if not isinstance(dimensions, dict):
            refuse("dimensions", _("map dimension codes to their name and 'exhaustive'"))
            dimensions = {}
        if not isinstance(categories, dict) or not categories:
            refuse("categories", _("map the column's codes to categories"))
            return None
        specs = {}
        for cbs_code, entry in categories.items():
            if not isinstance(entry, dict) or not entry.get("code") or not entry.get("dimension"):
                refuse(
                    f"categories.{cbs_code}",
                    _("give the category's 'code', 'name' and 'dimension'"),
                )
                continue
            dimension = dimensions.get(entry["dimension"]) or {}
            if not isinstance(dimension, dict):
                refuse(
                    f"dimensions.{entry['dimension']}",
                    _("map dimension codes to their name and 'exhaustive'"),
                )
                continue
            specs[str(cbs_code)] = CategorySpec(
                code=str(entry["code"]),
                name=str(entry.get("name") or entry["code"]),
                dimension=str(entry["dimension"]),
                dimension_name=str(dimension.get("name") or ""),
                exhaustive=bool(dimension.get("exhaustive", False)),
                order=len(specs),
            )
        return cls(str(data.get("column") or ""), str(data.get("total") or ""), specs)

    def category(self, code: str) -> str | None:
        """The Koers category of a code of the column: "" for the total, None for a code
        that is not mapped."""
        if code == self.total:
            return ""
        spec = self.categories.get(code)
        return spec.code if spec is not None else None


def read_cbs(
    path: Path, mapping: CbsMapping, known_area: Callable[[str], bool], report: Report
) -> Iterator[Row]:
    """Rows of a CBS TypedDataSet CSV for the mapped columns and the areas Koers knows.

    Value rows (`Marges` MW00000) become measurements; lower and upper bounds of the 95%
    interval, where the table has them, become the margin. Other areas are skipped (a
    national table holds every municipality), and so are suppressed (empty) cells.
    """
    size = max(path.stat().st_size, 1)
    show = _progress(path.name)
    raw, text = _open_text(path)
    pending: dict[tuple[str, str, str, str], dict[str, Any]] = {}
    breakdown = mapping.breakdown
    with raw, text:
        reader = csv.reader(text, delimiter=";")
        header = [name.strip() for name in next(reader, [])]
        index = {name: i for i, name in enumerate(header)}
        needed = ["RegioS", *mapping.columns, *mapping.filters]
        if breakdown is not None:
            needed.append(breakdown.column)
        missing = [name for name in needed if name not in index]
        if missing:
            raise ImportFailed(
                [
                    Problem(str(path), 1, name, "", _("this column is not in the file"))
                    for name in missing
                ],
                len(missing),
            )
        if "Perioden" not in index and not mapping.period:
            raise ImportFailed(
                [
                    Problem(
                        str(path),
                        1,
                        "Perioden",
                        "",
                        _("the file has no Perioden column; set 'period' in the mapping"),
                    )
                ],
                1,
            )
        for number, cells in enumerate(reader, start=2):
            if number % 1000 == 0:
                show(raw.tell() / size)
            cell = dict(zip(header, (c.strip() for c in cells), strict=False))
            if any(cell.get(k) != v for k, v in mapping.filters.items()):
                continue
            region = cell["RegioS"]
            area = mapping.areas.get(region, region)
            if not known_area(area):
                continue
            category = ""
            if breakdown is not None:
                found = breakdown.category(cell[breakdown.column])
                if found is None:
                    continue
                category = found
            period = mapping.period
            if "Perioden" in index:
                period = cbs_period(cell["Perioden"]) or cell["Perioden"]
            margin_code = cell.get("Marges", "MW00000") or "MW00000"
            for column, indicator in mapping.columns.items():
                key = (column, area, period, category)
                entry = pending.setdefault(key, {"row": None, "value": None})
                value = cell.get(column, "")
                if margin_code == "MW00000":
                    entry.update(row=number, value=value, indicator=indicator)
                elif value:
                    entry["low" if margin_code.startswith("MOG") else "high"] = value
        show(1.0)
    for (column, area, period, category), entry in pending.items():
        if entry["row"] is None:
            continue
        if not entry["value"]:
            report.skip(
                _("%(file)s, row %(row)s, column '%(column)s': empty (suppressed), skipped")
                % {"file": path, "row": entry["row"], "column": column}
            )
            continue
        margin = ""
        if entry.get("low") and entry.get("high"):
            try:
                margin = str((_number(entry["high"]) - _number(entry["low"])) / 2)
            except (InvalidOperation, ValueError):
                margin = "?"
        yield Row(
            str(path),
            entry["row"],
            {
                "municipality": mapping.municipality or (area if area.startswith("GM") else ""),
                "indicator": entry["indicator"],
                "area": area,
                "period": period,
                "category": category,
                "value": entry["value"],
                "margin": margin,
                "source": mapping.source,
            },
            {
                "indicator": column,
                "value": column,
                "area": "RegioS",
                "period": "Perioden",
                "margin": "Marges",
                "category": breakdown.column if breakdown is not None else "category",
            },
        )


def import_file(
    path: Path,
    *,
    mapping: Path | None = None,
    dry_run: bool = False,
    user: Any = None,
    replace: bool = False,
) -> Report:
    """Import one file: a CBS file when a mapping is given, else Koers's template.

    Figures already stored with other values are replaced only with `replace`."""
    importer = MeasurementImport(str(path), dry_run=dry_run, user=user, replace=replace)
    categories: Sequence[CategorySpec] = ()
    if mapping is not None:
        cbs = CbsMapping.read(mapping)
        rows: Iterable[Row] = read_cbs(
            path, cbs, lambda code: importer.area(code) is not None, importer.report
        )
        if cbs.breakdown is not None:
            categories = list(cbs.breakdown.categories.values())
    elif path.suffix.lower() == ".xlsx":
        rows = read_template_xlsx(path)
    else:
        rows = read_template_csv(path)
    return importer.run(rows, categories)
