"""The public pages: overview, theme, task, indicator, programme and search.

Every page belongs to the plan of its address (`koers.web.plans`) and reads that plan only
through `koers.monitor.tree.load_plan`, a fixed number of queries whatever the size of the
plan or the number of plans, and shows statuses on the reporting date
(`?peildatum=YYYY-MM-DD`, default today).
"""

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from koers.accounts.permissions import can_edit, can_enter_figures, is_insider
from koers.addresses import plan_reverse
from koers.budgets.totals import LineMoney, spent_by_line, totals
from koers.monitor.charts import (
    AREA_ORDER,
    breakdowns,
    not_public,
    placeholders,
    plan_chart,
    shown_bands,
    svg,
)
from koers.monitor.models import Indicator, Measurement
from koers.monitor.periods import period_end
from koers.monitor.reading import other_municipalities
from koers.monitor.status import DONE, LATE, STATUS_LABELS, STATUS_RANK
from koers.monitor.tree import Node, NodeKind, Plan, is_home, plan_status
from koers.plans.models import Action, Framework, Municipality, Result, Task
from koers.reports.formats import download_links
from koers.web.actions import action_years, organisations
from koers.web.forms import AssessmentForm, MeasurementForm, SpendingForm
from koers.web.plans import plan_context, plan_page


@plan_page
def overview(request: HttpRequest, plan: Plan, on: date) -> HttpResponse:
    themes = []
    for theme in plan.node.children:
        tasks = []
        for task in theme.children:
            actions = [c for c in task.children if c.kind == NodeKind.ACTION]
            tasks.append(
                {
                    "node": task,
                    "done": sum(a.status.code == DONE for a in actions),
                    "late": sum(a.status.code == LATE for a in actions),
                    "actions": len(actions),
                }
            )
        themes.append({"node": theme, "tasks": tasks})
    latest = _newest_figures(plan, on)
    return render(
        request,
        "web/overview.html",
        plan_context(
            plan,
            on,
            themes=themes,
            latest=latest,
            latest_before_plan=bool(latest)
            and all(period_end(m.period).year < plan.framework.start_year for m, _i in latest),
            counts=_counts(plan),
            report_links=live_report_links(plan, "kader", plan.framework.pk, on),
        ),
    )


def live_report_links(plan: Plan, scope: str, pk: int, on: date) -> list[tuple[str, str]]:
    """Download buttons for the current state as a report, on the page's reporting date."""
    framework = plan.framework
    return download_links(
        "reports:live",
        [framework.municipality.slug, framework.slug, scope, pk],
        f"?peildatum={on.isoformat()}",
    )


def _newest_figures(plan: Plan, on: date, count: int = 8) -> list[tuple[Measurement, Indicator]]:
    """Per monitor indicator its newest figure for the municipality known on `on`, the
    newest first: one row per indicator."""
    newest = []
    for task in plan.tasks:
        for indicator in task.indicators.all():
            if indicator.role != Indicator.Role.MONITOR:
                continue
            known = [
                m
                for m in indicator.measurements.all()
                if m.period and is_home(m, plan.framework) and period_end(m.period) <= on
            ]
            if known:
                newest.append((max(known, key=lambda m: period_end(m.period)), indicator))
    newest.sort(key=lambda pair: (period_end(pair[0].period), pair[1].code), reverse=True)
    return newest[:count]


def _counts(plan: Plan) -> list[tuple[str, int]]:
    """How many tasks have each status, in the order of the legend; every task is counted."""
    codes = [task.status.code for theme in plan.node.children for task in theme.children]
    order = sorted(set(codes), key=lambda code: STATUS_RANK.get(code, 99))
    return [(str(STATUS_LABELS[code]), codes.count(code)) for code in order]


