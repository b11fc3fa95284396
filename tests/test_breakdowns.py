"""Figures by category (breakdowns): a CBS StatLine table's Persoonskenmerken become
categories, counts by category add up to their total, a target can be about one category,
and the indicator page shows the figures by category as a chart and a table."""

import csv
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError

from koers.imports.measurements import ImportFailed, import_file
from koers.monitor.models import Area, Category, Dimension, Indicator, Measurement, Target
from koers.monitor.services import Figure, record_measurement
from koers.monitor.tree import load_plan
from koers.plans.models import Framework, Task

from helpers import plan_url, reported_indicator, user

pytestmark = pytest.mark.usefixtures("heerde")

CBS_FILE = (
    Path(__file__).resolve().parents[2]
    / "shared/data/cbs/50140NED_TypedDataSet_22092025_192544.csv"
)
COLUMN = "EnigszinsTotSterkEenzaam_53"
# The shared file holds only the total (T009002). These category rows are made up in the
# shape StatLine gives them (same header, key columns and padding); the codes are ours.
CATEGORIES = {
    "3000": ("geslacht-man", "Man", "geslacht"),
    "4000": ("geslacht-vrouw", "Vrouw", "geslacht"),
    "53105": ("leeftijd-16-17", "16 en 17 jaar", "leeftijd"),
    "53500": ("leeftijd-18-25", "18 tot en met 25 jaar", "leeftijd"),
}
AREAS = {"GM0246": "GM0246", "GG1413": "REGIO-NOG", "NL01  ": "NL01"}
MAPPING = """table: 50140NED
period: "2024"
source: cbs
municipality: GM0246
columns:
  EnigszinsTotSterkEenzaam_53: 3.1-eenzaam-jongvolwassenen
breakdown:
  column: Persoonskenmerken
  total: T009002
  dimensions:
    geslacht: {name: Geslacht, exhaustive: true}
    leeftijd: {name: Leeftijdsgroep, exhaustive: true}
  categories:
"""


def _statline_file(tmp_path: Path) -> tuple[Path, dict[tuple[str, str], Decimal]]:
    """The real file's rows, plus rows by sex and age group for three areas; returns the
    file and the value of each (area, category) it states."""
    with CBS_FILE.open(encoding="utf-8-sig", newline="") as stream:
        reader = csv.reader(stream, delimiter=";")
        header = next(reader)
        rows = list(reader)
    at = {name: i for i, name in enumerate(header)}
    expected: dict[tuple[str, str], Decimal] = {}
    extra = []
    for row in rows:
        area = AREAS.get(row[at["RegioS"]])
        if area is None or row[at["Marges"]] != "MW00000":
            continue
        total = Decimal(row[at[COLUMN]])
        expected[(area, "")] = total
        for i, (code, (category, _name, _dimension)) in enumerate(CATEGORIES.items()):
            value = total + Decimal(i * 3 - 4)
            copy = list(row)
            copy[at["Persoonskenmerken"]] = code.ljust(7)  # StatLine pads its keys
            copy[at[COLUMN]] = str(value)
            extra.append(copy)
            expected[(area, category)] = value
    path = tmp_path / "50140NED_met_persoonskenmerken.csv"
    with path.open("w", encoding="utf-8-sig", newline="") as stream:
        writer = csv.writer(stream, delimiter=";", lineterminator="\r\n")
        writer.writerow(header)
        writer.writerows(rows + extra)
    return path, expected


