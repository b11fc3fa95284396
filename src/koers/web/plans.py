"""Which plan a page belongs to: every plan page's address starts with its municipality and
framework (/heerde/sociaal-domein-2022-2027/...), so many municipalities and plans live
side by side and a page reads and judges its own plan only."""

from collections.abc import Callable
from datetime import date
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse

from koers.accounts.permissions import is_insider
from koers.addresses import find_framework
from koers.dates import peildatum
from koers.monitor.tree import Plan, kept_plan, load_plan
from koers.plans.models import Framework
from koers.web.kept_pages import keep_page, kept_page, page_key


def page_plan(request: HttpRequest, framework: Framework, on: date) -> Plan:
    """The plan of the page's framework with its statuses on the page's reporting date.

    A page that only reads (GET) gets the plan this process keeps; a form sent (POST) reads
    its own, since writing changes the objects it writes.
    """
    read = kept_plan if request.method in ("GET", "HEAD") else load_plan
    return read(framework, on, confirmed_only=not is_insider(request.user, framework))


def plan_context(plan: Plan, on: date, **extra: Any) -> dict[str, Any]:
    """What every plan page's template gets: the plan, its framework and the date."""
    return {"plan": plan, "framework": plan.framework, "on": on, **extra}


def plan_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """A page of a plan: the view gets the plan of its address and the reporting date. A
    page for a visitor who is not logged in is kept a while (`koers.web.kept_pages`)."""

    @wraps(view)
    def page(
        request: HttpRequest, municipality: str, framework: str, *args: Any, **kwargs: Any
    ) -> HttpResponse:
        found = find_framework(municipality, framework)
        on = peildatum(request.GET)
        key = page_key(request, found, on)
        kept = kept_page(key) if key else None
        if kept is not None:
            return kept
        response = view(request, page_plan(request, found, on), on, *args, **kwargs)
        if key:
            keep_page(key, request, response)
        return response

    return page
