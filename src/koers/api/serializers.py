"""What the API shows of each object: the document's numbering and natural keys, no ids of
other objects where a code says more (task "6.3", area "GM0246", indicator code)."""

from datetime import date
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from koers.budgets.models import BudgetLine, Taakveld
from koers.dates import EARLIEST, LATEST, in_range
from koers.monitor.lookups import IndicatorIndex
from koers.monitor.models import (
    Area,
    Category,
    Dimension,
    Indicator,
    Measurement,
    PeerGroup,
    Source,
    Target,
)
from koers.monitor.status import STATUS_LABELS
from koers.monitor.tree import NodeKind
from koers.plans.models import (
    CBS_MUNICIPALITY_CODE,
    Action,
    Ambition,
    Framework,
    Programme,
    Result,
    Task,
    Theme,
)
from koers.reports.models import Report


class StrictBooleanField(serializers.BooleanField):
    """JSON true or false; DRF would also take 0, 1 and "yes", which the document does not."""

    def to_internal_value(self, data: Any) -> bool:
        if not isinstance(data, bool):
            self.fail("invalid", input=data)
        return data


class StrictIntegerField(serializers.IntegerField):
    """A JSON whole number; DRF would also take "3" and 3.0, which the document does not."""

    def to_internal_value(self, data: Any) -> int:
        if isinstance(data, bool) or not isinstance(data, int):
            self.fail("invalid")
        return super().to_internal_value(data)


class ModelSerializer(serializers.ModelSerializer):
    serializer_field_mapping = {
        **serializers.ModelSerializer.serializer_field_mapping,
        models.BooleanField: StrictBooleanField,
        models.IntegerField: StrictIntegerField,
        models.SmallIntegerField: StrictIntegerField,
        models.BigIntegerField: StrictIntegerField,
        models.PositiveIntegerField: StrictIntegerField,
        models.PositiveSmallIntegerField: StrictIntegerField,
        models.PositiveBigIntegerField: StrictIntegerField,
    }


class AreaSerializer(ModelSerializer):
    class Meta:
        model = Area
        fields = ["code", "name", "kind", "cbs_code"]


class CategorySerializer(ModelSerializer):
    class Meta:
        model = Category
        fields = ["code", "name", "order"]


class DimensionSerializer(ModelSerializer):
    categories = CategorySerializer(many=True, read_only=True)

    class Meta:
        model = Dimension
        fields = ["code", "name", "exhaustive", "order", "categories"]


class TaakveldSerializer(ModelSerializer):
    list = serializers.CharField(
        source="taakveld_list.__str__", read_only=True, help_text=_("The edition of the Iv3 list.")
    )
    list_year = serializers.IntegerField(source="taakveld_list.year", read_only=True)

    class Meta:
        model = Taakveld
        fields = ["code", "name", "chapter", "chapter_name", "list", "list_year"]


class PeerGroupSerializer(ModelSerializer):
    municipality = serializers.CharField(source="municipality.cbs_code", read_only=True)
    members = AreaSerializer(many=True, read_only=True)

    class Meta:
        model = PeerGroup
        fields = ["municipality", "name", "basis", "members"]


class FrameworkSerializer(ModelSerializer):
    municipality = serializers.CharField(source="municipality.cbs_code", read_only=True)

    class Meta:
        model = Framework
        fields = ["id", "municipality", "title", "start_year", "end_year", "published_on"]


class ThemeSerializer(ModelSerializer):
    class Meta:
        model = Theme
        fields = ["id", "framework", "chapter", "title", "introduction"]


class TaskSerializer(ModelSerializer):
    theme = serializers.CharField(source="theme.chapter", read_only=True)
    taakvelden = TaakveldSerializer(
        many=True, read_only=True, help_text=_("The taakvelden the task's money is booked on.")
    )

    class Meta:
        model = Task
        fields = [
            "id", "framework", "theme", "code", "title", "introduction", "situation", "taakvelden",
        ]  # fmt: skip


