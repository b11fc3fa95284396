"""Comparable municipalities: chosen by editors of the whole municipality, their figures
imported like any CBS table, shown as one band (range and median) and never one by one."""

import csv
import json
import statistics
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from koers.imports.measurements import import_file
from koers.monitor.models import Area, Indicator, Measurement, PeerGroup
from koers.monitor.peer_groups import Member, read_members, set_peer_group
from koers.monitor.peers import Band, bands
from koers.plans.models import Municipality, Task

from helpers import plan_url, user

CBS_FILE = (
    Path(__file__).resolve().parents[2]
    / "shared/data/cbs/50140NED_TypedDataSet_22092025_192544.csv"
)
COLUMN = "EnigszinsTotSterkEenzaam_53"
# Heerde's neighbours and other Veluwe and IJssel municipalities of about its size.
PEERS = {
    "GM0175": "Olst-Wijhe", "GM0213": "Brummen", "GM0230": "Elburg", "GM0232": "Epe",
    "GM0233": "Ermelo", "GM0244": "Hattem", "GM0269": "Oldebroek", "GM0273": "Putten",
    "GM0285": "Voorst", "GM0302": "Nunspeet",
}  # fmt: skip


def test_a_band_needs_three_municipalities_and_has_the_median():
    figures = [("2024", Decimal(v)) for v in ("20", "30", "25", "40")] + [
        ("2020", Decimal("10")),
        ("2020", Decimal("12")),
        ("", Decimal("5")),
        ("", Decimal("7")),
        ("", Decimal("9")),
    ]
    assert bands(figures) == [
        Band("2024", 4, Decimal("20"), Decimal("28"), Decimal("40")),  # 27.5 in whole numbers
        Band("", 3, Decimal("5"), Decimal("7"), Decimal("9")),
    ]  # 2020 has two figures: no band


def test_members_are_read_one_per_line():
    members, problems = read_members("GM0232 Epe\n\ngm0244, Hattem\nGM0232\nEpe\nGM0269")
    assert members == [Member("GM0232", "Epe"), Member("GM0244", "Hattem"), Member("GM0269", "")]
    assert list(problems) == [5]


@pytest.fixture
def heerde_indicator(heerde):
    task = Task.objects.get(code="3.1")
    return Indicator.objects.create(
        task=task,
        code="3.1-eenzaam-jongvolwassenen",
        name="Jongvolwassenen die zich eenzaam voelen",
        direction="lower_better",
        order=100,
    )


def _choose(editor, members=PEERS):
    return set_peer_group(
        editor,
        Municipality.objects.get(cbs_code="GM0246"),
        [Member(code, name) for code, name in members.items()],
        basis="Buurgemeenten en gemeenten van dezelfde grootte op de Veluwe",
    )


def test_only_an_editor_of_the_whole_municipality_chooses(heerde):
    for person in (user("thema", "editor", themes=["6"]), user("lezer", "viewer")):
        with pytest.raises(PermissionDenied):
            _choose(person)
    assert not PeerGroup.objects.exists()
    editor = user("redactie", "editor")
    group = _choose(editor)
    assert sorted(group.members.values_list("cbs_code", flat=True)) == sorted(PEERS)
    assert Area.objects.get(cbs_code="GM0232").kind == "municipality"
    assert group.history.latest().history_user == editor


def test_a_wrong_member_changes_nothing(heerde):
    editor = user("redactie", "editor")
    _choose(editor, {"GM0232": "Epe"})
    for members, message in [
        ({"GM0244": "Hattem", "GM0999": ""}, "GM0999"),
        ({"GM0246": "Heerde"}, "de gemeente zelf"),
    ]:
        with pytest.raises(ValidationError, match=message):
            _choose(editor, members)
    group = PeerGroup.objects.get()
    assert list(group.members.values_list("cbs_code", flat=True)) == ["GM0232"]
    assert not Area.objects.filter(cbs_code="GM0244").exists()


def _expected_band() -> tuple[Decimal, Decimal, Decimal]:
    """From the CBS file itself, read here without Koers's reader."""
    with CBS_FILE.open(encoding="utf-8-sig", newline="") as stream:
        values = [
            Decimal(row[COLUMN])
            for row in csv.DictReader(stream, delimiter=";")
            if row["RegioS"].strip() in PEERS and row[COLUMN].strip()
        ]
    assert len(values) == len(PEERS)
    return min(values), Decimal(statistics.median(values)).quantize(Decimal("0.1")), max(values)


