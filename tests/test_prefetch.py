"""koers.prefetch and koers.monitor.reading: one plan read with one query per relation gives
what prefetch_related gives, and asks the database again wherever Django would."""

import copy

import pytest
from django.db.models import Prefetch

from koers.monitor.models import Indicator, Measurement
from koers.monitor.reading import read_tasks, read_themes_and_programmes
from koers.monitor.tree import indicators_with_figures, programmes_with_items
from koers.plans.models import Action, Contact, Framework, Task, Team

pytestmark = pytest.mark.usefixtures("heerde")


def _by_prefetch(framework: Framework) -> tuple[Framework, list[Task]]:
    found = (
        Framework.objects.filter(pk=framework.pk)
        .prefetch_related("themes", Prefetch("programmes", queryset=programmes_with_items()))
        .get()
    )
    tasks = list(
        Task.objects.filter(framework=framework)
        .select_related("theme")
        .order_by("theme__order", "order", "pk")
        .prefetch_related(
            "ambitions",
            Prefetch("indicators", queryset=indicators_with_figures("period", "area__code", "pk")),
        )
    )
    return found, tasks


def _shape(framework: Framework, tasks: list[Task]) -> list:
    """Every relation a page reads, as primary keys in their order."""
    programmes = [
        (
            p.pk,
            p.theme.chapter,
            [b.pk for b in p.budget_lines.all()],
            [
                (
                    a.pk,
                    a.task.code,
                    [
                        (x.pk, [y.pk for y in x.partners.all()], [y.pk for y in x.references.all()])
                        for x in a.actions.all()
                    ],
                    [(r.pk, [y.pk for y in r.references.all()]) for r in a.results.all()],
                )
                for a in p.ambitions.all()
            ],
        )
        for p in framework.programmes.all()
    ]
    indicators = [
        (
            t.pk,
            [a.pk for a in t.ambitions.all()],
            [
                (
                    i.pk,
                    [(g.pk, [v.year for v in g.values.all()]) for g in i.targets.all()],
                    [(m.pk, m.area.code) for m in i.measurements.all()],
                    [a.pk for a in i.assessments.all()],
                )
                for i in t.indicators.all()
            ],
        )
        for t in tasks
    ]
    return [[t.pk for t in framework.themes.all()], programmes, indicators]


def test_a_plan_read_by_relation_is_the_plan_prefetch_related_reads(django_assert_num_queries):
    framework = Framework.objects.get()
    team = Team.objects.create(municipality=framework.municipality, name="Team Stip")
    anna = Contact.objects.create(municipality=framework.municipality, name="Anna", team=team)
    first = Action.objects.filter(ambition__programme__framework=framework).order_by("pk")[0]
    Action.objects.filter(pk=first.pk).update(responsible=anna, team=team)
    Indicator.objects.filter(task__framework=framework, code__startswith="6.").update(
        data_supplier=anna
    )
    expected = _shape(*_by_prefetch(framework))
    fresh = Framework.objects.get(pk=framework.pk)
    # and the municipality (with its contacts and teams), and the comparable municipalities' figures
    with django_assert_num_queries(20):
        read_themes_and_programmes(fresh)
        tasks = read_tasks(fresh, confirmed_only=False)
    with django_assert_num_queries(0):
        shape = _shape(fresh, tasks)
        actions = [
            a for p in fresh.programmes.all() for m in p.ambitions.all() for a in m.actions.all()
        ]
        people = {
            (a.pk, a.responsible.name, a.team.name, a.responsible.team.name)
            for a in actions
            if a.responsible
        }
        suppliers = {
            i.code[:2] for t in tasks for i in t.indicators.all() if i.data_supplier == anna
        }
    assert shape == expected
    assert people == {(first.pk, "Anna", "Team Stip", "Team Stip")} and suppliers == {"6."}
    assert sum(len(i) for _t, _a, i in shape[2]) > 100  # the Heerde plan, not an empty one
    indicator = next(i for t in tasks for i in t.indicators.all() if i.measurements.all())
    assert indicator.measurements.all()[0].indicator is indicator  # no query back up


def test_a_filter_on_kept_rows_asks_the_database_for_this_parent_only(django_assert_num_queries):
    framework = Framework.objects.get()
    tasks = read_tasks(framework, confirmed_only=False)
    indicators = [i for t in tasks for i in t.indicators.all() if len(i.measurements.all()) > 1]
    first, other = indicators[0], indicators[1]
    kept = first.measurements.all()
    period = kept[0].period
    with django_assert_num_queries(1):
        asked = list(first.measurements.filter(period=period))
    assert asked and {m.indicator_id for m in asked} == {first.pk}
    assert first.measurements.count() == len(kept)  # from the kept rows
    before = Measurement.objects.filter(indicator=other).values_list("note", flat=True)
    before = list(before)
    kept.update(note="bijgewerkt")  # only this indicator's figures
    assert set(Measurement.objects.filter(indicator=first).values_list("note", flat=True)) == {
        "bijgewerkt"
    }
    assert list(Measurement.objects.filter(indicator=other).values_list("note", flat=True)) == (
        before
    )


def test_a_copy_of_a_parent_reads_its_own_rows_again():
    framework = Framework.objects.get()
    tasks = read_tasks(framework, confirmed_only=False)
    indicator = next(i for t in tasks for i in t.indicators.all() if i.measurements.all())
    copied = copy.deepcopy(indicator)
    assert [m.pk for m in copied.measurements.all()] == [
        m.pk for m in indicator.measurements.order_by("period", "area__code", "pk")
    ]


def test_confirmed_only_leaves_out_unconfirmed_figures():
    framework = Framework.objects.get()
    figure = Measurement.objects.filter(indicator__task__framework=framework).first()
    Measurement.objects.filter(pk=figure.pk).update(confirmed=False)
    tasks = read_tasks(framework, confirmed_only=True)
    kept = {m.pk for t in tasks for i in t.indicators.all() for m in i.measurements.all()}
    assert figure.pk not in kept and kept
    everything = read_tasks(framework, confirmed_only=False)
    assert figure.pk in {
        m.pk for t in everything for i in t.indicators.all() for m in i.measurements.all()
    }
