"""Indicator charts: a Vega-Lite specification (built with Altair) rendered to SVG.

Two kinds of chart, chosen by what the figures can show:

- a **trend** (figures of two or more periods): a line per area over the years, every year
  labelled, the path from the baseline to the target when the target has a level and a
  year, and figures without a year as dotted level lines;
- a **comparison** (all figures of one period, or without a year, of two or more areas,
  such as "Heerde 38%, Nederland 25%"): a bar per area with its value written beside it,
  and the target level as a dashed line when the target has one.

Each area has its own colour and its own point shape, so colour is never the only
difference; every chart has a table with the same numbers next to it. Texts are 12 px or
more at the width the chart is drawn.
"""

import json
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum
from functools import lru_cache
from typing import Any, TypedDict

import altair as alt
from django.core.cache import cache
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from koers.monitor.models import Indicator, Measurement
from koers.monitor.peers import Band
from koers.monitor.periods import period_end, period_middle
from koers.monitor.status import format_value, target_level
from koers.monitor.tree import CACHE_SECONDS, Plan, is_home, is_home_area, target_spec
from koers.plans.models import Framework

# Areas in tables and charts: the municipality, its districts, then the benchmarks.
AREA_ORDER = {"municipality": 0, "district": 1, "region": 2, "ggd_region": 3, "country": 4}
SHAPES = ["circle", "square", "triangle-up", "diamond", "cross", "triangle-down"]
COLOURS = ["#0b4f8a", "#a34700", "#4d4d4d", "#6b2d8f", "#1d6b3a", "#8a0b3c"]
TARGET_COLOUR = "#1d6b3a"
FONT = "DejaVu Sans, Arial, sans-serif"  # the PDF's font; the page's own when drawn live
WIDTH = 640  # of server-rendered images; on pages the chart takes its container's width
# Readable on a phone too: the live chart is drawn at the container's width, not scaled.
CONFIG = {
    "font": FONT,
    "axis": {"labelFontSize": 12, "titleFontSize": 12, "labelColor": "#1a1a1a"},
    "legend": {"labelFontSize": 12, "titleFontSize": 12, "orient": "bottom", "columns": 2},
    "title": {"fontSize": 14, "anchor": "start", "limit": 0},
    "view": {"stroke": None},
}


class ChartKind(StrEnum):
    TREND = "trend"
    COMPARISON = "comparison"


class ChartRow(TypedDict):
    """One figure as the chart's data: Dutch names, as they show in the chart's tooltips."""

    datum: str
    waarde: float
    gebied: str
    periode: str
    home: bool


@dataclass(frozen=True)
class Figure:
    """One figure the chart can draw, also what its CSV download lists."""

    area: str
    period: str  # "" when the source gives no year
    value: float
    home: bool


def figures(indicator: Indicator, framework: Framework, until: date | None = None) -> list[Figure]:
    """The figures: the home area first, then by name; each area by period, no year last.

    `until` leaves out figures of periods that had not ended by then (reports on a past date).
    """
    found = [
        Figure(m.area.name, m.period, float(m.value), is_home(m, framework))
        for m in indicator.measurements.all()
        if until is None or not m.period or period_end(m.period) <= until
    ]
    found.sort(key=lambda f: (not f.home, f.area, not f.period, f.period))
    # The comparable municipalities' median, as a series of its own after the areas.
    return found + [
        Figure(peer_label(), b.period, float(b.median), False)
        for b in shown_bands(indicator, until)
    ]


def peer_label() -> str:
    return _("Median of comparable municipalities")


def shown_bands(indicator: Indicator, until: date | None = None) -> list[Band]:
    """The comparable municipalities' bands the plan read for this indicator (none when it
    was read without them), up to `until`."""
    return [
        b
        for b in getattr(indicator, "peer_bands", [])
        if until is None or not b.period or period_end(b.period) <= until
    ]


