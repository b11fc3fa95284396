"""Importing a policy document on the pages: upload, review beside the source, correct, save.

The draft and the source text are kept in the editor's session between the steps; nothing
is written until the editor saves, and then only what is new (koers.imports.document.apply).
The review is a form of the proposed items (koers.web.document_form), each linked to the
line it was read from.
"""

import bisect
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from koers.accounts.permissions import is_editor
from koers.addresses import plan_reverse
from koers.imports import tasks
from koers.imports.accounts import apply_accounts, plan_accounts
from koers.imports.document import KIND_LABELS, DocumentError, Draft, SourceText, readable
from koers.imports.document.apply import ImportPlan, plan_import
from koers.imports.document.review import correct, items
from koers.imports.services import import_plan, take_draft
from koers.operations.jobs import job_address, start
from koers.plans.models import Framework
from koers.web.document_form import DraftForm

SESSION_KEY = "koers_document_import"
PENDING_KEY = "koers_document_pending"
MAX_SIZE = 20 * 1024 * 1024


class UploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Document"),
        help_text=gettext_lazy(
            "The text (.txt) or PDF of a kaderdocument, uitvoeringsprogramma or programmabegroting."
        ),
    )
    kind = forms.ChoiceField(
        label=gettext_lazy("Kind of document"),
        choices=[("auto", gettext_lazy("recognise by itself")), *KIND_LABELS.items()],
    )
    municipality = forms.RegexField(
        label=gettext_lazy("CBS code of the municipality"),
        regex=r"^GM[0-9]{4}$",
        required=False,
        help_text=gettext_lazy("Only needed when Koers does not know the municipality yet."),
    )
    framework = forms.ModelChoiceField(
        label=gettext_lazy("Framework of a programme or an annual account"),
        queryset=Framework.objects.all(),
        required=False,
        help_text=gettext_lazy("Only needed when Koers cannot tell which plan it belongs to."),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_SIZE:
            raise forms.ValidationError(_("The file is larger than 20 MB."))
        if not readable(upload.name, upload.read(5)):
            raise forms.ValidationError(
                _("%(name)s: only .txt and .pdf files can be read") % {"name": upload.name}
            )
        upload.seek(0)
        return upload


def _guard(request: HttpRequest) -> None:
    if not is_editor(request.user):
        raise PermissionDenied


def upload(request: HttpRequest) -> HttpResponse:
    """The document is read by the worker; its job's page leads to the review."""
    _guard(request)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload_file = form.cleaned_data["file"]
        framework = form.cleaned_data["framework"]
        # What the review needs besides the draft: kept in the editor's session.
        request.session[PENDING_KEY] = {
            "municipality": form.cleaned_data["municipality"] or None,
            "framework": framework.pk if framework else None,
        }
        job = start(
            tasks.read_document_job,
            "document",
            _("Reading %(name)s") % {"name": upload_file.name},
            user=request.user,
            stored=tasks.keep_upload(upload_file.name, upload_file.read()),
            name=upload_file.name,
            document_kind=form.cleaned_data["kind"],
            language=get_language(),
        )
        return redirect(job_address(job.pk))
    return render(request, "web/document_upload.html", {"form": form})


def _take_draft(request: HttpRequest, job_id: str) -> None:
    """Put the draft of the editor's own finished reading job in their session."""
    state = take_draft(request.user, job_id)
    if state is not None:
        state.update(request.session.pop(PENDING_KEY, {"municipality": None, "framework": None}))
        request.session[SESSION_KEY] = state


def review(request: HttpRequest) -> HttpResponse:
    """The proposed items as a form beside the source text, and what saving would add."""
    _guard(request)
    if "taak" in request.GET:
        _take_draft(request, request.GET["taak"])
        return redirect("web:document_review")
    state = request.session.get(SESSION_KEY)
    if state is None:
        return redirect("web:document_upload")
    if state["kind"] == "accounts":
        return _accounts_review(request, state)
    state.setdefault("lines", {})  # a draft read before items knew their lines
    form = DraftForm(request.POST or None, items=items(state["document"], state["lines"]))
    error = None
    if request.method == "POST":
        if not form.is_valid():
            return _render_review(request, state, form, *_plan(state))
        changes, left_out = form.corrections()
        if changes or left_out:
            state["document"], state["lines"] = correct(
                state["document"], state["lines"], changes, left_out
            )
            request.session[SESSION_KEY] = state
        if "save" not in request.POST:
            return redirect("web:document_review")
        form = DraftForm(items=items(state["document"], state["lines"]))
    plan, error = _plan(state)
    if request.method == "POST" and plan is not None:
        try:
            made = import_plan(
                request.user, plan, _("document import %(name)s") % {"name": state["name"]}
            )
        except PermissionDenied as refusal:
            error = str(refusal)  # said on the review page, beside the draft
        except (ValidationError, IntegrityError, DocumentError, KeyError, TypeError) as problem:
            # A corrected draft may break a rule; the transaction saved nothing.
            error = _("Nothing was saved: %(problem)s") % {"problem": problem}
        else:
            del request.session[SESSION_KEY]
            messages.success(
                request,
                _("%(count)d items from %(name)s have been added.")
                % {"count": made, "name": state["name"]},
            )
            return redirect(_imported_plan(plan))
    return _render_review(request, state, form, plan, error)


def _plan(state: dict[str, Any]) -> tuple[ImportPlan | None, str | None]:
    """What saving the draft would do, or why it cannot be saved."""
    draft = Draft(state["kind"], state["document"], state["doubts"], state["candidates"])
    try:
        return plan_import(
            draft, state["municipality"], state["framework"], origin=state["name"]
        ), None
    except DocumentError as problem:
        return None, str(problem)
    except (KeyError, TypeError, IndexError) as problem:
        return None, _("The draft lacks a part Koers needs: %(problem)s") % {"problem": problem}


def _render_review(
    request: HttpRequest,
    state: dict[str, Any],
    form: DraftForm,
    plan: ImportPlan | None,
    error: str | None = None,
) -> HttpResponse:
    source = SourceText(state["text"], state["page_starts"])
    groups = form.groups()
    # Each doubt beside the item it is about: the last one read at or before its line.
    starts = sorted((g.item.line, g.number) for g in groups if g.item.line is not None)
    doubts_of: dict[int, list[dict[str, Any]]] = {}
    doubts = []
    for doubt in state["doubts"]:
        at = bisect.bisect_right(starts, (doubt["line"], len(groups))) - 1
        shown = {**doubt, "where": source.where(doubt["line"])}
        if at >= 0:
            shown["item"] = groups[starts[at][1]]
            doubts_of.setdefault(starts[at][1], []).append(shown)
        doubts.append(shown)
    first_item = {}
    for line, number in starts:
        first_item.setdefault(line, groups[number])
    lines = [
        {"number": n, "text": text, "item": first_item.get(n)}
        for n, text in enumerate(state["text"].splitlines(), 1)
    ]
    for group in groups:
        group.where = source.where(group.item.line) if group.item.line else ""
        group.doubts = doubts_of.get(group.number, [])
    return render(
        request,
        "web/document_review.html",
        {
            "form": form,
            "groups": groups,
            "wrong": form.error_list() if form.is_bound else [],
            "name": state["name"],
            "kind": KIND_LABELS[state["kind"]],
            "lines": lines,
            "doubts": doubts,
            "candidates": [{**c, "where": source.where(c["line"])} for c in state["candidates"]],
            "changes": plan.changes if plan else [],
            "additions": len(plan.additions) if plan else 0,
            "error": error,
        },
    )


def _accounts_review(request: HttpRequest, state: dict[str, Any]) -> HttpResponse:
    """An annual account: the progress notes and figures it would add to the plan, each
    with a box to leave it out; saving goes through the services, all or nothing."""
    source = SourceText(state["text"], state["page_starts"])
    error = None
    try:
        plan = plan_accounts(state["document"], state["framework"])
    except DocumentError as problem:
        plan, error = None, str(problem)
    if request.method == "POST" and plan is not None:

        def chosen(name: str) -> frozenset[int]:
            return frozenset(int(v) for v in request.POST.getlist(name) if v.isdigit())

        try:
            made = apply_accounts(
                request.user,
                plan,
                left_out_actions=chosen("leave_out_action"),
                left_out_indicators=chosen("leave_out_indicator"),
                origin=_("document import %(name)s") % {"name": state["name"]},
            )
        except PermissionDenied as refusal:
            error = str(refusal)
        except ValidationError as problem:
            error = _("Nothing was saved: %(problem)s") % {"problem": "; ".join(problem.messages)}
        else:
            del request.session[SESSION_KEY]
            messages.success(
                request,
                _("%(count)d updates and figures from %(name)s have been saved.")
                % {"count": made, "name": state["name"]},
            )
            return redirect(plan_reverse(plan.framework, "web:overview"))
    listed = []
    if plan is not None:
        listed = [
            {**m, "where": source.where(m["line"])} for m in [*plan.unmatched, *plan.differences]
        ]
    return render(
        request,
        "web/accounts_review.html",
        {
            "name": state["name"],
            "kind": KIND_LABELS[state["kind"]],
            "plan": plan,
            "updates": plan.new if plan else [],
            "figures": plan.figures if plan else [],
            "listed": listed,
            "doubts": [{**d, "where": source.where(d["line"])} for d in state["doubts"]],
            "error": error,
        },
    )


def _imported_plan(plan: Any) -> str:
    """The overview of the plan the document was added to."""
    said = plan.document["frameworks"][0]
    framework = (
        Framework.objects.select_related("municipality")
        .filter(municipality__cbs_code=said["municipality"], title=said["title"])
        .first()
    )
    return plan_reverse(framework, "web:overview") if framework else reverse("web:home")