def _import(tmp_path) -> None:
    mapping = tmp_path / "map.yaml"
    mapping.write_text(
        "table: 50140NED\nperiod: '2024'\nsource: cbs\nmunicipality: GM0246\n"
        "filters:\n  Persoonskenmerken: T009002\n"
        f"columns:\n  {COLUMN}: 3.1-eenzaam-jongvolwassenen\n",
        encoding="utf-8",
    )
    import_file(CBS_FILE, mapping=mapping)


def test_the_indicator_page_shows_the_band_not_the_municipalities(
    client, heerde_indicator, tmp_path
):
    _choose(user("redactie", "editor"))
    _import(tmp_path)
    # Heerde, its GGD region, the Netherlands and the ten comparable municipalities.
    assert Measurement.objects.filter(indicator=heerde_indicator).count() == 13
    low, median, high = _expected_band()
    html = client.get(plan_url("web:indicator", heerde_indicator.code)).content.decode()
    table = html.split("<caption")[1].split("</table>")[0]
    assert "Vergelijkbare gemeenten" in table
    shown = f"mediaan {median:.1f}".replace(".", ",")
    assert shown in table, table
    assert f"({low:.1f}% tot {high:.1f}%, 10 gemeenten)".replace(".", ",") in table
    assert "Epe" not in table and "Hattem" not in html  # never one by one
    # The chart: the median as a bar of its own, the range as a line through it.
    spec = html.split('<script id="spec-')[1].split("</script>")[0]
    assert "Mediaan vergelijkbare gemeenten" in spec and '"x2"' in spec


def test_the_band_never_counts_for_a_status(client, heerde_indicator, tmp_path):
    from koers.monitor.models import Target
    from koers.monitor.tree import load_plan
    from koers.plans.models import Framework

    Target.objects.create(
        indicator=heerde_indicator, kind="direction", direction="decrease", sentence="neemt af"
    )
    heerde_area = Area.objects.get(code="GM0246")
    for period, value in (("2020", 40), ("2022", 45)):  # rising: off track
        Measurement.objects.create(
            indicator=heerde_indicator, area=heerde_area, period=period, value=value
        )
    on = date(2026, 12, 1)
    before = load_plan(Framework.objects.get(), on).of(heerde_indicator)
    _choose(user("redactie", "editor"))
    _import(tmp_path)
    # Only the comparable municipalities' 2024 figures stay: all lower than Heerde's.
    Measurement.objects.filter(indicator=heerde_indicator, period="2024").exclude(
        area__cbs_code__in=list(PEERS)
    ).delete()
    after = load_plan(Framework.objects.get(), on).of(heerde_indicator)
    assert before.code == after.code == "off_track"
    assert after.reason == before.reason


def test_the_page_lists_the_members_and_saves_the_form(client, heerde):
    url = plan_url("web:peer_group")
    assert "heeft nog geen vergelijkbare gemeenten" in client.get(url).content.decode()
    client.force_login(user("thema", "editor", themes=["6"]))
    assert client.post(url, {"leden": "GM0232 Epe"}).status_code == 403
    client.force_login(user("redactie", "editor"))
    refused = client.post(url, {"leden": "GM0232 Epe\nEpe", "naam": "", "grond": ""})
    assert "Er is niets opgeslagen" in refused.content.decode()
    assert not PeerGroup.objects.exists()
    saved = client.post(
        url, {"leden": "GM0232 Epe\nGM0244 Hattem", "naam": "Buren", "grond": "buurgemeenten"}
    )
    assert saved.status_code == 302
    page = client.get(url).content.decode()
    assert "Buren" in page and "Epe" in page and "Hattem" in page and "buurgemeenten" in page


def test_the_report_carries_the_band_in_its_content_chart_and_text(heerde_indicator, tmp_path):
    import jsonschema

    from koers.reports.content import build_content
    from koers.reports.formats.html import render_html
    from koers.reports.formats.opendata import render_json

    _choose(user("redactie", "editor"))
    _import(tmp_path)
    framework = heerde_indicator.task.framework
    content = build_content(framework.pk, None, date(2026, 12, 1))
    found = next(
        i
        for theme in content["themes"]
        for task in theme["tasks"]
        for i in task["indicators"]
        if i["code"] == heerde_indicator.code
    )
    low, median, high = _expected_band()
    assert found["peer_band"] == {
        "period": "2024", "count": 10, "low": float(low), "median": float(median),
        "high": float(high),
    }  # fmt: skip
    assert [b["area"] for b in found["benchmarks"]] == ["REGIO-NOG", "NL01"]  # no Epe
    schema = Path(__file__).resolve().parents[1] / "src/koers/reports/schema/report-v1.schema.json"
    published = json.loads(render_json(content))  # the open-data JSON, without the drawings
    jsonschema.Draft202012Validator(json.loads(schema.read_text("utf-8"))).validate(published)
    html = render_html(content)
    assert f"mediaan {median:.1f}%".replace(".", ",") in html
    assert "Mediaan vergelijkbare gemeenten" in html  # the chart's series