def chart_kind(found: list[Figure]) -> ChartKind | None:
    """A trend when there are two periods to connect; a comparison when one period (or no
    year) has two areas side by side; otherwise a trend of the one figure, or nothing."""
    periods = {f.period for f in found if f.period}
    if len(periods) >= 2:
        return ChartKind.TREND
    if len({f.area for f in found}) >= 2:
        return ChartKind.COMPARISON
    return ChartKind.TREND if periods else None


def indicator_spec(
    indicator: Indicator, framework: Framework, until: date | None = None
) -> dict[str, Any] | None:
    """The Vega-Lite specification of an indicator's chart, or None without figures to draw."""
    found = figures(indicator, framework, until)
    kind = chart_kind(found)
    if kind is None:
        return None
    areas = list(dict.fromkeys(f.area for f in found))  # home first
    colour = alt.Scale(domain=areas, range=(COLOURS * 2)[: len(areas)])
    shape = alt.Scale(domain=areas, range=(SHAPES * 2)[: len(areas)])
    if kind == ChartKind.TREND:
        layers, lines = _trend(indicator, found, colour, shape)
    else:
        layers, lines = _comparison(indicator, found, colour)
    band = shown_bands(indicator, until)
    if band:
        drawn = _range(band, kind, (COLOURS * 2)[areas.index(peer_label())])
        # Behind the lines of a trend; over the bar of a comparison, where it would be hidden.
        layers.insert(0, drawn) if kind == ChartKind.TREND else layers.append(drawn)
        lines["peer_band"] = True
    chart = alt.layer(*layers).properties(
        width="container",
        height=240 if kind == ChartKind.TREND else 40 + 36 * len(found),
        title=alt.TitleParams(_wrap(indicator.name)),
        description=_description(indicator, found),
        usermeta={"kind": str(kind), "lines": lines},
    )
    spec = chart.to_dict()
    spec["config"] = CONFIG
    return spec


def _percent(indicator: Indicator) -> bool:
    return indicator.unit in (Indicator.Unit.PERCENT, Indicator.Unit.PERCENT_CHANGE)


def _trend(
    indicator: Indicator, found: list[Figure], colour: alt.Scale, shape: alt.Scale
) -> tuple[list[Any], dict[str, bool]]:
    rows: list[ChartRow] = [
        {
            "datum": period_middle(f.period).isoformat(),
            "waarde": f.value,
            "gebied": f.area,
            "periode": f.period,
            "home": f.home,
        }
        for f in found
        if f.period
    ]
    lines = {"target_path": False, "undated": False}
    path = _target_path(indicator, [r for r in rows if r["home"]])
    years = [int(r["datum"][:4]) for r in rows] + ([int(path[1]["datum"][:4])] if path else [])
    first, last = min(years), max(years)
    x = alt.X(
        "datum:T",
        title="",
        scale=alt.Scale(domain=[f"{first}-01-01", f"{last}-12-31"]),
        # A label under the middle of each year, where that year's figure sits.
        axis=alt.Axis(
            format="%Y",
            values=[{"year": y, "month": 7, "date": 1} for y in range(first, last + 1)],
            labelOverlap="greedy",
            grid=True,
        ),
    )
    y = alt.Y("waarde:Q", title="%" if _percent(indicator) else "", scale=alt.Scale(zero=True))
    layers: list[Any] = [
        alt.Chart(alt.Data(values=rows))
        .mark_line(point=alt.OverlayMarkDef(size=90, filled=True), strokeWidth=2.5)
        .encode(
            x=x,
            y=y,
            color=alt.Color("gebied:N", scale=colour, title=""),
            shape=alt.Shape("gebied:N", scale=shape, title=""),
            tooltip=["gebied:N", "periode:N", "waarde:Q"],
        )
    ]
    if path:
        layers.append(
            alt.Chart(alt.Data(values=path))
            .mark_line(strokeDash=[6, 4], color=TARGET_COLOUR, strokeWidth=2)
            .encode(x="datum:T", y="waarde:Q", tooltip=["lijn:N", "waarde:Q"])
        )
        lines["target_path"] = True
    undated = [
        {
            "waarde": f.value,
            "gebied": f.area,
            "lijn": _("%(area)s, year not stated") % {"area": f.area},
        }
        for f in found
        if not f.period
    ]
    if undated:
        layers.append(
            alt.Chart(alt.Data(values=undated))
            .mark_rule(strokeDash=[2, 3], strokeWidth=2)
            .encode(
                y="waarde:Q",
                color=alt.Color("gebied:N", scale=colour, title=""),
                tooltip=["lijn:N", "waarde:Q"],
            )
        )
        lines["undated"] = True
    return layers, lines


