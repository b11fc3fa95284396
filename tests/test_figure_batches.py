"""The figure rules asked column by column for a batch (`koers.monitor.services`): each
problem lands on the figure it is about, and a batch that mixes stored and new figures
writes each where it belongs."""

import copy
from datetime import date
from decimal import Decimal

import pytest
from conftest import SMALL_DOCUMENT

from koers.imports.loader import load_document
from koers.monitor.models import Area, Category, Indicator, Measurement
from koers.monitor.services import Figure, FigureWriter, Outcome, Refusal

from helpers import user

TODAY = date(2026, 12, 7)


@pytest.fixture
def indicators(db):
    """The small plan's percentage (theme 3) and a count of a second theme (4)."""
    document = copy.deepcopy(SMALL_DOCUMENT)
    document["frameworks"][0]["themes"].append(
        {
            "chapter": "4",
            "title": "Ander thema",
            "tasks": [
                {
                    "code": "4.1",
                    "title": "Opgave",
                    "indicators": [{"code": "4.1-aantal", "name": "Aantal", "unit": "count"}],
                }
            ],
        }
    )
    load_document(document, "test", "test")
    found = Indicator.objects.select_related("task__framework", "task__theme")
    return found.get(code="3.1-eenzaamheid"), found.get(code="4.1-aantal")


def test_each_problem_lands_on_its_figure(indicators):
    percent, count = indicators
    area = Area.objects.get(code="GM0246")
    figures = [
        Figure(percent, area, "2021", Decimal("33")),
        Figure(percent, area, "2022", Decimal("120")),
        Figure(percent, area, "2031", Decimal("30")),
        Figure(percent, area, "2005", Decimal("30")),
        Figure(percent, area, "2023", Decimal("30"), margin=Decimal("-1")),
        Figure(percent, area, "2023-01", Decimal("30"), sample_size=-3),
        Figure(percent, area, "2023-02", Decimal("30"), status="weet niet"),
        Figure(percent, area, "2023-03", Decimal("30"), note="a\x00b"),
        Figure(percent, area, "2023-04", Decimal(10) ** 15),
        Figure(count, area, "20x", Decimal("5")),
        Figure(percent, area, "abc", Decimal("150")),
        Figure(count, area, "2023", Decimal("5000")),
    ]
    writer = FigureWriter(user("thema-3", "editor", themes=["3"]), today=TODAY)
    problems = writer.check_all(figures)
    assert [(position, refusal.field) for position, refusal in problems] == [
        (1, "value"),
        (2, "period"),
        (3, "period"),
        (4, "margin"),
        (5, "sample_size"),
        (6, "status"),
        (7, "note"),
        (8, "value"),
        (9, "indicator"),
        (10, "period"),
        (10, "value"),
        (11, "indicator"),
    ]
    by_position = dict(problems)
    assert "begonnen" in by_position[2].message
    assert "2012-2027" in by_position[3].message and "3.1-eenzaamheid" in by_position[3].message
    assert "te groot" in by_position[8].message
    assert by_position[9].forbidden and "4.1" in by_position[9].message
    # One figure alone meets the same rules.
    for position, figure in enumerate(figures):
        alone = [refusal.field for refusal in writer.check(figure)]
        assert alone == [refusal.field for p, refusal in problems if p == position]
    # An editor of both themes may enter the count; its figures meet the rules alone.
    both = FigureWriter(user("beide", "editor", themes=["3", "4"]), today=TODAY)
    assert [(p, r.field) for p, r in both.check_all(figures[9:])] == [
        (0, "period"),
        (1, "period"),
        (1, "value"),
    ]


