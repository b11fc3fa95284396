"""The monitor: indicators, their targets and measurements, and the areas they are about.

Only aggregate figures are stored: a measurement is one number for one area and period,
never anything about a resident.
"""

from typing import Any

from django.core.validators import RegexValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from koers.concurrency import Versioned
from koers.monitor import vocabulary
from koers.monitor.periods import PERIOD_REGEX, validate_period
from koers.monitor.vocabulary import Frequency
from koers.plans.models import Contact, Municipality, Task, responsible_field, team_field

INDICATOR_CODE = r"^[0-9a-z][0-9a-z.+_-]*$"


class Area(models.Model):
    """A place figures are about: the municipality, a district, the region, the country."""

    class Kind(models.TextChoices):
        MUNICIPALITY = "municipality", _("municipality")
        DISTRICT = "district", _("district")
        REGION = "region", _("region")
        GGD_REGION = "ggd_region", _("GGD region")
        COUNTRY = "country", _("the Netherlands")

    code = models.CharField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    # Null, not "", for areas CBS does not know: several of them must fit the unique index.
    cbs_code = models.CharField(
        _("CBS code"),
        max_length=20,
        unique=True,
        null=True,
        blank=True,
        help_text=_("The code in CBS StatLine files, such as GM0246 or NL01."),
    )
    municipality = models.ForeignKey(
        Municipality,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="areas",
        verbose_name=_("municipality"),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("area")
        verbose_name_plural = _("areas")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class Source(models.Model):
    """Where figures come from, and the rhythm in which it publishes them."""

    code = models.SlugField(_("code"), max_length=100, unique=True)
    name = models.CharField(_("name"), max_length=300)
    publisher = models.CharField(_("publisher"), max_length=200, blank=True)
    frequency = models.CharField(
        _("frequency"), max_length=20, choices=Frequency.choices, default=Frequency.UNKNOWN
    )
    anchor_year = models.PositiveSmallIntegerField(
        _("a year of publication"),
        null=True,
        blank=True,
        help_text=_("With the frequency this gives the calendar: 2016 every four years."),
    )
    url = models.URLField(_("web address"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("source")
        verbose_name_plural = _("sources")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Dimension(models.Model):
    """What figures are broken down by: age group, sex, household type, migration background.
    Places (kern, wijk, buurt) are areas, not a dimension."""

    code = models.SlugField(_("code"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=200)
    exhaustive = models.BooleanField(
        _("categories make the whole"),
        default=False,
        help_text=_(
            "The categories together make the total, without overlap (man and woman; not "
            "65+ and 75+). Counts of such categories must add up to the total."
        ),
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("dimension")
        verbose_name_plural = _("dimensions")
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.name


class Category(models.Model):
    """One group of a dimension (65 years and older, woman); a figure without a category is
    the figure for everyone."""

    dimension = models.ForeignKey(
        Dimension, models.PROTECT, related_name="categories", verbose_name=_("dimension")
    )
    # Unique over all dimensions, so a file names a category by its code alone.
    code = models.SlugField(
        _("code"),
        max_length=100,
        unique=True,
        help_text=_("Unique over all dimensions, e.g. leeftijd-65plus or geslacht-vrouw."),
    )
    name = models.CharField(_("name"), max_length=200)
    order = models.PositiveIntegerField(_("order"), default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ["dimension__order", "dimension__code", "order", "code"]

    def __str__(self) -> str:
        return f"{self.dimension.name}: {self.name}"


def category_field(related_name: str, help_text: Any) -> models.ForeignKey:
    return models.ForeignKey(
        Category,
        models.PROTECT,
        null=True,
        blank=True,
        related_name=related_name,
        verbose_name=_("category"),
        help_text=help_text,
    )


class Indicator(models.Model):
    class Role(models.TextChoices):
        MONITOR = "monitor", _("how we show it")
        CONTEXT = "context", _("context figure")

    Unit = vocabulary.Unit

    Direction = vocabulary.Direction

    class Kind(models.TextChoices):
        QUANTITATIVE = "quantitative", _("quantitative")
        QUALITATIVE = "qualitative", _("qualitative")

    task = models.ForeignKey(
        Task, models.CASCADE, related_name="indicators", verbose_name=_("task")
    )
    code = models.CharField(
        _("code"),
        max_length=100,
        validators=[RegexValidator(INDICATOR_CODE)],
        help_text=_("Starts with the task code, e.g. 3.1-eenzaamheid-65plus."),
    )
    name = models.CharField(_("name"), max_length=300)
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.MONITOR)
    sentence = models.TextField(_("original sentence"), blank=True)
    unit = models.CharField(_("unit"), max_length=20, choices=Unit.choices, default=Unit.PERCENT)
    direction = models.CharField(
        _("direction"), max_length=20, choices=Direction.choices, default=Direction.NONE
    )
    kind = models.CharField(
        _("kind"), max_length=20, choices=Kind.choices, default=Kind.QUANTITATIVE
    )
    source = models.ForeignKey(
        Source,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="indicators",
        verbose_name=_("source"),
    )
    frequency = models.CharField(
        _("frequency"), max_length=20, choices=Frequency.choices, default=Frequency.UNKNOWN
    )
    responsible = responsible_field("indicators")
    team = team_field("indicators")
    data_supplier = models.ForeignKey(
        Contact,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="supplied_indicators",
        verbose_name=_("data supplier"),
        help_text=_("Who delivers the figures."),
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["task", "order"]
        constraints = [
            models.UniqueConstraint(fields=["task", "code"], name="indicator_unique_code"),
        ]

    def __str__(self) -> str:
        return self.name


class Target(models.Model):
    """A streefwaarde, in machine form next to the sentence that states it."""

    Kind = vocabulary.TargetKind

    Direction = vocabulary.TargetDirection

    ChangeUnit = vocabulary.ChangeUnit

    indicator = models.ForeignKey(
        Indicator, models.CASCADE, related_name="targets", verbose_name=_("indicator")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    sentence = models.TextField(_("original sentence"), blank=True)
    direction = models.CharField(
        _("direction"), max_length=20, choices=Direction.choices, blank=True
    )
    value = models.DecimalField(_("value"), null=True, blank=True, max_digits=18, decimal_places=4)
    change = models.DecimalField(
        _("change"), null=True, blank=True, max_digits=18, decimal_places=4
    )
    change_unit = models.CharField(
        _("unit of the change"), max_length=20, choices=ChangeUnit.choices, blank=True
    )
    start_year = models.PositiveSmallIntegerField(_("from year"), null=True, blank=True)
    target_year = models.PositiveSmallIntegerField(_("target year"), null=True, blank=True)
    baseline_value = models.DecimalField(
        _("baseline value"), null=True, blank=True, max_digits=18, decimal_places=4
    )
    baseline_period = models.CharField(
        _("baseline period"), max_length=20, blank=True, validators=[validate_period]
    )
    baseline_note = models.CharField(_("about the baseline"), max_length=300, blank=True)
    category = category_field(
        "targets", _("The group the target is about (65+); empty for everyone.")
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        ordering = ["indicator", "order"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "order"], name="target_unique_order"),
            models.CheckConstraint(
                condition=~Q(kind="direction") | ~Q(direction=""),
                name="target_direction_has_direction",
            ),
            models.CheckConstraint(
                condition=~Q(kind__in=["minimum", "maximum", "share", "value_by_year"])
                | Q(value__isnull=False),
                name="target_level_has_value",
            ),
            models.CheckConstraint(
                condition=~Q(kind="value_by_year") | Q(target_year__isnull=False),
                name="target_value_by_year_has_year",
            ),
            models.CheckConstraint(
                condition=~Q(kind__in=["change_per_year", "relative_change"])
                | (Q(change__isnull=False) & ~Q(change_unit="")),
                name="target_change_has_change",
            ),
            models.CheckConstraint(
                condition=~Q(kind="share") | (Q(value__gte=0) & Q(value__lte=100)),
                name="target_share_is_percentage",
            ),
            models.CheckConstraint(
                condition=Q(start_year__isnull=True)
                | Q(target_year__isnull=True)
                | Q(target_year__gte=F("start_year")),
                name="target_years_order",
            ),
        ]

    def __str__(self) -> str:
        return self.sentence or self.get_kind_display()


class TargetValue(models.Model):
    """One streefwaarde for one year, as programme budgets state them."""

    target = models.ForeignKey(
        Target, models.CASCADE, related_name="values", verbose_name=_("target")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    value = models.DecimalField(_("value"), max_digits=18, decimal_places=4)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("target value per year")
        verbose_name_plural = _("target values per year")
        ordering = ["target", "year"]
        constraints = [
            models.UniqueConstraint(fields=["target", "year"], name="target_value_unique_year"),
        ]

    def __str__(self) -> str:
        return f"{self.year}: {self.value}"


class Measurement(Versioned):
    """One value of an indicator for one area and one period (a meting)."""

    class Status(models.TextChoices):
        PROVISIONAL = "provisional", _("provisional")
        FINAL = "final", _("final")

    indicator = models.ForeignKey(
        Indicator, models.CASCADE, related_name="measurements", verbose_name=_("indicator")
    )
    area = models.ForeignKey(
        Area, models.PROTECT, related_name="measurements", verbose_name=_("area")
    )
    period = models.CharField(
        _("period"),
        max_length=20,
        blank=True,
        validators=[validate_period],
        help_text=_(
            "2020, 2020-H1, 2020-Q3, 2020-05 or a school year 2020/2021; "
            "empty when the source gives no year."
        ),
    )
    category = category_field(
        "measurements", _("The group the figure is about; empty for everyone.")
    )
    value = models.DecimalField(_("value"), max_digits=18, decimal_places=4)
    margin = models.DecimalField(
        _("margin"),
        null=True,
        blank=True,
        help_text=_("Half the width of the 95 percent confidence interval."),
        max_digits=18,
        decimal_places=4,
    )
    sample_size = models.PositiveIntegerField(_("sample size"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.FINAL
    )
    source = models.ForeignKey(
        Source,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="measurements",
        verbose_name=_("source"),
    )
    note = models.TextField(_("note"), blank=True)
    confirmed = models.BooleanField(
        _("confirmed"),
        default=True,
        help_text=_("Figures a partner enters are shown to residents once an editor confirms."),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("measurement")
        verbose_name_plural = _("measurements")
        ordering = ["indicator", "area", "period"]
        constraints = [
            # One figure per key. The whole index serves every lookup by indicator, area
            # and period; NULL (everyone) is not equal to NULL there, so the partial index
            # keeps one figure for everyone, on every database.
            models.UniqueConstraint(
                fields=["indicator", "area", "period", "category"],
                name="measurement_unique_category",
            ),
            models.UniqueConstraint(
                fields=["indicator", "area", "period"],
                condition=Q(category__isnull=True),
                name="measurement_unique_period",
            ),
            models.CheckConstraint(
                condition=Q(period="") | Q(period__regex=PERIOD_REGEX),
                name="measurement_period_format",
            ),
            models.CheckConstraint(
                condition=Q(margin__isnull=True) | Q(margin__gte=0),
                name="measurement_margin_not_negative",
            ),
        ]

    def __str__(self) -> str:
        group = f" {self.category.code}" if self.category_id else ""
        return f"{self.indicator.code} {self.area.code} {self.period}{group}: {self.value}"


class Assessment(models.Model):
    """A person's dated judgement of a qualitative indicator ("kwalitatief onderzoek")."""

    Verdict = vocabulary.Verdict

    indicator = models.ForeignKey(
        Indicator, models.CASCADE, related_name="assessments", verbose_name=_("indicator")
    )
    assessed_on = models.DateField(_("assessed on"))
    verdict = models.CharField(_("verdict"), max_length=20, choices=Verdict.choices)
    text = models.TextField(_("explanation"), blank=True)
    assessed_by = models.CharField(
        _("assessed by"), max_length=200, blank=True, help_text=_("Name or team.")
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        ordering = ["indicator", "assessed_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "assessed_on"], name="assessment_unique_date"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.assessed_on}: {self.get_verdict_display()}"


class PeerGroup(models.Model):
    """The municipalities a municipality compares itself with ("vergelijkbare gemeenten"):
    chosen by its editors, or by a classification such as CBS size class and urbanity. Their
    figures for the plan's indicators are shown as a band (range and median), never one by
    one, and never count for a status."""

    municipality = models.OneToOneField(
        Municipality, models.CASCADE, related_name="peer_group", verbose_name=_("municipality")
    )
    name = models.CharField(_("name"), max_length=200, default=_("Comparable municipalities"))
    basis = models.CharField(
        _("basis"),
        max_length=300,
        blank=True,
        help_text=_("How the municipalities were chosen, e.g. 'same size class and urbanity'."),
    )
    members = models.ManyToManyField(
        Area,
        related_name="peer_groups",
        blank=True,
        limit_choices_to={"kind": Area.Kind.MUNICIPALITY},
        verbose_name=_("municipalities"),
    )
    history = HistoricalRecords(m2m_fields=[members])

    class Meta:
        verbose_name = _("comparable municipalities")
        verbose_name_plural = _("comparable municipalities")

    def __str__(self) -> str:
        return f"{self.name} ({self.municipality})"