def _target_path(indicator: Indicator, home: list[ChartRow]) -> list[dict[str, Any]]:
    """From the first figure of the municipality to where the target wants it, by when."""
    if not home:
        return []
    start = min(home, key=lambda r: r["datum"])
    base = (date.fromisoformat(start["datum"]), start["waarde"])
    level = _level(indicator, base)
    if level is None:
        return []
    name = _("path to the target")
    return [
        {"datum": base[0].isoformat(), "waarde": base[1], "lijn": name},
        {"datum": level[0].isoformat(), "waarde": level[1], "lijn": name},
    ]


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


def _comparison(
    indicator: Indicator, found: list[Figure], colour: alt.Scale
) -> tuple[list[Any], dict[str, bool]]:
    rows = [
        {
            "gebied": f.area,
            "label": f"{f.area} ({f.period or _('year not stated')})",
            "waarde": f.value,
            "tekst": format_value(f.value, indicator.unit),
        }
        for f in found
    ]
    order = [str(r["label"]) for r in rows]
    values = [f.value for f in found]
    bars = alt.Chart(alt.Data(values=rows)).encode(
        y=alt.Y("label:N", title="", sort=order, axis=alt.Axis(labelLimit=260)),
        # Room to the right of the longest bar for its value.
        x=alt.X(
            "waarde:Q",
            title="%" if _percent(indicator) else "",
            axis=alt.Axis(tickCount=5),
            scale=alt.Scale(domain=[min(0.0, *values), max(0.0, *values) * 1.2 or 1], nice=True),
        ),
        tooltip=["label:N", "waarde:Q"],
    )
    layers: list[Any] = [
        bars.mark_bar(height=22).encode(color=alt.Color("gebied:N", scale=colour, legend=None)),
        # The value beside each bar: the bar's length is for the eye, the number is the fact.
        bars.mark_text(align="left", dx=4, fontSize=12, color="#1a1a1a").encode(text="tekst:N"),
    ]
    lines = {"target_level": False}
    home = next((f for f in found if f.home), None)
    if home is not None:
        base = period_middle(home.period) if home.period else date.today()
        level = _level(indicator, (base, home.value))
        if level is not None:
            name = _("target %(year)s") % {"year": level[0].year}
            layers.append(
                alt.Chart(alt.Data(values=[{"waarde": level[1], "lijn": name}]))
                .mark_rule(strokeDash=[6, 4], color=TARGET_COLOUR, strokeWidth=2)
                .encode(x="waarde:Q", tooltip=["lijn:N", "waarde:Q"])
            )
            lines["target_level"] = True
    return layers, lines


def _range(band: list[Band], kind: ChartKind, colour: str) -> Any:
    """From the lowest to the highest figure of the comparable municipalities: a shaded
    band behind the trend, a line through the median's bar in a comparison."""
    rows = [
        {
            "datum": period_middle(b.period).isoformat() if b.period else "",
            "label": f"{peer_label()} ({b.period or _('year not stated')})",
            "laag": float(b.low),
            "hoog": float(b.high),
            "aantal": b.count,
        }
        for b in band
    ]
    tooltip = ["laag:Q", "hoog:Q", "aantal:Q"]
    chart = alt.Chart(alt.Data(values=[r for r in rows if r["datum"] or kind != ChartKind.TREND]))
    if kind == ChartKind.TREND:
        return chart.mark_area(opacity=0.18, color=colour).encode(
            x="datum:T", y="laag:Q", y2="hoog:Q", tooltip=tooltip
        )
    # Just under the median's bar, so that the bar's value stays readable.
    return chart.mark_rule(color="#1a1a1a", strokeWidth=2, yOffset=14).encode(
        y=alt.Y("label:N"), x="laag:Q", x2="hoog:Q", tooltip=tooltip
    )


