"""Pages of one action or result, and the forms editors use to update the plan.

The forms only read what was typed; every save goes through the services of the plans and
the monitor (who may, what is valid, the version the editor saw), which record who changed
what and when.
"""

from collections.abc import Callable
from datetime import date
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from koers.accounts.permissions import (
    can_edit,
    can_enter_figures,
    can_update_action,
    is_insider,
)
from koers.addresses import plan_reverse
from koers.budgets import services as budget_services
from koers.concurrency import Conflict
from koers.forms import VersionedForm, show_errors
from koers.monitor import services as monitor_services
from koers.monitor.models import Indicator
from koers.monitor.tree import Node, NodeKind, Plan
from koers.plans import services as plan_services
from koers.plans.models import Action, ActionNote, Result
from koers.web.forms import (
    ActionUpdateForm,
    AssessmentForm,
    MeasurementForm,
    ResultForm,
    SpendingForm,
)
from koers.web.plans import plan_page
from koers.web.views import (
    find_indicator,
    indicator_page,
    programme_node,
    programme_page,
    task_node,
)

ACTION_FIELDS = [
    "status", "progress", "deadline", "planned_start", "text", "owner_id", "responsible_id",
    "team_id",
]  # fmt: skip
RESULT_FIELDS = [
    "achieved", "achieved_on", "evidence", "evidence_file", "text", "responsible_id", "team_id",
]  # fmt: skip


def changes(records: list[Any], fields: list[str]) -> list[dict[str, Any]]:
    """Each history record with the fields it changed, old and new, newest first.

    Computed from one list of records (one query), not record by record.
    """
    ordered = sorted(records, key=lambda r: r.history_id)
    found = []
    for before, after in zip([None, *ordered], ordered, strict=False):
        changed = [
            {"field": field, "old": getattr(before, field, None), "new": getattr(after, field)}
            for field in fields
            if before is None or getattr(before, field) != getattr(after, field)
        ]
        if before is None or changed:
            found.append({"record": after, "created": before is None, "changes": changed})
    return list(reversed(found))


def _find(plan: Plan, kind: str, pk: int) -> Node:
    for programme in plan.programmes:
        for node in programme.walk():
            if node.kind == kind and node.obj.pk == pk:
                return node
    raise Http404(_("Not found."))


