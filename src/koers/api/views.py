"""The REST API under /api/v1/: the plan, the monitor, statuses and published reports.

Reading needs no login (residents' view: figures a partner entered show once confirmed);
writing needs a token or session and the role of the pages. Every list is paginated,
filterable and ordered, and reads a fixed number of queries whatever the page size.
"""

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.http import JsonResponse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from koers.api import filters, serializers
from koers.api.permissions import ReadOrRole
from koers.budgets.models import BudgetLine
from koers.imports.measurements import COLUMNS, ImportFailed, MeasurementImport, Row
from koers.monitor.models import Area, Indicator, Measurement, Target
from koers.monitor.periods import validate_period
from koers.monitor.status import verdict_label
from koers.monitor.tree import load_plans
from koers.plans.models import Action, Ambition, Framework, Programme, Result, Task, Theme
from koers.reports.models import Report
from koers.web.permissions import can_edit, can_enter_figures, is_insider

PEILDATUM = OpenApiParameter(
    "peildatum",
    OpenApiTypes.DATE,
    description=_("Reporting date of the statuses, YYYY-MM-DD; today when left out."),
)


def _read(summary: Any, description: Any = "") -> dict[str, Any]:
    return {
        "list": extend_schema(summary=summary, description=description),
        "retrieve": extend_schema(summary=summary, description=description),
    }


class ReadOnly(viewsets.ReadOnlyModelViewSet):
    permission_classes = [ReadOrRole]


@extend_schema_view(**_read(_("Frameworks (kaderdocumenten)")))
class FrameworkViewSet(ReadOnly):
    queryset = Framework.objects.select_related("municipality")
    serializer_class = serializers.FrameworkSerializer
    ordering_fields = ["start_year", "title"]
    ordering = ["start_year", "title"]


@extend_schema_view(**_read(_("Themes of the frameworks")))
class ThemeViewSet(ReadOnly):
    queryset = Theme.objects.all()
    serializer_class = serializers.ThemeSerializer
    filterset_class = filters.ThemeFilter
    ordering_fields = ["order", "chapter"]
    ordering = ["framework", "order"]


@extend_schema_view(**_read(_("Tasks (opgaves)")))
class TaskViewSet(ReadOnly):
    queryset = Task.objects.select_related("theme")
    serializer_class = serializers.TaskSerializer
    filterset_class = filters.TaskFilter
    ordering_fields = ["order", "code"]
    ordering = ["framework", "order"]


@extend_schema_view(
    list=extend_schema(
        summary=_("The tasks of one framework"),
        parameters=[OpenApiParameter("framework_pk", int, OpenApiParameter.PATH)],
    ),
    retrieve=extend_schema(
        summary=_("One task of a framework, by its code (6.3)"),
        parameters=[
            OpenApiParameter("framework_pk", int, OpenApiParameter.PATH),
            OpenApiParameter("code", str, OpenApiParameter.PATH, description=_("Task code")),
        ],
    ),
)
class FrameworkTaskViewSet(ReadOnly):
    queryset = Task.objects.none()  # the framework comes from the path
    serializer_class = serializers.TaskSerializer
    lookup_field = "code"
    lookup_value_regex = r"[^/]+"
    ordering_fields = ["order", "code"]
    ordering = ["order"]

    def get_queryset(self) -> QuerySet[Task]:
        if getattr(self, "swagger_fake_view", False):
            return Task.objects.none()
        return Task.objects.select_related("theme").filter(framework_id=self.kwargs["framework_pk"])


@extend_schema_view(**_read(_("Ambitions of the tasks")))
class AmbitionViewSet(ReadOnly):
    queryset = Ambition.objects.select_related("task")
    serializer_class = serializers.AmbitionSerializer
    filterset_class = filters.AmbitionFilter
    ordering_fields = ["order"]
    ordering = ["task__order", "order"]


@extend_schema_view(**_read(_("Indicators (hoe laten we dit zien)")))
class IndicatorViewSet(ReadOnly):
    queryset = Indicator.objects.select_related("task", "source")
    serializer_class = serializers.IndicatorSerializer
    filterset_class = filters.IndicatorFilter
    ordering_fields = ["order", "code"]
    ordering = ["task__order", "order"]


@extend_schema_view(**_read(_("Targets (streefwaarden) of the indicators")))
class TargetViewSet(ReadOnly):
    queryset = Target.objects.select_related("indicator").prefetch_related("values")
    serializer_class = serializers.TargetSerializer
    filterset_class = filters.TargetFilter
    ordering_fields = ["order"]
    ordering = ["indicator__task__order", "indicator__order", "order"]


