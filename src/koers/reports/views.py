"""The report pages: published reports for everyone, drafts for the team.

Residents and council members download published reports, byte for byte as published,
and the current state of any programme or framework as a report without explanations.
Editors make drafts, write the explanation per task, preview, and publish.
"""

from collections.abc import Callable, Mapping, Sequence
from functools import wraps
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch, prefetch_related_objects
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.text import slugify
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from koers.accounts.permissions import can_edit, is_editor, is_insider
from koers.addresses import find_framework, plan_args, plan_reverse
from koers.concurrency import Conflict
from koers.dates import peildatum
from koers.forms import show_errors
from koers.operations.jobs import job_address, start
from koers.plans.models import Framework, Programme, Task
from koers.reports import cycle, tasks
from koers.reports.content import ScopeError
from koers.reports.formats import FORMATS, download_links
from koers.reports.formats import render as render_format
from koers.reports.forms import ExplanationForm, KeyMessageForm, NewReportForm
from koers.reports.models import Report, ReportingMoment
from koers.reports.publishing import live_content, report_content, report_file
from koers.reports.services import (
    create_report,
    may_publish,
    write_explanation,
    write_key_message,
)


def _with_themes(user: Any) -> Any:
    """The user with the themes of their role read once, for many `can_edit` calls."""
    role = getattr(user, "koers_role", None) if user.is_authenticated else None
    if role is not None:
        prefetch_related_objects([role], "themes")
    return user


# Formats whose rendering takes seconds (WeasyPrint, charts as pictures): made in the
# background; the others are answered at once.
BACKGROUND = {"pdf", "docx"}


