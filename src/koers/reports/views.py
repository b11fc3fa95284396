"""The report pages: published reports for everyone, drafts for the team.

Residents and council members download published reports, byte for byte as published,
and the current state of any programme or framework as a report without explanations.
Editors make drafts, write the explanation per task, preview, and publish.
"""

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import prefetch_related_objects
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from koers.plans.models import Programme, Task, Theme
from koers.reports.content import ScopeError, report_title
from koers.reports.formats import FORMATS, download_links
from koers.reports.formats import render as render_format
from koers.reports.forms import ExplanationForm, NewReportForm
from koers.reports.models import Explanation, Report
from koers.reports.publishing import draft_content, live_content, publish, report_file
from koers.web.editing import version
from koers.web.permissions import can_edit, is_editor, is_insider
from koers.web.views import reporting_date


def _with_themes(user: Any) -> Any:
    """The user with the themes of their role read once, for many `can_edit` calls."""
    role = getattr(user, "koers_role", None) if user.is_authenticated else None
    if role is not None:
        prefetch_related_objects([role], "themes")
    return user


def can_publish(user: Any, report: Report) -> bool:
    """Publishing speaks for every theme in the report: the user must edit all of them."""
    user = _with_themes(user)
    themes = (
        [report.programme.theme]
        if report.programme_id
        else list(Theme.objects.filter(framework_id=report.framework_id))
    )
    return is_editor(user) and all(can_edit(user, theme) for theme in themes)


def _visible(request: HttpRequest, pk: int) -> Report:
    report = get_object_or_404(Report.objects.select_related("programme__theme"), pk=pk)
    if not report.published and not is_insider(request.user):
        raise Http404(_("No published report with this number."))
    return report


def _attachment(data: bytes, code: str, title: str) -> HttpResponse:
    response = HttpResponse(data, content_type=FORMATS[code].content_type)
    name = slugify(title) or "rapportage"
    response["Content-Disposition"] = f'attachment; filename="{name}.{code}"'
    return response


def index(request: HttpRequest) -> HttpResponse:
    reports = Report.objects.select_related("programme", "framework").defer("content")
    if not is_insider(request.user):
        reports = reports.filter(state=Report.State.PUBLISHED)
    reports = list(reports)
    for report in reports:
        report.downloads = download_links("reports:download", [report.pk])
    writer = is_editor(request.user)
    return render(
        request,
        "reports/index.html",
        {
            "reports": reports,
            "form": NewReportForm() if writer else None,
        },
    )


@require_POST
def new(request: HttpRequest) -> HttpResponse:
    if not is_editor(request.user):
        raise PermissionDenied
    form = NewReportForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a subject and a reporting date."))
        return redirect("reports:index")
    framework_id, programme_id, subject = form.scope()
    on = form.cleaned_data["reporting_date"]
    report = Report.objects.create(
        framework_id=framework_id,
        programme_id=programme_id,
        reporting_date=on,
        title=report_title(subject, on),
        created_by=request.user,
    )
    return redirect("reports:detail", report.pk)


def detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = _visible(request, pk)
    content = report.content if report.published else draft_content(report)
    tasks = [task for theme in content["themes"] for task in theme["tasks"]]
    forms: dict[str, Any] = {}
    if not report.published:
        _with_themes(request.user)
        editable = {
            t.pk: t
            for t in Task.objects.filter(pk__in=[t["id"] for t in tasks]).select_related("theme")
            if can_edit(request.user, t.theme)
        }
        explanations = {e.task_id: e for e in report.explanations.all()}
        for task in tasks:
            if task["id"] in editable:
                found = explanations.get(task["id"])
                forms[task["code"]] = ExplanationForm(
                    initial={
                        "text": found.text if found else "",
                        "version": version(found) if found else 0,
                    },
                    prefix=f"task-{task['id']}",
                )
    return render(
        request,
        "reports/detail.html",
        {
            "report": report,
            "content": content,
            "tasks": [{"task": t, "form": forms.get(t["code"])} for t in tasks],
            "downloads": download_links("reports:download", [report.pk]),
            "may_publish": not report.published and can_publish(request.user, report),
        },
    )


def view(request: HttpRequest, pk: int) -> HttpResponse:
    """The report as one HTML page, for reading and printing in the browser."""
    report = _visible(request, pk)
    return HttpResponse(report_file(report, "html"), content_type=FORMATS["html"].content_type)


def download(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    if fmt not in FORMATS:
        raise Http404(_("Unknown format."))
    report = _visible(request, pk)
    return _attachment(report_file(report, fmt), fmt, report.title)


@require_POST
def explain(request: HttpRequest, pk: int, code: str) -> HttpResponse:
    report = get_object_or_404(Report, pk=pk)
    task = get_object_or_404(
        Task.objects.select_related("theme"), framework_id=report.framework_id, code=code
    )
    if not can_edit(request.user, task.theme):
        raise PermissionDenied
    if report.published:
        messages.error(request, _("The report is published; its explanations are frozen."))
        return redirect("reports:detail", pk)
    with transaction.atomic():
        found = Explanation.objects.select_for_update().filter(report=report, task=task).first()
        form = ExplanationForm(
            request.POST,
            prefix=f"task-{task.pk}",
            current_version=version(found) if found else 0,
        )
        if form.is_valid():
            explanation = found or Explanation(report=report, task=task)
            explanation.text = form.cleaned_data["text"]
            explanation.save()
            messages.success(
                request, _("The explanation of task %(code)s has been saved.") % {"code": code}
            )
        else:
            for error in form.non_field_errors():
                messages.error(request, error)
    return redirect(f"{reverse('reports:detail', args=[pk])}#task-{task.pk}")


@require_POST
def publish_view(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_object_or_404(Report.objects.select_related("programme__theme"), pk=pk)
    if not can_publish(request.user, report):
        raise PermissionDenied
    try:
        publish(report, request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The report has been published and frozen."))
    return redirect("reports:detail", pk)


def live(request: HttpRequest, scope: str, pk: int, fmt: str) -> HttpResponse:
    """The current state of a programme (`programma`) or framework (`kader`) as a report."""
    if fmt not in FORMATS or scope not in {"programma", "kader"}:
        raise Http404(_("Unknown format."))
    if scope == "programma":
        programme = get_object_or_404(Programme, pk=pk)
        framework_id, programme_id = programme.framework_id, programme.pk
    else:
        framework_id, programme_id = pk, None
    on = reporting_date(request)
    try:
        content = live_content(framework_id, programme_id, on)
    except ScopeError as error:
        raise Http404(str(error)) from None
    return _attachment(render_format(content, fmt), fmt, content["title"])