@extend_schema_view(**_read(_("Areas: the municipality, districts, region, the Netherlands")))
class AreaViewSet(ReadOnly):
    queryset = Area.objects.all()
    serializer_class = serializers.AreaSerializer
    lookup_field = "code"
    ordering_fields = ["code", "name"]
    ordering = ["code"]


@extend_schema_view(
    list=extend_schema(summary=_("Measurements (metingen)")),
    retrieve=extend_schema(summary=_("One measurement")),
    create=extend_schema(summary=_("Enter a measurement (editors; partners' figures wait)")),
    update=extend_schema(summary=_("Correct a measurement")),
    partial_update=extend_schema(summary=_("Correct part of a measurement")),
    destroy=extend_schema(summary=_("Delete a measurement")),
)
class MeasurementViewSet(viewsets.ModelViewSet):
    serializer_class = serializers.MeasurementSerializer
    permission_classes = [ReadOrRole]
    filterset_class = filters.MeasurementFilter
    ordering_fields = ["period", "value"]
    ordering = ["indicator__task__order", "indicator__order", "area__code", "period"]

    def get_queryset(self) -> QuerySet[Measurement]:
        figures = Measurement.objects.select_related("indicator__task__theme", "area", "source")
        if not is_insider(self.request.user):
            figures = figures.filter(confirmed=True)
        return figures

    def _check(self, data: dict[str, Any], instance: Measurement | None = None) -> bool:
        """The rules of the measurement import; returns whether the figure is confirmed."""
        task = data["indicator"].task
        if not can_enter_figures(self.request.user, task):
            raise PermissionDenied(
                _("You may not enter figures for task %(code)s.") % {"code": task.code}
            )
        try:
            validate_period(data.get("period", ""))
        except DjangoValidationError as error:
            raise ValidationError({"period": error.messages}) from None
        clash = Measurement.objects.filter(
            indicator=data["indicator"], area=data["area"], period=data.get("period", "")
        )
        if instance is not None:
            clash = clash.exclude(pk=instance.pk)
        if clash.exists():
            raise ValidationError(
                {
                    "period": [
                        _("There is already a figure for this area and period; correct that one.")
                    ]
                }
            )
        return can_edit(self.request.user, task.theme)

    def perform_create(self, serializer: Any) -> None:
        confirmed = self._check(serializer.validated_data)
        serializer.save(confirmed=confirmed)

    def perform_update(self, serializer: Any) -> None:
        data = {
            "indicator": serializer.instance.indicator,
            "area": serializer.instance.area,
            "period": serializer.instance.period,
            **serializer.validated_data,
        }
        confirmed = self._check(data, serializer.instance)
        serializer.save(confirmed=confirmed)

    @extend_schema(
        summary=_("Write many measurements at once, all or nothing"),
        description=_(
            "The same checks and messages as the file import (koers import-measurements): "
            "one bad row and nothing is written. Editors only, for the themes they edit."
        ),
        request=serializers.BulkMeasurementsSerializer,
        responses={200: serializers.BulkResultSerializer},
    )
    @action(detail=False, methods=["post"])
    def bulk(self, request: Request) -> Response:
        payload = serializers.BulkMeasurementsSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        rows = payload.validated_data["measurements"]
        codes = {row.get("indicator", "") for row in rows}
        tasks = {
            i.task for i in Indicator.objects.filter(code__in=codes).select_related("task__theme")
        }
        refused = sorted(t.code for t in tasks if not can_edit(request.user, t.theme))
        if refused:
            raise PermissionDenied(
                _("You may not write figures for task(s) %(codes)s.")
                % {"codes": ", ".join(refused)}
            )
        importer = MeasurementImport("API", user=request.user)
        keys = [key for _header, key in COLUMNS]  # the measurement template's columns
        try:
            with transaction.atomic():
                report = importer.run(
                    Row(
                        "API",
                        n,
                        {k: str(row.get(k, "") or "") for k in keys},
                        {k: k for k in keys},
                    )
                    for n, row in enumerate(rows, start=1)
                )
        except ImportFailed as failed:
            return Response(
                {
                    "errors": [
                        {"row": p.row, "field": p.column, "value": p.value, "message": p.message}
                        for p in failed.errors
                    ],
                    "total": failed.total,
                    "detail": _("Nothing was written."),
                },
                status=status.HTTP_400_BAD_REQUEST,
            )
        return Response(
            {
                "rows": report.rows,
                "created": report.created,
                "updated": report.updated,
                "unchanged": report.unchanged,
            }
        )


