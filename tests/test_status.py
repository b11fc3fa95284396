"""The status rules of docs/status-rules.md, on plain values (no database)."""

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from koers.monitor import status as s
from koers.monitor.calendar import due_date, next_due, next_period
from koers.monitor.status import (
    ActionFacts,
    Assessment,
    IndicatorFacts,
    Point,
    ResultFacts,
    Status,
    action_status,
    indicator_status,
    result_status,
    roll_up,
)
from koers.monitor.targets import TargetSpec, parse_target

D = Decimal
GGD = {"frequency": "four_yearly", "anchor_year": 2016}


def facts(target: str | TargetSpec, *points: tuple, direction="lower_better", **extra):
    spec = parse_target(target) if isinstance(target, str) else target
    return IndicatorFacts(
        direction=direction,
        target=spec,
        points=tuple(Point(p[0], D(p[1]), *(D(x) for x in p[2:])) for p in points),
        **{**GGD, **extra},
    )


# The calendar -------------------------------------------------------------------------


def test_ggd_waves_every_four_years_from_2016():
    assert next_period("four_yearly", 2016, "2016") == "2020"
    assert next_period("four_yearly", 2016, "2020") == "2024"
    assert next_period("four_yearly", 2016, "2021") == "2024"
    assert next_period("yearly", None, "2021") == "2022"
    assert next_period("half_yearly", None, "2021-H2") == "2022-H1"
    assert next_period("quarterly", None, "2021-Q2") == "2021-Q3"
    assert next_period("irregular", None, "2021") is None


def test_a_wave_is_due_the_year_after_it_is_held():
    assert due_date("four_yearly", "2024") == date(2025, 12, 31)
    assert next_due("four_yearly", 2016, None, date(2023, 1, 1)) == ("2024", date(2025, 12, 31))


# Indicators ---------------------------------------------------------------------------


def test_heerde_loneliness_went_the_wrong_way():
    found = indicator_status(facts("neemt af", ("2016", 33), ("2020", 42)), date(2022, 3, 1))
    assert found.code == s.OFF_TRACK
    assert found.reason == "Gemeten 42% in 2020 tegen nulmeting 33% in 2016; doel: afname."


def test_between_two_waves_an_indicator_is_awaiting_not_late():
    found = indicator_status(facts("neemt af", ("2020", 42)), date(2023, 6, 1))
    assert found.code == s.AWAITING
    assert (found.next_period, found.next_due) == ("2024", date(2025, 12, 31))
    assert "2024" in found.reason


def test_a_figure_of_a_period_not_yet_ended_is_not_used():
    found = indicator_status(facts("neemt af", ("2020", 42), ("2024", 30)), date(2024, 6, 1))
    assert found.code == s.AWAITING


def test_no_baseline():
    found = indicator_status(facts("neemt af"), date(2023, 1, 1))
    assert found.code == s.NO_BASELINE
    assert found.next_period == "2024"


def test_a_change_within_the_margin_is_no_change():
    within = facts("neemt af", ("2016", 33, 3), ("2020", 31, 3))
    assert indicator_status(within, date(2022, 1, 1)).code == s.AT_RISK
    assert "foutmarge" in indicator_status(within, date(2022, 1, 1)).reason
    beyond = facts("neemt af", ("2016", 33, 1), ("2020", 31, 1))
    assert indicator_status(beyond, date(2022, 1, 1)).code == s.ON_TRACK


def test_margin_from_the_sample_size():
    small = IndicatorFacts(
        direction="lower_better",
        target=parse_target("neemt af"),
        points=(Point("2016", D(33), sample_size=100), Point("2020", D(31), sample_size=100)),
        **GGD,
    )
    assert indicator_status(small, date(2022, 1, 1)).code == s.AT_RISK
    large = IndicatorFacts(
        direction="lower_better",
        target=parse_target("neemt af"),
        points=(Point("2016", D(33), sample_size=90000), Point("2020", D(31), sample_size=90000)),
        **GGD,
    )
    assert indicator_status(large, date(2022, 1, 1)).code == s.ON_TRACK


@pytest.mark.parametrize(
    ("target", "before", "after", "expected"),
    [
        ("blijft gelijk of neemt af", 2, 2, s.ON_TRACK),
        ("blijft gelijk of neemt af", 2, 3, s.OFF_TRACK),
        ("is over 4 jaar gelijk gebleven of toegenomen", 38, 37, s.OFF_TRACK),
        ("is over 4 jaar gelijk gebleven of toegenomen", 38, 40, s.ON_TRACK),
        ("blijft gelijk", 10, 10, s.ON_TRACK),
        ("blijft gelijk", 10, 12, s.AT_RISK),
        ("neemt toe", 10, 10, s.AT_RISK),
    ],
)
def test_direction_targets(target, before, after, expected):
    found = indicator_status(facts(target, ("2016", before), ("2020", after)), date(2022, 1, 1))
    assert found.code == expected


