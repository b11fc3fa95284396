"""A draft compared with the database, and what is new added in one transaction.

Koers never overwrites reviewed plan data from a document: a theme, task or programme that
exists already is kept as it is, and where the document says something else that is
listed for the adviser. New themes, tasks (with their ambitions and indicators) and
programmes (with ambitions, actions, results and budget lines) are added. Importing a
document a second time therefore changes nothing.
"""

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from koers.budgets.models import BudgetLine
from koers.history import record
from koers.imports.document import DocumentError, Draft
from koers.monitor.models import Indicator, Target, TargetValue
from koers.plans.models import (
    Action,
    Ambition,
    Framework,
    Municipality,
    Programme,
    ProgrammeAmbition,
    Result,
    Task,
    Theme,
)


@dataclass
class Change:
    action: str  # "add", "keep" or "differs"
    what: str


@dataclass
class ImportPlan:
    draft: Draft
    changes: list[Change] = field(default_factory=list)
    # What to create, in order: (kind, draft item, parent key)
    work: list[tuple[str, dict[str, Any], Any]] = field(default_factory=list)
    framework: Framework | None = None
    municipality: Municipality | None = None

    @property
    def additions(self) -> list[Change]:
        return [c for c in self.changes if c.action == "add"]

    def add(self, what: str) -> None:
        self.changes.append(Change("add", what))

    def keep(self, what: str, differences: list[str] = ()) -> None:
        self.changes.append(Change("keep", what))
        self.changes += [Change("differs", d) for d in differences]


def _norm(text: str | None) -> str:
    return " ".join((text or "").split()).lower().rstrip(".")


def plan_import(
    draft: Draft, municipality_code: str | None = None, framework_id: int | None = None
) -> ImportPlan:
    """What importing the draft would add, and what exists already. Writes nothing."""
    plan = ImportPlan(draft)
    if draft.kind == "framework":
        _plan_framework(plan, municipality_code)
    else:
        _plan_programme(plan, framework_id)
    return plan


# -- frameworks --------------------------------------------------------------------------------


def _municipality(draft: Draft, code: str | None) -> Municipality | None:
    names = draft.document.get("municipalities") or []
    name = names[0]["name"] if names else None
    if code:
        found = Municipality.objects.filter(cbs_code=code).first()
        if found is None and not name:
            raise DocumentError(_("No municipality with CBS code %(code)s.") % {"code": code})
        return found or Municipality(cbs_code=code, name=name)
    found = Municipality.objects.filter(name__iexact=name).first() if name else None
    if found is None:
        raise DocumentError(
            _(
                "The document names no municipality Koers knows (%(name)s); give its CBS code, "
                "such as GM0246."
            )
            % {"name": name or "?"}
        )
    return found


def _plan_framework(plan: ImportPlan, code: str | None) -> None:
    data = plan.draft.document["frameworks"][0]
    municipality = _municipality(plan.draft, code)
    plan.municipality = municipality
    existing = None
    if municipality.pk:
        existing = (
            Framework.objects.filter(municipality=municipality, title__iexact=data["title"]).first()
            or Framework.objects.filter(
                municipality=municipality,
                start_year=data["start_year"],
                end_year=data["end_year"],
            ).first()
        )
    plan.framework = existing
    if municipality.pk is None:
        plan.add(_("municipality %(name)s (%(code)s)") % {"name": municipality.name, "code": code})
    if existing is None:
        if not data.get("title") or not data.get("start_year"):
            raise DocumentError(_("The document gives no title and years for the framework."))
        plan.add(_("framework %(title)s") % {"title": data["title"]})
        plan.work.append(("framework", data, None))
    else:
        plan.keep(_("framework %(title)s") % {"title": existing.title})
    themes = {t.chapter: t for t in existing.themes.all()} if existing else {}
    tasks = (
        {
            t.code: t
            for t in Task.objects.filter(framework=existing).prefetch_related(
                "ambitions", "indicators"
            )
        }
        if existing
        else {}
    )
    for theme in data["themes"]:
        found = themes.get(theme["chapter"])
        label = f"{_('theme')} {theme['chapter']} {theme['title']}"
        if found is None:
            plan.add(label)
            plan.work.append(("theme", theme, None))
        else:
            differences = []
            if _norm(found.title) != _norm(theme["title"]):
                differences.append(
                    _("theme %(chapter)s: the document says “%(title)s”")
                    % {"chapter": theme["chapter"], "title": theme["title"]}
                )
            plan.keep(label, differences)
        for task in theme["tasks"]:
            # A new theme brings its tasks; in a known theme each new task is added.
            _plan_task(plan, task, theme["chapter"], tasks.get(task["code"]), found is not None)


