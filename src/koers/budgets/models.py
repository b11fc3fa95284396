"""Middelen en capaciteit: the money and staff time a programme needs per task."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from koers.plans.models import Programme, Task


class BudgetLine(models.Model):
    class Kind(models.TextChoices):
        ONE_OFF = "one_off", _("one-off")
        RECURRING = "recurring", _("recurring")
        UNSPECIFIED = "unspecified", _("not stated")

    programme = models.ForeignKey(
        Programme, models.CASCADE, related_name="budget_lines", verbose_name=_("programme")
    )
    task = models.ForeignKey(
        Task, models.PROTECT, related_name="budget_lines", verbose_name=_("task")
    )
    resource = models.CharField(_("resource or capacity"), max_length=300, blank=True)
    description = models.TextField(_("explanation"), blank=True)
    # Whole cents, so that sums are exact; null when the document names no amount.
    amount_cents = models.BigIntegerField(_("amount (cents)"), null=True, blank=True)
    kind = models.CharField(
        _("kind"), max_length=20, choices=Kind.choices, default=Kind.UNSPECIFIED
    )
    funding_source = models.CharField(_("funding source"), max_length=300, blank=True)
    reserved_elsewhere = models.BooleanField(
        _("already reserved elsewhere"),
        default=False,
        help_text=_(
            "The money is already reserved in another budget, such as the "
            "coalition programme; it does not add to this programme's request."
        ),
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        ordering = ["programme", "order"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "order"], name="budget_line_unique_order"),
            models.CheckConstraint(
                condition=Q(amount_cents__isnull=True) | Q(amount_cents__gte=0),
                name="budget_line_amount_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.task.code}: {self.resource or self.description[:60]}"

    @property
    def amount_euros(self) -> str:
        """The amount as Dutch readers write it: € 8.500,00."""
        if self.amount_cents is None:
            return "—"
        euros, cents = divmod(self.amount_cents, 100)
        return f"€ {euros:,}".replace(",", ".") + f",{cents:02d}"
