"""Municipalities to measure Koers at the size of the country (benchmarks, not demos).

`generate_municipalities(count)` copies a loaded plan (the Heerde plan) to `count - 1` new
municipalities with their own CBS codes: framework, themes, tasks, ambitions, indicators
with their targets, the programme with its ambitions, actions, results and budget lines,
and for every quantitative indicator ten years of figures for the municipality itself,
its GGD region and the Netherlands. Rows are written in bulk, without edit history: these
are generated plans, not anyone's edits.
"""

import random
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from django.db import models, transaction

from koers.budgets.models import BudgetLine, TaskTaakveld
from koers.monitor.models import Area, Indicator, Measurement, Target, TargetValue
from koers.plans.models import (
    Action,
    Ambition,
    Framework,
    Municipality,
    ProgrammeAmbition,
    Result,
)
from koers.plans.versions import one_change

YEARS = range(2016, 2026)
REGIONS = 25  # the GGD regions of the Netherlands


def municipality_codes(count: int, taken: set[str]) -> Iterator[str]:
    """CBS-shaped codes not used yet: GM0001, GM0002, ..."""
    number = 0
    made = 0
    while made < count:
        number += 1
        code = f"GM{number:04d}"
        if code not in taken:
            made += 1
            yield code


def _copy(obj: models.Model, **changes: Any) -> models.Model:
    """An unsaved copy of `obj` with other values for some fields."""
    fields = {
        f.attname: getattr(obj, f.attname)
        for f in obj._meta.concrete_fields
        if not f.primary_key and f.attname not in {"slug", "data_version"}
    }
    fields.update(changes)
    return type(obj)(**fields)