def _plan_task(
    plan: ImportPlan, task: dict[str, Any], chapter: str, found: Task | None, known_theme: bool
) -> None:
    label = f"{_('task')} {task['code']} {task['title']}"
    if found is None:
        plan.add(
            label
            + " "
            + _("(%(ambitions)d ambitions, %(indicators)d indicators)")
            % {"ambitions": len(task["ambitions"]), "indicators": len(task["indicators"])}
        )
        if known_theme:
            plan.work.append(("task", task, chapter))
        return
    differences = []
    if _norm(found.title) != _norm(task["title"]):
        differences.append(
            _("task %(code)s: the document says “%(title)s”")
            % {"code": task["code"], "title": task["title"]}
        )
    known = {_norm(a.text) for a in found.ambitions.all()}
    new = [a for a in task["ambitions"] if _norm(a["text"]) not in known]
    if new:
        differences.append(
            _("task %(code)s: %(count)d ambition(s) in the document are worded differently")
            % {"code": task["code"], "count": len(new)}
        )
    plan.keep(label, differences)


# -- programmes --------------------------------------------------------------------------------


def _plan_programme(plan: ImportPlan, framework_id: int | None) -> None:
    data = plan.draft.document["programmes"][0]
    codes = {a["task"] for a in data["ambitions"]} | {b["task"] for b in data["budget_lines"]}
    frameworks = (
        Framework.objects.filter(pk=framework_id) if framework_id else Framework.objects.all()
    )
    fitting = [f for f in frameworks if codes <= set(f.tasks.values_list("code", flat=True))]
    if len(fitting) != 1:
        raise DocumentError(
            _(
                "Choose the framework this programme belongs to: %(count)d framework(s) hold "
                "all its tasks (%(codes)s)."
            )
            % {"count": len(fitting), "codes": ", ".join(sorted(codes)) or "-"}
        )
    framework = plan.framework = fitting[0]
    chapter = data.get("theme")
    if not framework.themes.filter(chapter=chapter).exists():
        raise DocumentError(_("The framework has no theme %(chapter)s.") % {"chapter": chapter})
    existing = Programme.objects.filter(framework=framework, title__iexact=data["title"]).first()
    label = f"{_('programme')} {data['title']}"
    if existing is not None:
        counts = (
            Action.objects.filter(ambition__programme=existing).count(),
            sum(len(a["actions"]) for a in data["ambitions"]),
        )
        differences = []
        if counts[0] != counts[1]:
            differences.append(
                _("the programme has %(stored)d actions; the document %(read)d")
                % {"stored": counts[0], "read": counts[1]}
            )
        plan.keep(label, differences)
        return
    plan.add(
        label
        + " "
        + _(
            "(%(ambitions)d ambitions, %(actions)d actions, %(results)d results, "
            "%(lines)d budget lines)"
        )
        % {
            "ambitions": len(data["ambitions"]),
            "actions": sum(len(a["actions"]) for a in data["ambitions"]),
            "results": sum(len(a["results"]) for a in data["ambitions"]),
            "lines": len(data["budget_lines"]),
        }
    )
    plan.work.append(("programme", data, None))


# -- writing -----------------------------------------------------------------------------------


