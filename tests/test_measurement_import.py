"""`koers import-measurements`: Koers's template (CSV, Excel) and a real CBS StatLine file."""

import csv
import tracemalloc
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl import Workbook

from koers.imports.measurements import ImportFailed, cbs_period, import_file, write_template
from koers.monitor.models import Area, Indicator, Measurement
from koers.plans.models import Task

pytestmark = pytest.mark.usefixtures("heerde")

CBS_FILE = (
    Path(__file__).resolve().parents[2]
    / "shared"
    / "data"
    / "cbs"
    / ("50140NED_TypedDataSet_22092025_192544.csv")
)
CBS_MAPPING = Path(__file__).parent / "data" / "cbs-50140NED.yaml"
INDICATOR = "3.1-eenzaamheid-65plus"
HEADER = "indicator;gebied;periode;waarde;marge;steekproef;status;bron;toelichting\n"


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_template_csv_is_read_back(tmp_path):
    path = tmp_path / "metingen.csv"
    write_template(path)
    report = import_file(path)
    assert (report.rows, report.created) == (1, 1)
    found = Measurement.objects.get(indicator__code=INDICATOR, period="2024")
    assert (found.value, found.margin, found.status) == (Decimal(40), Decimal("2.1"), "provisional")
    assert found.area.code == "GM0246"


def test_excel_template_with_numbers_as_numbers(tmp_path):
    path = tmp_path / "metingen.xlsx"
    write_template(path)  # the header row of the real template
    book = Workbook()
    sheet = book.active
    sheet.append(["indicator", "gebied", "periode", "waarde", "marge", "status"])
    sheet.append([INDICATOR, "NL01", 2024, 37.5, 1.2, "definitief"])
    sheet.append([INDICATOR, "REGIO-NOG", "2024", 39, None, ""])
    book.save(path)
    report = import_file(path)
    assert report.created == 2
    assert Measurement.objects.get(
        indicator__code=INDICATOR, area__code="NL01", period="2024"
    ).value == Decimal("37.5")


def test_importing_twice_creates_no_duplicates(tmp_path):
    path = write(tmp_path, "m.csv", HEADER + f"{INDICATOR};GM0246;2024;40;;;;;\n")
    before = Measurement.objects.count()
    assert import_file(path).created == 1
    again = import_file(path)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 1)
    assert Measurement.objects.count() == before + 1


@pytest.mark.parametrize(
    ("line", "column", "value"),
    [
        ("onbekend-x;GM0246;2024;40", "indicator", "onbekend-x"),
        (f"{INDICATOR};GM9999;2024;40", "gebied", "GM9999"),
        (f"{INDICATOR};GM0246;2024;veertig", "waarde", "veertig"),
        (f"{INDICATOR};GM0246;1990;40", "periode", "1990"),
        (f"{INDICATOR};GM0246;2099;40", "periode", "2099"),
        (f"{INDICATOR};GM0246;2024-13;40", "periode", "2024-13"),
        (f"{INDICATOR};GM0246;2024;140", "waarde", "140"),
        (f"{INDICATOR};GM0246;2024;40;-1", "marge", "-1"),
    ],
)
def test_one_bad_row_writes_nothing_and_says_where(tmp_path, line, column, value):
    good = f"{INDICATOR};NL01;2023;30\n"
    path = write(tmp_path, "bad.csv", HEADER + good + line + "\n")
    before = Measurement.objects.count()
    with pytest.raises(ImportFailed) as failed:
        import_file(path)
    problem = failed.value.errors[0]
    assert (problem.file, problem.row, problem.column, problem.value) == (
        str(path),
        3,
        column,
        value,
    )
    assert Measurement.objects.count() == before


def test_the_command_names_file_row_column_and_value(tmp_path):
    path = write(tmp_path, "bad.csv", HEADER + f"{INDICATOR};GM0246;2024;veertig\n")
    with pytest.raises(CommandError) as failed:
        call_command("import_measurements", str(path))
    message = str(failed.value)
    assert f"{path}, rij 2, kolom 'waarde' ('veertig')" in message
    assert "Er is niets geïmporteerd." in message


def test_duplicate_rows_in_one_file_are_refused(tmp_path):
    row = f"{INDICATOR};GM0246;2024;40\n"
    path = write(tmp_path, "dup.csv", HEADER + row + row)
    with pytest.raises(ImportFailed) as failed:
        import_file(path)
    assert failed.value.errors[0].row == 3


