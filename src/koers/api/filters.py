"""Filters of the list endpoints, named as users know the things: task "6.3", theme "6"."""

from typing import Any

import django_filters as filters
from django.utils.translation import gettext_lazy as _

from koers.budgets.models import BudgetLine
from koers.monitor.models import Indicator, Measurement, Target
from koers.plans.models import Action, Ambition, Programme, Result, Task, Theme


def _code(field: str, help_text: Any) -> filters.CharFilter:
    return filters.CharFilter(field_name=field, help_text=help_text)


class ThemeFilter(filters.FilterSet):
    class Meta:
        model = Theme
        fields = ["framework"]


class TaskFilter(filters.FilterSet):
    theme = _code("theme__chapter", _("Chapter of the theme, such as 6."))

    class Meta:
        model = Task
        fields = ["framework", "theme"]


class AmbitionFilter(filters.FilterSet):
    task = _code("task__code", _("Code of the task, such as 6.3."))
    theme = _code("task__theme__chapter", _("Chapter of the theme."))

    class Meta:
        model = Ambition
        fields = ["task", "theme"]


class IndicatorFilter(filters.FilterSet):
    task = _code("task__code", _("Code of the task, such as 6.3."))
    theme = _code("task__theme__chapter", _("Chapter of the theme."))
    framework = filters.NumberFilter(field_name="task__framework")

    class Meta:
        model = Indicator
        fields = ["task", "theme", "framework", "role", "kind"]


class TargetFilter(filters.FilterSet):
    indicator = _code("indicator__code", _("Code of the indicator."))
    task = _code("indicator__task__code", _("Code of the task."))

    class Meta:
        model = Target
        fields = ["indicator", "task", "kind"]


class MeasurementFilter(filters.FilterSet):
    indicator = _code("indicator__code", _("Code of the indicator."))
    task = _code("indicator__task__code", _("Code of the task."))
    theme = _code("indicator__task__theme__chapter", _("Chapter of the theme."))
    area = _code("area__code", _("Code of the area, such as GM0246 or NL01."))
    period = filters.CharFilter(help_text=_("Period: 2020, 2020-H1, 2020-Q3, 2020-05, 2020/2021."))
    year = filters.CharFilter(
        field_name="period", lookup_expr="startswith", help_text=_("Every period of a year.")
    )

    class Meta:
        model = Measurement
        fields = ["indicator", "task", "theme", "area", "period", "year", "status"]


class ProgrammeFilter(filters.FilterSet):
    theme = _code("theme__chapter", _("Chapter of the theme."))

    class Meta:
        model = Programme
        fields = ["framework", "theme"]


class ActionFilter(filters.FilterSet):
    programme = filters.NumberFilter(field_name="ambition__programme")
    task = _code("ambition__task__code", _("Code of the task."))
    theme = _code("ambition__task__theme__chapter", _("Chapter of the theme."))

    class Meta:
        model = Action
        fields = ["programme", "task", "theme", "status"]


class ResultFilter(filters.FilterSet):
    programme = filters.NumberFilter(field_name="ambition__programme")
    task = _code("ambition__task__code", _("Code of the task."))
    theme = _code("ambition__task__theme__chapter", _("Chapter of the theme."))

    class Meta:
        model = Result
        fields = ["programme", "task", "theme", "achieved"]


class BudgetLineFilter(filters.FilterSet):
    task = _code("task__code", _("Code of the task."))
    theme = _code("task__theme__chapter", _("Chapter of the theme."))

    class Meta:
        model = BudgetLine
        fields = ["programme", "task", "theme", "kind"]
