"""Indicator charts: a Vega-Lite specification (built with Altair) rendered to SVG.

The chart shows the municipality's measurements, the benchmarks of other areas as their
own lines, and the path from the baseline to the target when the target has a level and a
year. Each area has its own colour and its own point shape, so colour is never the only
difference; every chart has a table with the same numbers next to it.
"""

import json
from datetime import date
from decimal import Decimal
from functools import lru_cache
from typing import Any, TypedDict

import altair as alt

from koers.monitor.models import Indicator
from koers.monitor.periods import period_end, period_middle
from koers.monitor.status import target_level
from koers.monitor.tree import is_home, target_spec
from koers.plans.models import Framework

SHAPES = ["circle", "square", "triangle-up", "diamond", "cross", "triangle-down"]
COLOURS = ["#0b4f8a", "#a34700", "#4d4d4d", "#6b2d8f", "#1d6b3a", "#8a0b3c"]


def _level(indicator: Indicator, base: tuple[date, float]) -> tuple[date, float] | None:
    """Where the target wants the figure to be, and by when, when the target says so."""
    for target in indicator.targets.all():
        if target.target_year is None:
            continue
        end = date(target.target_year, 12, 31)
        if target.kind == "change_per_year" and target.change is not None:
            years = target.target_year - base[0].year
            return end, base[1] + float(target.change) * years
        if target.kind == "relative_change" and target.change is None:
            continue
        level = target_level(target_spec(target), Decimal(str(base[1])))
        if level is not None:
            return end, float(level)
    return None


class ChartRow(TypedDict):
    """One figure as the chart's data: Dutch names, as they show in the chart's tooltips."""

    datum: str
    waarde: float
    gebied: str
    periode: str
    home: bool


def indicator_spec(
    indicator: Indicator, framework: Framework, until: date | None = None
) -> dict[str, Any] | None:
    """The Vega-Lite specification of an indicator's chart, or None without dated figures.

    `until` leaves out figures of periods that had not ended by then (reports on a past date).
    """
    rows: list[ChartRow] = [
        {
            "datum": period_middle(m.period).isoformat(),
            "waarde": float(m.value),
            "gebied": m.area.name,
            "periode": m.period,
            "home": is_home(m, framework),
        }
        for m in indicator.measurements.all()
        if m.period and (until is None or period_end(m.period) <= until)
    ]
    if not rows:
        return None
    areas = sorted({r["gebied"] for r in rows}, key=lambda a: (a != _home_name(rows), a))
    scale_colour = alt.Scale(domain=areas, range=COLOURS[: len(areas)])
    scale_shape = alt.Scale(domain=areas, range=SHAPES[: len(areas)])
    percent = indicator.unit in (Indicator.Unit.PERCENT, Indicator.Unit.PERCENT_CHANGE)
    y = alt.Y("waarde:Q", title="%" if percent else "", scale=alt.Scale(zero=percent))
    series = (
        alt.Chart(alt.Data(values=rows))
        .mark_line(point=alt.OverlayMarkDef(size=80, filled=True))
        .encode(
            x=alt.X("datum:T", title="", axis=alt.Axis(format="%Y", tickCount="year")),
            y=y,
            color=alt.Color("gebied:N", scale=scale_colour, title=""),
            shape=alt.Shape("gebied:N", scale=scale_shape, title=""),
            tooltip=["gebied:N", "periode:N", "waarde:Q"],
        )
    )
    layers = [series]
    lines = {"target_path": False, "undated_baseline": False}  # for the caption
    home = sorted((r for r in rows if r["home"]), key=lambda r: r["datum"])
    if home:
        base = (date.fromisoformat(home[0]["datum"]), home[0]["waarde"])
        level = _level(indicator, base)
        if level is not None:
            path = [
                {"datum": base[0].isoformat(), "waarde": base[1], "lijn": "pad naar het doel"},
                {"datum": level[0].isoformat(), "waarde": level[1], "lijn": "pad naar het doel"},
            ]
            layers.append(
                alt.Chart(alt.Data(values=path))
                .mark_line(strokeDash=[6, 4], color="#1d6b3a")
                .encode(x="datum:T", y="waarde:Q")
            )
            lines["target_path"] = True
    description = _description(rows)
    undated = next(
        (m for m in indicator.measurements.all() if not m.period and is_home(m, framework)), None
    )
    if undated is not None:  # a baseline without a year: a level line, said to be one
        label = "nulmeting (jaar onbekend)"
        layers.append(
            alt.Chart(alt.Data(values=[{"waarde": float(undated.value), "lijn": label}]))
            .mark_rule(strokeDash=[2, 3], color="#545454")
            .encode(y="waarde:Q", tooltip=["lijn:N", "waarde:Q"])
        )
        description += f"; {label}: {float(undated.value):g}"
        lines["undated_baseline"] = True
    chart = alt.layer(*layers).properties(
        width="container",
        height=220,
        title=indicator.name,
        description=description,
        usermeta={"lines": lines},
    )
    return chart.to_dict()


def _home_name(rows: list[ChartRow]) -> str:
    return next((r["gebied"] for r in rows if r["home"]), "")


def _description(rows: list[ChartRow]) -> str:
    return "; ".join(f"{r['gebied']} {r['periode']}: {r['waarde']:g}" for r in rows)


def svg(spec: dict[str, Any]) -> str:
    """The chart as SVG, rendered on the server (for pages without JavaScript and PDFs)."""
    return _svg(json.dumps(spec, sort_keys=True))


@lru_cache(maxsize=512)
def _svg(spec_json: str) -> str:
    import vl_convert

    return vl_convert.vegalite_to_svg(_fixed_width(spec_json))


def png(spec: dict[str, Any]) -> bytes:
    """The chart as a PNG image, for documents that take no SVG (Word)."""
    import vl_convert

    return vl_convert.vegalite_to_png(_fixed_width(json.dumps(spec)), scale=2)


def _fixed_width(spec_json: str) -> dict[str, Any]:
    spec = json.loads(spec_json)
    spec["width"] = 640  # "container" needs a browser; the image scales with its box
    return spec
