"""All actions of a plan ("wat gaan we doen" across its programmes) with filters, and the
filtered list as CSV or Excel. Read from the plan already in memory: no query per action."""

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.text import slugify
from django.utils.translation import gettext as _

from koers.monitor.status import LATE, STATUS_LABELS
from koers.monitor.tree import Node, NodeKind, Plan
from koers.web.downloads import FORMATS, table_download
from koers.web.plans import plan_context, plan_page


def organisations(action: Any) -> list[str]:
    """The action's owner and partners, by name: what "Eigenaar of partner" filters on."""
    owner = [action.owner.name] if action.owner else []
    return owner + [p.name for p in action.partners.all()]


def action_years(action: Any) -> set[str]:
    """The years of its deadline and planned start: what "Jaar van de actie" filters on."""
    return {str(d.year) for d in (action.deadline, action.planned_start) if d}


@dataclass(frozen=True)
class Row:
    node: Node  # the action, with its status
    programme: Any
    task: Any
    theme: Any

    @property
    def action(self) -> Any:
        return self.node.obj

    def organisations(self) -> list[str]:
        return organisations(self.action)

    def years(self) -> set[str]:
        return action_years(self.action)


@dataclass(frozen=True)
class Filters:
    theme: str = ""
    task: str = ""
    status: str = ""
    organisation: str = ""
    responsible: str = ""
    year: str = ""
    late: bool = False

    @classmethod
    def of(cls, params: Any) -> "Filters":
        return cls(
            theme=params.get("thema", ""),
            task=params.get("opgave", ""),
            status=params.get("status", ""),
            organisation=params.get("organisatie", ""),
            responsible=params.get("verantwoordelijke", ""),
            year=params.get("jaar", ""),
            late=params.get("te_laat") == "1",
        )

    def keep(self, row: Row) -> bool:
        action = row.action
        responsible = action.responsible.name if action.responsible else ""
        return (
            (not self.theme or row.theme.chapter == self.theme)
            and (not self.task or row.task.code == self.task)
            and (not self.status or row.node.status.code == self.status)
            and (not self.organisation or self.organisation in row.organisations())
            and (not self.responsible or responsible == self.responsible)
            and (not self.year or self.year in row.years())
            and (not self.late or row.node.status.code == LATE)
        )


def all_rows(plan: Plan) -> list[Row]:
    # Tasks and themes as the plan holds them (an ambition's task carries no theme).
    tasks = {t.obj.pk: (t.obj, theme.obj) for theme in plan.node.children for t in theme.children}
    rows = []
    for programme in plan.programmes:
        for ambition in programme.children:
            task, theme = tasks[ambition.obj.task_id]
            for child in ambition.children:
                if child.kind == NodeKind.ACTION:
                    rows.append(Row(child, programme.obj, task, theme))
    return rows


def _cells(row: Row) -> list[Any]:
    action = row.action
    return [
        row.theme.chapter,
        row.task.code,
        action.code,
        action.text,
        str(STATUS_LABELS.get(row.node.status.code, row.node.status.code)),
        action.progress,
        action.deadline,
        ", ".join(row.organisations()),
        action.responsible.name if action.responsible else "",
        row.programme.title,
    ]


def _headers() -> list[str]:
    return [
        _("Theme"), _("Task"), _("Action"), _("Text"), _("Status"), _("Progress (%)"),
        _("Deadline"), _("Owner or partner"), _("Responsible"), _("Programme"),
    ]  # fmt: skip


@plan_page
def action_list(request: HttpRequest, plan: Plan, on: date) -> HttpResponse:
    rows = all_rows(plan)
    filters = Filters.of(request.GET)
    shown = [row for row in rows if filters.keep(row)]
    fmt = request.GET.get("formaat", "")
    if fmt in FORMATS:
        name = slugify(f"acties {plan.framework.municipality.name} {on.isoformat()}")
        return table_download(_headers(), map(_cells, shown), fmt, name, _("Actions"))
    query = request.GET.copy()
    query.pop("formaat", None)
    return render(
        request,
        "web/actions.html",
        plan_context(
            plan,
            on,
            rows=shown,
            total=len(rows),
            filters=filters,
            themes=[t.obj for t in plan.node.children],
            tasks=sorted({r.task.code for r in rows}, key=_code_order),
            statuses=[
                (c, str(STATUS_LABELS[c]))
                for c in STATUS_LABELS
                if any(r.node.status.code == c for r in rows)
            ],
            organisations=sorted({o for r in rows for o in r.organisations()}),
            people=sorted({r.action.responsible.name for r in rows if r.action.responsible}),
            years=sorted({y for r in rows for y in r.years()}),
            query=query.urlencode(),
        ),
    )


def _code_order(code: str) -> list[int]:
    return [int(part) if part.isdigit() else 0 for part in code.split(".")]