class _Copier:
    """Copies one template framework, level by level, in bulk."""

    def __init__(self, template: Framework, seed: int) -> None:
        self.template = template
        self.random = random.Random(seed)
        self.themes = list(template.themes.all())
        self.tasks = list(template.tasks.prefetch_related("taakvelden"))
        self.ambitions = list(Ambition.objects.filter(task__framework=template))
        self.indicators = list(Indicator.objects.filter(task__framework=template))
        self.targets = list(Target.objects.filter(indicator__task__framework=template))
        self.values = list(TargetValue.objects.filter(target__indicator__task__framework=template))
        self.programmes = list(template.programmes.all())
        self.p_ambitions = list(ProgrammeAmbition.objects.filter(programme__framework=template))
        self.actions = list(
            Action.objects.filter(ambition__programme__framework=template).prefetch_related(
                "partners", "references"
            )
        )
        self.results = list(
            Result.objects.filter(ambition__programme__framework=template).prefetch_related(
                "references"
            )
        )
        self.lines = list(BudgetLine.objects.filter(programme__framework=template))
        # The latest figure of each indicator, as the level the generated series moves around.
        self.levels: dict[int, Decimal] = {}
        for m in Measurement.objects.filter(indicator__in=self.indicators).order_by("period"):
            self.levels[m.indicator_id] = m.value

    def copy(self, municipality: Municipality, home: Area, region: Area, country: Area) -> None:
        title = self.template.title.replace(self.template.municipality.name, municipality.name)
        framework = _copy(self.template, municipality_id=municipality.pk, title=title)
        framework.save()
        themes = self._bulk(self.themes, framework_id=framework.pk)
        tasks = self._bulk(
            self.tasks, framework_id=framework.pk, theme_id=lambda t: themes[t.theme_id].pk
        )
        self._bulk(self.ambitions, task_id=lambda a: tasks[a.task_id].pk)
        indicators = self._bulk(self.indicators, task_id=lambda i: tasks[i.task_id].pk)
        targets = self._bulk(self.targets, indicator_id=lambda t: indicators[t.indicator_id].pk)
        self._bulk(self.values, target_id=lambda v: targets[v.target_id].pk)
        programmes = self._bulk(
            self.programmes,
            framework_id=framework.pk,
            theme_id=lambda p: themes[p.theme_id].pk,
        )
        p_ambitions = self._bulk(
            self.p_ambitions,
            programme_id=lambda a: programmes[a.programme_id].pk,
            task_id=lambda a: tasks[a.task_id].pk,
        )
        actions = self._bulk(
            self.actions, ambition_id=lambda a: p_ambitions[a.ambition_id].pk, version=1
        )
        results = self._bulk(
            self.results,
            ambition_id=lambda r: p_ambitions[r.ambition_id].pk,
            action_id=lambda r: actions[r.action_id].pk if r.action_id else None,
            version=1,
        )
        self._bulk(
            self.lines,
            programme_id=lambda b: programmes[b.programme_id].pk,
            task_id=lambda b: tasks[b.task_id].pk,
        )
        self._links(TaskTaakveld, self.tasks, tasks, "taakvelden", "taakveld_id")
        self._links(Action.partners.through, self.actions, actions, "partners", "partner_id")
        self._links(Action.references.through, self.actions, actions, "references", "task_id",
                    tasks)  # fmt: skip
        self._links(Result.references.through, self.results, results, "references", "task_id",
                    tasks)  # fmt: skip
        self._figures(indicators, (home, region, country))

    def _bulk(self, originals: list[models.Model], **changes: Any) -> dict[int, models.Model]:
        """Copies of the originals, saved in bulk; old pk -> copy."""
        copies = []
        for original in originals:
            values = {k: (v(original) if callable(v) else v) for k, v in changes.items()}
            copies.append(_copy(original, **values))
        if not copies:
            return {}
        saved = type(originals[0]).objects.bulk_create(copies, batch_size=500)
        return {o.pk: c for o, c in zip(originals, saved, strict=True)}

    @staticmethod
    def _links(
        through: type[models.Model],
        originals: list[models.Model],
        copies: dict[int, models.Model],
        name: str,
        column: str,
        mapping: dict[int, models.Model] | None = None,
    ) -> None:
        owner = f"{originals[0]._meta.model_name}_id" if originals else ""
        rows = [
            through(**{owner: copies[o.pk].pk, column: mapping[t.pk].pk if mapping else t.pk})
            for o in originals
            for t in getattr(o, name).all()
        ]
        through.objects.bulk_create(rows, batch_size=1000)

    def _figures(self, indicators: dict[int, Indicator], areas: tuple[Area, ...]) -> None:
        rows = []
        for old_pk, indicator in indicators.items():
            if indicator.kind != Indicator.Kind.QUANTITATIVE or indicator.role != "monitor":
                continue
            level = float(self.levels.get(old_pk, Decimal(50)))
            for area in areas:
                value = level * self.random.uniform(0.8, 1.2)
                for year in YEARS:
                    value = max(0.0, value * self.random.uniform(0.95, 1.05))
                    if indicator.unit == "percent":
                        value = min(value, 100.0)
                    rows.append(
                        Measurement(
                            indicator=indicator,
                            area=area,
                            period=str(year),
                            value=Decimal(f"{value:.1f}"),
                            confirmed=True,
                        )
                    )
        Measurement.objects.bulk_create(rows, batch_size=2000)


def generate_municipalities(count: int, template: Framework | None = None) -> int:
    """Add municipalities with a copy of the template plan until there are `count`;
    returns how many were made."""
    template = template or Framework.objects.select_related("municipality").order_by("pk")[0]
    have = Municipality.objects.count()
    if have >= count:
        return 0
    taken = set(Municipality.objects.values_list("cbs_code", flat=True))
    country, _made = Area.objects.get_or_create(
        code="NL01", defaults={"name": "Nederland", "kind": Area.Kind.COUNTRY, "cbs_code": "NL01"}
    )
    regions = []
    for number in range(1, REGIONS + 1):
        region, _made = Area.objects.get_or_create(
            code=f"GG{3000 + number}",
            defaults={"name": f"GGD-regio {number}", "kind": Area.Kind.GGD_REGION},
        )
        regions.append(region)
    copier = _Copier(template, seed=count)
    made = 0
    with transaction.atomic(), one_change():
        for number, code in enumerate(municipality_codes(count - have, taken), start=1):
            municipality = Municipality.objects.create(cbs_code=code, name=f"Gemeente {code}")
            home = Area.objects.create(
                code=code,
                cbs_code=code,
                name=municipality.name,
                kind=Area.Kind.MUNICIPALITY,
                municipality=municipality,
            )
            copier.copy(municipality, home, regions[number % REGIONS], country)
            made += 1
    return made
