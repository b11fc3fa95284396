import io
import tempfile
from pathlib import Path

from django.contrib import admin
from django.db.models import URLField
from django.http import FileResponse, Http404, HttpRequest
from django.urls import path

from koers.admin_scope import MunicipalityScoped, ScopedAdmin
from koers.admin_versions import VersionedAdmin
from koers.imports.measurements import write_template
from koers.monitor import models


class TargetInline(MunicipalityScoped, admin.StackedInline):
    model = models.Target
    extra = 0
    show_change_link = True


class TargetValueInline(MunicipalityScoped, admin.TabularInline):
    model = models.TargetValue
    extra = 0


class MeasurementInline(MunicipalityScoped, admin.TabularInline):
    model = models.Measurement
    fields = ["area", "period", "value", "margin", "status", "source", "note"]
    extra = 0


class AssessmentInline(MunicipalityScoped, admin.TabularInline):
    model = models.Assessment
    extra = 0


@admin.register(models.Area)
class AreaAdmin(ScopedAdmin):
    list_display = ["code", "name", "kind", "cbs_code"]
    list_filter = ["kind"]
    search_fields = ["code", "name", "cbs_code"]


class CategoryInline(MunicipalityScoped, admin.TabularInline):
    model = models.Category
    fields = ["code", "name", "order"]
    extra = 1


@admin.register(models.Dimension)
class DimensionAdmin(ScopedAdmin):
    list_display = ["name", "code", "exhaustive", "order"]
    list_filter = ["exhaustive"]
    search_fields = ["code", "name", "categories__name"]
    inlines = [CategoryInline]


@admin.register(models.Source)
class SourceAdmin(ScopedAdmin):
    list_display = ["name", "publisher", "frequency", "anchor_year"]
    list_filter = ["frequency", "publisher"]
    formfield_overrides = {URLField: {"assume_scheme": "https"}}
    search_fields = ["code", "name", "publisher"]


@admin.register(models.Indicator)
class IndicatorAdmin(VersionedAdmin, ScopedAdmin):
    list_display = ["code", "name", "role", "unit", "direction", "source"]
    list_filter = ["role", "kind", "unit", "direction", "frequency", "task__theme", "source"]
    search_fields = ["code", "name", "sentence"]
    list_select_related = ["source"]
    inlines = [TargetInline, MeasurementInline, AssessmentInline]


@admin.register(models.Target)
class TargetAdmin(ScopedAdmin):
    list_display = ["indicator", "kind", "direction", "value", "change", "target_year"]
    list_filter = ["kind", "direction"]
    search_fields = ["sentence", "indicator__code", "indicator__name"]
    list_select_related = ["indicator"]
    inlines = [TargetValueInline]


@admin.register(models.Measurement)
class MeasurementAdmin(VersionedAdmin, ScopedAdmin):
    list_display = ["indicator", "area", "period", "value", "status", "source"]
    list_filter = ["status", "area", "source", "indicator__task__theme"]
    search_fields = ["indicator__code", "indicator__name", "period", "note"]
    list_select_related = ["indicator", "area", "source"]

    def get_urls(self) -> list:
        template = path(
            "template.<str:extension>",
            self.admin_site.admin_view(self.template_view),
            name="monitor_measurement_template",
        )
        return [template, *super().get_urls()]

    def template_view(self, request: HttpRequest, extension: str) -> FileResponse:
        """The import template of `koers import-measurements`, for download."""
        if extension not in {"csv", "xlsx"}:
            raise Http404
        with tempfile.TemporaryDirectory() as directory:
            file = Path(directory) / f"koers-metingen.{extension}"
            write_template(file)
            content = file.read_bytes()
        return FileResponse(io.BytesIO(content), as_attachment=True, filename=file.name)


@admin.register(models.TargetValue)
class TargetValueAdmin(ScopedAdmin):
    list_display = ["target", "year", "value"]
    list_filter = ["year"]
    search_fields = ["target__indicator__code", "target__sentence"]
    list_select_related = ["target__indicator"]


@admin.register(models.Assessment)
class AssessmentAdmin(ScopedAdmin):
    list_display = ["indicator", "assessed_on", "verdict", "assessed_by"]
    list_filter = ["verdict", "indicator__task__theme"]
    search_fields = ["text", "indicator__code", "indicator__name"]
    list_select_related = ["indicator"]
    date_hierarchy = "assessed_on"