@plan_page
def theme(request: HttpRequest, plan: Plan, on: date, chapter: str) -> HttpResponse:
    node = next((t for t in plan.node.children if t.code == chapter), None)
    if node is None:
        raise Http404(_("No theme with this chapter number."))
    programmes = [p for p in plan.programmes if p.obj.theme_id == node.obj.pk]
    return render(
        request,
        "web/theme.html",
        plan_context(plan, on, node=node, theme=node.obj, programmes=programmes),
    )


def task_node(plan: Plan, code: str) -> Node:
    for theme_node in plan.node.children:
        for node in theme_node.children:
            if node.code == code:
                return node
    raise Http404(_("No task with this code."))


@plan_page
def task(request: HttpRequest, plan: Plan, on: date, code: str) -> HttpResponse:
    node = task_node(plan, code)
    obj: Task = node.obj
    indicators = [
        {
            "indicator": i,
            "status": plan.of(i),
            "table": indicator_table(i),
            "chart": plan_chart(i, plan) if i.role == Indicator.Role.MONITOR else None,
        }
        for i in obj.indicators.all()
    ]
    actions = [c for c in node.children if c.kind == NodeKind.ACTION]
    budget = [
        line
        for programme in plan.programmes
        for line in programme.obj.budget_lines.all()
        if line.task_id == obj.pk
    ]
    expected = [
        (i["status"].next_due, i["status"].next_period, i["indicator"])
        for i in indicators
        if i["status"] is not None and i["status"].next_due and i["status"].next_period
    ]
    glance = {
        "done": sum(a.status.code == DONE for a in actions),
        "late": sum(a.status.code == LATE for a in actions),
        "money": sum(line.amount_cents or 0 for line in budget),
        "regular": any(line.amount_cents is None for line in budget),
        # The figure expected soonest (or overdue longest) of the task's indicators.
        "next": min(expected, key=lambda e: e[0]) if expected else None,
    }
    return render(
        request,
        "web/task.html",
        plan_context(
            plan,
            on,
            node=node,
            task=obj,
            monitors=[i for i in indicators if i["indicator"].role == "monitor"],
            context_figures=context_table(
                [i["indicator"] for i in indicators if i["indicator"].role == "context"]
            ),
            actions=actions,
            budget=budget,
            glance=glance,
        ),
    )


def indicator_table(indicator: Indicator) -> dict[str, Any]:
    """Periods down, areas across: the numbers behind every chart, as a table. A figure the
    disclosure rules withhold keeps its place, with a mark instead of its value; insiders
    see the value, marked as not public."""
    shown = list(indicator.measurements.all())
    marks = [m for m in placeholders(indicator, shown) if m.category is None]
    measurements = [*shown, *marks]
    areas = sorted(
        {m.area for m in measurements}, key=lambda a: (AREA_ORDER.get(a.kind, 9), a.name)
    )
    bands = {b.period: b for b in shown_bands(indicator)}
    periods = sorted({m.period for m in measurements} | set(bands), key=lambda p: (p != "", p))
    cells = {(m.period, m.area.pk): m for m in measurements}
    rows = [
        {
            "period": period,
            "cells": [cells.get((period, area.pk)) for area in areas],
            "band": bands.get(period),
        }
        for period in periods
    ]
    return {
        "areas": areas,
        "rows": rows,
        "bands": bool(bands),
        "withheld": _explained(marks),
        "private": not_public(indicator),
    }


def _explained(marks: list[Any]) -> list[str]:
    """Each reason for a withheld figure once, for the note under a table."""
    return list(dict.fromkeys(mark.explanation for mark in marks))


def context_table(indicators: list[Indicator]) -> dict[str, Any]:
    """The context figures of a task in one table: each figure's newest period, its value
    per area; figures with more periods link to their page for the rest."""
    measured = [(i, list(i.measurements.all())) for i in indicators]
    areas = sorted(
        {m.area for _i, ms in measured for m in ms},
        key=lambda a: (AREA_ORDER.get(a.kind, 9), a.name),
    )
    rows = []
    for indicator, measurements in measured:
        periods = sorted({m.period for m in measurements}, key=lambda p: (p != "", p))
        newest = periods[-1] if periods else None
        cells = {m.area_id: m for m in measurements if m.period == newest}
        rows.append(
            {
                "indicator": indicator,
                "period": newest,
                "cells": [(area, cells.get(area.pk)) for area in areas],
                "earlier": len(periods) - 1 if periods else 0,
            }
        )
    return {"areas": areas, "rows": rows}