def _describe(model: type, history: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Field names and choice values as users read them."""
    for entry in history:
        for change in entry["changes"]:
            field = model._meta.get_field(change["field"].removesuffix("_id"))
            change["label"] = str(field.verbose_name)
            choices = {key: str(label) for key, label in field.flatchoices}
            for side in ("old", "new"):
                change[side] = choices.get(change[side], change[side])
    return history


def _edit_page(
    request: HttpRequest,
    plan: Plan,
    on: date,
    kind: str,
    pk: int,
    form_class: type[VersionedForm],
    initial: Callable[[Any], dict[str, Any]],
    save: Callable[[HttpRequest, Any, dict[str, Any]], None],
    saved: str,
    fields: list[str],
) -> tuple[Any, dict[str, Any]] | HttpResponse:
    """The page of one action or result: its status, its form for editors, its history.

    Returns a redirect after a successful save, else the context to render.
    """
    node = _find(plan, kind, pk)
    obj = node.obj
    task = obj.ambition.task
    editable = (
        can_update_action(request.user, obj, task.theme)
        if kind == "action"
        else can_edit(request.user, task.theme)
    )
    form = None
    if request.method == "POST":
        if not editable:
            raise PermissionDenied
        form = form_class(request.POST, request.FILES)
        if form.is_valid():
            try:
                save(request, obj, form.cleaned_data)
            except (ValidationError, Conflict) as error:
                show_errors(form, error)
            else:
                messages.success(request, saved)
                return redirect(plan_reverse(plan.framework, f"web:{kind}", obj.pk))
    elif editable:
        form = form_class(initial={**initial(obj), "version": obj.version})
    history = []
    if is_insider(request.user, plan.framework):
        records = list(obj.history.select_related("history_user"))
        history = _describe(type(obj), changes(records, fields))
    return (
        obj,
        {
            "plan": plan,
            "framework": plan.framework,
            "on": on,
            "node": node,
            kind: obj,
            "task": task,
            "programme": obj.ambition.programme,
            "history": history,
            "form": form,
            "editable": editable,
        },
    )


@plan_page
def action(request: HttpRequest, plan: Plan, on: date, pk: int) -> HttpResponse:
    page = _edit_page(
        request,
        plan,
        on,
        "action",
        pk,
        ActionUpdateForm,
        lambda obj: {"status": obj.status, "progress": obj.progress},
        _save_action,
        _("The action has been updated."),
        ACTION_FIELDS,
    )
    if isinstance(page, HttpResponse):
        return page
    obj, context = page
    notes = ActionNote.objects.filter(action=obj).select_related("author")
    if not is_insider(request.user, plan.framework):
        notes = notes.filter(public=True)
    # A carried-over action links to the one it continues, and that one to its successor.
    related = Action.objects.select_related("ambition__programme")
    successor = related.filter(predecessor=obj).first()
    if obj.predecessor_id is not None:
        obj.predecessor = related.get(pk=obj.predecessor_id)
    notes = list(notes)
    context.update(notes=notes, successor=successor, **_surroundings(plan, obj))
    dates = [d for d in (obj.updated_on, notes[0].noted_on if notes else None) if d]
    context["last_update"] = max(dates) if dates else None
    return render(request, "web/action.html", context)


def _surroundings(plan: Plan, item: Action | Result) -> dict[str, Any]:
    """What an action or result is part of, from the plan already read: its theme and
    task, the indicators of its task with their status, its ambition's results (for an
    action: those that show it) and its task's budget lines in the programme."""
    task = item.ambition.task
    indicators = [c for c in task_node(plan, task.code).children if c.kind == NodeKind.INDICATOR]
    ambition_node = next(
        n
        for p in plan.programmes
        for n in p.children
        if n.kind == NodeKind.AMBITION and n.obj.pk == item.ambition_id
    )
    results = [c for c in ambition_node.children if c.kind == NodeKind.RESULT]
    actions = [c for c in ambition_node.children if c.kind == NodeKind.ACTION]
    if isinstance(item, Action):
        results = [r for r in results if r.obj.action_id == item.pk]
        actions = []
    else:
        actions = [a for a in actions if a.obj.pk == item.action_id]
    programme = item.ambition.programme
    lines = [line for line in programme.budget_lines.all() if line.task_id == task.pk]
    return {
        "theme": task.theme,
        "ambition": item.ambition,
        "indicators": indicators,
        "results": results,
        "actions": actions,
        "budget_lines": lines,
    }


def _save_action(request: HttpRequest, obj: Action, data: dict[str, Any]) -> None:
    plan_services.update_action(
        request.user,
        obj,
        {"status": data["status"], "progress": data["progress"]},
        note=plan_services.Note(data["text"], data["noted_on"], data["public"]),
        expected_version=data["version"] or 0,
    )


@plan_page
def result(request: HttpRequest, plan: Plan, on: date, pk: int) -> HttpResponse:
    page = _edit_page(
        request,
        plan,
        on,
        "result",
        pk,
        ResultForm,
        lambda obj: {
            "achieved": obj.achieved,
            "achieved_on": obj.achieved_on,
            "evidence": obj.evidence,
        },
        _save_result,
        _("The result has been updated."),
        RESULT_FIELDS,
    )
    if isinstance(page, HttpResponse):
        return page
    result_obj, context = page
    context.update(_surroundings(plan, result_obj))
    context["results"] = []  # a result page shows its action, not its siblings
    return render(request, "web/result.html", context)


