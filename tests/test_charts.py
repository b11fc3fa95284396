"""Indicator charts: which chart the figures get, what it draws, how readable it is, and
the downloads of the chart and its figures."""

import csv
import io
import re

import pytest

from koers.monitor.charts import ChartKind, indicator_spec, png, svg
from koers.monitor.models import Area, Indicator, Measurement

from helpers import plan_url, user

pytestmark = pytest.mark.usefixtures("heerde")


def _indicator(code: str) -> Indicator:
    return Indicator.objects.get(code=code)


def _spec(code: str) -> dict:
    indicator = _indicator(code)
    return indicator_spec(indicator, indicator.task.framework)


def test_a_trend_labels_every_year_under_its_figure():
    spec = _spec("3.1-eenzaamheid-65plus")  # Heerde 2016 and 2020
    assert spec["usermeta"]["kind"] == ChartKind.TREND
    axis = spec["layer"][0]["encoding"]["x"]["axis"]
    assert [v["year"] for v in axis["values"]] == [2016, 2017, 2018, 2019, 2020]
    # The domain starts before the first figure's year, so its label is drawn too.
    assert spec["layer"][0]["encoding"]["x"]["scale"]["domain"] == ["2016-01-01", "2020-12-31"]
    drawn = svg(spec)
    for year in range(2016, 2021):
        assert f">{year}</text>" in drawn, year


def test_every_text_in_a_chart_is_at_least_12_px():
    for code in ["3.1-eenzaamheid-65plus", "3.3-vrijwilligers", "4.4-kinddossiers-risicofactoren"]:
        drawn = svg(_spec(code))
        sizes = [float(s) for s in re.findall(r'font-size="([0-9.]+)px"', drawn)]
        sizes += [float(s) for s in re.findall(r"font-size:\s*([0-9.]+)px", drawn)]
        assert sizes and min(sizes) >= 12, (code, sorted(set(sizes)))


def test_the_trend_draws_the_path_to_the_target():
    spec = _spec("4.4-kinddossiers-risicofactoren")
    measured, path = spec["layer"]
    assert [v["waarde"] for v in measured["data"]["values"]] == [222]
    # 222 children in 2021, five fewer every year until 2027: 192.
    assert [v["waarde"] for v in path["data"]["values"]] == [222, 192]
    assert spec["usermeta"]["lines"] == {"target_path": True, "undated": False}
    assert measured["encoding"]["shape"]["field"] == "gebied"  # not colour alone
    years = [v["year"] for v in measured["encoding"]["x"]["axis"]["values"]]
    assert years == list(range(2021, 2028))  # up to the target year


def test_one_period_of_several_areas_is_a_comparison_of_bars():
    """Heerde 38% against Nederland 25%, neither with a year: bars, each with its value."""
    spec = _spec("3.3-vrijwilligers")
    assert spec["usermeta"]["kind"] == ChartKind.COMPARISON
    bars = (spec.get("data") or spec["layer"][0]["data"])["values"]
    assert [(b["label"], b["tekst"]) for b in bars] == [
        ("Heerde (jaar niet vermeld)", "38%"),
        ("Nederland (jaar niet vermeld)", "25%"),
    ]
    drawn = svg(spec)
    assert "38%" in drawn and "25%" in drawn
    assert spec["description"] == (
        "Heerde (jaar niet vermeld): 38%; Nederland (jaar niet vermeld): 25%"
    )


def test_a_comparison_draws_the_target_level():
    indicator = _indicator("3.3-vrijwilligers")
    indicator.targets.all().delete()
    indicator.targets.create(
        kind="value_by_year", sentence="40% in 2027", value=40, target_year=2027
    )
    spec = indicator_spec(indicator, indicator.task.framework)
    rule = spec["layer"][-1]
    assert rule["mark"]["type"] == "rule"
    assert rule["data"]["values"] == [{"waarde": 40.0, "lijn": "doel 2027"}]
    assert spec["usermeta"]["lines"] == {"target_level": True}


