"""Importing a policy document on the pages: upload, review beside the source, correct, save.

The draft and the source text are kept in the editor's session between the steps; nothing
is written until the editor saves, and then only what is new (koers.imports.document.apply).
"""

import json
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
from koers.imports.document import DocumentError, Draft, SourceText, readable
from koers.imports.document.apply import plan_import
from koers.imports.services import import_plan, take_draft
from koers.operations.jobs import job_address, start
from koers.plans.models import Framework

SESSION_KEY = "koers_document_import"
PENDING_KEY = "koers_document_pending"
MAX_SIZE = 20 * 1024 * 1024


class UploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Document"),
        help_text=gettext_lazy(
            "The text (.txt) or PDF of a kaderdocument or uitvoeringsprogramma."
        ),
    )
    kind = forms.ChoiceField(
        label=gettext_lazy("Kind of document"),
        choices=[
            ("auto", gettext_lazy("recognise by itself")),
            ("framework", gettext_lazy("framework (kaderdocument)")),
            ("programme", gettext_lazy("programme (uitvoeringsprogramma)")),
        ],
    )
    municipality = forms.RegexField(
        label=gettext_lazy("CBS code of the municipality"),
        regex=r"^GM[0-9]{4}$",
        required=False,
        help_text=gettext_lazy("Only needed when Koers does not know the municipality yet."),
    )
    framework = forms.ModelChoiceField(
        label=gettext_lazy("Framework of a programme"),
        queryset=Framework.objects.all(),
        required=False,
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


class ReviewForm(forms.Form):
    draft = forms.CharField(
        label=gettext_lazy("Draft (JSON, in the export format)"),
        widget=forms.Textarea(attrs={"rows": 30, "spellcheck": "false"}),
    )


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
    """The draft beside the source text, with the doubts, and what saving would add."""
    _guard(request)
    if "taak" in request.GET:
        _take_draft(request, request.GET["taak"])
        return redirect("web:document_review")
    state = request.session.get(SESSION_KEY)
    if state is None:
        return redirect("web:document_upload")
    source = SourceText(state["text"], state["page_starts"])
    document = state["document"]
    form = ReviewForm(request.POST or None, initial={"draft": _pretty(document)})
    error = None
    if request.method == "POST" and form.is_valid():
        try:
            document = json.loads(form.cleaned_data["draft"])
            if not isinstance(document, dict):
                raise ValueError(_("The draft must be one JSON object."))
        except ValueError as problem:
            error = _("The draft is no valid JSON: %(problem)s") % {"problem": problem}
        else:
            state["document"] = document
            request.session[SESSION_KEY] = state
    draft = Draft(state["kind"], document, state["doubts"], state["candidates"])
    plan = None
    if error is None:
        try:
            plan = plan_import(
                draft, state["municipality"], state["framework"], origin=state["name"]
            )
        except (DocumentError, KeyError, TypeError, IndexError) as problem:
            error = (
                str(problem)
                if isinstance(problem, DocumentError)
                else _("The draft lacks a part Koers needs: %(problem)s") % {"problem": problem}
            )
    if request.method == "POST" and "save" in request.POST and plan is not None:
        try:
            made = import_plan(
                request.user, plan, _("document import %(name)s") % {"name": state["name"]}
            )
        except PermissionDenied as refusal:
            error = str(refusal)  # said on the review page, beside the draft
        except (ValidationError, IntegrityError, DocumentError, KeyError, TypeError) as problem:
            # A draft corrected by hand may break a rule; the transaction saved nothing.
            error = _("Nothing was saved: %(problem)s") % {"problem": problem}
        else:
            del request.session[SESSION_KEY]
            messages.success(
                request,
                _("%(count)d items from %(name)s have been added.")
                % {"count": made, "name": state["name"]},
            )
            return redirect(_imported_plan(plan))
    lines = [{"number": n, "text": text} for n, text in enumerate(state["text"].splitlines(), 1)]
    return render(
        request,
        "web/document_review.html",
        {
            "form": form,
            "name": state["name"],
            "kind": state["kind"],
            "lines": lines,
            "doubts": [{**d, "where": source.where(d["line"])} for d in state["doubts"]],
            "candidates": [{**c, "where": source.where(c["line"])} for c in state["candidates"]],
            "changes": plan.changes if plan else [],
            "additions": len(plan.additions) if plan else 0,
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


def _pretty(document: dict[str, Any]) -> str:
    return json.dumps(document, ensure_ascii=False, indent=2)