def _save_result(request: HttpRequest, obj: Result, data: dict[str, Any]) -> None:
    plan_services.record_result(
        request.user,
        obj,
        achieved=data["achieved"],
        achieved_on=data["achieved_on"],
        evidence=data["evidence"],
        evidence_file=data.get("evidence_file") or None,
        expected_version=data["version"] or 0,
    )


@plan_page
def evidence(request: HttpRequest, plan: Plan, on: date, pk: int) -> FileResponse:
    """The evidence file of a result, for the team: it may hold names in minutes."""
    if not is_insider(request.user, plan.framework):
        raise PermissionDenied
    obj = Result.objects.filter(pk=pk, ambition__programme__framework=plan.framework).first()
    if obj is None or not obj.evidence_file:
        raise Http404(_("Not found."))
    return FileResponse(
        obj.evidence_file.open("rb"),
        as_attachment=True,
        filename=obj.evidence_file.name.rsplit("/", 1)[-1],
    )


def _indicator_for_edit(request: HttpRequest, plan: Plan, task: str, code: str) -> Indicator:
    found = find_indicator(plan, task, code)
    if not can_edit(request.user, found.task.theme):
        raise PermissionDenied
    return found


def _back(plan: Plan, found: Indicator) -> HttpResponse:
    return redirect(plan_reverse(plan.framework, "web:indicator", found.task.code, found.code))


@plan_page
def assess(request: HttpRequest, plan: Plan, on: date, task: str, code: str) -> HttpResponse:
    """A person's judgement of a qualitative indicator."""
    found = _indicator_for_edit(request, plan, task, code)
    form = AssessmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            monitor_services.assess_indicator(request.user, found, **form.cleaned_data)
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, _("The assessment has been saved."))
            return _back(plan, found)
    return indicator_page(request, plan, on, found, assessment_form=form)


@plan_page
def measure(request: HttpRequest, plan: Plan, on: date, task: str, code: str) -> HttpResponse:
    """Enter or correct one figure; a partner's figure waits for an editor's confirmation."""
    found = find_indicator(plan, task, code)
    if not can_enter_figures(request.user, found.task):
        raise PermissionDenied
    form = MeasurementForm(request.POST or None, indicator=found)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        figure = monitor_services.Figure(
            indicator=found, **{name: data[name] for name in MeasurementForm.Meta.fields}
        )
        try:
            monitor_services.record_measurement(request.user, figure, replace=data["replace"])
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, _("The measurement has been saved."))
            return _back(plan, found)
    return indicator_page(request, plan, on, found, measurement_form=form)


@plan_page
def confirm(
    request: HttpRequest, plan: Plan, on: date, task: str, code: str, pk: int
) -> HttpResponse:
    """An editor confirms a partner's figure; from then on residents see it."""
    found = _indicator_for_edit(request, plan, task, code)
    if request.method != "POST":
        raise Http404
    measurement = found.measurements.filter(pk=pk).first()
    if measurement is None:
        raise Http404(_("Not found."))
    monitor_services.confirm_measurement(request.user, measurement)
    messages.success(request, _("The measurement has been confirmed."))
    return _back(plan, found)


@plan_page
def spending(request: HttpRequest, plan: Plan, on: date, pk: int) -> HttpResponse:
    """Book money spent on one of the programme's budget lines."""
    node = programme_node(plan, pk)
    own = [line for line in node.obj.budget_lines.all() if can_edit(request.user, line.task.theme)]
    if not own:
        raise PermissionDenied
    form = SpendingForm(request.POST or None, lines=own)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            budget_services.record_spending(
                request.user,
                data["budget_line"],
                spent_on=data["spent_on"],
                amount_cents=int(data["amount"] * 100),
                description=data["description"],
            )
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, _("The spending has been booked."))
            return redirect(plan_reverse(plan.framework, "web:programme", pk) + f"?peildatum={on}")
    return programme_page(request, plan, on, node, spending_form=form)