def test_floor_reached_and_missed():
    target = "Over vier jaar geven jongeren minstens een 7 aan het leven"
    up = facts(target, ("2019", "6.8"), ("2023", "7.1"), direction="higher_better")
    assert indicator_status(up, date(2025, 1, 1)).code == s.ACHIEVED
    down = facts(target, ("2019", "6.8"), ("2023", "6.5"), direction="higher_better")
    assert indicator_status(down, date(2025, 1, 1)).code == s.OFF_TRACK


def test_ceiling_per_year():
    target = "maximaal 1 problematische scheiding per jaar"
    kwargs = {"frequency": "yearly", "direction": "lower_better"}
    assert (
        indicator_status(facts(target, ("2021", 4), ("2022", 1), **kwargs), date(2023, 7, 1)).code
        == s.ACHIEVED
    )
    assert (
        indicator_status(facts(target, ("2021", 4), ("2022", 3), **kwargs), date(2023, 7, 1)).code
        == s.ON_TRACK
    )
    assert (
        indicator_status(facts(target, ("2021", 4), ("2022", 5), **kwargs), date(2023, 7, 1)).code
        == s.OFF_TRACK
    )


def test_value_by_year_judged_along_the_path():
    target = "Ook komt huiselijk geweld niet meer voor in 2027."
    kwargs = {"frequency": "yearly"}
    # From 10 in 2021 to 0 in 2027: by 2023 about a third of the way is expected.
    ahead = facts(target, ("2021", 10), ("2023", 5), **kwargs)
    behind = facts(target, ("2021", 10), ("2023", 9), **kwargs)
    assert indicator_status(ahead, date(2024, 7, 1)).code == s.ON_TRACK
    assert indicator_status(behind, date(2024, 7, 1)).code == s.AT_RISK
    late = facts(target, ("2021", 10), ("2023", 9), ("2027", 4), **kwargs)
    assert indicator_status(late, date(2028, 7, 1)).code == s.OFF_TRACK
    # Without the 2024-2027 figures, the 2023 figure is too old to judge on by 2028.
    assert indicator_status(behind, date(2028, 7, 1)).code == s.OUTDATED
    done = facts(target, ("2021", 10), ("2026", 0), **kwargs)
    assert indicator_status(done, date(2027, 7, 1)).code == s.ACHIEVED


def test_change_per_year():
    target = (
        "Vanaf 2023 tot 2027 zijn er jaarlijks 5 minder kinddossiers met risicofactoren aanwezig."
    )
    kwargs = {"frequency": "yearly", "unit": "count"}
    on_track = facts(target, ("2022", 100), ("2024", 90), **kwargs)  # two years, 10 fewer
    assert indicator_status(on_track, date(2025, 7, 1)).code == s.ON_TRACK
    slow = facts(target, ("2022", 100), ("2024", 96), **kwargs)
    assert indicator_status(slow, date(2025, 7, 1)).code == s.AT_RISK
    worse = facts(target, ("2022", 100), ("2024", 104), **kwargs)
    assert indicator_status(worse, date(2025, 7, 1)).code == s.OFF_TRACK
    done = facts(target, ("2022", 100), ("2027", 75), **kwargs)
    assert indicator_status(done, date(2028, 7, 1)).code == s.ACHIEVED


def test_relative_change_with_its_stated_baseline():
    sentence = (
        "Het middelengebruik onder jongeren daalt met 5% in 2023 en 2024; waarbij we de "
        "Corona Gezondheidsmonitor Jeugd 2021 als nulmeting nemen."
    )
    kwargs = {"frequency": "yearly"}
    # Baseline 2021 (the corona monitor) 20%; -5% makes 19%.
    reached = facts(sentence, ("2019", 25), ("2021", 20), ("2024", 19), **kwargs)
    found = indicator_status(reached, date(2025, 7, 1))
    assert found.code == s.ACHIEVED
    assert "nulmeting 20% in 2021" in found.reason
    missed = facts(sentence, ("2021", 20), ("2024", "19.5"), **kwargs)
    assert indicator_status(missed, date(2025, 7, 1)).code == s.OFF_TRACK


