"""Administrators limited to one municipality.

A staff user who is not a superuser administers the municipality of their role: the admin
lists, opens and changes only what belongs to its plans, offers only its objects in choice
lists, and shows the lists every plan shares (areas, sources, partners, ...) read-only,
since a change there would change the other municipalities' plans too. Which actions they
may take at all (add, change, delete per model) stays with Django's permissions.
"""

from typing import Any

from django.contrib import admin
from django.db.models import Model, QuerySet
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from koers.accounts.permissions import administered_municipality
from koers.plans.versions import municipality_lookup

# Models outside the plan tree, with the way to their municipality.
LOOKUPS = {
    "plans.Municipality": "pk",
    "accounts.Role": "municipality",
    "reports.Report": "framework__municipality",
    "reports.Explanation": "report__framework__municipality",
    "reports.ReportingMoment": "municipality",
    "plans.Contact": "municipality",
    "plans.Team": "municipality",
    "reminders.Digest": "contact__municipality",
    "authtoken.Token": "user__koers_role__municipality",
    "authtoken.TokenProxy": "user__koers_role__municipality",
}


def lookup(model: type[Model]) -> str | None:
    return LOOKUPS.get(model._meta.label) or municipality_lookup(model)


def _limited(request: HttpRequest) -> int | None:
    return administered_municipality(request.user)


class MunicipalityScoped(admin.options.BaseModelAdmin):
    """For model admins and inlines alike."""

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        found = super().get_queryset(request)  # type: ignore[misc]
        municipality = _limited(request)
        path = lookup(self.model)
        if municipality is None or path is None:
            return found
        return found.filter(**{path: municipality})

    def _choices(self, db_field: Any, request: HttpRequest, kwargs: dict[str, Any]) -> None:
        municipality = _limited(request)
        path = lookup(db_field.related_model)
        if municipality is not None and path is not None:
            kwargs["queryset"] = db_field.related_model._default_manager.filter(
                **{path: municipality}
            ).distinct()

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        self._choices(db_field, request, kwargs)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        self._choices(db_field, request, kwargs)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def _shared_for_limited(self, request: HttpRequest) -> bool:
        return _limited(request) is not None and lookup(self.model) is None

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        if self._shared_for_limited(request) or (
            self.model._meta.label == "plans.Municipality" and _limited(request) is not None
        ):
            return False
        return super().has_add_permission(request, *args)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if self._shared_for_limited(request):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if self._shared_for_limited(request) or (
            self.model._meta.label == "plans.Municipality" and _limited(request) is not None
        ):
            return False
        return super().has_delete_permission(request, obj)


class ScopedAdmin(MunicipalityScoped, SimpleHistoryAdmin):
    """The base of Koers's model admins: scoped, with the history of every object."""