@plan_page
def indicator(request: HttpRequest, plan: Plan, on: date, task: str, code: str) -> HttpResponse:
    return indicator_page(request, plan, on, find_indicator(plan, task, code))


def find_indicator(plan: Plan, task: str, code: str) -> Indicator:
    """An indicator by its code within its task: codes are unique per task only."""
    found = next(
        (i for t in plan.tasks if t.code == task for i in t.indicators.all() if i.code == code),
        None,
    )
    if found is None:
        raise Http404(_("No indicator with this code."))
    return found


def indicator_page(
    request: HttpRequest, plan: Plan, on: date, found: Indicator, **forms: Any
) -> HttpResponse:
    """The indicator page; editors also get the forms to add a figure or an assessment."""
    task_obj = next(t for t in plan.tasks if t.pk == found.task_id)
    editable = can_edit(request.user, task_obj.theme)
    if found.kind == Indicator.Kind.QUALITATIVE:
        forms.pop("measurement_form", None)  # judged in words: the assessment form only
    elif can_enter_figures(request.user, task_obj):
        forms.setdefault("measurement_form", MeasurementForm(indicator=found))
    if editable and found.kind == Indicator.Kind.QUALITATIVE:
        forms.setdefault("assessment_form", AssessmentForm())
    history = (
        Measurement.history.filter(indicator_id=found.pk)
        .exclude(other_municipalities(plan.framework))
        .select_related("area", "category")
    )
    if not is_insider(request.user, plan.framework):
        # Residents read the history of the figures they see, and no value withheld.
        history = history.filter(confirmed=True).exclude(
            id__in=[mark.pk for mark in getattr(found, "withheld", [])]
        )
    history = history.order_by("-history_date")[:50]
    by_category = breakdowns(found, plan.framework)
    for number, part in enumerate(by_category, start=1):
        part.id = f"spec-{found.pk}-{number}"
        marks = [c for c in part.cells.values() if not isinstance(c, Measurement)]
        part.explained = _explained(marks)
        part.svg = svg(part.spec) if part.spec else ""
    return render(
        request,
        "web/indicator.html",
        plan_context(
            plan,
            on,
            indicator=found,
            task=task_obj,
            status=plan.of(found),
            table=indicator_table(found),
            chart=plan_chart(found, plan),
            breakdowns=by_category,
            history=history,
            editable=editable,
            **forms,
        ),
    )


@plan_page
def programme(request: HttpRequest, plan: Plan, on: date, pk: int) -> HttpResponse:
    node = programme_node(plan, pk)
    end = date(node.obj.end_year, 12, 31)
    if "peildatum" not in request.GET and end < date.today():
        # A programme of an earlier period is read as it stood when it ended.
        params = request.GET.copy()
        params["peildatum"] = end.isoformat()
        return redirect(f"{request.path}?{params.urlencode()}")
    return programme_page(request, plan, on, node)


def programme_node(plan: Plan, pk: int) -> Node:
    node = next((p for p in plan.programmes if p.obj.pk == pk), None)
    if node is None:
        raise Http404(_("No programme with this number."))
    return node


@dataclass
class PeopleFilter:
    """The programme page's filter on who is responsible: a person and/or a team."""

    contacts: list[Any]
    teams: list[Any]
    contact: str = ""
    team: str = ""

    @property
    def active(self) -> bool:
        return bool(self.contact or self.team)

    def shows(self, item: Any) -> bool:
        return (not self.contact or str(item.responsible_id) == self.contact) and (
            not self.team or str(item.team_id) == self.team
        )


