"""Money per taakveld ("Geld per taakveld"): the plan's budget lines and tasks on the Iv3
taakvelden of the begroting, so that a controller can reconcile the plan with the
programme budget and see which taakvelden of the social domain the plan does not cover.

Editors put lines and tasks on taakvelden here; every change goes through
`koers.budgets.services`. The plan is the one already in memory; the page adds a fixed
number of queries (spending, task links, budget amounts, the Iv3 editions).
"""

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _

from koers.accounts.permissions import can_edit
from koers.addresses import plan_reverse
from koers.budgets import iv3
from koers.budgets import services as budget_services
from koers.budgets.classification import Editions
from koers.budgets.models import BudgetLine, ProgrammeAmount, Taakveld, TaskTaakveld
from koers.budgets.totals import BudgetTotals, LineMoney, grouped, spent_by_line, totals
from koers.monitor.tree import Plan
from koers.plans.models import Programme, Task
from koers.web.downloads import FORMATS, table_download
from koers.web.plans import plan_context, plan_page

UNCLASSIFIED = None  # the group of lines not yet put on a taakveld


@dataclass
class TaakveldRow:
    taakveld: Taakveld | None
    tasks: list[Task] = field(default_factory=list)
    money: BudgetTotals | None = None
    # What the programme budget sets aside on this taakveld: expenses per year.
    budgeted: dict[int, int] = field(default_factory=dict)
    named: str = ""  # a code the programme budget uses that is not in the Iv3 edition
    budget_years: list[int | None] = field(default_factory=list)  # `budgeted` per shown year


@dataclass
class TaskRow:
    task: Task
    taakvelden: list[Taakveld]
    money: BudgetTotals | None


@dataclass
class Money:
    """Everything the page and its downloads show, for the chosen programmes."""

    programmes: list[Programme]
    lines: list[BudgetLine]
    line_money: dict[int, LineMoney]
    by_taakveld: list[TaakveldRow]
    by_task: list[TaskRow]
    total: BudgetTotals
    uncovered: list[Taakveld]
    years: list[int]


def _tasks(plan: Plan) -> list[Task]:
    return [node.obj for theme in plan.node.children for node in theme.children]


def _money(plan: Plan, on: date, programmes: list[Programme], editions: Editions) -> Money:
    lines = [line for p in programmes for line in p.budget_lines.all()]
    spent = spent_by_line([p.pk for p in programmes], on)
    line_money = {
        line.pk: LineMoney(line.amount_cents, line.reserved_elsewhere, spent.get(line.pk, 0))
        for line in lines
    }
    tasks = _tasks(plan)
    links: dict[int, list[Taakveld]] = {}
    for link in TaskTaakveld.objects.filter(task__framework=plan.framework).select_related(
        "taakveld__taakveld_list"
    ):
        links.setdefault(link.task_id, []).append(link.taakveld)
    for linked in links.values():
        linked.sort(key=lambda t: (t.taakveld_list_id, t.order))

    rows: dict[Any, TaakveldRow] = {}

    def row(taakveld: Taakveld | None, named: str = "") -> TaakveldRow:
        key = taakveld.pk if taakveld else named or UNCLASSIFIED
        return rows.setdefault(key, TaakveldRow(taakveld, named=named))

    by_taakveld = grouped((line.taakveld, line_money[line.pk]) for line in lines)
    for taakveld, money in by_taakveld.items():
        row(taakveld).money = money
    for task in tasks:
        for taakveld in links.get(task.pk, []):
            row(taakveld).tasks.append(task)
    years: set[int] = set()
    for amount in ProgrammeAmount.objects.filter(programme__in=programmes).exclude(taakveld=""):
        found = editions.find(amount.taakveld, amount.year)
        target = row(found, "" if found else f"{amount.taakveld} {amount.taakveld_name}".strip())
        years.add(amount.year)
        target.budgeted[amount.year] = target.budgeted.get(amount.year, 0) + (
            amount.expense_cents or 0
        )
    covered = {key for key in rows if isinstance(key, int)}
    uncovered = [
        t
        for t in editions.choices(plan.framework.start_year)
        if iv3.in_social_domain(t.code) and t.pk not in covered
    ]
    for found_row in rows.values():
        found_row.budget_years = [found_row.budgeted.get(year) for year in sorted(years)]
    by_task = grouped((line.task_id, line_money[line.pk]) for line in lines)
    return Money(
        programmes=programmes,
        lines=lines,
        line_money=line_money,
        by_taakveld=sorted(
            rows.values(),
            key=lambda r: (
                r.taakveld is None and not r.named,  # the unclassified lines last
                (r.taakveld.taakveld_list_id, r.taakveld.order) if r.taakveld else (0, 0),
                r.named,
            ),
        ),
        by_task=[TaskRow(t, links.get(t.pk, []), by_task.get(t.pk)) for t in tasks],
        total=totals(line_money.values()),
        uncovered=uncovered,
        years=sorted(years),
    )


