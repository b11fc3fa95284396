"""Pages of one action or result, and the forms editors use to update the plan.

Every save goes through django-simple-history (who, when, old and new value) and checks
the version the editor saw, so that a second editor's save never silently overwrites.
"""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from koers.monitor.models import Indicator, Measurement
from koers.monitor.tree import Node, Plan
from koers.plans.models import Action, ActionNote, Result
from koers.web.forms import (
    ActionUpdateForm,
    AssessmentForm,
    MeasurementForm,
    ResultForm,
    VersionedForm,
)
from koers.web.permissions import (
    can_edit,
    can_enter_figures,
    can_update_action,
    is_insider,
)
from koers.web.views import current_plan, indicator_page

ACTION_FIELDS = ["status", "progress", "deadline", "planned_start", "text", "owner_id"]
RESULT_FIELDS = ["achieved", "achieved_on", "evidence", "evidence_file", "text"]


def version(obj: Any) -> int:
    """The id of the item's latest history record: it changes with every save."""
    latest = obj.history.order_by("-history_id").values_list("history_id", flat=True).first()
    return latest or 0


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
    plan, on = current_plan(request)
    node = _find(plan, kind, pk)
    obj = node.obj
    task = obj.ambition.task
    editable = (
        can_update_action(request.user, obj, task.theme)
        if kind == "action"
        else can_edit(request.user, task.theme)
    )
    current = version(obj)
    form = None
    if request.method == "POST":
        if not editable:
            raise PermissionDenied
        form = form_class(request.POST, request.FILES, current_version=current)
        form.has_stored_file = bool(getattr(obj, "evidence_file", None))
        if form.is_valid():
            save(request, obj, form.cleaned_data)
            messages.success(request, saved)
            return redirect(f"web:{kind}", pk=obj.pk)
    elif editable:
        form = form_class(initial={**initial(obj), "version": current}, current_version=current)
    history = []
    if is_insider(request.user):
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


def action(request: HttpRequest, pk: int) -> HttpResponse:
    page = _edit_page(
        request,
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
    if not is_insider(request.user):
        notes = notes.filter(public=True)
    return render(request, "web/action.html", {**context, "notes": notes})


@transaction.atomic
def _save_action(request: HttpRequest, obj: Action, data: dict[str, Any]) -> None:
    obj.status = data["status"]
    obj.progress = data["progress"]
    obj._change_reason = data["text"][:100]
    obj.save()
    ActionNote.objects.create(
        action=obj,
        noted_on=data["noted_on"],
        text=data["text"],
        status=data["status"],
        progress=data["progress"],
        public=data["public"],
        author=request.user,
    )


def result(request: HttpRequest, pk: int) -> HttpResponse:
    page = _edit_page(
        request,
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
    return render(request, "web/result.html", page[1])


def _save_result(request: HttpRequest, obj: Result, data: dict[str, Any]) -> None:
    obj.achieved = data["achieved"]
    obj.achieved_on = data["achieved_on"] if data["achieved"] else None
    obj.evidence = data["evidence"].strip()
    if data.get("evidence_file"):
        obj.evidence_file = data["evidence_file"]
    obj.save()


def evidence(request: HttpRequest, pk: int) -> FileResponse:
    """The evidence file of a result, for the team: it may hold names in minutes."""
    if not is_insider(request.user):
        raise PermissionDenied
    obj = Result.objects.filter(pk=pk).first()
    if obj is None or not obj.evidence_file:
        raise Http404(_("Not found."))
    return FileResponse(
        obj.evidence_file.open("rb"),
        as_attachment=True,
        filename=obj.evidence_file.name.rsplit("/", 1)[-1],
    )


def _indicator(code: str) -> Indicator:
    found = Indicator.objects.select_related("task__theme").filter(code=code).first()
    if found is None:
        raise Http404(_("No indicator with this code."))
    return found


def _indicator_for_edit(request: HttpRequest, code: str) -> Indicator:
    found = _indicator(code)
    if not can_edit(request.user, found.task.theme):
        raise PermissionDenied
    return found


def assess(request: HttpRequest, code: str) -> HttpResponse:
    """A person's judgement of a qualitative indicator."""
    found = _indicator_for_edit(request, code)
    form = AssessmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        assessment = form.save(commit=False)
        assessment.indicator = found
        try:
            assessment.validate_constraints()
        except Exception:
            form.add_error("assessed_on", _("There is already an assessment on this date."))
        else:
            assessment.save()
            messages.success(request, _("The assessment has been saved."))
            return redirect("web:indicator", code=found.code)
    return indicator_page(request, found.code, assessment_form=form)


def measure(request: HttpRequest, code: str) -> HttpResponse:
    """Enter or correct one figure; a partner's figure waits for an editor's confirmation."""
    found = _indicator(code)
    if not can_enter_figures(request.user, found.task):
        raise PermissionDenied
    form = MeasurementForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        existing = found.measurements.filter(area=data["area"], period=data["period"]).first()
        if existing is not None and not data["replace"]:
            form.add_error(
                "period",
                _(
                    "There is already a figure for this area and period: %(value)s. Tick "
                    "“replace” to correct it."
                )
                % {"value": existing.value},
            )
            return indicator_page(request, found.code, measurement_form=form)
        measurement = existing or Measurement(indicator=found)
        for name in MeasurementForm.Meta.fields:
            setattr(measurement, name, data[name])
        measurement.confirmed = can_edit(request.user, found.task.theme)
        measurement.full_clean(validate_unique=False)
        measurement.save()
        messages.success(request, _("The measurement has been saved."))
        return redirect("web:indicator", code=found.code)
    return indicator_page(request, found.code, measurement_form=form)


def confirm(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    """An editor confirms a partner's figure; from then on residents see it."""
    found = _indicator_for_edit(request, code)
    if request.method != "POST":
        raise Http404
    measurement = found.measurements.filter(pk=pk).first()
    if measurement is None:
        raise Http404(_("Not found."))
    measurement.confirmed = True
    measurement.save()
    messages.success(request, _("The measurement has been confirmed."))
    return redirect("web:indicator", code=found.code)