def _people_filter(request: HttpRequest, items: list[Node]) -> PeopleFilter:
    contacts = {i.obj.responsible.pk: i.obj.responsible for i in items if i.obj.responsible}
    teams = {i.obj.team.pk: i.obj.team for i in items if i.obj.team}
    return PeopleFilter(
        sorted(contacts.values(), key=lambda c: c.name),
        sorted(teams.values(), key=lambda t: t.name),
        request.GET.get("verantwoordelijke", ""),
        request.GET.get("team", ""),
    )


def programme_page(
    request: HttpRequest, plan: Plan, on: date, node: Node, spending_form: Any = None
) -> HttpResponse:
    """A programme: its ambitions with actions and results, and its money."""
    end = date(node.obj.end_year, 12, 31)
    items = [c for a in node.children for c in a.children]
    people = _people_filter(request, items)
    ambitions = []
    for ambition in node.children:
        shown = [c for c in ambition.children if people.shows(c.obj)]
        if shown or not people.active:
            ambitions.append(
                {
                    "node": ambition,
                    "actions": [c for c in shown if c.kind == NodeKind.ACTION],
                    "results": [c for c in shown if c.kind == NodeKind.RESULT],
                }
            )
    lines = list(node.obj.budget_lines.all())
    amounts = list(node.obj.amounts.all())
    spent = spent_by_line([node.obj.pk], on)
    for line in lines:
        line.spent_cents = spent.get(line.pk, 0)
    total = totals(
        LineMoney(line.amount_cents, line.reserved_elsewhere, line.spent_cents) for line in lines
    )
    if spending_form is None and request.user.is_authenticated:
        own = [line for line in lines if can_edit(request.user, line.task.theme)]
        spending_form = SpendingForm(lines=own) if own else None
    return render(
        request,
        "web/programme.html",
        plan_context(
            plan,
            on,
            node=node,
            programme=node.obj,
            ambitions=ambitions,
            people=people,
            editor=can_edit(request.user, node.obj.theme),
            # Programmes of one theme succeed each other within the plan already read.
            predecessor=next(
                (p.obj for p in plan.programmes if p.obj.pk == node.obj.predecessor_id), None
            ),
            successors=[p.obj for p in plan.programmes if p.obj.predecessor_id == node.obj.pk],
            budget=lines,
            total=total,
            # The programme budget's own amounts: per year, and per taakveld.
            programme_amounts=[a for a in amounts if not a.taakveld],
            taakveld_amounts=[a for a in amounts if a.taakveld],
            spending_form=spending_form,
            report_links=live_report_links(plan, "programma", node.obj.pk, on),
            ended=on == end,
        ),
    )


@plan_page
def search(request: HttpRequest, plan: Plan, on: date) -> HttpResponse:
    query = request.GET.get("q", "").strip()
    wanted_status = request.GET.get("status", "")
    partner = request.GET.get("partner", "")
    year = request.GET.get("jaar", "")
    hits: list[dict[str, Any]] = []
    if query or wanted_status or partner or year:
        hits = _search(plan, query, wanted_status, partner, year)
    actions = [a.obj for prog in plan.programmes for a in prog.walk() if a.kind == NodeKind.ACTION]
    partners = sorted({name for a in actions for name in organisations(a)})
    years = sorted({year for a in actions for year in action_years(a)})
    return render(
        request,
        "web/search.html",
        plan_context(
            plan,
            on,
            query=query,
            hits=hits,
            status_choices=[(code, str(label)) for code, label in STATUS_LABELS.items()],
            wanted_status=wanted_status,
            partners=partners,
            partner=partner,
            years=years,
            year=year,
        ),
    )


def _matches(query: str, *texts: str) -> bool:
    """Every word of the query is somewhere in the texts, in any order."""
    found = " ".join(text or "" for text in texts).lower()
    return all(word in found for word in query.lower().split())


def _involved(action: Action, partner: str, year: str) -> bool:
    """Whether an action has this organisation as owner or partner, and runs in this year."""
    return (not partner or partner in organisations(action)) and (
        not year or year in action_years(action)
    )


