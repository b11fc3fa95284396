"""Middelen en capaciteit: the money and staff time a programme needs per task, and what has
been spent of it."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from koers.plans.models import Programme, Task


def euros(cents: int) -> str:
    """An amount in euro cents as Dutch readers write it: € 8.500,00."""
    whole, rest = divmod(cents, 100)
    return f"€ {whole:,}".replace(",", ".") + f",{rest:02d}"


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
        return "—" if self.amount_cents is None else euros(self.amount_cents)


class ProgrammeAmount(models.Model):
    """What a programme budget (programmabegroting) sets aside for a programme in a year:
    its income (baten) and expenses (lasten), for the programme as a whole or per taakveld
    as the document names it (the BBV taakvelden, "6.1 Samenkracht en burgerparticipatie")."""

    programme = models.ForeignKey(
        Programme, models.CASCADE, related_name="amounts", verbose_name=_("programme")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    # Empty for the programme as a whole; otherwise the taakveld's code as written.
    taakveld = models.CharField(_("taakveld"), max_length=10, blank=True)
    taakveld_name = models.CharField(_("name of the taakveld"), max_length=200, blank=True)
    income_cents = models.BigIntegerField(_("income (cents)"), null=True, blank=True)
    expense_cents = models.BigIntegerField(_("expenses (cents)"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("budgeted amount")
        verbose_name_plural = _("budgeted amounts")
        ordering = ["programme", "taakveld", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "year", "taakveld"], name="programme_amount_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.programme_id} {self.taakveld or '-'} {self.year}"


class Spending(models.Model):
    """Money spent on a budget line (realisatie), dated so that a report on a past date
    counts only what had been spent by then."""

    budget_line = models.ForeignKey(
        BudgetLine, models.CASCADE, related_name="spending", verbose_name=_("budget line")
    )
    spent_on = models.DateField(_("date"))
    amount_cents = models.BigIntegerField(_("amount (cents)"))
    description = models.CharField(_("description"), max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("spending")
        verbose_name_plural = _("spending")
        ordering = ["budget_line", "spent_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["budget_line", "spent_on", "description"], name="spending_unique_entry"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.spent_on}: {euros(self.amount_cents)}"