def test_a_trend_shows_figures_without_a_year_as_level_lines():
    indicator = _indicator("4.4-kinddossiers-risicofactoren")
    Measurement.objects.create(
        indicator=indicator, area=Area.objects.get(code="GM0246"), period="", value=230
    )
    spec = indicator_spec(indicator, indicator.task.framework)
    rule = next(layer for layer in spec["layer"] if layer["mark"]["type"] == "rule")
    assert rule["data"]["values"] == [
        {"waarde": 230.0, "gebied": "Heerde", "lijn": "Heerde, jaar niet vermeld"}
    ]
    assert spec["description"] == "Heerde 2021: 222; Heerde (jaar niet vermeld): 230"
    assert spec["usermeta"]["lines"]["undated"] is True


def test_one_figure_without_a_year_has_no_chart():
    indicator = _indicator("3.3-vrijwilligers")
    indicator.measurements.exclude(area__code="GM0246").delete()
    assert indicator_spec(indicator, indicator.task.framework) is None


def test_the_page_offers_the_chart_and_its_figures_as_files(client):
    html = client.get(plan_url("web:indicator", "3.3-vrijwilligers")).content.decode()
    for fmt in ["png", "svg", "csv"]:
        assert plan_url("web:chart_file", "3.3-vrijwilligers", fmt) in html
    assert "Grafiek als PNG" in html and "Cijfers als CSV" in html
    assert "Elk gebied heeft een eigen staaf, met de waarde ernaast." in html


def test_chart_downloads(client):
    response = client.get(plan_url("web:chart_file", "3.1-eenzaamheid-65plus", "png"))
    assert response["Content-Type"] == "image/png"
    assert response.content.startswith(b"\x89PNG")
    assert "3-1-eenzaamheid-65plus" in response["Content-Disposition"]
    response = client.get(plan_url("web:chart_file", "3.1-eenzaamheid-65plus", "svg"))
    assert response["Content-Type"] == "image/svg+xml"
    assert b">2016</text>" in response.content
    assert (
        client.get(plan_url("web:chart_file", "3.1-eenzaamheid-65plus", "gif")).status_code == 404
    )


def _csv(client, code: str) -> list[list[str]]:
    response = client.get(plan_url("web:chart_file", code, "csv"))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = response.content.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text), delimiter=";"))


def test_the_csv_lists_the_figures_as_the_reader_may_see_them(client):
    indicator = _indicator("3.1-eenzaamheid-65plus")
    home = Area.objects.get(code="GM0246")
    Measurement.objects.create(
        indicator=indicator, area=home, period="2024", value="40.5", confirmed=False
    )
    rows = _csv(client, "3.1-eenzaamheid-65plus")
    assert rows == [
        ["Indicator", "Gebied", "Periode", "Waarde", "Eenheid"],
        ["Eenzaamheid onder 65-plussers", "Heerde", "2016", "33", "procent"],
        ["Eenzaamheid onder 65-plussers", "Heerde", "2020", "42", "procent"],
    ]  # the unconfirmed 2024 figure is for the team only
    client.force_login(user("adviseur", "editor", themes=["3"]))
    rows = _csv(client, "3.1-eenzaamheid-65plus")
    assert rows[-1] == ["Eenzaamheid onder 65-plussers", "Heerde", "2024", "40,5", "procent"]


def test_a_png_of_an_indicator_without_figures_is_not_found(client):
    indicator = _indicator("3.3-vrijwilligers")
    indicator.measurements.all().delete()
    response = client.get(plan_url("web:chart_file", "3.3-vrijwilligers", "png"))
    assert response.status_code == 404
    assert _csv(client, "3.3-vrijwilligers") == [
        ["Indicator", "Gebied", "Periode", "Waarde", "Eenheid"]
    ]


def test_png_of_a_long_comparison_renders():
    indicator = _indicator("3.3-vrijwilligers")
    for n in range(8):
        area = Area.objects.create(
            code=f"X{n}", name=f"Vergelijkbare gemeente {n}", kind="municipality"
        )
        Measurement.objects.create(indicator=indicator, area=area, period="", value=20 + n)
    spec = indicator_spec(indicator, indicator.task.framework)
    assert len((spec.get("data") or spec["layer"][0]["data"])["values"]) == 10
    assert png(spec).startswith(b"\x89PNG")
