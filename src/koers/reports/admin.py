from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from koers.admin_scope import MunicipalityScoped, ScopedAdmin
from koers.admin_versions import VersionedAdmin
from koers.reports.models import Explanation, Report, ReportingMoment


class ExplanationInline(MunicipalityScoped, admin.StackedInline):
    model = Explanation
    extra = 0
    autocomplete_fields = ["task"]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return obj is None or not obj.published

    has_add_permission = has_delete_permission = has_change_permission


@admin.register(Report)
class ReportAdmin(VersionedAdmin, ScopedAdmin):
    """Drafts are made and published on the report pages; the admin lists and corrects."""

    list_display = ["title", "reporting_date", "state", "published_at", "published_by"]
    list_filter = ["state", "framework", "programme"]
    search_fields = ["title"]
    readonly_fields = ["state", "published_at", "published_by"]
    inlines = [ExplanationInline]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        if obj is not None and obj.published:
            return [*self.readonly_fields, "framework", "programme", "reporting_date", "title"]
        return self.readonly_fields

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return (obj is None or not obj.published) and super().has_delete_permission(request, obj)


@admin.register(ReportingMoment)
class ReportingMomentAdmin(ScopedAdmin):
    """The moments of the planning-and-control cycle (docs/cycle.md)."""

    list_display = ["title", "kind", "reporting_date", "deadline", "municipality"]
    list_filter = ["municipality", "kind"]
    search_fields = ["title"]
