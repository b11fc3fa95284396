"""The REST API under /api/v1/: the plan, the monitor, statuses and published reports.

Reading needs no login (residents' view: figures a partner entered show once confirmed);
writing needs a token or session and the role of the pages. Every list is paginated,
filterable and ordered, and reads a fixed number of queries whatever the page size.
"""

from collections.abc import Callable
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Prefetch, QuerySet
from django.http import JsonResponse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from koers.accounts.permissions import is_insider, readable_figures, sees_unpublished
from koers.api import filters, serializers
from koers.api.permissions import ReadOrRole
from koers.api.versions import (
    VersionConflict,
    conflict,
    conflict_response,
    etag,
    expected_version,
)
from koers.budgets.models import BudgetLine, Taakveld
from koers.budgets.totals import programme_totals, spent_by_line
from koers.concurrency import Conflict
from koers.imports.measurements import COLUMNS, ImportFailed, MeasurementImport, Row
from koers.monitor import services as monitor_services
from koers.monitor.models import (
    Area,
    Category,
    Dimension,
    Indicator,
    Measurement,
    PeerGroup,
    Target,
)
from koers.monitor.reading import withheld_of
from koers.monitor.status import verdict_label
from koers.monitor.tree import cached_trees
from koers.plans import services as plan_services
from koers.plans.choice import NoPlanNamed, chosen_framework
from koers.plans.models import Action, Ambition, Framework, Programme, Result, Task, Theme
from koers.reports.models import Report


def _read(summary: Any, description: Any = "") -> dict[str, Any]:
    return {
        "list": extend_schema(summary=summary, description=description),
        "retrieve": extend_schema(summary=summary, description=description),
    }


_TAAKVELDEN = Prefetch(
    "taakvelden", queryset=Taakveld.objects.select_related("taakveld_list").order_by("order")
)


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
    queryset = Task.objects.select_related("theme").prefetch_related(_TAAKVELDEN)
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
        return (
            Task.objects.select_related("theme")
            .prefetch_related(_TAAKVELDEN)
            .filter(framework_id=self.kwargs["framework_pk"])
        )


@extend_schema_view(**_read(_("Ambitions of the tasks")))
class AmbitionViewSet(ReadOnly):
    queryset = Ambition.objects.select_related("task")
    serializer_class = serializers.AmbitionSerializer
    filterset_class = filters.AmbitionFilter
    ordering_fields = ["order"]
    ordering = ["task__order", "order"]


@extend_schema_view(**_read(_("Indicators (hoe laten we dit zien)")))
class IndicatorViewSet(ReadOnly):
    queryset = Indicator.objects.select_related(
        "task", "source", "responsible", "team", "data_supplier"
    )
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


