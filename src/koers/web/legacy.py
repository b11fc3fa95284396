"""The addresses from before Koers held several plans (/opgave/6.3/, /actie/12/, ...).

Links to them stay in e-mails and council documents, so each leads permanently to where
the page is now. An item with a number (programme, action, result, report) belongs to one
plan; an item named by its code (theme, task, indicator) is looked up in the current plan
of the first municipality, the one such addresses were made for.
"""

from django.http import Http404, HttpRequest, HttpResponsePermanentRedirect
from django.utils.translation import gettext as _

from koers.addresses import plan_reverse
from koers.monitor.models import Indicator
from koers.plans.models import Action, Framework, Municipality, Programme, Result
from koers.reports.models import Report


def _moved(
    request: HttpRequest, framework: Framework, name: str, *args: object
) -> HttpResponsePermanentRedirect:
    query = f"?{request.GET.urlencode()}" if request.GET else ""
    return HttpResponsePermanentRedirect(plan_reverse(framework, name, *args) + query)


def _first_plan() -> Framework:
    municipality = Municipality.objects.order_by("pk").first()
    framework = municipality.current_framework() if municipality is not None else None
    if framework is None:
        raise Http404(_("No plan has been loaded yet."))
    return framework


def theme(request: HttpRequest, chapter: str) -> HttpResponsePermanentRedirect:
    return _moved(request, _first_plan(), "web:theme", chapter)


def task(request: HttpRequest, code: str) -> HttpResponsePermanentRedirect:
    return _moved(request, _first_plan(), "web:task", code)


def indicator(request: HttpRequest, code: str) -> HttpResponsePermanentRedirect:
    framework = _first_plan()
    found = (
        Indicator.objects.filter(task__framework=framework, code=code)
        .select_related("task")
        .order_by("task__order", "order")
        .first()
    )
    if found is None:
        raise Http404(_("No indicator with this code."))
    return _moved(request, framework, "web:indicator", found.task.code, code)


def search(request: HttpRequest) -> HttpResponsePermanentRedirect:
    return _moved(request, _first_plan(), "web:search")


def reports(request: HttpRequest) -> HttpResponsePermanentRedirect:
    return _moved(request, _first_plan(), "reports:index")


def _owned(model: type, pk: int, path: str) -> Framework:
    found = model.objects.filter(pk=pk).values_list(path, flat=True).first()
    if found is None:
        raise Http404(_("Not found."))
    return Framework.objects.select_related("municipality").get(pk=found)


def programme(request: HttpRequest, pk: int) -> HttpResponsePermanentRedirect:
    return _moved(request, _owned(Programme, pk, "framework"), "web:programme", pk)


def action(request: HttpRequest, pk: int) -> HttpResponsePermanentRedirect:
    return _moved(request, _owned(Action, pk, "ambition__programme__framework"), "web:action", pk)


def result(request: HttpRequest, pk: int) -> HttpResponsePermanentRedirect:
    return _moved(request, _owned(Result, pk, "ambition__programme__framework"), "web:result", pk)


def report(request: HttpRequest, pk: int) -> HttpResponsePermanentRedirect:
    return _moved(request, _owned(Report, pk, "framework"), "reports:detail", pk)


def report_view(request: HttpRequest, pk: int) -> HttpResponsePermanentRedirect:
    return _moved(request, _owned(Report, pk, "framework"), "reports:view", pk)


def report_file(request: HttpRequest, pk: int, fmt: str) -> HttpResponsePermanentRedirect:
    """Published files are linked from council documents: the links keep working."""
    return _moved(request, _owned(Report, pk, "framework"), "reports:download", pk, fmt)