def test_dry_run_writes_nothing(tmp_path, capsys):
    path = write(tmp_path, "m.csv", HEADER + f"{INDICATOR};GM0246;2024;40\n")
    before = Measurement.objects.count()
    call_command("import_measurements", str(path), "--dry-run")
    output = capsys.readouterr().out
    assert "1 nieuw" in output and "Proefdraaien" in output
    assert Measurement.objects.count() == before


def test_final_replaces_provisional_and_the_history_is_kept(tmp_path):
    provisional = write(tmp_path, "v.csv", HEADER + f"{INDICATOR};GM0246;2024;40;;;voorlopig\n")
    final = write(tmp_path, "d.csv", HEADER + f"{INDICATOR};GM0246;2024;41;;;definitief\n")
    import_file(provisional)
    # A figure stored already is replaced only when the importer says so.
    with pytest.raises(ImportFailed, match="al een cijfer"):
        import_file(final)
    assert import_file(final, replace=True).updated == 1
    found = Measurement.objects.get(indicator__code=INDICATOR, period="2024", area__code="GM0246")
    assert (found.value, found.status) == (Decimal(41), "final")
    assert [h.value for h in found.history.order_by("history_date")] == [Decimal(40), Decimal(41)]
    # A provisional figure never overwrites a final one.
    assert import_file(provisional, replace=True).kept_final == 1
    found.refresh_from_db()
    assert found.value == Decimal(41)


def test_cbs_periods():
    assert cbs_period("2020JJ00") == "2020"
    assert cbs_period("2020HJ02") == "2020-H2"
    assert cbs_period("2020KW03") == "2020-Q3"
    assert cbs_period("2020MM05") == "2020-05"
    assert cbs_period("2020XX00") is None


def _cbs_expected() -> dict[tuple[str, str], str]:
    """The figures of the three areas as the CBS file states them (read independently)."""
    with CBS_FILE.open(encoding="utf-8-sig", newline="") as stream:
        rows = list(csv.DictReader(stream, delimiter=";"))
    wanted = {"GM0246": "GM0246", "NL01": "NL01", "GG1413": "REGIO-NOG"}
    columns = {
        "EnigszinsTotSterkEenzaam_53": "t-eenzaam-jongvolwassenen",
        "HeeftSchulden_3": "t-schulden-jongvolwassenen",
        "SuicidegedachtenHeelVaak_18": "t-suicidegedachten-heel-vaak",
    }
    expected = {}
    for row in rows:
        area = wanted.get(row["RegioS"].strip())
        if area and row["Marges"] == "MW00000":
            for column, code in columns.items():
                if row[column].strip():
                    expected[(code, area)] = row[column].strip()
    return expected


@pytest.fixture
def young_adult_indicators(heerde):
    task = Task.objects.get(code="3.1")
    for i, code in enumerate(
        ["t-eenzaam-jongvolwassenen", "t-schulden-jongvolwassenen", "t-suicidegedachten-heel-vaak"]
    ):
        Indicator.objects.create(task=task, code=code, name=code, role="context", order=100 + i)


@pytest.mark.usefixtures("young_adult_indicators")
def test_real_cbs_file_gives_heerde_region_and_netherlands(capsys):
    assert Area.objects.get(code="REGIO-NOG").cbs_code == "GG1413"
    call_command("import_measurements", str(CBS_FILE), "--mapping", str(CBS_MAPPING))
    found = {
        (m.indicator.code, m.area.code): format(m.value.normalize(), "f")
        for m in Measurement.objects.filter(indicator__code__startswith="t-").select_related(
            "indicator", "area"
        )
    }
    expected = _cbs_expected()
    assert found == expected
    assert {area for _code, area in found} == {"GM0246", "REGIO-NOG", "NL01"}
    assert all(
        m.period == "2024" for m in Measurement.objects.filter(indicator__code__startswith="t-")
    )
    # Heerde's figure on very frequent suicidal thoughts is suppressed: skipped and reported.
    assert ("t-suicidegedachten-heel-vaak", "GM0246") not in found
    output = capsys.readouterr().out
    assert "SuicidegedachtenHeelVaak_18" in output and "overgeslagen" in output
    # A second import changes nothing.
    report = import_file(CBS_FILE, mapping=CBS_MAPPING)
    assert (report.created, report.updated, report.unchanged) == (0, 0, len(expected))