def _search(
    plan: Plan, query: str, wanted: str, partner: str, year: str = ""
) -> list[dict[str, Any]]:
    """Search the plan already in memory: no query per hit.

    The organisation and year filters apply to actions (owner or partner; deadline or
    planned start); with either set, only actions are listed.
    """
    filters = (partner, year)
    actions_only = bool(partner or year)
    hits = []
    for theme_node in plan.node.children:
        for task_node in theme_node.children:
            task_obj: Task = task_node.obj
            if (
                not partner
                and _matches(
                    query,
                    task_obj.code,
                    task_obj.title,
                    task_obj.introduction,
                    task_obj.situation,
                    *(a.text for a in task_obj.ambitions.all()),
                )
                and (not wanted or task_node.status.code == wanted)
            ):
                hits.append({"kind": _("Task"), "node": task_node, "task": task_obj})
            for child in task_node.children:
                if child.kind != NodeKind.INDICATOR or actions_only:
                    continue
                found: Indicator = child.obj
                if _matches(query, found.code, found.name, found.sentence) and (
                    not wanted or child.status.code == wanted
                ):
                    hits.append({"kind": _("Indicator"), "node": child, "task": task_obj})
            if actions_only or wanted or not query:
                continue
            # Context figures ("Waar staan we?") have no status of their own.
            for figure in task_obj.indicators.all():
                if figure.role == Indicator.Role.CONTEXT and _matches(
                    query, figure.code, figure.name, figure.sentence
                ):
                    hits.append(
                        {"kind": _("Context figure"), "indicator": figure, "task": task_obj}
                    )
    for programme_node in plan.programmes:
        for ambition in programme_node.children:
            for child in ambition.children:
                obj: Action | Result = child.obj
                if actions_only and (child.kind != NodeKind.ACTION or not _involved(obj, *filters)):
                    continue
                if _matches(query, obj.code, obj.text) and (
                    not wanted or child.status.code == wanted
                ):
                    hits.append(
                        {
                            "kind": _("Action") if child.kind == NodeKind.ACTION else _("Result"),
                            "node": child,
                            "task": ambition.obj.task,
                            "programme": programme_node.obj,
                        }
                    )
    return hits


HOME_PAGE_SIZE = 24


def home(request: HttpRequest) -> HttpResponse:
    """The municipalities Koers holds, each with its plans and the current plan's status."""
    query = request.GET.get("q", "").strip()
    municipalities = Municipality.objects.order_by("name").prefetch_related(
        Prefetch("frameworks", queryset=Framework.objects.order_by("start_year", "pk"))
    )
    if query:
        municipalities = municipalities.filter(name__icontains=query)
    page = Paginator(municipalities, HOME_PAGE_SIZE).get_page(request.GET.get("pagina"))
    on = date.today()
    listed = []
    for municipality in page:
        frameworks = list(municipality.frameworks.all())
        current = municipality.current_framework()
        insider = is_insider(request.user, current)
        status = plan_status(current, on, not insider) if current else None
        listed.append(
            {
                "municipality": municipality,
                "frameworks": frameworks,
                "current": current,
                "status": status,
            }
        )
    return render(
        request, "web/home.html", {"municipalities": listed, "page": page, "query": query, "on": on}
    )


def accessibility(request: HttpRequest) -> HttpResponse:
    """The accessibility statement (toegankelijkheidsverklaring), after the Dutch model."""
    contact = settings.KOERS_CONTACT_EMAIL
    return render(request, "web/accessibility.html", {"contact": contact})


def municipality(request: HttpRequest, municipality: str) -> HttpResponse:
    """/heerde/: the municipality's current plan."""
    found = Municipality.objects.filter(slug=municipality).first()
    current = found.current_framework() if found is not None else None
    if current is None:
        raise Http404(_("No plan at this address."))
    query = f"?{request.GET.urlencode()}" if request.GET else ""
    return redirect(plan_reverse(current, "web:overview") + query)