def test_share():
    target = "95% van de inburgeringsplichtigen slaagt"
    kwargs = {"frequency": "yearly", "direction": "higher_better"}
    assert (
        indicator_status(facts(target, ("2022", 80), ("2023", 96), **kwargs), date(2024, 7, 1)).code
        == s.ACHIEVED
    )
    assert (
        indicator_status(facts(target, ("2022", 80), ("2023", 85), **kwargs), date(2024, 7, 1)).code
        == s.ON_TRACK
    )
    assert (
        indicator_status(facts(target, ("2022", 80), ("2023", 70), **kwargs), date(2024, 7, 1)).code
        == s.OFF_TRACK
    )


def test_one_target_per_year():
    target = TargetSpec("yearly", "streefwaarde", values=((2025, D(12)), (2026, D(10))))
    kwargs = {"frequency": "yearly", "direction": "lower_better"}
    assert (
        indicator_status(facts(target, ("2024", 14), ("2025", 12), **kwargs), date(2026, 7, 1)).code
        == s.ON_TRACK
    )
    assert (
        indicator_status(facts(target, ("2024", 14), ("2025", 13), **kwargs), date(2026, 7, 1)).code
        == s.AT_RISK
    )
    assert (
        indicator_status(facts(target, ("2024", 14), ("2026", 10), **kwargs), date(2027, 7, 1)).code
        == s.ACHIEVED
    )


def test_provisional_figures_are_said_so():
    spec = parse_target("neemt af")
    found = indicator_status(
        IndicatorFacts(
            target=spec,
            points=(Point("2016", D(33)), Point("2020", D(30), provisional=True)),
            **GGD,
        ),
        date(2022, 1, 1),
    )
    assert "voorlopig" in found.reason


def test_qualitative_indicators_are_assessed_by_a_person():
    spec = parse_target("Jongeren ervaren minder taboes (kwalitatief onderzoek).")
    waiting = IndicatorFacts(qualitative=True, target=spec)
    assert indicator_status(waiting, date(2024, 1, 1)).code == s.AWAITING
    judged = IndicatorFacts(
        qualitative=True,
        target=spec,
        assessments=(
            Assessment(date(2023, 5, 1), s.AT_RISK, "Weinig bekend."),
            Assessment(date(2024, 5, 1), s.ON_TRACK, "Gesprekken positief."),
        ),
    )
    found = indicator_status(judged, date(2024, 6, 1))
    assert (found.code, found.verdict) == (s.ASSESSED, s.ON_TRACK)
    assert "Gesprekken positief." in found.reason
    assert indicator_status(judged, date(2023, 6, 1)).verdict == s.AT_RISK


def test_no_target_is_not_judged():
    found = indicator_status(IndicatorFacts(points=(Point("2020", D(5)),)), date(2022, 1, 1))
    assert found.code == s.NOT_JUDGED


# Properties ---------------------------------------------------------------------------

RANK = {s.OFF_TRACK: 0, s.AT_RISK: 1, s.ON_TRACK: 2, s.ACHIEVED: 3}
values = st.integers(min_value=0, max_value=100)


@given(values, values, st.integers(min_value=1, max_value=50))
def test_moving_toward_the_target_never_worsens_the_status(base, latest, step):
    for target in ["neemt af", "daalt met 5% in 2023 en 2024", "maximaal 20"]:
        better = max(latest - step, 0)
        here = indicator_status(facts(target, ("2016", base), ("2020", latest)), date(2022, 1, 1))
        there = indicator_status(facts(target, ("2016", base), ("2020", better)), date(2022, 1, 1))
        assert RANK[there.code] >= RANK[here.code], (target, base, latest, better)


@given(values, values)
def test_decreasing_and_increasing_targets_are_mirror_images(base, latest):
    on = date(2022, 1, 1)
    pairs = [
        ("neemt af", "neemt toe"),
        ("blijft gelijk of neemt af", "blijft gelijk of neemt toe"),
        ("jaarlijks 5 minder", "jaarlijks 5 meer"),
    ]
    for down, up in pairs:
        lower = indicator_status(facts(down, ("2016", base), ("2020", latest)), on)
        higher = indicator_status(
            facts(up, ("2016", -base), ("2020", -latest), direction="higher_better"), on
        )
        assert lower.code == higher.code, (down, base, latest)


# Actions, results, roll-up --------------------------------------------------------------


