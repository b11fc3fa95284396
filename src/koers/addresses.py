"""The addresses of a plan's pages: /<municipality>/<framework>/..., shared by the pages
and the report pages."""

from functools import lru_cache
from typing import Any

from django.http import Http404
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.translation import gettext as _

from koers.plans.models import Framework


def plan_args(framework: Framework) -> list[str]:
    return [framework.municipality.slug, framework.slug]


def plan_reverse(framework: Framework, name: str, *args: Any) -> str:
    """The address of a page of this framework's plan."""
    return _reverse(
        get_script_prefix(), get_urlconf(), name, *plan_args(framework), *map(str, args)
    )


@lru_cache(maxsize=4096)
def _reverse(_prefix: str, _urlconf: str | None, name: str, *args: str) -> str:
    # A plan page links to dozens of others, and `reverse` takes about 50 µs each: the
    # addresses are kept per script prefix and URL configuration, which `reverse` reads.
    return reverse(name, args=args)


def find_framework(municipality: str, framework: str) -> Framework:
    """The framework at this address, or a 404."""
    found = (
        Framework.objects.select_related("municipality")
        .filter(municipality__slug=municipality, slug=framework)
        .first()
    )
    if found is None:
        raise Http404(_("No plan at this address."))
    return found