def test_a_trend_draws_the_band_behind_the_lines(heerde_indicator):
    from koers.monitor.charts import indicator_spec

    heerde_area = Area.objects.get(code="GM0246")
    for period, value in (("2020", 40), ("2024", 45)):
        Measurement.objects.create(
            indicator=heerde_indicator, area=heerde_area, period=period, value=value
        )
    indicator = Indicator.objects.prefetch_related("measurements__area").get(pk=heerde_indicator.pk)
    indicator.peer_bands = [
        Band("2020", 5, Decimal("30"), Decimal("35"), Decimal("41")),
        Band("2024", 5, Decimal("33"), Decimal("38"), Decimal("44")),
    ]
    spec = indicator_spec(indicator, heerde_indicator.task.framework)
    first = spec["layer"][0]
    assert first["mark"]["type"] == "area" and first["encoding"]["y2"]["field"] == "hoog"
    assert [r["laag"] for r in first["data"]["values"]] == [30.0, 33.0]
    assert spec["usermeta"]["lines"]["peer_band"] is True
    lines = spec["layer"][1]["data"]["values"]
    assert {r["gebied"] for r in lines} == {"Heerde", "Mediaan vergelijkbare gemeenten"}


def test_the_api_names_the_comparable_municipalities(client, heerde):
    _choose(
        user("redactie", "editor"), {"GM0232": "Epe", "GM0244": "Hattem", "GM0269": "Oldebroek"}
    )
    found = client.get("/api/v1/peer-groups/?municipality=GM0246").json()["results"]
    assert [(g["municipality"], [m["cbs_code"] for m in g["members"]]) for g in found] == [
        ("GM0246", ["GM0232", "GM0244", "GM0269"])
    ]
    assert client.get("/api/v1/peer-groups/?municipality=GM0200").json()["count"] == 0


# A classification table in StatLine's TypedDataSet shape (codes as CBS writes them, padded
# with spaces; two periods, the newest has moved Hattem to another urbanity class).
CLASSES = (
    "\ufeffID;WijkenEnBuurten;Perioden;Gemeentenaam_1;Gemeentegrootte_2;MateVanStedelijkheid_3\r\n"
    "0;GM0246    ;2023JJ00;Heerde;4;4\r\n"
    "1;GM0232    ;2023JJ00;Epe;5;4\r\n"
    "2;GM0244    ;2023JJ00;Hattem;3;4\r\n"
    "3;GM0246    ;2024JJ00;Heerde                   ;4;4\r\n"
    "4;GM0232    ;2024JJ00;Epe;5;4\r\n"
    "5;GM0244    ;2024JJ00;Hattem;4;3\r\n"
    "6;GM0269    ;2024JJ00;Oldebroek;4;4\r\n"
    "7;GM0175    ;2024JJ00;Olst-Wijhe;4;4\r\n"
    "8;GM0302    ;2024JJ00;Nunspeet;4;4\r\n"
    "9;NL01      ;2024JJ00;Nederland;;\r\n"
    "10;GM0273    ;2024JJ00;Putten;4;\r\n"
)


def test_a_classification_table_chooses_the_group(heerde, tmp_path, capsys):
    from django.core.management import CommandError, call_command

    path = tmp_path / "kerncijfers.csv"
    path.write_text(CLASSES, encoding="utf-8")
    args = [str(path), "--municipality", "GM0246", "--key", "WijkenEnBuurten"]
    names = ["--names", "Gemeentenaam_1"]
    call_command("peer_group", *args, "--by", "Gemeentegrootte_2", "--by",
                 "MateVanStedelijkheid_3", *names)  # fmt: skip
    group = PeerGroup.objects.get()
    assert sorted(group.members.values_list("name", flat=True)) == [
        "Nunspeet", "Oldebroek", "Olst-Wijhe",
    ]  # fmt: skip
    assert "2024JJ00" in group.basis and "Gemeentegrootte_2 4" in group.basis
    assert "3 vergelijkbare gemeenten voor Heerde" in capsys.readouterr().out
    call_command("peer_group", *args, "--by", "Gemeentegrootte_2", "--period", "2023JJ00", *names)
    assert list(PeerGroup.objects.get().members.values_list("name", flat=True)) == []
    with pytest.raises(CommandError, match="kolom Stedelijkheid"):
        call_command("peer_group", *args, "--by", "Stedelijkheid")
    with pytest.raises(CommandError, match=r"geen rij voor GM0246 \(2022JJ00\)"):
        call_command("peer_group", *args, "--by", "MateVanStedelijkheid_3", "--period", "2022JJ00")