def test_a_batch_of_stored_and_new_figures_writes_each_where_it_belongs(indicators):
    percent, _count = indicators
    area = Area.objects.get(code="GM0246")
    older = Category.objects.get(code="leeftijd-65plus")
    editor = user("thema-3", "editor", themes=["3"])
    writer = FigureWriter(editor, replace=True, reason="batch", today=TODAY)
    figures = [
        Figure(percent, area, "2021", Decimal("30")),
        Figure(percent, area, "2016", Decimal("35")),  # stored: 33
        Figure(percent, area, "2022", Decimal("31"), margin=Decimal("1.5")),
        Figure(percent, area, "2020", Decimal("42")),  # stored as it is
        Figure(percent, area, "2020", Decimal("47"), category=older),  # stored as it is
        Figure(percent, area, "2023", Decimal("29"), category=older),
    ]
    assert writer.check_all(figures) == []
    outcomes = [outcome for outcome, _stored in writer.write(figures)]
    assert outcomes == [
        Outcome.CREATED,
        Outcome.UPDATED,
        Outcome.CREATED,
        Outcome.UNCHANGED,
        Outcome.UNCHANGED,
        Outcome.CREATED,
    ]
    stored = {
        (m.period, m.category_id): (m.value, m.margin, m.confirmed)
        for m in Measurement.objects.filter(indicator=percent, area=area)
    }
    assert stored == {
        ("2016", None): (Decimal("35"), None, True),
        ("2020", None): (Decimal("42"), None, True),
        ("2020", older.pk): (Decimal("47"), None, True),
        ("2021", None): (Decimal("30"), None, True),
        ("2022", None): (Decimal("31"), Decimal("1.5"), True),
        ("2023", older.pk): (Decimal("29"), None, True),
    }
    history = Measurement.history.filter(history_change_reason="batch", history_user=editor)
    assert sorted(history.values_list("period", "history_type")) == [
        ("2016", "~"),
        ("2021", "+"),
        ("2022", "+"),
        ("2023", "+"),
    ]


def test_a_refused_figure_in_a_batch_writes_nothing(indicators):
    """A partner's figure that meets a confirmed one is refused; the new figures beside it
    are not written either."""
    percent, _count = indicators
    area = Area.objects.get(code="GM0246")
    partner = user("stip-cijfers", "partner", themes=["3"])
    writer = FigureWriter(partner, replace=True, today=TODAY)
    decided = writer.write(
        [Figure(percent, area, "2021", Decimal("30")), Figure(percent, area, "2016", Decimal("1"))]
    )
    assert decided[0][0] is Outcome.CREATED and isinstance(decided[1][0], Refusal)
    assert not Measurement.objects.filter(indicator=percent, period="2021").exists()


@pytest.mark.parametrize("per_insert, limit", [(3, 999), (250, 30)])
def test_new_figures_are_stored_by_inserts_of_many_rows(indicators, monkeypatch, per_insert, limit):
    """SQLite stores new rows by INSERTs of several rows each (`bulk.ROWS_PER_INSERT`, fewer
    where its parameter limit is low), the last holding what is left: each row keeps its
    own values under the id the writer returns, with its own history row."""
    from koers.monitor import bulk

    monkeypatch.setattr(bulk, "ROWS_PER_INSERT", per_insert)
    monkeypatch.setattr(bulk, "_variable_limit", lambda: limit)
    percent, _count = indicators
    area = Area.objects.get(code="GM0246")
    periods = [f"2023-{month:02d}" for month in range(1, 9)]  # 3 + 3 + 2, or 2 per INSERT
    figures = [
        Figure(percent, area, period, Decimal(month), margin=Decimal(month) / 10)
        for month, period in enumerate(periods, start=1)
    ]
    writer = FigureWriter(user("thema-3", "editor", themes=["3"]), reason="rows", today=TODAY)
    assert {outcome for outcome, _stored in writer.write(figures)} == {Outcome.CREATED}
    stored = Measurement.objects.filter(indicator=percent, period__in=periods).order_by("pk")
    assert [(m.period, m.value, m.margin) for m in stored] == [
        (period, Decimal(month), Decimal(month) / 10)
        for month, period in enumerate(periods, start=1)
    ]
    history = Measurement.history.filter(history_change_reason="rows")
    assert sorted(history.values_list("id", "period", "value")) == [
        (m.pk, m.period, m.value) for m in stored
    ]