class AmbitionSerializer(ModelSerializer):
    task = serializers.CharField(source="task.code", read_only=True)
    means = serializers.ListField(child=serializers.CharField(), read_only=True)

    class Meta:
        model = Ambition
        fields = ["id", "task", "text", "means", "order"]


def _name_of(role: str, help_text: str) -> serializers.CharField:
    """Who is responsible, by name (never a user name or an e-mail address)."""
    return serializers.CharField(
        source=f"{role}.name", read_only=True, allow_null=True, help_text=help_text
    )


RESPONSIBLE_HELP = _("The name of the person responsible.")
TEAM_HELP = _("The team responsible.")


class IndicatorSerializer(ModelSerializer):
    task = serializers.CharField(source="task.code", read_only=True)
    source = serializers.CharField(source="source.code", read_only=True, allow_null=True)
    responsible = _name_of("responsible", RESPONSIBLE_HELP)
    team = _name_of("team", TEAM_HELP)
    data_supplier = _name_of("data_supplier", _("The name of the person who delivers the figures."))

    class Meta:
        model = Indicator
        fields = [
            "id",
            "task",
            "code",
            "name",
            "role",
            "sentence",
            "unit",
            "direction",
            "kind",
            "source",
            "frequency",
            "responsible",
            "team",
            "data_supplier",
        ]


class TargetValueSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    value = serializers.DecimalField(max_digits=18, decimal_places=4)


class TargetSerializer(ModelSerializer):
    indicator = serializers.CharField(source="indicator.code", read_only=True)
    values = TargetValueSerializer(many=True, read_only=True)

    class Meta:
        model = Target
        fields = [
            "id",
            "indicator",
            "kind",
            "sentence",
            "direction",
            "value",
            "change",
            "change_unit",
            "start_year",
            "target_year",
            "baseline_value",
            "baseline_period",
            "baseline_note",
            "values",
        ]


VERSION_HELP = _(
    "Moves on by one with every change. Send the version you read (or If-Match with the "
    "ETag) with a change or deletion; a stale one is refused."
)


def version_field() -> serializers.IntegerField:
    return StrictIntegerField(required=False, min_value=0, help_text=VERSION_HELP)


class MeasurementSerializer(ModelSerializer):
    """One figure; written by editors (and partners, whose figures wait for confirmation)."""

    version = version_field()

    municipality = serializers.RegexField(
        CBS_MUNICIPALITY_CODE,
        required=False,
        write_only=True,
        help_text=_(
            "CBS code of the municipality whose indicator this is, such as GM0246; needed "
            "when several municipalities use the indicator's code."
        ),
    )
    indicator = serializers.CharField(
        max_length=100, help_text=_("The indicator's code, such as 3.1-eenzaamheid-65plus.")
    )
    area = serializers.SlugRelatedField(
        slug_field="code", queryset=Area.objects.all(), help_text=_("The area's code: GM0246.")
    )
    source = serializers.SlugRelatedField(
        slug_field="code", queryset=Source.objects.all(), required=False, allow_null=True
    )
    category = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Category.objects.all(),
        required=False,
        allow_null=True,
        help_text=_("The group the figure is about, such as geslacht-vrouw; empty for everyone."),
    )

    def to_representation(self, instance: Measurement) -> dict[str, Any]:
        data = super().to_representation(instance)
        data["indicator"] = instance.indicator.code
        data["framework"] = instance.indicator.task.framework_id
        return data

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        code = attrs.get("indicator")
        if isinstance(code, str):
            municipality = attrs.pop("municipality", "")
            found, problem = IndicatorIndex.of_codes([code]).find(code, municipality)
            if found is None:
                raise serializers.ValidationError({"indicator": [problem]})
            attrs["indicator"] = found
        return attrs

    class Meta:
        model = Measurement
        fields = [
            "id",
            "municipality",
            "indicator",
            "area",
            "period",
            "category",
            "value",
            "margin",
            "sample_size",
            "status",
            "source",
            "note",
            "confirmed",
            "version",
        ]
        read_only_fields = ["confirmed"]
        # Uniqueness is the monitor service's rule, with its message.
        validators = []