def apply_import(plan: ImportPlan, reason: str) -> int:
    """Add what the plan found new, all or nothing; returns how many objects were made."""
    made = 0

    def save(obj: Any) -> Any:
        nonlocal made
        record(obj, None, reason)
        # The framework of tasks and programmes follows from their theme on save.
        obj.full_clean(exclude=["framework"], validate_unique=False, validate_constraints=False)
        obj.save()
        made += 1
        return obj

    with transaction.atomic():
        municipality = plan.municipality
        if municipality is not None and municipality.pk is None:
            save(municipality)
        framework = plan.framework
        for kind, data, chapter in plan.work:
            if kind == "framework":
                framework = save(
                    Framework(
                        municipality=municipality,
                        title=data["title"],
                        start_year=data["start_year"],
                        end_year=data["end_year"] or data["start_year"],
                    )
                )
            elif kind == "theme":
                theme = save(
                    Theme(
                        framework=framework,
                        chapter=data["chapter"],
                        title=data["title"],
                        introduction=data.get("introduction", ""),
                        order=int(data["chapter"]) if data["chapter"].isdigit() else 0,
                    )
                )
                for order, task in enumerate(data["tasks"]):
                    _add_task(save, theme, task, order)
            elif kind == "task":
                theme = Theme.objects.get(framework=framework, chapter=chapter)
                order = Task.objects.filter(theme=theme).count()
                _add_task(save, theme, data, order)
            elif kind == "programme":
                _add_programme(save, framework, data)
    return made


def _add_task(save: Any, theme: Theme, data: dict[str, Any], order: int) -> None:
    task = save(
        Task(
            theme=theme,
            code=data["code"],
            title=data["title"],
            introduction=data.get("introduction", ""),
            situation=data.get("situation", ""),
            order=order,
        )
    )
    for k, ambition in enumerate(data["ambitions"]):
        save(Ambition(task=task, text=ambition["text"], means=ambition.get("means", []), order=k))
    for k, item in enumerate(data["indicators"]):
        indicator = save(
            Indicator(
                task=task,
                code=item["code"],
                name=item["name"][:300],
                role=item.get("role", "monitor"),
                sentence=item.get("sentence", ""),
                unit=item.get("unit", "none"),
                direction=item.get("direction", "none"),
                kind=item.get("kind", "quantitative"),
                order=k,
            )
        )
        for n, spec in enumerate(item.get("targets", [])):
            target = save(
                Target(
                    indicator=indicator,
                    order=n,
                    kind=spec["kind"],
                    sentence=spec.get("sentence", ""),
                    direction=spec.get("direction", ""),
                    value=_decimal(spec.get("value")),
                    change=_decimal(spec.get("change")),
                    change_unit=spec.get("change_unit", ""),
                    start_year=spec.get("start_year"),
                    target_year=spec.get("target_year"),
                    baseline_value=_decimal(spec.get("baseline_value")),
                    baseline_period=spec.get("baseline_period", ""),
                    baseline_note=spec.get("baseline_note", ""),
                )
            )
            for value in spec.get("values", []):
                save(TargetValue(target=target, year=value["year"], value=Decimal(value["value"])))


def _decimal(value: str | None) -> Decimal | None:
    return None if value in (None, "") else Decimal(value)


def _add_programme(save: Any, framework: Framework, data: dict[str, Any]) -> None:
    tasks = {t.code: t for t in framework.tasks.all()}
    programme = save(
        Programme(
            theme=framework.themes.get(chapter=data["theme"]),
            title=data["title"],
            start_year=data["start_year"],
            end_year=data["end_year"] or data["start_year"],
            introduction=data.get("introduction", ""),
        )
    )
    for k, item in enumerate(data["ambitions"]):
        ambition = save(
            ProgrammeAmbition(
                programme=programme,
                task=tasks[item["task"]],
                number=item["number"],
                text=item["text"],
                order=k,
            )
        )
        actions = {}
        for n, action_data in enumerate(item["actions"]):
            action = save(
                Action(
                    ambition=ambition, code=action_data["code"], text=action_data["text"], order=n
                )
            )
            action.references.set([tasks[c] for c in action_data["references"] if c in tasks])
            actions[action.code] = action
        for n, result_data in enumerate(item["results"]):
            result = save(
                Result(
                    ambition=ambition,
                    action=actions.get(result_data.get("action")),
                    code=result_data["code"],
                    text=result_data["text"],
                    order=n,
                )
            )
            result.references.set([tasks[c] for c in result_data["references"] if c in tasks])
    for k, line in enumerate(data["budget_lines"]):
        save(
            BudgetLine(
                programme=programme,
                task=tasks[line["task"]],
                resource=line["resource"][:300],
                description=line["description"],
                amount_cents=line["amount_cents"],
                kind=line["kind"],
                funding_source=line["funding_source"][:300],
                reserved_elsewhere=line["reserved_elsewhere"],
                order=k,
            )
        )
