"""Progress reports (voortgangsrapportages): drafts with the advisers' explanations, and
published reports frozen with every file the council received.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from koers.concurrency import Versioned
from koers.plans.models import Framework, Municipality, Programme, Task


class ReportingMoment(models.Model):
    """A moment of the yearly planning-and-control cycle (P&C-cyclus) at which the council
    reads how the plan is going, with the date the report speaks about and the date it
    must be ready (docs/cycle.md)."""

    class Kind(models.TextChoices):
        SPRING = "voorjaarsnota", _("spring memorandum")
        AUTUMN = "najaarsnota", _("autumn memorandum (management report)")
        ANNUAL = "jaarstukken", _("annual accounts")
        BUDGET = "begroting", _("budget")
        OTHER = "other", _("other moment")

    municipality = models.ForeignKey(
        Municipality,
        models.CASCADE,
        related_name="reporting_moments",
        verbose_name=_("municipality"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=300)
    reporting_date = models.DateField(
        _("reporting date"), help_text=_("The date the report speaks about (peildatum).")
    )
    deadline = models.DateField(
        _("ready by"), help_text=_("The date the report goes to the college and the council.")
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("reporting moment")
        verbose_name_plural = _("reporting moments")
        ordering = ["municipality", "deadline"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "kind", "reporting_date"], name="moment_unique_date"
            ),
            models.CheckConstraint(
                condition=models.Q(deadline__gte=models.F("reporting_date")),
                name="moment_ready_after_reporting_date",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Report(Versioned):
    """A report on a programme or a whole framework, on one reporting date.

    Its version moves on with each change of the key message, so two editors writing it
    at once do not overwrite each other.
    """

    class State(models.TextChoices):
        DRAFT = "draft", _("draft")
        PUBLISHED = "published", _("published")

    framework = models.ForeignKey(
        Framework, models.PROTECT, related_name="reports", verbose_name=_("framework")
    )
    # Empty: the report covers the whole framework.
    programme = models.ForeignKey(
        Programme,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="reports",
        verbose_name=_("programme"),
    )
    reporting_date = models.DateField(_("reporting date"))
    moment = models.ForeignKey(
        ReportingMoment,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="reports",
        verbose_name=_("reporting moment"),
    )
    title = models.CharField(_("title"), max_length=300)
    state = models.CharField(
        _("state"), max_length=20, choices=State.choices, default=State.DRAFT, editable=False
    )
    # The kernboodschap: what the college wants the council to take from this report.
    key_message = models.TextField(_("key message"), blank=True)
    # The report as it was published: what every file was rendered from (docs/reports.md).
    content = models.JSONField(_("content"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True, editable=False)
    # The name is kept as text: a published report names its publisher even after the
    # user account is gone.
    published_by = models.CharField(_("published by"), max_length=150, blank=True, editable=False)
    history = HistoricalRecords(excluded_fields=["content"])

    class Meta:
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")
        ordering = ["-reporting_date", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(state="draft") | models.Q(content__isnull=False),
                name="report_published_has_content",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def published(self) -> bool:
        return self.state == self.State.PUBLISHED

    def delete(self, *args, **kwargs):
        if self.published:
            raise ValidationError(_("A published report cannot be deleted."))
        return super().delete(*args, **kwargs)


class Explanation(Versioned):
    """The adviser's explanation (toelichting) of one task in one report."""

    report = models.ForeignKey(
        Report, models.CASCADE, related_name="explanations", verbose_name=_("report")
    )
    task = models.ForeignKey(
        Task, models.PROTECT, related_name="explanations", verbose_name=_("task")
    )
    text = models.TextField(_("explanation"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("explanation")
        verbose_name_plural = _("explanations")
        ordering = ["report", "task__order"]
        constraints = [
            models.UniqueConstraint(fields=["report", "task"], name="explanation_unique_task"),
        ]

    def __str__(self) -> str:
        return f"{self.report}: {self.task.code}"

    def save(self, *args, **kwargs) -> None:
        if Report.objects.filter(pk=self.report_id, state=Report.State.PUBLISHED).exists():
            raise ValidationError(_("The report is published; its explanations are frozen."))
        super().save(*args, **kwargs)


class ReportFile(models.Model):
    """One format of a published report, stored byte for byte as it was published."""

    report = models.ForeignKey(
        Report, models.PROTECT, related_name="files", verbose_name=_("report")
    )
    format = models.CharField(_("format"), max_length=10)
    data = models.BinaryField(_("file"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)

    class Meta:
        verbose_name = _("report file")
        verbose_name_plural = _("report files")
        ordering = ["report", "format"]
        constraints = [
            models.UniqueConstraint(fields=["report", "format"], name="report_file_unique_format"),
        ]

    def __str__(self) -> str:
        return f"{self.report} ({self.format})"