class MeasurementChangeSerializer(MeasurementSerializer):
    """A correction of a stored figure: its key (indicator, area, period) stays."""

    indicator = serializers.SlugRelatedField(slug_field="code", read_only=True)
    area = serializers.SlugRelatedField(slug_field="code", read_only=True)
    category = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta(MeasurementSerializer.Meta):
        read_only_fields = ["confirmed", "period"]


class BulkMeasurementsSerializer(serializers.Serializer):
    replace = StrictBooleanField(
        default=False,
        help_text=_(
            "Replace figures already stored for the same indicator, area and period; without "
            "it such a row is refused (the same figure again is left unchanged)."
        ),
    )
    measurements = serializers.ListField(
        child=serializers.DictField(child=serializers.CharField(allow_blank=True)),
        help_text=_(
            "Rows with the columns of the measurement template: indicator, area, period, "
            "value, margin, sample_size, status, source, note. All rows or none."
        ),
    )


class BulkResultSerializer(serializers.Serializer):
    rows = serializers.IntegerField()
    created = serializers.IntegerField()
    updated = serializers.IntegerField()
    unchanged = serializers.IntegerField()
    kept_final = serializers.IntegerField(
        help_text=_("Provisional figures not applied over final ones.")
    )


class NoteSerializer(serializers.Serializer):
    text = serializers.CharField(help_text=_("What happened, and what comes next."))
    noted_on = serializers.DateField(
        required=False, help_text=_("The date of the note; today when left out.")
    )
    public = StrictBooleanField(default=False, help_text=_("Residents may read it."))


class BudgetSerializer(serializers.Serializer):
    """A programme's money as every report shows it (koers.budgets.totals)."""

    planned_cents = serializers.IntegerField(help_text=_("Planned, in euro cents."))
    reserved_cents = serializers.IntegerField(
        help_text=_("Already reserved in another budget, in euro cents; not in planned.")
    )
    spent_cents = serializers.IntegerField(help_text=_("Spent up to today, in euro cents."))


class ProgrammeSerializer(ModelSerializer):
    theme = serializers.CharField(source="theme.chapter", read_only=True)
    # Set on each programme by the view (ProgrammeViewSet), in two queries per page.
    budget = BudgetSerializer(source="budget_totals", read_only=True)

    class Meta:
        model = Programme
        fields = [
            "id",
            "framework",
            "theme",
            "title",
            "start_year",
            "end_year",
            "introduction",
            "budget",
        ]


class ActionSerializer(ModelSerializer):
    programme = serializers.IntegerField(source="ambition.programme_id", read_only=True)
    task = serializers.CharField(source="ambition.task.code", read_only=True)
    ambition = serializers.CharField(source="ambition.number", read_only=True)
    owner = serializers.CharField(source="owner.name", read_only=True, allow_null=True)
    responsible = _name_of("responsible", RESPONSIBLE_HELP)
    team = _name_of("team", TEAM_HELP)
    partners = serializers.SlugRelatedField(slug_field="name", many=True, read_only=True)
    references = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    note = NoteSerializer(
        write_only=True, required=False, help_text=_("A dated progress note with the change.")
    )
    version = version_field()

    class Meta:
        model = Action
        fields = [
            "id",
            "programme",
            "task",
            "ambition",
            "code",
            "text",
            "explanation",
            "status",
            "progress",
            "planned_start",
            "deadline",
            "planned_text",
            "owner",
            "responsible",
            "team",
            "partners",
            "references",
            "note",
            "version",
        ]
        read_only_fields = ["code", "text", "explanation", "planned_start", "planned_text"]


