"""The addresses of a plan's pages: /<municipality>/<framework>/..., shared by the pages
and the report pages."""

from typing import Any

from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _

from koers.plans.models import Framework


def plan_args(framework: Framework) -> list[str]:
    return [framework.municipality.slug, framework.slug]


def plan_reverse(framework: Framework, name: str, *args: Any) -> str:
    """The address of a page of this framework's plan."""
    return reverse(name, args=[*plan_args(framework), *args])


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
