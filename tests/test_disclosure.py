"""Disclosure control: small counts are never published, and no published table lets a
withheld figure be recomputed from its total and the other figures."""

import itertools
import json
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from koers.monitor.disclosure import Cell, Reason, Rules, Sum, primary, suppress
from koers.monitor.models import Area, Category, Dimension, Indicator, Measurement
from koers.plans.models import Municipality, Task

from helpers import plan_url, reported_indicator, user

RULES = Rules(min_count=10, min_respondents=50)


def _count(value: int) -> Cell:
    return Cell(Decimal(value), "count")


def _recomputable(cells: dict, sums: list[Sum], withheld: set) -> set:
    """The withheld cells that the published cells and the sums fix, found without the code
    under test: a cell is free when a change of the withheld cells by -1, 0 or +1 each keeps
    every sum and changes that cell (tables with margins have such changes whenever a
    cell is free: their equations are those of a network)."""
    unknown = sorted(withheld, key=repr)
    fixed = set(unknown)
    for steps in itertools.product((-1, 0, 1), repeat=len(unknown)):
        change = dict(zip(unknown, steps, strict=True))
        if not any(steps):
            continue
        if all(change.get(s.total, 0) == sum(change.get(p, 0) for p in s.parts) for s in sums):
            fixed -= {key for key, step in change.items() if step}
    return fixed


def _table(rows: list[list[int]]) -> tuple[dict, list[Sum]]:
    """Districts by categories, with the municipality's row and every total: the table
    CBS and the GGD publish per wijk."""
    cells = {}
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            cells[(f"d{r}", c)] = _count(value)
        cells[(f"d{r}", "all")] = _count(sum(row))
    for c in range(len(rows[0])):
        cells[("gm", c)] = _count(sum(row[c] for row in rows))
    cells[("gm", "all")] = _count(sum(map(sum, rows)))
    columns = [*range(len(rows[0])), "all"]
    sums = [
        Sum((f"d{r}", "all"), tuple((f"d{r}", c) for c in columns[:-1])) for r in range(len(rows))
    ]
    sums.append(Sum(("gm", "all"), tuple(("gm", c) for c in columns[:-1])))
    sums += [Sum(("gm", c), tuple((f"d{r}", c) for r in range(len(rows)))) for c in columns]
    return cells, sums


@settings(max_examples=150, deadline=None)
@given(
    st.integers(1, 3).flatmap(
        lambda width: st.lists(
            st.lists(st.integers(0, 40), min_size=width, max_size=width), min_size=1, max_size=2
        )
    )
)
def test_no_withheld_cell_can_be_recomputed(rows):
    cells, sums = _table(rows)
    withheld = suppress(cells, sums, RULES)
    small = {k for k, cell in cells.items() if 0 < cell.value < 10}
    assert small <= set(withheld)  # every small count is withheld
    assert all(withheld[k] is Reason.SMALL_COUNT for k in small)
    assert not _recomputable(cells, sums, set(withheld))


@settings(max_examples=100, deadline=None)
@given(st.lists(st.integers(0, 60), min_size=2, max_size=6))
def test_a_single_breakdown_keeps_as_much_as_it_may(values):
    cells = {i: _count(v) for i, v in enumerate(values)} | {"all": _count(sum(values))}
    sums = [Sum("all", tuple(range(len(values))))]
    withheld = suppress(cells, sums, RULES)
    assert not _recomputable(cells, sums, set(withheld))
    if not any(0 < v < 10 for v in values):
        assert withheld == {}
    else:  # the smallest others go first: never more than one cell beyond the small ones
        assert len([r for r in withheld.values() if r is Reason.SECONDARY]) <= 1


def test_the_rules_and_their_edges():
    assert primary(_count(9), RULES) is Reason.SMALL_COUNT
    assert primary(_count(10), RULES) is None
    assert primary(_count(0), RULES) is None  # no one is counted: nobody to recognise
    assert primary(Cell(Decimal("12.5"), "percent", 49), RULES) is Reason.FEW_RESPONDENTS
    assert primary(Cell(Decimal("12.5"), "percent", 50), RULES) is None
    assert primary(Cell(Decimal(3), "percent"), RULES) is None  # a share of an unknown group
    # A total of 3 + 25: the 3 is withheld, and then the 25 too (or the total tells it).
    cells = {"a": _count(3), "b": _count(25), "all": _count(28)}
    assert suppress(cells, [Sum("all", ("a", "b"))], RULES) == {
        "a": Reason.SMALL_COUNT,
        "b": Reason.SECONDARY,
    }
    # Shares do not add up: one small sample withholds one share, nothing else.
    shares = {"a": Cell(Decimal(30), "percent", 20), "b": Cell(Decimal(40), "percent", 300)}
    assert suppress(shares, [Sum("all", ("a", "b"))], RULES) == {"a": Reason.FEW_RESPONDENTS}