def plan_scoped(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """A report page of the plan at /<municipality>/<framework>/rapportages/."""

    @wraps(view)
    def page(
        request: HttpRequest, municipality: str, framework: str, *args: Any, **kwargs: Any
    ) -> HttpResponse:
        found = find_framework(municipality, framework)
        # The menu lists the plan's programmes by theme.
        programmes = Programme.objects.select_related("theme")
        prefetch_related_objects([found], Prefetch("programmes", queryset=programmes))
        return view(request, found, *args, **kwargs)

    return page


def _report(framework: Framework, pk: int) -> Report:
    """A report of this plan; a report of another plan is not found here."""
    return get_object_or_404(
        Report.objects.select_related("programme__theme", "framework__municipality"),
        pk=pk,
        framework=framework,
    )


def _visible(request: HttpRequest, framework: Framework, pk: int) -> Report:
    report = _report(framework, pk)
    if not report.published and not is_insider(request.user, framework):
        raise Http404(_("No published report with this number."))
    return report


def _attachment(data: bytes, code: str, title: str) -> HttpResponse:
    response = HttpResponse(data, content_type=FORMATS[code].content_type)
    name = slugify(title) or "rapportage"
    response["Content-Disposition"] = f'attachment; filename="{name}.{code}"'
    return response


@plan_scoped
def index(request: HttpRequest, framework: Framework) -> HttpResponse:
    reports = (
        Report.objects.filter(framework=framework)
        .select_related("programme", "framework")
        .defer("content")
    )
    if not is_insider(request.user, framework):
        reports = reports.filter(state=Report.State.PUBLISHED)
    listed = [
        {
            "report": report,
            "downloads": download_links("reports:download", [*plan_args(framework), report.pk]),
        }
        for report in reports
    ]
    writer = is_editor(request.user, framework)
    on = peildatum(request.GET)
    missing = cycle.missing_for(framework, on) if is_insider(request.user, framework) else None
    return render(
        request,
        "reports/index.html",
        {
            "framework": framework,
            "reports": listed,
            "form": NewReportForm(framework=framework) if writer else None,
            "writer": writer,
            "moment": missing.moment
            if missing
            else cycle.next_moment(framework.municipality_id, on),
            "missing": missing,
            "year": on.year + (on.month >= 10),
        },
    )


@require_POST
@plan_scoped
def prepare(request: HttpRequest, framework: Framework) -> HttpResponse:
    """The draft report for the next reporting moment, made once."""
    pk = request.POST.get("moment", "")
    moment = (
        ReportingMoment.objects.filter(pk=int(pk), municipality=framework.municipality).first()
        if pk.isdigit() and len(pk) < 12
        else None
    )
    if moment is None:
        raise Http404(_("No such reporting moment."))
    report = cycle.prepare_draft(request.user, framework, moment)
    return redirect(plan_reverse(framework, "reports:detail", report.pk))


@require_POST
@plan_scoped
def plan_year(request: HttpRequest, framework: Framework) -> HttpResponse:
    """The usual reporting moments of a year, for a municipality that has none yet."""
    year = request.POST.get("year", "")
    if not year.isdigit() or not 2000 <= int(year) <= 2100:
        messages.error(request, _("Choose a year."))
        return redirect(plan_reverse(framework, "reports:index"))
    made = cycle.plan_year(request.user, framework.municipality, int(year))
    messages.success(request, _("%(count)s reporting moments planned.") % {"count": len(made)})
    return redirect(plan_reverse(framework, "reports:index"))


@require_POST
@plan_scoped
def new(request: HttpRequest, framework: Framework) -> HttpResponse:
    if not is_editor(request.user, framework):
        raise PermissionDenied
    form = NewReportForm(request.POST, framework=framework)
    if not form.is_valid():
        messages.error(request, _("Choose a subject and a reporting date."))
        return redirect(plan_reverse(framework, "reports:index"))
    framework, programme = form.scope()
    try:
        report = create_report(
            request.user, framework, programme, form.cleaned_data["reporting_date"]
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(plan_reverse(framework, "reports:index"))
    return redirect(plan_reverse(framework, "reports:detail", report.pk))


@plan_scoped
def detail(request: HttpRequest, framework: Framework, pk: int) -> HttpResponse:
    return _detail(request, framework, _visible(request, framework, pk))


def _explanation_forms(
    request: HttpRequest, report: Report, tasks: Sequence[Mapping[str, Any]], data: Any = None
) -> dict[str, ExplanationForm]:
    """The explanation form of each task the user may explain, bound to `data` if given."""
    _with_themes(request.user)
    editable = {
        t.pk: t
        for t in Task.objects.filter(pk__in=[t["id"] for t in tasks]).select_related("theme")
        if can_edit(request.user, t.theme)
    }
    explanations = {e.task_id: e for e in report.explanations.all()}
    forms = {}
    for task in tasks:
        if task["id"] in editable:
            found = explanations.get(task["id"])
            initial = {
                "text": found.text if found else "",
                "version": found.version if found else 0,
            }
            forms[task["code"]] = ExplanationForm(
                data, initial=initial, prefix=f"task-{task['id']}"
            )
    return forms


def _detail(
    request: HttpRequest, framework: Framework, report: Report, bound: Any = None
) -> HttpResponse:
    content = report_content(report)
    tasks = [task for theme in content["themes"] for task in theme["tasks"]]
    forms: dict[str, Any] = {}
    if not report.published:
        forms = bound if bound is not None else _explanation_forms(request, report, tasks)
    publisher = may_publish(_with_themes(request.user), report)
    key_form = (
        KeyMessageForm(
            initial={"text": report.key_message, "version": report.version}, prefix="key"
        )
        if publisher
        else None
    )
    return render(
        request,
        "reports/detail.html",
        {
            "framework": framework,
            "report": report,
            "content": content,
            "key_form": key_form,
            "tasks": [{"task": t, "form": forms.get(t["code"])} for t in tasks],
            "explaining": bool(forms),
            "downloads": download_links("reports:download", [*plan_args(framework), report.pk]),
            "may_publish": publisher,
        },
    )


@plan_scoped
def view(request: HttpRequest, framework: Framework, pk: int) -> HttpResponse:
    """The report as one HTML page, for reading and printing in the browser."""
    report = _visible(request, framework, pk)
    return HttpResponse(report_file(report, "html"), content_type=FORMATS["html"].content_type)


@plan_scoped
def download(request: HttpRequest, framework: Framework, pk: int, fmt: str) -> HttpResponse:
    if fmt not in FORMATS:
        raise Http404(_("Unknown format."))
    report = _visible(request, framework, pk)
    return _attachment(report_file(report, fmt), fmt, report.title)


@require_POST
@plan_scoped
def explain(request: HttpRequest, framework: Framework, pk: int, code: str) -> HttpResponse:
    report = _report(framework, pk)
    task = get_object_or_404(
        Task.objects.select_related("theme"), framework_id=report.framework_id, code=code
    )
    form = ExplanationForm(request.POST, prefix=f"task-{task.pk}")
    if form.is_valid():
        try:
            write_explanation(
                request.user,
                report,
                task,
                form.cleaned_data["text"],
                expected_version=form.cleaned_data["version"] or 0,
            )
        except (ValidationError, Conflict) as error:
            show_errors(form, error)
        else:
            messages.success(
                request, _("The explanation of task %(code)s has been saved.") % {"code": code}
            )
    for problems in form.errors.values():
        messages.error(request, " ".join(str(p) for p in problems))
    return redirect(f"{plan_reverse(framework, 'reports:detail', pk)}#task-{task.pk}")


@require_POST
@plan_scoped
def explain_all(request: HttpRequest, framework: Framework, pk: int) -> HttpResponse:
    """Every explanation the editor may write, saved from one form: only the changed ones
    are written; when one is refused the page comes back with everything as typed."""
    report = _report(framework, pk)
    content = report_content(report)
    tasks = [task for theme in content["themes"] for task in theme["tasks"]]
    forms = _explanation_forms(request, report, tasks, request.POST)
    by_code = {t.code: t for t in Task.objects.filter(framework_id=report.framework_id)}
    saved, refused = [], False
    for code, form in forms.items():
        if not form.is_valid():
            refused = True
            continue
        if form.cleaned_data["text"] == (form.initial.get("text") or ""):
            continue  # unchanged: not written, its version stays
        try:
            write_explanation(
                request.user,
                report,
                by_code[code],
                form.cleaned_data["text"],
                expected_version=form.cleaned_data["version"] or 0,
            )
        except (ValidationError, Conflict) as error:
            show_errors(form, error)
            refused = True
        else:
            saved.append(code)
    if saved:
        messages.success(
            request,
            _("Explanations saved: %(codes)s.") % {"codes": ", ".join(saved)},
        )
    if refused:
        messages.error(request, _("Not every explanation was saved; see the tasks marked below."))
        return _detail(request, framework, report, bound=forms)
    if not saved:
        messages.info(request, _("Nothing was changed."))
    return redirect(plan_reverse(framework, "reports:detail", pk))


@require_POST
@plan_scoped
def key_message(request: HttpRequest, framework: Framework, pk: int) -> HttpResponse:
    report = _report(framework, pk)
    form = KeyMessageForm(request.POST, prefix="key")
    if form.is_valid():
        try:
            write_key_message(
                request.user,
                report,
                form.cleaned_data["text"],
                expected_version=form.cleaned_data["version"],
            )
        except (ValidationError, Conflict) as error:
            show_errors(form, error)
        else:
            messages.success(request, _("The key message has been saved."))
    for problems in form.errors.values():
        messages.error(request, " ".join(str(p) for p in problems))
    return redirect(f"{plan_reverse(framework, 'reports:detail', pk)}#key-message")


@require_http_methods(["GET", "POST"])
@plan_scoped
def publish_view(request: HttpRequest, framework: Framework, pk: int) -> HttpResponse:
    """First a page that asks to confirm, naming the tasks without an explanation; then
    publishing renders every format (seconds for a framework): a background job, whose
    page shows how far it is and then leads back to the report."""
    report = _report(framework, pk)
    if report.published:
        messages.error(request, _("This report has already been published."))
        return redirect(plan_reverse(framework, "reports:detail", pk))
    if not may_publish(_with_themes(request.user), report):
        raise PermissionDenied
    if request.method == "GET":
        content = report_content(report)
        unexplained = [
            task
            for theme in content["themes"]
            for task in theme["tasks"]
            if not (task.get("explanation") or "").strip()
        ]
        return render(
            request,
            "reports/publish.html",
            {"framework": framework, "report": report, "unexplained": unexplained},
        )
    job = start(
        tasks.publish_job,
        "publish",
        _("Publishing “%(title)s”") % {"title": report.title},
        key=f"publish:{report.pk}",
        user=request.user,
        report_id=report.pk,
        user_id=request.user.pk,
        address=plan_reverse(framework, "reports:detail", pk),
    )
    return redirect(job_address(job.pk))


@plan_scoped
def live(request: HttpRequest, framework: Framework, scope: str, pk: int, fmt: str) -> HttpResponse:
    """The current state of a programme (`programma`) or framework (`kader`) as a report."""
    if fmt not in FORMATS or scope not in {"programma", "kader"}:
        raise Http404(_("Unknown format."))
    subject = framework.title
    if scope == "programma":
        programme = get_object_or_404(Programme, pk=pk, framework=framework)
        framework_id, programme_id = programme.framework_id, programme.pk
        subject = programme.title
    elif pk != framework.pk:
        raise Http404(_("No framework with this number here."))
    else:
        framework_id, programme_id = pk, None
    on = peildatum(request.GET)
    if fmt in BACKGROUND:
        language = get_language() or "nl"
        job = start(
            tasks.live_report_job,
            "live-report",
            _("%(subject)s: the current state as %(format)s")
            % {"subject": subject, "format": FORMATS[fmt].label},
            # The same report on the same data is made once, for everyone who asks.
            key=f"live:{framework_id}:{programme_id}:{on}:{fmt}:{language}:{framework.data_version}",
            user=request.user,
            framework_id=framework_id,
            programme_id=programme_id,
            on=on.isoformat(),
            fmt=fmt,
            language=language,
        )
        return redirect(job_address(job.pk))
    try:
        content = live_content(framework_id, programme_id, on)
    except ScopeError as error:
        raise Http404(str(error)) from None
    return _attachment(render_format(content, fmt), fmt, content["title"])