class ResultSerializer(ModelSerializer):
    programme = serializers.IntegerField(source="ambition.programme_id", read_only=True)
    task = serializers.CharField(source="ambition.task.code", read_only=True)
    ambition = serializers.CharField(source="ambition.number", read_only=True)
    action = serializers.CharField(source="action.code", read_only=True, allow_null=True)
    responsible = _name_of("responsible", RESPONSIBLE_HELP)
    team = _name_of("team", TEAM_HELP)
    version = version_field()

    class Meta:
        model = Result
        fields = [
            "id",
            "programme",
            "task",
            "ambition",
            "action",
            "code",
            "text",
            "achieved",
            "achieved_on",
            "evidence",
            "responsible",
            "team",
            "version",
        ]
        read_only_fields = ["code", "text"]


class BudgetLineSerializer(ModelSerializer):
    task = serializers.CharField(source="task.code", read_only=True)
    taakveld = TaakveldSerializer(
        read_only=True,
        allow_null=True,
        help_text=_("The taakveld of the begroting the line is on."),
    )
    spent_cents = serializers.IntegerField(
        read_only=True, help_text=_("Spent up to today, in euro cents.")
    )

    class Meta:
        model = BudgetLine
        fields = [
            "id",
            "programme",
            "task",
            "resource",
            "description",
            "amount_cents",
            "kind",
            "funding_source",
            "reserved_elsewhere",
            "taakveld",
            "spent_cents",
        ]


NODE_KINDS = [
    "framework",
    "theme",
    "task",
    "indicator",
    "programme",
    "ambition",
    "action",
    "result",
]


class StatusQuerySerializer(serializers.Serializer):
    """The query of /statuses/: each parameter checked, a wrong one refused with 400."""

    peildatum = serializers.DateField(
        required=False,
        help_text=_(
            "Reporting date of the statuses, YYYY-MM-DD, from 1900 to 2199; today when left out."
        ),
    )

    def validate_peildatum(self, value: date) -> date:
        if not in_range(value):
            raise serializers.ValidationError(
                _("A reporting date lies between %(first)s and %(last)s.")
                % {"first": EARLIEST.isoformat(), "last": LATEST.isoformat()}
            )
        return value

    kind = serializers.ChoiceField(choices=[k.value for k in NodeKind], required=False)
    status = serializers.ChoiceField(
        choices=list(STATUS_LABELS),
        required=False,
        help_text=_("A status code, such as off_track."),
    )
    framework = serializers.IntegerField(required=False, help_text=_("Number of the framework."))
    municipality = serializers.RegexField(
        CBS_MUNICIPALITY_CODE,
        required=False,
        help_text=_(
            "CBS code of the municipality, such as GM0246: its current framework. With "
            "several municipalities in Koers, name the framework or the municipality."
        ),
    )


class StatusSerializer(serializers.Serializer):
    kind = serializers.CharField(help_text=_("framework, theme, task, indicator, programme, ..."))
    id = serializers.IntegerField()
    code = serializers.CharField()
    title = serializers.CharField()
    status = serializers.CharField()
    label = serializers.CharField()
    reason = serializers.CharField()
    next_period = serializers.CharField(allow_null=True)
    next_due = serializers.DateField(allow_null=True)


class ReportSerializer(ModelSerializer):
    files = serializers.SerializerMethodField()

    class Meta:
        model = Report
        fields = [
            "id",
            "title",
            "framework",
            "programme",
            "reporting_date",
            "published_at",
            "published_by",
            "files",
        ]

    def get_files(self, report: Report) -> dict[str, str]:
        from django.urls import reverse

        from koers.reports.formats import FORMATS

        request = self.context.get("request")
        urls = {code: reverse("reports:download", args=[report.pk, code]) for code in FORMATS}
        return {k: request.build_absolute_uri(v) if request else v for k, v in urls.items()}
