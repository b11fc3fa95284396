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


class TaakveldList(models.Model):
    """One edition of the Iv3 list of taakvelden (`koers.budgets.iv3`)."""

    year = models.PositiveSmallIntegerField(_("year"))
    version = models.CharField(_("version"), max_length=20, blank=True)
    published_on = models.DateField(_("published on"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("list of taakvelden")
        verbose_name_plural = _("lists of taakvelden")
        ordering = ["year", "version"]
        constraints = [
            models.UniqueConstraint(fields=["year", "version"], name="taakveld_list_unique"),
        ]

    def __str__(self) -> str:
        return f"Iv3 {self.year}" + (f" ({_('version')} {self.version})" if self.version else "")


class Taakveld(models.Model):
    """A taakveld of one edition of the Iv3 list, e.g. 6.1 Samenkracht en burgerparticipatie."""

    taakveld_list = models.ForeignKey(
        TaakveldList, models.PROTECT, related_name="taakvelden", verbose_name=_("list")
    )
    code = models.CharField(_("code"), max_length=10)
    name = models.CharField(_("name"), max_length=200)
    chapter = models.CharField(_("chapter"), max_length=2)
    chapter_name = models.CharField(_("name of the chapter"), max_length=200)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    tasks = models.ManyToManyField(
        Task,
        through="TaskTaakveld",
        related_name="taakvelden",
        blank=True,
        verbose_name=_("tasks"),
    )

    class Meta:
        verbose_name = _("taakveld")
        verbose_name_plural = _("taakvelden")
        ordering = ["taakveld_list", "order"]
        constraints = [
            models.UniqueConstraint(fields=["taakveld_list", "code"], name="taakveld_unique_code"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class TaskTaakveld(models.Model):
    """A task's money is booked on this taakveld (a task may span several)."""

    task = models.ForeignKey(Task, models.CASCADE, verbose_name=_("task"))
    taakveld = models.ForeignKey(Taakveld, models.PROTECT, verbose_name=_("taakveld"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("taakveld of a task")
        verbose_name_plural = _("taakvelden of tasks")
        constraints = [
            models.UniqueConstraint(fields=["task", "taakveld"], name="task_taakveld_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.task_id}: {self.taakveld_id}"


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
    # The taakveld of the Iv3 edition the line was coded with; empty until it is classified.
    taakveld = models.ForeignKey(
        Taakveld,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="budget_lines",
        verbose_name=_("taakveld"),
    )
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