@pytest.mark.usefixtures("young_adult_indicators")
def test_cbs_mapping_to_an_unknown_indicator_writes_nothing(tmp_path):
    mapping = write(
        tmp_path,
        "map.yaml",
        CBS_MAPPING.read_text(encoding="utf-8").replace(
            "t-schulden-jongvolwassenen", "bestaat-niet"
        ),
    )
    with pytest.raises(ImportFailed) as failed:
        import_file(CBS_FILE, mapping=mapping)
    assert failed.value.errors[0].column == "HeeftSchulden_3"
    assert not Measurement.objects.filter(indicator__code__startswith="t-").exists()


def _big_file(tmp_path: Path, rows: int) -> Path:
    task = Task.objects.get(code="3.1")
    count = rows // (12 * 10) + 1
    existing = set(
        Indicator.objects.filter(code__startswith="bulk-").values_list("code", flat=True)
    )
    Indicator.objects.bulk_create(
        Indicator(task=task, code=f"bulk-{i}", name=f"bulk {i}", unit="count", order=1000 + i)
        for i in range(count)
        if f"bulk-{i}" not in existing
    )
    path = tmp_path / f"big-{rows}.csv"
    with path.open("w", encoding="utf-8") as stream:
        stream.write(HEADER)
        written = 0
        for i in range(count):
            for year in range(2014, 2024):
                for month in range(1, 13):
                    if written == rows:
                        return path
                    stream.write(f"bulk-{i};GM0246;{year}-{month:02d};{written};;;;;\n")
                    written += 1
    return path


def _peak(path: Path) -> int:
    tracemalloc.start()
    try:
        import_file(path, dry_run=True)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_imports_stream_in_constant_memory(tmp_path, monkeypatch):
    from koers.imports import measurements
    from koers.monitor import lookups

    # The large file names 125 indicators: more than the index keeps. Both files are
    # several batches long (a smaller batch than an import's, to keep the files small).
    monkeypatch.setattr(lookups, "KEPT_CODES", 20)
    monkeypatch.setattr(measurements, "BATCH", 1000)
    small, large = _big_file(tmp_path, 3000), _big_file(tmp_path, 15000)
    _peak(small)  # warm caches (translations, query compilation)
    small_peak, large_peak = _peak(small), _peak(large)
    print(f"peak memory: 3000 rows {small_peak} B, 15000 rows {large_peak} B")
    assert large_peak < small_peak * 1.3


@pytest.mark.parametrize("extension", ["csv", "xlsx"])
def test_template_downloads_from_the_admin(admin_client, tmp_path, extension):
    listing = admin_client.get(reverse("admin:monitor_measurement_changelist")).content.decode()
    url = reverse("admin:monitor_measurement_template", args=[extension])
    assert url in listing
    response = admin_client.get(url)
    assert response.status_code == 200
    path = tmp_path / f"download.{extension}"
    path.write_bytes(b"".join(response.streaming_content))
    assert import_file(path).created == 1


def test_a_bulk_import_keeps_the_history_one_save_would(tmp_path):
    """Rows and history are written in bulk (COPY or executemany, INSERT ... SELECT): each
    history row must hold its own figure's values, the importer and the import's reason."""
    from django.forms.models import model_to_dict

    from helpers import user

    editor = user("bulk-editor", "editor")
    victim = Measurement.objects.filter(indicator__code=INDICATOR).first()
    victim.delete()  # a gap in the ids: new rows must not take an id that was used
    rows = [f"{INDICATOR};GM0246;{year};{year - 1990};;;definitief\n" for year in range(2015, 2021)]
    rows.append(f"{INDICATOR};NL01;2019;7,5;0,5;1200;voorlopig;;uit het bestand\n")
    path = write(tmp_path, "bulk.csv", HEADER + "".join(rows))
    years = [str(year) for year in range(2015, 2021)]
    Measurement.objects.filter(indicator__code=INDICATOR, period__in=years).delete()
    assert import_file(path, user=editor).created == 7
    written = Measurement.history.filter(history_change_reason__startswith="import bulk.csv")
    imported = Measurement.objects.filter(pk__in=written.values("id"))
    assert imported.count() == written.count() == 7
    assert victim.pk not in set(imported.values_list("pk", flat=True))
    for measurement in imported:
        [entry] = measurement.history.all()
        assert (entry.history_type, entry.history_user) == ("+", editor)
        assert model_to_dict(entry.instance) == model_to_dict(measurement)
    nl = Measurement.objects.get(indicator__code=INDICATOR, area__code="NL01", period="2019")
    assert (nl.value, nl.margin, nl.sample_size, nl.note) == (
        Decimal("7.5"),
        Decimal("0.5"),
        1200,
        "uit het bestand",
    )
    # Replacing: a '~' history row with the new values and the next version.
    changed = write(tmp_path, "fix.csv", HEADER + f"{INDICATOR};NL01;2019;8;;;definitief\n")
    assert import_file(changed, user=editor, replace=True).updated == 1
    nl.refresh_from_db()
    latest = nl.history.order_by("-history_id").first()
    assert (latest.history_type, latest.version, latest.value) == ("~", 2, Decimal(8))
    assert model_to_dict(latest.instance) == model_to_dict(nl)