def _download(plan: Plan, on: date, money: Money, fmt: str) -> HttpResponse:
    headers = [
        _("Programme"), _("Task"), _("Budget line"), _("Taakveld"), _("Name of the taakveld"),
        _("List of taakvelden"), _("Planned (euro)"), _("Already reserved (euro)"),
        _("Spent (euro)"),
    ]  # fmt: skip
    programme_of = {p.pk: p for p in money.programmes}

    def euros(cents: int | None) -> float | None:
        return None if cents is None else cents / 100

    rows = []
    for line in money.lines:
        spent = money.line_money[line.pk].spent_cents
        taakveld = line.taakveld
        rows.append(
            [
                programme_of[line.programme_id].title,
                line.task.code,
                line.resource or line.description,
                taakveld.code if taakveld else "",
                taakveld.name if taakveld else "",
                str(taakveld.taakveld_list) if taakveld else "",
                None if line.reserved_elsewhere else euros(line.amount_cents),
                euros(line.amount_cents) if line.reserved_elsewhere else None,
                euros(spent),
            ]
        )
    name = slugify(f"geld per taakveld {plan.framework.municipality.name} {on.isoformat()}")
    return table_download(headers, rows, fmt, name, _("Budget lines"))


class _Refused(Exception):
    pass


def _save(
    request: HttpRequest, plan: Plan, money: Money, editions: Editions
) -> dict[str, list[str]]:
    """Every change of the form in one transaction: one refusal and nothing is saved.
    Returns the problems by form field."""
    problems: dict[str, list[str]] = {}
    by_pk = {t.pk: t for (_pk, _code), t in editions.by_code.items()}
    try:
        with transaction.atomic():
            for line in money.lines:
                key = f"regel-{line.pk}"
                if key not in request.POST or not can_edit(request.user, line.task.theme):
                    continue
                value = request.POST[key]
                chosen = by_pk.get(int(value)) if value.isdigit() else None
                if value and chosen is None:
                    problems[key] = [_("Choose a taakveld from the list.")]
                elif chosen != line.taakveld:
                    try:
                        budget_services.classify_line(request.user, line, chosen)
                    except ValidationError as error:
                        problems[key] = error.messages
            for task in _tasks(plan):
                key = f"opgave-{task.pk}"
                if key not in request.POST or not can_edit(request.user, task.theme):
                    continue
                codes = [c for c in request.POST[key].replace(";", ",").split(",") if c.strip()]
                found = [editions.find(c, plan.framework.start_year) for c in codes]
                unknown = [c.strip() for c, t in zip(codes, found, strict=True) if t is None]
                if unknown:
                    problems[key] = [
                        _("Not a taakveld of %(edition)s: %(codes)s.")
                        % {
                            "edition": editions.applicable(plan.framework.start_year),
                            "codes": ", ".join(unknown),
                        }
                    ]
                    continue
                try:
                    budget_services.set_task_taakvelden(request.user, task, filter(None, found))
                except ValidationError as error:
                    problems[key] = error.messages
            if problems:
                raise _Refused
    except _Refused:
        pass
    return problems


@plan_page
def finances(request: HttpRequest, plan: Plan, on: date) -> HttpResponse:
    programmes = [p.obj for p in plan.programmes]
    chosen = request.GET.get("programma", "")
    shown = [p for p in programmes if str(p.pk) == chosen] or programmes
    editions = Editions()
    money = _money(plan, on, shown, editions)
    fmt = request.GET.get("formaat", "")
    if fmt in FORMATS:
        return _download(plan, on, money, fmt)
    editor = any(can_edit(request.user, theme.obj) for theme in plan.node.children)
    problems: dict[str, list[str]] = {}
    if request.method == "POST":
        if not editor:
            raise PermissionDenied
        problems = _save(request, plan, money, editions)
        if not problems:
            messages.success(request, _("The taakvelden have been saved."))
            address = plan_reverse(plan.framework, "web:finances")
            return redirect(f"{address}?peildatum={on}&programma={chosen}")
    return render(
        request,
        "web/finances.html",
        plan_context(
            plan,
            on,
            money=money,
            programmes=programmes,
            chosen=chosen if len(shown) == 1 and len(programmes) > 1 else "",
            edition=editions.applicable(plan.framework.start_year),
            editor=editor,
            problems=problems,
            **(_fields(request, plan, money, editions, problems) if editor else {}),
        ),
    )


def _fields(
    request: HttpRequest,
    plan: Plan,
    money: Money,
    editions: Editions,
    problems: dict[str, list[str]],
) -> dict[str, list[dict[str, Any]]]:
    """The form's fields for what this editor may classify, with what was typed when a
    save was refused."""
    posted = request.POST if problems else {}
    programme_of = {p.pk: p for p in money.programmes}
    line_fields = []
    for line in money.lines:
        if not can_edit(request.user, line.task.theme):
            continue
        key = f"regel-{line.pk}"
        edition = editions.applicable(programme_of[line.programme_id].start_year)
        choices = editions.choices(programme_of[line.programme_id].start_year)
        if line.taakveld and line.taakveld not in choices:
            choices = [line.taakveld, *choices]  # coded with another edition: kept until changed
        selected = posted.get(key, line.taakveld_id or "")
        line_fields.append(
            {
                "key": key,
                "line": line,
                "choices": choices,
                "selected": int(selected) if str(selected).isdigit() else None,
                "edition": edition.pk if edition else None,
                "problems": problems.get(key, []),
            }
        )
    task_fields = [
        {
            "key": f"opgave-{row.task.pk}",
            "task": row.task,
            "value": posted.get(f"opgave-{row.task.pk}", ", ".join(t.code for t in row.taakvelden)),
            "problems": problems.get(f"opgave-{row.task.pk}", []),
        }
        for row in money.by_task
        if can_edit(request.user, row.task.theme)
    ]
    return {"line_fields": line_fields, "task_fields": task_fields}