def _wrap(text: str, width: int = 40) -> list[str]:
    """A title in lines that fit a phone's width: Vega does not wrap titles itself."""
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines


def _description(indicator: Indicator, found: list[Figure]) -> str:
    return "; ".join(
        f"{f.area} {f.period or '(' + _('year not stated') + ')'}: "
        f"{format_value(f.value, indicator.unit)}"
        for f in found
    )


def plan_chart(indicator: Indicator, plan: Plan) -> dict[str, Any] | None:
    """An indicator's chart on a plan's page: the Vega-Lite spec the browser draws and the
    server's SVG, or None without figures to draw.

    Kept per data version, as the statuses are (building a spec takes about 5 ms, and a
    task page has several): a chart shows the plan's figures only, and every write to them
    moves the data version on. Today is part of the key: a figure without a year is
    compared with the target of today.
    """
    key = f"koers:chart:{plan.version}:{indicator.pk}:{get_language()}:{date.today()}"
    kept = cache.get(key)
    if kept is None:
        spec = indicator_spec(indicator, plan.framework)
        chart = None if spec is None else {"svg": svg(spec), "spec": spec}
        kept = {"chart": chart}
        cache.set(key, kept, CACHE_SECONDS)
    chart = kept["chart"]
    return None if chart is None else {**chart, "id": f"spec-{indicator.pk}"}


def svg(spec: dict[str, Any]) -> str:
    """The chart as SVG, rendered on the server (for pages without JavaScript and PDFs)."""
    return _svg(json.dumps(spec, sort_keys=True))


@lru_cache(maxsize=512)
def _svg(spec_json: str) -> str:
    import vl_convert

    return vl_convert.vegalite_to_svg(_fixed_width(spec_json))


def png(spec: dict[str, Any]) -> bytes:
    """The chart as a PNG image, for documents that take no SVG (Word) and downloads."""
    import vl_convert

    return vl_convert.vegalite_to_png(_fixed_width(json.dumps(spec)), scale=2)


def _fixed_width(spec_json: str) -> dict[str, Any]:
    spec = json.loads(spec_json)
    spec["width"] = WIDTH  # "container" needs a browser; the image scales with its box
    title = spec.get("title")
    if isinstance(title, dict) and isinstance(title.get("text"), list):
        title["text"] = _wrap(" ".join(title["text"]), 80)  # a phone's lines are too short
    return spec


@dataclass
class Breakdown:
    """The figures of one dimension for one period: a row per category, a column per area."""

    dimension: str
    period: str
    categories: list[Any]
    areas: list[Any]
    cells: dict[tuple[int, int], Any]  # (category, area) → measurement or withheld mark
    spec: dict[str, Any] | None
    svg: str = ""  # the chart drawn, for the page
    id: str = ""  # of the specification on the page, which the browser draws live
    explained: list[str] = field(default_factory=list)  # why figures are withheld

    def rows(self) -> list[tuple[Any, list[Any]]]:
        return [(c, [self.cells.get((c.pk, a.pk)) for a in self.areas]) for c in self.categories]