@extend_schema_view(**_read(_("Execution programmes (uitvoeringsprogramma's)")))
class ProgrammeViewSet(ReadOnly):
    queryset = Programme.objects.select_related("theme")
    serializer_class = serializers.ProgrammeSerializer
    filterset_class = filters.ProgrammeFilter
    ordering_fields = ["start_year", "title"]
    ordering = ["start_year", "title"]


@extend_schema_view(
    list=extend_schema(summary=_("Actions (wat gaan we doen)")),
    retrieve=extend_schema(summary=_("One action")),
    partial_update=extend_schema(
        summary=_("Update an action's status, progress or deadline (editors, partners)")
    ),
)
class ActionViewSet(mixins.UpdateModelMixin, ReadOnly):
    queryset = Action.objects.select_related("ambition__task__theme", "owner").prefetch_related(
        "partners", "references"
    )
    serializer_class = serializers.ActionSerializer
    filterset_class = filters.ActionFilter
    ordering_fields = ["deadline", "code", "progress"]
    ordering = ["ambition__programme", "ambition__order", "order"]
    http_method_names = ["get", "patch", "head", "options"]


@extend_schema_view(**_read(_("Results (hoe laten we dit zien, per actie)")))
class ResultViewSet(ReadOnly):
    queryset = Result.objects.select_related("ambition__task", "action")
    serializer_class = serializers.ResultSerializer
    filterset_class = filters.ResultFilter
    ordering_fields = ["code"]
    ordering = ["ambition__programme", "ambition__order", "order"]


@extend_schema_view(**_read(_("Budget lines (middelen en capaciteit)")))
class BudgetLineViewSet(ReadOnly):
    queryset = BudgetLine.objects.select_related("task")
    serializer_class = serializers.BudgetLineSerializer
    filterset_class = filters.BudgetLineFilter
    ordering_fields = ["amount_cents", "order"]
    ordering = ["programme", "order"]


@extend_schema_view(**_read(_("Published progress reports")))
class ReportViewSet(ReadOnly):
    queryset = Report.objects.filter(state=Report.State.PUBLISHED).defer("content")
    serializer_class = serializers.ReportSerializer
    ordering_fields = ["reporting_date", "published_at"]
    ordering = ["-reporting_date"]


class StatusViewSet(viewsets.GenericViewSet):
    """Statuses computed on a reporting date: every theme, task, indicator, action, result."""

    serializer_class = serializers.StatusSerializer
    permission_classes = [ReadOrRole]
    filter_backends: list[Any] = []

    @extend_schema(
        summary=_("Statuses on a reporting date"),
        parameters=[
            PEILDATUM,
            OpenApiParameter(
                "kind",
                str,
                description=_(
                    "framework, theme, task, indicator, programme, ambition, action or result"
                ),
            ),
            OpenApiParameter("status", str, description=_("A status code, such as off_track.")),
            OpenApiParameter("framework", int, description=_("Number of the framework.")),
        ],
    )
    def list(self, request: Request) -> Response:
        try:
            on = date.fromisoformat(request.query_params.get("peildatum", ""))
        except ValueError:
            on = date.today()
        kind = request.query_params.get("kind")
        wanted = request.query_params.get("status")
        framework = request.query_params.get("framework")
        rows = []
        for plan in load_plans(on, confirmed_only=not is_insider(request.user)):
            if framework and str(plan.framework.pk) != framework:
                continue
            for root in [plan.node, *plan.programmes]:
                for node in root.walk():
                    if (kind and node.kind != kind) or (wanted and node.status.code != wanted):
                        continue
                    rows.append(
                        {
                            "kind": node.kind,
                            "id": node.obj.pk if node.obj is not None else 0,
                            "code": node.code,
                            "title": node.title,
                            "status": node.status.code,
                            "label": verdict_label(node.status.code),
                            "reason": node.status.reason,
                            "next_period": node.status.next_period,
                            "next_due": node.status.next_due,
                        }
                    )
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


@csrf_exempt  # answers every method with 404, writes nothing
def not_found(request: Any) -> JsonResponse:
    return JsonResponse({"detail": str(_("Not found."))}, status=404)


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """DRF's handler, and a number too large for the database names nothing: 404."""
    if isinstance(exc, OverflowError):
        return Response({"detail": str(_("Not found."))}, status=status.HTTP_404_NOT_FOUND)
    return drf_exception_handler(exc, context)