def test_action_statuses():
    on = date(2024, 3, 1)
    assert action_status(ActionFacts("done", date(2023, 1, 1)), on).code == s.DONE
    assert action_status(ActionFacts("in_progress", date(2023, 12, 31)), on).code == s.LATE
    assert action_status(ActionFacts("not_started", date(2023, 12, 31)), on).code == s.LATE
    assert (
        action_status(ActionFacts("in_progress", date(2024, 12, 31), progress=40), on).code
        == s.ON_SCHEDULE
    )
    assert action_status(ActionFacts("not_started"), on).code == s.NOT_STARTED
    assert action_status(ActionFacts("cancelled", date(2023, 1, 1)), on).code == s.CANCELLED


def test_a_result_needs_evidence():
    on = date(2024, 3, 1)
    assert result_status(ResultFacts(True, "https://example.org/verslag"), on).code == s.ACHIEVED
    assert result_status(ResultFacts(True, ""), on).code == s.OPEN
    assert result_status(ResultFacts(False, due=date(2023, 12, 31)), on).code == s.MISSED


def _st(code: str) -> Status:
    return Status(code, "")


def test_roll_up():
    assert roll_up([_st(s.ACHIEVED), _st(s.DONE)]).code == s.ACHIEVED
    assert roll_up([_st(s.ACHIEVED), _st(s.AWAITING)]).code == s.ON_TRACK
    assert roll_up([_st(s.ON_TRACK), _st(s.ON_TRACK), _st(s.AT_RISK)]).code == s.AT_RISK
    assert roll_up([_st(s.ON_TRACK), _st(s.ON_TRACK), _st(s.LATE)]).code == s.OFF_TRACK
    many = [_st(s.ON_TRACK)] * 3 + [_st(s.OFF_TRACK)]
    assert roll_up(many).code == s.AT_RISK
    assert roll_up([_st(s.AWAITING), _st(s.NOT_STARTED)]).code == s.AWAITING
    assert roll_up([]).code == s.NOT_JUDGED
    assessed = Status(s.ASSESSED, "", verdict=s.OFF_TRACK)
    assert roll_up([assessed]).code == s.OFF_TRACK


def test_roll_up_reason_counts_the_parts():
    found = roll_up([_st(s.ON_TRACK), _st(s.OFF_TRACK), _st(s.AWAITING)])
    assert (
        found.reason
        == "Oordeel op 2 van 3 onderdelen (1 op koers en 1 achter op koers); 1 wacht op een "
        "cijfer, een start of een verantwoording."
    )


@pytest.mark.parametrize(
    ("value", "unit", "text"),
    [
        (Decimal("42.5"), "percent", "42,5%"),
        (Decimal("-35.6"), "percent_change", "-35,6%"),
        (Decimal("12"), "percent_change", "+12%"),
        (Decimal("1234.5"), "euro", "€ 1.234,5"),
        (Decimal("3"), "count", "3"),
    ],
)
def test_values_read_in_dutch_notation_with_their_unit(value, unit, text):
    from koers.monitor.status import format_value

    assert format_value(value, unit) == text


# Freshness and what is not reported (docs/status-rules.md) ------------------------------

NO_VERDICT = {s.OUTDATED, s.PRE_PLAN, s.AWAITING, s.NO_BASELINE, s.NOT_JUDGED, s.INSUFFICIENT}


def test_figures_from_before_the_plan_give_no_verdict():
    rose = facts("neemt af", ("2016", 33), ("2020", 42), plan_start=2022)
    found = indicator_status(rose, date(2022, 6, 1))
    assert found.code == s.PRE_PLAN
    assert found.reason.startswith("Geen cijfers sinds de start van het plan in 2022")
    # A baseline from before the plan is fine: the latest figure is what must be recent.
    assert (
        indicator_status(
            facts("neemt af", ("2020", 33), ("2024", 42), plan_start=2022), date(2025, 6, 1)
        ).code
        == s.OFF_TRACK
    )


def test_a_figure_more_than_a_cycle_overdue_is_out_of_date():
    yearly = {"frequency": "yearly", "anchor_year": None}
    debts = facts("neemt af", ("2018", 5), ("2020", 4), **yearly)
    # The 2021 figure was due mid 2022; in 2022 that is one cycle, still judged.
    assert indicator_status(debts, date(2022, 9, 1)).code == s.ON_TRACK
    late = indicator_status(debts, date(2026, 11, 30))
    assert late.code == s.OUTDATED
    assert "te laat sinds" in late.reason and late.next_period == "2021"


