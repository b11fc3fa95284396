"""Residents' pages kept whole for a while: a plan page that a visitor who is not logged in
asks for is the same for every such visitor, so its first rendering answers the next ones.

A kept page is keyed by the plan's data version (every write through the services moves
it on, so a changed figure or status shows on the next request), the reporting date, the
day, the language and the page's full address. What a page shows beside its plan (another
municipality's name, a report's title) can be up to `KOERS_KEPT_PAGE_SECONDS` old. A page
that a visitor's own state shapes is never kept: one with a message for them, one that
used a CSRF token (a form), one that set a cookie, and any page for a logged-in user.
"""

import hashlib
from datetime import date

from django.core.cache import caches
from django.http import HttpRequest, HttpResponse
from django.utils.translation import get_language

from koers.monitor.tree import plan_version
from koers.plans.models import Framework

PAGES = "pages"  # the cache alias (settings.CACHES)


def page_key(request: HttpRequest, framework: Framework, on: date) -> str | None:
    """The key a page is kept under, or None for a request whose page must not be kept."""
    if request.method != "GET" or request.user.is_authenticated:
        return None
    if len(getattr(request, "_messages", ())):  # counting does not mark them read
        return None
    # The host and scheme too: a page may hold absolute links to itself.
    address = f"{get_language()}|{request.build_absolute_uri()}"
    return ":".join(
        (
            "koers:page",
            plan_version(framework, True),  # a visitor sees confirmed figures only
            on.isoformat(),
            date.today().isoformat(),
            hashlib.sha256(address.encode()).hexdigest(),
        )
    )


def kept_page(key: str) -> HttpResponse | None:
    kept = caches[PAGES].get(key)
    if kept is None:
        return None
    content, headers = kept
    return HttpResponse(content, headers=headers)


def keep_page(key: str, request: HttpRequest, response: HttpResponse) -> None:
    """Keep a page that holds nothing of this visitor's own."""
    if (
        response.status_code != 200
        or response.streaming
        or response.cookies
        or request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
    ):
        return
    caches[PAGES].set(key, (response.content, dict(response.items())))


def forget_kept_pages() -> None:
    """Drop every kept page (tests, benchmarks; a restored backup)."""
    caches[PAGES].clear()