def _mapping(tmp_path: Path) -> Path:
    lines = [
        f'    "{code.strip()}": {{code: {category}, name: "{name}", dimension: {dimension}}}'
        for code, (category, name, dimension) in CATEGORIES.items()
    ]
    path = tmp_path / "50140NED.yaml"
    path.write_text(MAPPING + "\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def young_adults():
    return Indicator.objects.create(
        task=Task.objects.get(code="3.1"),
        code="3.1-eenzaam-jongvolwassenen",
        name="Jongvolwassenen die zich eenzaam voelen",
        direction="lower_better",
        order=100,
    )


def test_a_statline_table_imports_with_its_categories(tmp_path, young_adults):
    path, expected = _statline_file(tmp_path)
    report = import_file(path, mapping=_mapping(tmp_path))
    assert report.created == len(expected) == 15  # three areas, the total and four groups
    found = {
        (m.area.code, m.category.code if m.category else ""): m.value
        for m in Measurement.objects.filter(indicator=young_adults).select_related(
            "area", "category"
        )
    }
    assert found == expected
    sex = Dimension.objects.get(code="geslacht")
    assert (sex.name, sex.exhaustive) == ("Geslacht", True)
    assert list(sex.categories.values_list("code", flat=True)) == [
        "geslacht-man",
        "geslacht-vrouw",
    ]
    # Again: nothing changes, no category is made twice.
    again = import_file(path, mapping=_mapping(tmp_path))
    assert (again.created, again.updated, again.unchanged) == (0, 0, 15)
    assert Category.objects.count() == 4


@pytest.mark.parametrize(
    ("mapping", "column"),
    [
        (MAPPING + '    "3000": {name: Man}\n', "breakdown.categories.3000"),
        (
            MAPPING.replace("{name: Geslacht, exhaustive: true}", "Geslacht")
            + '    "3000": {code: geslacht-man, name: Man, dimension: geslacht}\n',
            "breakdown.dimensions.geslacht",
        ),
        (MAPPING.replace("  column: Persoonskenmerken\n", ""), "breakdown.column"),
    ],
)
def test_a_mapping_without_categories_changes_nothing(tmp_path, young_adults, mapping, column):
    path, _expected = _statline_file(tmp_path)
    bad = tmp_path / "bad.yaml"
    bad.write_text(mapping, encoding="utf-8")
    with pytest.raises(ImportFailed) as failed:
        import_file(path, mapping=bad)
    assert failed.value.errors[0].column == column
    assert not Measurement.objects.filter(indicator=young_adults).exists()
    assert not Dimension.objects.exists()


def _clients_indicator() -> Indicator:
    return Indicator.objects.create(
        task=Task.objects.get(code="6.3"),
        code="6.3-clienten-jeugdhulp",
        name="Jongeren met jeugdhulp",
        unit="count",
        order=100,
    )


def _sexes() -> tuple[Category, Category]:
    dimension = Dimension.objects.create(code="geslacht", name="Geslacht", exhaustive=True)
    return (
        Category.objects.create(dimension=dimension, code="geslacht-man", name="Man", order=1),
        Category.objects.create(dimension=dimension, code="geslacht-vrouw", name="Vrouw", order=2),
    )


def test_counts_by_category_add_up_to_the_total(tmp_path):
    indicator = _clients_indicator()
    _sexes()
    path = tmp_path / "jeugdhulp.csv"
    path.write_text(
        "indicator;gebied;periode;categorie;waarde\n"
        f"{indicator.code};GM0246;2023;;300\n"
        f"{indicator.code};GM0246;2023;geslacht-man;160\n"
        f"{indicator.code};GM0246;2023;geslacht-vrouw;150\n",
        encoding="utf-8",
    )
    with pytest.raises(ImportFailed) as failed:
        import_file(path)
    [problem] = failed.value.errors
    assert (problem.row, problem.column, problem.value) == (4, "waarde", "150")
    assert "310" in problem.message and "300" in problem.message and "geslacht" in problem.message
    assert not Measurement.objects.filter(indicator=indicator).exists()
    # Corrected, the file is taken; a part that is not there yet is nothing to compare.
    path.write_text(path.read_text().replace(";150", ";140"), encoding="utf-8")
    assert import_file(path).created == 3


def test_one_figure_that_breaks_the_sum_is_refused():
    indicator = _clients_indicator()
    man, woman = _sexes()
    home = Area.objects.get(code="GM0246")
    editor = user("redactie", "editor")
    for category, value in ((None, 300), (man, 160)):
        record_measurement(
            editor, Figure(indicator, home, "2023", Decimal(value), category=category)
        )
    with pytest.raises(ValidationError, match="310"):
        record_measurement(editor, Figure(indicator, home, "2023", Decimal(150), category=woman))
    assert not Measurement.objects.filter(category=woman).exists()
    record_measurement(editor, Figure(indicator, home, "2023", Decimal(140), category=woman))
    # The same key for everyone and for a category are two figures, not one.
    assert Measurement.objects.filter(indicator=indicator, period="2023").count() == 3


def test_a_target_about_a_category_is_judged_on_its_figures():
    indicator = Indicator.objects.get(code="3.1-eenzaamheid-65plus")
    Measurement.objects.filter(indicator=indicator).delete()
    Target.objects.filter(indicator=indicator).delete()
    _man, woman = _sexes()
    home = Area.objects.get(code="GM0246")
    Target.objects.create(
        indicator=indicator, kind="maximum", value=Decimal(30), category=woman, order=0
    )
    for period, category, value in (
        ("2022", None, 22),
        ("2024", None, 20),
        ("2022", woman, 40),
        ("2024", woman, 45),
    ):
        Measurement.objects.create(
            indicator=indicator, area=home, period=period, value=value, category=category
        )
    plan = load_plan(Framework.objects.get(), date(2025, 6, 1))
    status = plan.of(indicator)
    assert status.code == "off_track", status  # 45 for women, above 30; 20 for all is fine


def test_the_indicator_page_shows_the_figures_by_category(client, tmp_path, young_adults):
    path, expected = _statline_file(tmp_path)
    import_file(path, mapping=_mapping(tmp_path))
    html = client.get(plan_url("web:indicator", young_adults.code)).content.decode()
    section = html.split("Naar geslacht (2024)")[1].split("</table>")[0]
    assert "<svg" in section  # the chart
    table = section.split("<table")[1]
    for area in ("Heerde", "Nederland"):
        assert area in table
    man = expected[("GM0246", "geslacht-man")]
    assert f"{man:.1f}%".replace(".", ",") in table.split("Man</th>")[1].split("</tr>")[0]
    assert "Naar leeftijdsgroep (2024)" in html


def test_an_editor_enters_a_figure_for_a_group_on_the_page(client):
    indicator = _clients_indicator()
    man, woman = _sexes()
    home = Area.objects.get(code="GM0246")
    client.force_login(user("redactie", "editor"))
    url = plan_url("web:measure", indicator.code)
    page = client.get(plan_url("web:indicator", indicator.code)).content.decode()
    assert "iedereen (geen groep)" in page and "Geslacht: Vrouw" in page
    base = {"area": home.pk, "period": "2023", "status": "final"}
    for category, value in (("", 300), (man.pk, 160)):
        response = client.post(url, {**base, "category": category, "value": value})
        assert response.status_code == 302, response.content.decode()[:2000]
    response = client.post(url, {**base, "category": woman.pk, "value": 150})
    assert response.status_code == 200
    assert "tellen op tot 310, niet tot het totaal 300" in response.content.decode()
    assert not Measurement.objects.filter(category=woman).exists()
    assert client.post(url, {**base, "category": woman.pk, "value": 140}).status_code == 302
    assert Measurement.objects.get(category=woman).value == 140


def test_reports_and_the_api_carry_the_figures_by_category(client, tmp_path, young_adults):
    from django.urls import reverse

    path, expected = _statline_file(tmp_path)
    import_file(path, mapping=_mapping(tmp_path))
    found = reported_indicator(young_adults.code, date(2025, 6, 1))
    by_sex = next(b for b in found["breakdowns"] if b["dimension"] == "Geslacht")
    assert by_sex["period"] == "2024"
    assert by_sex["areas"] == ["Heerde", "Regio Noord- en Oost-Gelderland", "Nederland"]
    women = next(r for r in by_sex["rows"] if r["category"] == "Vrouw")
    assert [c["value"] for c in women["cells"]] == [
        float(expected[(area, "geslacht-vrouw")]) for area in ("GM0246", "REGIO-NOG", "NL01")
    ]
    # Figures for everyone stay figures for everyone: three areas, no category among them.
    assert len(found["measurements"]) == 3
    api = client.get(reverse("api:measurement-list"), {"indicator": young_adults.code})
    assert {r["category"] for r in api.json()["results"]} == {
        None,
        "geslacht-man",
        "geslacht-vrouw",
        "leeftijd-16-17",
        "leeftijd-18-25",
    }
    women = client.get(
        reverse("api:measurement-list"),
        {"indicator": young_adults.code, "category": "geslacht-vrouw"},
    ).json()["results"]
    assert {r["area"] for r in women} == {"GM0246", "REGIO-NOG", "NL01"}
    everyone = client.get(
        reverse("api:measurement-list"), {"indicator": young_adults.code, "broken_down": "false"}
    ).json()["results"]
    assert [r["category"] for r in everyone] == [None] * 3
    dimensions = client.get(reverse("api:dimension-list")).json()["results"]
    assert [(d["code"], [c["code"] for c in d["categories"]]) for d in dimensions] == [
        ("geslacht", ["geslacht-man", "geslacht-vrouw"]),
        ("leeftijd", ["leeftijd-16-17", "leeftijd-18-25"]),
    ]


def test_the_database_holds_one_figure_per_key_with_or_without_a_group():
    from django.db import IntegrityError, transaction

    indicator = _clients_indicator()
    man, _woman = _sexes()
    home = Area.objects.get(code="GM0246")
    for category in (None, man):
        Measurement.objects.create(
            indicator=indicator, area=home, period="2023", value=10, category=category
        )
        with pytest.raises(IntegrityError), transaction.atomic():
            Measurement.objects.create(
                indicator=indicator, area=home, period="2023", value=11, category=category
            )
    assert Measurement.objects.filter(indicator=indicator).count() == 2


def test_the_api_and_its_bulk_write_keep_the_sum_too():
    from rest_framework.test import APIClient

    indicator = _clients_indicator()
    _sexes()
    api = APIClient(HTTP_HOST="localhost")
    api.force_authenticate(user("redactie", "editor"))
    base = {"indicator": indicator.code, "area": "GM0246", "period": "2023"}
    for category, value in ((None, "300"), ("geslacht-man", "160")):
        response = api.post(
            "/api/v1/measurements/", {**base, "category": category, "value": value}, format="json"
        )
        assert response.status_code == 201, response.json()
    refused = api.post(
        "/api/v1/measurements/",
        {**base, "category": "geslacht-vrouw", "value": "150"},
        format="json",
    )
    assert refused.status_code == 400
    assert "310" in str(refused.json()["value"])
    bulk = api.post(
        "/api/v1/measurements/bulk/",
        {"measurements": [{**base, "category": "geslacht-vrouw", "value": "150"}]},
        format="json",
    )
    assert bulk.status_code == 400 and "310" in bulk.json()["errors"][0]["message"]
    assert not Measurement.objects.filter(category__code="geslacht-vrouw").exists()


def test_a_category_code_that_is_no_code_is_refused_with_its_name(tmp_path, young_adults):
    path, _expected = _statline_file(tmp_path)
    mapping = tmp_path / "bad.yaml"
    mapping.write_text(
        MAPPING + '    "3000": {code: "man of vrouw", name: Man, dimension: geslacht}\n',
        encoding="utf-8",
    )
    with pytest.raises(ImportFailed) as failed:
        import_file(path, mapping=mapping)
    first = failed.value.errors[0]
    assert (first.column, first.row) == ("breakdown", 0)
    assert "'man of vrouw'" in first.message
    assert not Dimension.objects.exists()
    assert not Measurement.objects.filter(indicator=young_adults).exists()
