"""What the API shows of each object: the document's numbering and natural keys, no ids of
other objects where a code says more (task "6.3", area "GM0246", indicator code)."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from koers.budgets.models import BudgetLine
from koers.monitor.models import Area, Indicator, Measurement, Source, Target
from koers.plans.models import Action, Ambition, Framework, Programme, Result, Task, Theme
from koers.reports.models import Report


class AreaSerializer(serializers.ModelSerializer):
    class Meta:
        model = Area
        fields = ["code", "name", "kind", "cbs_code"]


class FrameworkSerializer(serializers.ModelSerializer):
    municipality = serializers.CharField(source="municipality.cbs_code", read_only=True)

    class Meta:
        model = Framework
        fields = ["id", "municipality", "title", "start_year", "end_year", "published_on"]


class ThemeSerializer(serializers.ModelSerializer):
    class Meta:
        model = Theme
        fields = ["id", "framework", "chapter", "title", "introduction"]


class TaskSerializer(serializers.ModelSerializer):
    theme = serializers.CharField(source="theme.chapter", read_only=True)

    class Meta:
        model = Task
        fields = ["id", "framework", "theme", "code", "title", "introduction", "situation"]


class AmbitionSerializer(serializers.ModelSerializer):
    task = serializers.CharField(source="task.code", read_only=True)
    means = serializers.ListField(child=serializers.CharField(), read_only=True)

    class Meta:
        model = Ambition
        fields = ["id", "task", "text", "means", "order"]


class IndicatorSerializer(serializers.ModelSerializer):
    task = serializers.CharField(source="task.code", read_only=True)
    source = serializers.CharField(source="source.code", read_only=True, allow_null=True)

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
        ]


class TargetValueSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    value = serializers.DecimalField(max_digits=18, decimal_places=4)


class TargetSerializer(serializers.ModelSerializer):
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


class MeasurementSerializer(serializers.ModelSerializer):
    """One figure; written by editors (and partners, whose figures wait for confirmation)."""

    indicator = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Indicator.objects.all(),
        help_text=_("The indicator's code, such as 3.1-eenzaamheid-65plus."),
    )
    area = serializers.SlugRelatedField(
        slug_field="code", queryset=Area.objects.all(), help_text=_("The area's code: GM0246.")
    )
    source = serializers.SlugRelatedField(
        slug_field="code", queryset=Source.objects.all(), required=False, allow_null=True
    )

    class Meta:
        model = Measurement
        fields = [
            "id",
            "indicator",
            "area",
            "period",
            "value",
            "margin",
            "sample_size",
            "status",
            "source",
            "note",
            "confirmed",
        ]
        read_only_fields = ["confirmed"]
        # Checked by the view with the message of the file import, not as a 400 here.
        validators = []


class BulkMeasurementsSerializer(serializers.Serializer):
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


class ProgrammeSerializer(serializers.ModelSerializer):
    theme = serializers.CharField(source="theme.chapter", read_only=True)

    class Meta:
        model = Programme
        fields = ["id", "framework", "theme", "title", "start_year", "end_year", "introduction"]


class ActionSerializer(serializers.ModelSerializer):
    programme = serializers.IntegerField(source="ambition.programme_id", read_only=True)
    task = serializers.CharField(source="ambition.task.code", read_only=True)
    ambition = serializers.CharField(source="ambition.number", read_only=True)
    owner = serializers.CharField(source="owner.name", read_only=True, allow_null=True)
    partners = serializers.SlugRelatedField(slug_field="name", many=True, read_only=True)
    references = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)

    class Meta:
        model = Action
        fields = [
            "id",
            "programme",
            "task",
            "ambition",
            "code",
            "text",
            "status",
            "progress",
            "planned_start",
            "deadline",
            "planned_text",
            "owner",
            "partners",
            "references",
        ]
        read_only_fields = ["code", "text", "planned_start", "planned_text"]


class ResultSerializer(serializers.ModelSerializer):
    programme = serializers.IntegerField(source="ambition.programme_id", read_only=True)
    task = serializers.CharField(source="ambition.task.code", read_only=True)
    ambition = serializers.CharField(source="ambition.number", read_only=True)
    action = serializers.CharField(source="action.code", read_only=True, allow_null=True)

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
        ]


class BudgetLineSerializer(serializers.ModelSerializer):
    task = serializers.CharField(source="task.code", read_only=True)

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
        ]


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


class ReportSerializer(serializers.ModelSerializer):
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
