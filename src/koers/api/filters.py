"""Filters of the list endpoints, named as users know the things: task "6.3", theme "6"."""

from typing import Any

import django_filters as filters
from django import forms
from django.core.validators import ProhibitNullCharactersValidator
from django.db import models
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from koers.budgets.models import BudgetLine, Taakveld
from koers.monitor.models import Indicator, Measurement, PeerGroup, Target
from koers.plans.models import Action, Ambition, Programme, Result, Task, Theme


class IntegerFilter(filters.NumberFilter):
    """A number of an object: a whole number (0.5 is refused), and one that names nothing
    gives an empty list rather than an error, as for any other filter value."""

    field_class = forms.IntegerField


class TextField(forms.CharField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # A NUL character is a valid string in the OpenAPI document; it matches nothing.
        self.validators = [
            v for v in self.validators if not isinstance(v, ProhibitNullCharactersValidator)
        ]


class TextFilter(filters.CharFilter):
    field_class = TextField

    def filter(self, qs: QuerySet, value: Any) -> QuerySet:
        if value and "\x00" in value:
            return qs.none()  # no database stores it, and PostgreSQL refuses it in a query
        return super().filter(qs, value)


class StrictBooleanField(forms.NullBooleanField):
    """true or false (also True, 1, False, 0); anything else is refused, not ignored."""

    WORDS = {"true": True, "1": True, "false": False, "0": False}
    widget = forms.TextInput  # NullBooleanSelect turns an unknown word into None unseen

    def to_python(self, value: Any) -> bool | None:
        if value in (None, ""):
            return None
        if isinstance(value, bool):
            return value
        found = self.WORDS.get(str(value).lower())
        if found is None:
            raise forms.ValidationError(_("Use true or false."), code="invalid")
        return found

    def validate(self, value: Any) -> None:
        pass


class BooleanFilter(filters.BooleanFilter):
    field_class = StrictBooleanField


class FilterSet(filters.FilterSet):
    """Filters on a related object take its number; text filters take any text."""

    FILTER_DEFAULTS = {
        **filters.FilterSet.FILTER_DEFAULTS,
        models.ForeignKey: {"filter_class": IntegerFilter},
        models.BooleanField: {"filter_class": BooleanFilter},
        models.CharField: {"filter_class": TextFilter},
        models.TextField: {"filter_class": TextFilter},
    }


def _code(field: str, help_text: Any) -> TextFilter:
    return TextFilter(field_name=field, help_text=help_text)


def _municipality(framework: str) -> TextFilter:
    """Every list belongs to plans: `municipality=GM0246` keeps that municipality's."""
    return _code(
        f"{framework}__municipality__cbs_code",
        _("CBS code of the municipality, such as GM0246."),
    )


def _framework(framework: str) -> IntegerFilter:
    return IntegerFilter(field_name=framework, help_text=_("Number of the framework."))


class ThemeFilter(FilterSet):
    municipality = _municipality("framework")

    class Meta:
        model = Theme
        fields = ["framework", "municipality"]


class TaskFilter(FilterSet):
    municipality = _municipality("framework")
    theme = _code("theme__chapter", _("Chapter of the theme, such as 6."))

    class Meta:
        model = Task
        fields = ["framework", "theme", "municipality"]


class AmbitionFilter(FilterSet):
    municipality = _municipality("task__framework")
    framework = _framework("task__framework")
    task = _code("task__code", _("Code of the task, such as 6.3."))
    theme = _code("task__theme__chapter", _("Chapter of the theme."))

    class Meta:
        model = Ambition
        fields = ["task", "theme", "framework", "municipality"]


class IndicatorFilter(FilterSet):
    municipality = _municipality("task__framework")
    task = _code("task__code", _("Code of the task, such as 6.3."))
    theme = _code("task__theme__chapter", _("Chapter of the theme."))
    framework = IntegerFilter(field_name="task__framework")

    class Meta:
        model = Indicator
        fields = ["task", "theme", "framework", "role", "kind", "municipality"]


class TargetFilter(FilterSet):
    municipality = _municipality("indicator__task__framework")
    framework = _framework("indicator__task__framework")
    indicator = _code("indicator__code", _("Code of the indicator."))
    task = _code("indicator__task__code", _("Code of the task."))

    class Meta:
        model = Target
        fields = ["indicator", "task", "kind", "framework", "municipality"]


class MeasurementFilter(FilterSet):
    municipality = _municipality("indicator__task__framework")
    framework = _framework("indicator__task__framework")
    indicator = _code("indicator__code", _("Code of the indicator."))
    task = _code("indicator__task__code", _("Code of the task."))
    theme = _code("indicator__task__theme__chapter", _("Chapter of the theme."))
    area = _code("area__code", _("Code of the area, such as GM0246 or NL01."))
    period = TextFilter(help_text=_("Period: 2020, 2020-H1, 2020-Q3, 2020-05, 2020/2021."))
    year = TextFilter(
        field_name="period", lookup_expr="startswith", help_text=_("Every period of a year.")
    )
    category = _code("category__code", _("Code of the category, such as geslacht-vrouw."))
    dimension = _code("category__dimension__code", _("Code of the dimension, such as geslacht."))
    broken_down = BooleanFilter(
        field_name="category",
        lookup_expr="isnull",
        exclude=True,
        help_text=_("true: figures by category only; false: figures for everyone only."),
    )

    class Meta:
        model = Measurement
        fields = [
            "indicator",
            "task",
            "theme",
            "area",
            "period",
            "year",
            "category",
            "dimension",
            "broken_down",
            "status",
            "framework",
            "municipality",
        ]


class ProgrammeFilter(FilterSet):
    municipality = _municipality("framework")
    theme = _code("theme__chapter", _("Chapter of the theme."))

    class Meta:
        model = Programme
        fields = ["framework", "theme", "municipality"]


class ActionFilter(FilterSet):
    municipality = _municipality("ambition__programme__framework")
    framework = _framework("ambition__programme__framework")
    programme = IntegerFilter(field_name="ambition__programme")
    task = _code("ambition__task__code", _("Code of the task."))
    theme = _code("ambition__task__theme__chapter", _("Chapter of the theme."))
    responsible = _code("responsible__name", _("Name of the person responsible."))
    team = _code("team__name", _("Name of the team responsible."))

    class Meta:
        model = Action
        fields = ["programme", "task", "theme", "status", "framework", "municipality"]


class ResultFilter(FilterSet):
    municipality = _municipality("ambition__programme__framework")
    framework = _framework("ambition__programme__framework")
    programme = IntegerFilter(field_name="ambition__programme")
    task = _code("ambition__task__code", _("Code of the task."))
    theme = _code("ambition__task__theme__chapter", _("Chapter of the theme."))
    responsible = _code("responsible__name", _("Name of the person responsible."))
    team = _code("team__name", _("Name of the team responsible."))

    class Meta:
        model = Result
        fields = ["programme", "task", "theme", "achieved", "framework", "municipality"]


class BudgetLineFilter(FilterSet):
    municipality = _municipality("programme__framework")
    framework = _framework("programme__framework")
    task = _code("task__code", _("Code of the task."))
    theme = _code("task__theme__chapter", _("Chapter of the theme."))
    taakveld = _code("taakveld__code", _("Code of the taakveld, such as 6.1."))

    class Meta:
        model = BudgetLine
        fields = ["programme", "task", "theme", "kind", "taakveld", "framework", "municipality"]


class PeerGroupFilter(FilterSet):
    municipality = _code(
        "municipality__cbs_code", _("CBS code of the municipality, such as GM0246.")
    )

    class Meta:
        model = PeerGroup
        fields = ["municipality"]


class TaakveldFilter(FilterSet):
    year = IntegerFilter(field_name="taakveld_list__year", help_text=_("Year of the Iv3 list."))
    chapter = _code("chapter", _("Chapter (hoofdstuk), such as 6."))

    class Meta:
        model = Taakveld
        fields = ["year", "chapter"]