# -- published views -----------------------------------------------------------------------


@pytest.fixture
def small_counts(heerde):
    """Young people with youth care in Heerde by sex: women 7 (too few), men 150, together
    157; and by district, where one district has 4."""
    indicator = Indicator.objects.create(
        task=Task.objects.get(code="6.3"),
        code="6.3-jongeren-jeugdhulp",
        name="Jongeren met jeugdhulp",
        unit="count",
        order=100,
    )
    sex = Dimension.objects.create(code="geslacht", name="Geslacht", exhaustive=True)
    man = Category.objects.create(dimension=sex, code="geslacht-man", name="Man", order=1)
    woman = Category.objects.create(dimension=sex, code="geslacht-vrouw", name="Vrouw", order=2)
    home = Area.objects.get(code="GM0246")
    heerde = Municipality.objects.get(cbs_code="GM0246")
    north = Area.objects.create(
        code="WK024601", name="Wapenveld", kind="district", municipality=heerde
    )
    south = Area.objects.create(
        code="WK024602", name="Heerde-dorp", kind="district", municipality=heerde
    )
    figures = [
        (home, None, 157), (home, man, 150), (home, woman, 7),
        (north, None, 4), (south, None, 153),
    ]  # fmt: skip
    for area, category, value in figures:
        Measurement.objects.create(
            indicator=indicator, area=area, period="2024", value=value, category=category
        )
    return indicator


def _values(text: str) -> set[str]:
    return {v for v in ("157", "150", "153") if f">{v}<" in text or f'"{v}' in text}


def test_residents_see_no_small_count_and_none_that_reveals_one(client, small_counts):
    html = client.get(plan_url("web:indicator", small_counts.code)).content.decode()
    figures = html.split("Naar geslacht")[0].split("<h2")[-1]
    assert "niet gepubliceerd" in figures
    assert ">4<" not in figures and ">7<" not in html
    # Wapenveld's 4 withheld: Heerde-dorp's 153 would tell it with Heerde's 157.
    assert ">153<" not in figures and ">157<" in figures
    by_sex = html.split("Naar geslacht")[1].split("</table>")[0]
    assert ">7<" not in by_sex and ">150<" not in by_sex
    assert "minder dan 10" in html
    # An editor sees every figure.
    client.force_login(user("redactie", "editor"))
    html = client.get(plan_url("web:indicator", small_counts.code)).content.decode()
    assert "niet gepubliceerd" not in html
    figures = html.split("Cijfers</h2>")[1].split("<h2")[0]  # with the figures by group
    for value in ("4", "153", "150", "7"):
        assert f'>{value} <span class="koers-muted">(niet openbaar)</span>' in figures, value
    assert ">157 <span" not in figures  # published: no mark


def test_open_data_and_the_public_api_withhold_them_too(client, small_counts):
    url = reverse("api:open-data", args=["measurements", "json"]) + "?framework=1"
    rows = [
        r for r in json.loads(client.get(url).content)["data"]
        if r["indicator"] == small_counts.code
    ]  # fmt: skip
    published = {(r["area"], r["category"]): r["value"] for r in rows}
    assert published[("GM0246", "")] == "157.0000"
    for key in [("GM0246", "geslacht-vrouw"), ("GM0246", "geslacht-man"), ("WK024601", "")]:
        assert published[key] == ""
    assert all(r["withheld"] for r in rows if not r["value"])
    api = client.get(reverse("api:measurement-list") + f"?indicator={small_counts.code}")
    values = {(r["area"], r["category"]): r["value"] for r in api.json()["results"]}
    assert values == {("GM0246", None): "157.0000"}
    client.force_login(user("redactie", "editor"))
    api = client.get(reverse("api:measurement-list") + f"?indicator={small_counts.code}")
    assert len(api.json()["results"]) == 5


def test_a_report_holds_no_withheld_figure(small_counts):
    found = reported_indicator(small_counts.code, date(2025, 6, 1))
    assert [(m["area"], m["value"]) for m in found["measurements"]] == [("GM0246", 157)]
    assert {(w["area"], w["category"]) for w in found["withheld"]} == {
        ("GM0246", "Man"),
        ("GM0246", "Vrouw"),
        ("WK024601", None),
        ("WK024602", None),
    }
    reasons = {w["reason"] for w in found["withheld"]}
    assert reasons == {
        "minder dan 10, zodat niemand herkenbaar is",
        "samen met het totaal en de andere cijfers zou dit cijfer een te klein cijfer verraden",
    }
    text = json.dumps(found)
    for withheld in ("153", "150", " 7.0", " 4.0"):
        assert withheld not in text