class Versioned:
    # ETag headers on the items the API changes, and the version a writer read (a comment:
    # the OpenAPI document takes a view's docstring as its description).

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        response = super().retrieve(request, *args, **kwargs)
        return etag(response, self.get_object())

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        self.expected = expected_version(request)
        response = super().update(request, *args, **kwargs)
        return etag(response, self.changed)

    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        self.expected = expected_version(request)
        return super().destroy(request, *args, **kwargs)

    def call(self, service: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        version, by_header = self.expected
        try:
            return service(*args, expected_version=version, **kwargs)
        except Conflict as error:
            raise conflict(error, by_header) from None


WRITE_ERRORS = {
    409: OpenApiResponse(description=_("The version sent is not the current one.")),
    412: OpenApiResponse(description=_("If-Match does not name the current version.")),
    428: OpenApiResponse(description=_("Neither If-Match nor version was sent.")),
}
IF_MATCH = OpenApiParameter(
    "If-Match",
    str,
    OpenApiParameter.HEADER,
    description=_("The ETag the item was read with; or send version in the body."),
)


def _write(summary: Any, answer: Any) -> Any:
    return extend_schema(
        summary=summary, parameters=[IF_MATCH], responses={**answer, **WRITE_ERRORS}
    )


@extend_schema_view(
    list=extend_schema(summary=_("Measurements (metingen)")),
    retrieve=extend_schema(summary=_("One measurement")),
    create=extend_schema(summary=_("Enter a measurement (editors; partners' figures wait)")),
    update=_write(_("Correct a measurement"), {200: serializers.MeasurementChangeSerializer}),
    partial_update=_write(
        _("Correct part of a measurement"), {200: serializers.MeasurementChangeSerializer}
    ),
    destroy=_write(_("Delete a measurement"), {204: None}),
)
class MeasurementViewSet(Versioned, viewsets.ModelViewSet):
    permission_classes = [ReadOrRole]
    filterset_class = filters.MeasurementFilter
    ordering_fields = ["period", "value"]
    ordering = ["indicator__task__order", "indicator__order", "area__code", "period"]

    def get_serializer_class(self) -> type[serializers.MeasurementSerializer]:
        if self.action in ("update", "partial_update"):
            return serializers.MeasurementChangeSerializer
        return serializers.MeasurementSerializer

    def get_queryset(self) -> QuerySet[Measurement]:
        if getattr(self, "swagger_fake_view", False):
            return Measurement.objects.none()
        figures = Measurement.objects.select_related(
            "indicator__task__theme", "indicator__task__framework", "area", "source", "category"
        ).filter(readable_figures(self.request.user))
        if self.action in ("list", "retrieve") and not sees_unpublished(self.request.user):
            # The public reads what is published: the disclosure rules hold here too.
            published = Measurement.objects.filter(confirmed=True)
            figures = figures.exclude(pk__in=[mark.pk for mark in withheld_of(published)])
        return figures

    def perform_create(self, serializer: Any) -> None:
        data = {k: v for k, v in serializer.validated_data.items() if k != "version"}
        data.setdefault("period", "")
        figure = monitor_services.Figure(**data)
        serializer.instance, _outcome = monitor_services.record_measurement(
            self.request.user, figure, reason="API"
        )

    def perform_update(self, serializer: Any) -> None:
        changes = {k: v for k, v in serializer.validated_data.items() if k != "version"}
        self.changed = serializer.instance = self.call(
            monitor_services.change_measurement, self.request.user, serializer.instance, changes
        )

    def perform_destroy(self, instance: Measurement) -> None:
        self.call(monitor_services.delete_measurement, self.request.user, instance)

    @extend_schema(
        summary=_("Write many measurements at once, all or nothing"),
        description=_(
            "The same checks and messages as the file import (koers import-measurements): "
            "one bad row and nothing is written. Editors, and partners for the tasks of their "
            "actions (their figures wait for confirmation)."
        ),
        request=serializers.BulkMeasurementsSerializer,
        responses={
            200: serializers.BulkResultSerializer,
            409: OpenApiResponse(
                description=_(
                    "Another writer stored some of these figures at the same moment; the "
                    "errors name the rows and the stored figures. Nothing was written."
                )
            ),
        },
    )
    @action(detail=False, methods=["post"])
    def bulk(self, request: Request) -> Response:
        payload = serializers.BulkMeasurementsSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        rows = payload.validated_data["measurements"]
        importer = MeasurementImport(
            "API", user=request.user, replace=payload.validated_data["replace"]
        )
        keys = [key for _header, key in COLUMNS]  # the measurement template's columns
        try:
            report = importer.run(
                Row("API", n, {k: str(row.get(k, "") or "") for k in keys}, {k: k for k in keys})
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
                status=status.HTTP_409_CONFLICT
                if failed.conflict
                else status.HTTP_403_FORBIDDEN
                if failed.forbidden
                else status.HTTP_400_BAD_REQUEST,
            )
        return Response(
            {
                "rows": report.rows,
                "created": report.created,
                "updated": report.updated,
                "unchanged": report.unchanged,
                "kept_final": report.kept_final,
            }
        )


def _with_money(args: tuple[Any, ...], kwargs: dict[str, Any], attach: Any) -> None:
    """Give the items being read their money before they are serialised (constant queries)."""
    if args and "data" not in kwargs:
        items = list(args[0]) if kwargs.get("many") else [args[0]]
        attach(items, date.today())


def _programme_money(programmes: list[Programme], on: date) -> None:
    found = programme_totals([p.pk for p in programmes], on)
    for programme in programmes:
        programme.budget_totals = found[programme.pk]


def _line_money(lines: list[BudgetLine], on: date) -> None:
    spent = spent_by_line({line.programme_id for line in lines}, on)
    for line in lines:
        line.spent_cents = spent.get(line.pk, 0)


@extend_schema_view(**_read(_("Execution programmes (uitvoeringsprogramma's)")))
class ProgrammeViewSet(ReadOnly):
    queryset = Programme.objects.select_related("theme")

    def get_serializer(self, *args: Any, **kwargs: Any) -> Any:
        _with_money(args, kwargs, _programme_money)
        return super().get_serializer(*args, **kwargs)

    serializer_class = serializers.ProgrammeSerializer
    filterset_class = filters.ProgrammeFilter
    ordering_fields = ["start_year", "title"]
    ordering = ["start_year", "title"]


@extend_schema_view(
    list=extend_schema(summary=_("Actions (wat gaan we doen)")),
    retrieve=extend_schema(summary=_("One action")),
    partial_update=_write(
        _("Update an action's status, progress or deadline, with a note (editors, partners)"),
        {200: serializers.ActionSerializer},
    ),
)
class ActionViewSet(Versioned, mixins.UpdateModelMixin, ReadOnly):
    queryset = Action.objects.select_related(
        "ambition__task__theme", "owner", "responsible", "team"
    ).prefetch_related("partners", "references")
    serializer_class = serializers.ActionSerializer
    filterset_class = filters.ActionFilter
    ordering_fields = ["deadline", "code", "progress"]
    ordering = ["ambition__programme", "ambition__order", "order"]
    http_method_names = ["get", "patch", "head", "options"]

    def perform_update(self, serializer: Any) -> None:
        data = serializer.validated_data
        note = data.get("note")
        self.changed = serializer.instance = self.call(
            plan_services.update_action,
            self.request.user,
            serializer.instance,
            {k: data[k] for k in plan_services.ACTION_CHANGES if k in data},
            note=plan_services.Note(
                note.get("text", ""),
                note.get("noted_on") or date.today(),
                note.get("public", False),
            )
            if note
            else None,
        )


@extend_schema_view(
    **_read(_("Results (hoe laten we dit zien, per actie)")),
    partial_update=_write(
        _("Mark a result achieved, with the date and the evidence (editors)"),
        {200: serializers.ResultSerializer},
    ),
)
class ResultViewSet(Versioned, mixins.UpdateModelMixin, ReadOnly):
    queryset = Result.objects.select_related(
        "ambition__task__theme", "action", "responsible", "team"
    )
    http_method_names = ["get", "patch", "head", "options"]

    def perform_update(self, serializer: Any) -> None:
        result = serializer.instance
        data = serializer.validated_data
        self.changed = serializer.instance = self.call(
            plan_services.record_result,
            self.request.user,
            result,
            achieved=data.get("achieved", result.achieved),
            achieved_on=data.get("achieved_on", result.achieved_on),
            evidence=data.get("evidence", result.evidence),
        )

    serializer_class = serializers.ResultSerializer
    filterset_class = filters.ResultFilter
    ordering_fields = ["code"]
    ordering = ["ambition__programme", "ambition__order", "order"]


@extend_schema_view(**_read(_("Budget lines (middelen en capaciteit)")))
class BudgetLineViewSet(ReadOnly):
    queryset = BudgetLine.objects.select_related("task", "taakveld__taakveld_list")
    serializer_class = serializers.BudgetLineSerializer

    def get_serializer(self, *args: Any, **kwargs: Any) -> Any:
        _with_money(args, kwargs, _line_money)
        return super().get_serializer(*args, **kwargs)

    filterset_class = filters.BudgetLineFilter
    ordering_fields = ["amount_cents", "order"]
    ordering = ["programme", "order"]


@extend_schema_view(**_read(_("Taakvelden of the Iv3 lists (the BBV budget classification)")))
class TaakveldViewSet(ReadOnly):
    queryset = Taakveld.objects.select_related("taakveld_list")
    serializer_class = serializers.TaakveldSerializer
    filterset_class = filters.TaakveldFilter
    ordering_fields = ["order", "code"]
    ordering = ["taakveld_list__year", "taakveld_list__version", "order"]


@extend_schema_view(**_read(_("Dimensions and their categories, which figures are broken down by")))
class DimensionViewSet(ReadOnly):
    queryset = Dimension.objects.prefetch_related(
        Prefetch("categories", queryset=Category.objects.order_by("order", "code"))
    )
    serializer_class = serializers.DimensionSerializer
    ordering = ["order", "code"]
    lookup_field = "code"


@extend_schema_view(**_read(_("Comparable municipalities of each municipality")))
class PeerGroupViewSet(ReadOnly):
    queryset = PeerGroup.objects.select_related("municipality").prefetch_related(
        Prefetch("members", queryset=Area.objects.order_by("name"))
    )
    serializer_class = serializers.PeerGroupSerializer
    filterset_class = filters.PeerGroupFilter
    ordering_fields = ["name"]
    ordering = ["municipality__cbs_code"]


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
        parameters=[serializers.StatusQuerySerializer],
    )
    def list(self, request: Request) -> Response:
        # A plain dict, not the QueryDict: DRF reads an empty form value as "not given".
        query = serializers.StatusQuerySerializer(data=request.query_params.dict())
        query.is_valid(raise_exception=True)
        on = query.validated_data.get("peildatum") or date.today()
        kind = query.validated_data.get("kind")
        wanted = query.validated_data.get("status")
        try:
            framework = chosen_framework(
                query.validated_data.get("framework"), query.validated_data.get("municipality")
            )
        except NoPlanNamed as error:
            raise ValidationError({"framework": [str(error)]}) from None
        rows = []
        trees = (
            cached_trees(framework, on, not is_insider(request.user, framework))
            if framework
            else []
        )
        for root in trees:
            for node in root.walk():
                if (kind and node.kind != kind) or (wanted and node.status.code != wanted):
                    continue
                rows.append(
                    {
                        "kind": node.kind,
                        "id": node.pk or 0,
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
    """DRF's handler; a service's refusal is a 400 by field, and a number too large for the
    database names nothing: 404."""
    if isinstance(exc, OverflowError):
        return Response({"detail": str(_("Not found."))}, status=status.HTTP_404_NOT_FOUND)
    if isinstance(exc, VersionConflict):
        return conflict_response(exc)
    if isinstance(exc, DjangoValidationError):
        detail = exc.message_dict if hasattr(exc, "error_dict") else {"detail": exc.messages}
        return Response(detail, status=status.HTTP_400_BAD_REQUEST)
    return drf_exception_handler(exc, context)