def test_late_to_start_and_past_the_programme_are_late():
    on = date(2026, 11, 30)
    waiting = ActionFacts("not_started", planned_start=date(2023, 3, 1))
    assert action_status(waiting, on).code == s.LATE
    assert "Te laat gestart" in action_status(waiting, on).reason
    assert action_status(ActionFacts("not_started"), on).code == s.NOT_STARTED
    open_ended = ActionFacts("in_progress", progress=60, programme_end=date(2024, 12, 31))
    assert action_status(open_ended, on).code == s.LATE
    assert action_status(open_ended, date(2024, 6, 1)).code == s.ON_SCHEDULE


def test_a_result_is_missed_only_after_its_programme_ended():
    result = ResultFacts(False, due=date(2024, 12, 31))
    assert result_status(result, date(2024, 6, 1)).code == s.OPEN
    assert result_status(result, date(2025, 1, 1)).code == s.MISSED


def test_too_few_judged_parts_give_no_colour():
    parts = [_st(s.ON_TRACK), _st(s.PRE_PLAN), _st(s.OUTDATED), _st(s.AWAITING)]
    found = roll_up(parts)
    assert found.code == s.INSUFFICIENT
    assert found.reason == (
        "Oordeel op 1 van 4 onderdelen (1 op koers); 2 zonder actuele cijfers; 1 wacht op een "
        "cijfer, een start of een verantwoording."
    )
    assert roll_up([_st(s.ON_TRACK), _st(s.AWAITING)]).code == s.ON_TRACK  # half is enough
    assert roll_up([_st(s.PRE_PLAN)]).reason == (
        "Het enige onderdeel is niet te beoordelen; 1 zonder actuele cijfers."
    )


years = st.integers(min_value=2016, max_value=2030)


@given(years, st.integers(min_value=1, max_value=8), values, values, years)
def test_an_older_figure_never_gives_a_verdict_a_newer_one_would_not(
    latest, back, base, value, plan_start
):
    """Moving the latest figure back in time can take a verdict away, never bring one."""
    on = date(2031, 1, 1)
    older = max(latest - back, 2015)
    yearly = {"frequency": "yearly", "plan_start": plan_start}
    newer = indicator_status(facts("neemt af", ("2014", base), (str(latest), value), **yearly), on)
    aged = indicator_status(facts("neemt af", ("2014", base), (str(older), value), **yearly), on)
    if aged.code not in NO_VERDICT:
        assert newer.code not in NO_VERDICT, (latest, older, newer.code, aged.code)


statuses = st.sampled_from(
    [s.ACHIEVED, s.ON_TRACK, s.AT_RISK, s.OFF_TRACK, s.AWAITING, s.PRE_PLAN, s.OUTDATED, s.LATE]
)


@given(st.lists(statuses, max_size=8), st.sampled_from([s.OPEN, s.MISSED]))
def test_reporting_evidence_never_worsens_a_verdict(others, before):
    """A result that gets its evidence (open or missed → achieved) never lowers the roll-up."""
    without = roll_up([_st(code) for code in others] + [_st(before)])
    with_evidence = roll_up([_st(code) for code in others] + [_st(s.ACHIEVED)])
    if without.code in RANK and with_evidence.code in RANK:
        assert RANK[with_evidence.code] >= RANK[without.code], (others, before)
    if without.code in RANK:
        assert with_evidence.code in RANK  # more evidence never takes the verdict away


def test_a_baseline_alone_with_the_next_figures_long_overdue_is_out_of_date():
    debts = facts("neemt af", ("2020", 5), frequency="yearly")
    assert indicator_status(debts, date(2021, 12, 1)).code == s.AWAITING
    found = indicator_status(debts, date(2026, 11, 30))
    assert found.code == s.OUTDATED
    assert "De volgende meting (2021) is te laat sinds" in found.reason
    assert found.next_period == "2021"


def test_a_new_figure_is_compared_with_a_baseline_without_a_year():
    """The document gives 86.5% without a year; a 2025 figure is compared with it."""
    rising = facts("neemt toe", ("", "86.5"), ("2025", "89"), direction="higher_better")
    found = indicator_status(rising, date(2026, 11, 30))
    assert found.code == s.ON_TRACK
    assert "tegen nulmeting 86,5%" in found.reason and "Alleen de nulmeting" not in found.reason
    stated = facts(
        TargetSpec("direction", "neemt toe", direction="increase", baseline_value=D("86.5")),
        ("2025", "80"),
        direction="higher_better",
    )
    assert indicator_status(stated, date(2026, 11, 30)).code == s.OFF_TRACK