def test_a_repeated_figure_in_a_later_batch_is_refused(tmp_path, monkeypatch):
    """Two rows with one key in different batches: the second is refused, naming the file."""
    from koers.imports import measurements

    monkeypatch.setattr(measurements, "BATCH", 2)
    text = HEADER + "".join(
        f"{INDICATOR};GM0246;{period};{value};;;definitief\n"
        for period, value in [("2016", 1), ("2017", 2), ("2018", 3), ("2016", 4)]
    )
    path = write(tmp_path, "twice.csv", text)
    Measurement.objects.filter(indicator__code=INDICATOR, area__code="GM0246").delete()
    with pytest.raises(ImportFailed, match="eerder in het bestand") as failed:
        import_file(path)
    assert [problem.row for problem in failed.value.errors] == [5]
    assert not Measurement.objects.filter(indicator__code=INDICATOR, area__code="GM0246").exists()


def test_the_import_command_freezes_what_it_loaded_before_reading(tmp_path, monkeypatch):
    """A large file's rows cause full garbage collections; what Django loaded is frozen
    first, so they do not walk it (docs/performance.md)."""
    import gc

    frozen_before_import = []

    def import_after_freeze(*args, **kwargs):
        from koers.imports.measurements import Report

        frozen_before_import.append(bool(calls))
        return Report(str(path))

    calls: list[bool] = []
    monkeypatch.setattr(gc, "freeze", lambda: calls.append(True))
    monkeypatch.setattr(
        "koers.imports.management.commands.import_measurements.import_file", import_after_freeze
    )
    path = write(tmp_path, "metingen.csv", HEADER)
    call_command("import_measurements", str(path))
    assert frozen_before_import == [True]


def test_a_batch_stores_the_columns_only_some_of_its_rows_fill(tmp_path):
    """Columns no row of a batch fills are left to the database; one row's source,
    margin and sample size among many without must still be stored, and no other row's."""
    from koers.monitor.models import Source

    source = Source.objects.first()
    rows = [
        f"{INDICATOR};GM0246;{year};{year - 2000};;;definitief;;\n" for year in range(2013, 2021)
    ]
    rows.append(f"{INDICATOR};NL01;2016;12;1,5;800;definitief;{source.code};\n")
    Measurement.objects.filter(indicator__code=INDICATOR).delete()
    assert import_file(write(tmp_path, "deels.csv", HEADER + "".join(rows))).created == 9
    stored = Measurement.objects.filter(indicator__code=INDICATOR)
    filled = stored.exclude(margin=None)
    assert [(m.area.code, m.margin, m.sample_size, m.source) for m in filled] == [
        ("NL01", Decimal("1.5"), 800, source)
    ]
    assert stored.filter(margin=None, sample_size=None, source=None).count() == 8


def test_problems_are_listed_in_the_order_of_the_file(tmp_path):
    """A batch's rows are read before its figures meet the services' rules: a figure's
    problem in row 2 is still listed before a row's own problem in row 3."""
    path = write(
        tmp_path,
        "volgorde.csv",
        HEADER + f"{INDICATOR};GM0246;1900;30;;;;;\n{INDICATOR};GM9999;2020;30;;;;;\n",
    )
    with pytest.raises(ImportFailed) as failed:
        import_file(path)
    assert [(p.row, p.column) for p in failed.value.errors] == [(2, "periode"), (3, "gebied")]