def breakdowns(
    indicator: Indicator, framework: Framework, until: date | None = None
) -> list[Breakdown]:
    """Per dimension, the newest period with figures by category; a chart of them when
    two or more categories have a published figure. Withheld figures keep their place.

    `until` leaves out figures of periods that had not ended by then (reports on a past date).
    """
    figures = getattr(indicator, "breakdown", [])
    marks = [m for m in placeholders(indicator, figures) if m.category is not None]
    found = [
        item
        for item in [*figures, *marks]
        if until is None or not item.period or period_end(item.period) <= until
    ]
    by_dimension: dict[int, list[Any]] = {}
    for item in found:
        by_dimension.setdefault(item.category.dimension_id, []).append(item)
    result = []
    for items in by_dimension.values():
        newest = max(items, key=lambda i: (i.period != "", i.period)).period
        shown = [i for i in items if i.period == newest]
        categories = sorted({i.category for i in shown}, key=lambda c: (c.order, c.code))
        areas = sorted(
            {i.area for i in shown},
            key=lambda a: (not is_home_area(a, framework), AREA_ORDER.get(a.kind, 9), a.name),
        )  # the home area first: its colour is the first, as in the indicator's chart
        cells = {(i.category.pk, i.area.pk): i for i in shown}
        published = [i for i in shown if isinstance(i, Measurement)]
        result.append(
            Breakdown(
                categories[0].dimension.name,
                newest,
                categories,
                areas,
                cells,
                _breakdown_spec(indicator, published, areas)
                if len({i.category_id for i in published}) > 1
                else None,
            )
        )
    return sorted(result, key=lambda b: b.dimension)


def placeholders(indicator: Indicator, shown: list[Any]) -> list[Any]:
    """The withheld marks that stand where a figure is not shown (for residents); for
    insiders, who see every figure, there are none."""
    ids = {m.pk for m in shown}
    return [w for w in getattr(indicator, "withheld", []) if w.pk not in ids]


def not_public(indicator: Indicator) -> set[int]:
    """The figures an insider sees that residents do not: withheld, yet shown here."""
    ids = {m.pk for m in indicator.measurements.all()}
    ids |= {m.pk for m in getattr(indicator, "breakdown", [])}
    return {w.pk for w in getattr(indicator, "withheld", []) if w.pk in ids}


def _breakdown_spec(indicator: Indicator, published: list[Any], areas: list[Any]) -> dict[str, Any]:
    order = [a.name for a in areas]
    # Each area keeps the colour it has in the indicator's own chart: home first, then by name.
    by_name = [areas[0].name, *sorted(order[1:])] if areas else []
    colour = alt.Scale(domain=by_name, range=(COLOURS * 2)[: len(by_name)])
    rows = [
        {
            "groep": m.category.name,
            "gebied": m.area.name,
            "waarde": float(m.value),
            "tekst": format_value(m.value, indicator.unit),
        }
        for m in published
    ]
    groups = sorted({m.category for m in published}, key=lambda c: (c.order, c.code))
    categories = [c.name for c in groups]
    values = [r["waarde"] for r in rows]
    bars = alt.Chart(alt.Data(values=rows)).encode(
        y=alt.Y("groep:N", title="", sort=categories, axis=alt.Axis(labelLimit=200)),
        yOffset=alt.YOffset("gebied:N", sort=order),
        x=alt.X(
            "waarde:Q",
            title="%" if _percent(indicator) else "",
            axis=alt.Axis(tickCount=5),
            scale=alt.Scale(domain=[min(0.0, *values), max(0.0, *values) * 1.2 or 1], nice=True),
        ),
        tooltip=["groep:N", "gebied:N", "waarde:Q"],
    )
    chart = alt.layer(
        bars.mark_bar().encode(
            color=alt.Color(
                "gebied:N",
                scale=colour,
                title=_("Area"),
                sort=order,
                legend=alt.Legend(labelLimit=320, columns=1),
            )
        ),
        bars.mark_text(align="left", dx=4, fontSize=12, color="#1a1a1a").encode(text="tekst:N"),
    ).properties(width="container", height=alt.Step(18))
    spec = chart.to_dict()
    spec["config"] = CONFIG
    return spec
