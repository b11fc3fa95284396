"""The plan: framework (kaderdocument) and execution programmes (uitvoeringsprogramma's).

Every item keeps the document's own numbering as text ("6.3", "5.1 A"), because users find
their way by it.
"""

import re
import secrets
from collections.abc import Iterable
from datetime import date
from typing import Any

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import F, Q
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from koers.concurrency import Versioned
from koers.monitor.vocabulary import StatusCode

CBS_MUNICIPALITY_CODE = r"^GM[0-9]{4}$"

# The first part of a page's address is a municipality: these names belong to Koers itself.
RESERVED_SLUGS = frozenset(
    {
        "admin", "api", "i18n", "static", "media", "rapportages", "inloggen", "uitloggen",
        "documenten", "thema", "opgave", "indicator", "programma", "actie", "resultaat",
        "zoeken", "gemeenten", "mijn-acties", "herinneringen",
        "toegankelijkheid", "taken", "gezondheid",
    }
)  # fmt: skip


def fresh_data_version() -> int:
    return secrets.randbits(48)


def framework_title_slug(title: str, municipality: str) -> str:
    """A framework's title for its address, without the municipality's name that the
    address holds already: "Kaderdocument Sociaal Domein gemeente Heerde 2022-2027" under
    /heerde/ is kaderdocument-sociaal-domein-2022-2027."""
    text, name = slugify(title), slugify(municipality)
    if name:
        text = re.sub(rf"(^|-)(gemeente-)?{re.escape(name)}(?=-|$)", "", text)
    return text.strip("-")


def unique_slug(text: str, taken: set[str], fallback: str) -> str:
    """A slug for the address of a page, not among `taken` (nor a reserved name)."""
    base = slugify(text)[:60].strip("-") or fallback
    slug, number = base, 2
    while slug in taken or slug in RESERVED_SLUGS:
        slug, number = f"{base}-{number}", number + 1
    return slug


class Municipality(models.Model):
    name = models.CharField(_("name"), max_length=200)
    cbs_code = models.CharField(
        _("CBS code"),
        max_length=6,
        unique=True,
        validators=[RegexValidator(CBS_MUNICIPALITY_CODE, _("Use a CBS code such as GM0246."))],
        help_text=_("The municipality's code at CBS, such as GM0246."),
    )
    slug = models.SlugField(
        _("address"),
        max_length=70,
        unique=True,
        blank=True,
        help_text=_("The municipality's part of the pages' address, such as heerde."),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(cbs_code__regex=CBS_MUNICIPALITY_CODE),
                name="municipality_cbs_code_format",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self.slug:
            taken = set(Municipality.objects.exclude(pk=self.pk).values_list("slug", flat=True))
            self.slug = unique_slug(self.name, taken, self.cbs_code.lower())
        super().save(*args, **kwargs)

    def current_framework(self, on: date | None = None) -> "Framework | None":
        """The framework whose years hold `on` (today), else the latest one."""
        return current_of(self.frameworks.all(), on)


def current_of(frameworks: Iterable["Framework"], on: date | None = None) -> "Framework | None":
    """Of one municipality's frameworks, the one whose years hold `on` (today), else the
    latest one."""
    year = (on or date.today()).year
    # Sorted here, so that frameworks read once for many municipalities serve.
    ordered = sorted(frameworks, key=lambda f: (f.start_year, f.pk))
    running = [f for f in ordered if f.start_year <= year <= f.end_year]
    chosen = running or ordered
    return chosen[-1] if chosen else None


class Partner(models.Model):
    class Kind(models.TextChoices):
        MUNICIPAL = "municipal", _("municipal organisation")
        EXTERNAL = "external", _("partner organisation")

    name = models.CharField(_("name"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.EXTERNAL)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Team(models.Model):
    """A team or department that is responsible for work: of the municipality, or of a
    partner organisation."""

    municipality = models.ForeignKey(
        Municipality, models.CASCADE, related_name="teams", verbose_name=_("municipality")
    )
    name = models.CharField(_("name"), max_length=200)

    class Meta:
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        ordering = ["municipality", "name"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "name"], name="team_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name


class Contact(models.Model):
    """A person who is responsible for actions, results or indicators, or who delivers an
    indicator's figures: a user of Koers, or a named contact at a partner organisation who
    has no account. Reminders go to contacts (docs/reminders.md)."""

    municipality = models.ForeignKey(
        Municipality, models.CASCADE, related_name="contacts", verbose_name=_("municipality")
    )
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail address"), blank=True)
    organisation = models.ForeignKey(
        Partner,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="contacts",
        verbose_name=_("organisation"),
        help_text=_("Empty for the municipality's own staff."),
    )
    team = models.ForeignKey(
        Team,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="members",
        verbose_name=_("team"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="contacts",
        verbose_name=_("user"),
    )
    reminders = models.BooleanField(
        _("receives reminders"),
        default=True,
        help_text=_("Off: no reminders by e-mail at all (the person unsubscribed)."),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        ordering = ["municipality", "name"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "name"], name="contact_unique_name"),
            models.UniqueConstraint(
                fields=["municipality", "user"],
                condition=Q(user__isnull=False),
                name="contact_one_per_user",
            ),
        ]

    def __str__(self) -> str:
        return self.name


def responsible_field(related_name: str) -> models.ForeignKey:
    return models.ForeignKey(
        Contact,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name=related_name,
        verbose_name=_("responsible"),
    )


def team_field(related_name: str) -> models.ForeignKey:
    return models.ForeignKey(
        Team,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name=related_name,
        verbose_name=_("team"),
    )


class Framework(models.Model):
    municipality = models.ForeignKey(
        Municipality, models.PROTECT, related_name="frameworks", verbose_name=_("municipality")
    )
    title = models.CharField(_("title"), max_length=300)
    slug = models.SlugField(
        _("address"),
        max_length=70,
        blank=True,
        help_text=_(
            "The framework's part of the pages' address, such as sociaal-domein-2022-2027."
        ),
    )
    start_year = models.PositiveSmallIntegerField(_("first year"))
    end_year = models.PositiveSmallIntegerField(_("last year"))
    published_on = models.DateField(_("date of the document"), null=True, blank=True)
    introduction = models.TextField(_("introduction"), blank=True)
    # Moves on with every change to the plan, so statuses kept for it are known to be stale.
    # It starts at random: a framework made again under a number used before (a restore)
    # never meets what was kept for the old one.
    data_version = models.PositiveBigIntegerField(
        _("data version"), default=fresh_data_version, editable=False
    )
    history = HistoricalRecords(excluded_fields=["data_version"])

    class Meta:
        verbose_name = _("framework")
        verbose_name_plural = _("frameworks")
        ordering = ["municipality__name", "start_year", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "title"], name="framework_unique_title"
            ),
            models.UniqueConstraint(fields=["municipality", "slug"], name="framework_unique_slug"),
            models.CheckConstraint(
                condition=Q(end_year__gte=F("start_year")), name="framework_period_order"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self.slug:
            taken = set(
                Framework.objects.filter(municipality_id=self.municipality_id)
                .exclude(pk=self.pk)
                .values_list("slug", flat=True)
            )
            title = framework_title_slug(self.title, self.municipality.name)
            self.slug = unique_slug(title, taken, f"kader-{self.start_year}")
        if not self._state.adding and not kwargs.get("update_fields"):
            # The data version moves on in the database only; an old copy never sets it back.
            kwargs["update_fields"] = [
                f.name for f in self._meta.concrete_fields if f.name not in {"id", "data_version"}
            ]
        super().save(*args, **kwargs)


class Theme(models.Model):
    framework = models.ForeignKey(
        Framework, models.CASCADE, related_name="themes", verbose_name=_("framework")
    )
    chapter = models.CharField(_("chapter"), max_length=10, help_text=_("For example 6."))
    title = models.CharField(_("title"), max_length=300)
    introduction = models.TextField(_("introduction"), blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        ordering = ["framework", "order", "chapter"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "chapter"], name="theme_unique_chapter"),
        ]

    def __str__(self) -> str:
        return f"{self.chapter}. {self.title}"


class Task(models.Model):
    """An opgave: a numbered policy task inside a theme, e.g. 3.1."""

    # Kept next to `theme` so that a code such as "6.3" is unique in the whole framework,
    # which is how programmes and cross-references name a task.
    framework = models.ForeignKey(
        Framework,
        models.CASCADE,
        related_name="tasks",
        verbose_name=_("framework"),
        editable=False,
    )
    theme = models.ForeignKey(Theme, models.CASCADE, related_name="tasks", verbose_name=_("theme"))
    code = models.CharField(_("code"), max_length=20, help_text=_("For example 3.1."))
    title = models.CharField(_("title"), max_length=300)
    introduction = models.TextField(_("introduction"), blank=True)
    situation = models.TextField(
        _("where we stand"), blank=True, help_text=_("The text under 'Waar staan we?'.")
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        ordering = ["framework", "order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "code"], name="task_unique_code"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    def save(self, *args, **kwargs) -> None:
        self.framework_id = self.theme.framework_id
        super().save(*args, **kwargs)


class Ambition(models.Model):
    """What a task aims at ("Wat is onze ambitie?")."""

    task = models.ForeignKey(Task, models.CASCADE, related_name="ambitions", verbose_name=_("task"))
    text = models.TextField(_("text"))
    means = models.JSONField(
        _("how we achieve it"),
        default=list,
        blank=True,
        help_text=_("The lines under 'We bereiken dit door'."),
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("ambition")
        verbose_name_plural = _("ambitions")
        ordering = ["task", "order"]
        constraints = [
            models.UniqueConstraint(fields=["task", "order"], name="ambition_unique_order"),
        ]

    def __str__(self) -> str:
        return f"{self.task.code}: {self.text[:80]}"


class Programme(models.Model):
    """An uitvoeringsprogramma: the execution of one theme over one or two years."""

    framework = models.ForeignKey(
        Framework,
        models.CASCADE,
        related_name="programmes",
        verbose_name=_("framework"),
        editable=False,
    )
    theme = models.ForeignKey(
        Theme, models.PROTECT, related_name="programmes", verbose_name=_("theme")
    )
    title = models.CharField(_("title"), max_length=300)
    start_year = models.PositiveSmallIntegerField(_("first year"))
    end_year = models.PositiveSmallIntegerField(_("last year"))
    introduction = models.TextField(_("introduction"), blank=True)
    predecessor = models.ForeignKey(
        "self",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="successors",
        verbose_name=_("previous period"),
        help_text=_("The programme of the previous period this one was started from."),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["framework", "start_year", "title"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "title"], name="programme_unique_title"),
            models.CheckConstraint(
                condition=Q(end_year__gte=F("start_year")), name="programme_period_order"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs) -> None:
        self.framework_id = self.theme.framework_id
        super().save(*args, **kwargs)


class ProgrammeAmbition(models.Model):
    """A numbered ambition of a programme, under one task ("6.3, ambitie 2")."""

    programme = models.ForeignKey(
        Programme, models.CASCADE, related_name="ambitions", verbose_name=_("programme")
    )
    task = models.ForeignKey(
        Task, models.PROTECT, related_name="programme_ambitions", verbose_name=_("task")
    )
    number = models.CharField(_("number"), max_length=10)
    text = models.TextField(_("text"))
    order = models.PositiveIntegerField(_("order"), default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("programme ambition")
        verbose_name_plural = _("programme ambitions")
        ordering = ["programme", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "task", "number"], name="programme_ambition_unique_number"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.task.code} ambitie {self.number}"


class Action(Versioned):
    """What we do ("Wat gaan we doen"), numbered like "2.3" within its ambition."""

    class Status(models.TextChoices):
        # The codes a status can also have (koers.monitor.vocabulary.StatusCode).
        NOT_STARTED = StatusCode.NOT_STARTED.value, _("not started")
        IN_PROGRESS = "in_progress", _("in progress")
        DONE = StatusCode.DONE.value, _("done")
        CANCELLED = StatusCode.CANCELLED.value, _("cancelled")

    ambition = models.ForeignKey(
        ProgrammeAmbition, models.CASCADE, related_name="actions", verbose_name=_("ambition")
    )
    code = models.CharField(_("code"), max_length=20)
    text = models.TextField(_("text"))
    # A programme budget explains each result in a paragraph or more; the text stays the
    # short line that lists and reports show.
    explanation = models.TextField(_("explanation"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.NOT_STARTED
    )
    planned_start = models.DateField(_("planned start"), null=True, blank=True)
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    planned_text = models.CharField(
        _("planning in the document"),
        max_length=300,
        blank=True,
        help_text=_("The document's own words about timing, such as 'Voor 2025'."),
    )
    owner = models.ForeignKey(
        Partner,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="owned_actions",
        verbose_name=_("owner"),
    )
    partners = models.ManyToManyField(
        Partner, blank=True, related_name="actions", verbose_name=_("partners")
    )
    responsible = responsible_field("actions")
    team = team_field("actions")
    predecessor = models.OneToOneField(
        "self",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="successor",
        verbose_name=_("continues"),
        help_text=_("The action of the previous programme period this one carries on."),
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    updated_on = models.DateField(
        _("last progress update"),
        null=True,
        blank=True,
        help_text=_("The date of the last update of status or progress."),
    )
    references = models.ManyToManyField(
        Task, blank=True, related_name="referencing_actions", verbose_name=_("see also tasks")
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    history = HistoricalRecords(m2m_fields=[partners, references])

    class Meta:
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        ordering = ["ambition", "order"]
        constraints = [
            models.UniqueConstraint(fields=["ambition", "code"], name="action_unique_code"),
            models.CheckConstraint(condition=Q(progress__lte=100), name="action_progress_range"),
            models.CheckConstraint(
                condition=Q(planned_start__isnull=True)
                | Q(deadline__isnull=True)
                | Q(deadline__gte=F("planned_start")),
                name="action_planned_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.text[:80]}"


# An action still to be done: what reminders, reports and a new programme period look at.
OPEN_ACTION_STATUSES = (Action.Status.NOT_STARTED, Action.Status.IN_PROGRESS)


class Result(Versioned):
    """How we show an action was done; numbered like its action ("5.1 A")."""

    ambition = models.ForeignKey(
        ProgrammeAmbition, models.CASCADE, related_name="results", verbose_name=_("ambition")
    )
    action = models.ForeignKey(
        Action,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="results",
        verbose_name=_("action"),
    )
    code = models.CharField(_("code"), max_length=20)
    text = models.TextField(_("text"))
    responsible = responsible_field("results")
    team = team_field("results")
    achieved = models.BooleanField(_("achieved"), default=False)
    achieved_on = models.DateField(_("achieved on"), null=True, blank=True)
    evidence = models.TextField(_("evidence"), blank=True)
    evidence_file = models.FileField(
        _("evidence file"),
        upload_to="evidence/%Y/",
        blank=True,
        help_text=_("A report, minutes or photo that shows the result (PDF, Word, image)."),
    )
    references = models.ManyToManyField(
        Task, blank=True, related_name="referencing_results", verbose_name=_("see also tasks")
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    history = HistoricalRecords(m2m_fields=[references])

    class Meta:
        verbose_name = _("result")
        verbose_name_plural = _("results")
        ordering = ["ambition", "order"]
        constraints = [
            # Codes repeat (three results "5.3"), so the order identifies a result.
            models.UniqueConstraint(fields=["ambition", "order"], name="result_unique_order"),
            models.CheckConstraint(
                condition=Q(achieved_on__isnull=True) | Q(achieved=True),
                name="result_achieved_on_needs_achieved",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.text[:80]}"


class ActionNote(models.Model):
    """A dated progress note on an action; together the notes form its timeline."""

    action = models.ForeignKey(
        Action, models.CASCADE, related_name="notes", verbose_name=_("action")
    )
    noted_on = models.DateField(_("date"))
    text = models.TextField(_("note"))
    status = models.CharField(_("status"), max_length=20, choices=Action.Status.choices)
    progress = models.PositiveSmallIntegerField(_("progress (%)"))
    public = models.BooleanField(
        _("public"),
        default=False,
        help_text=_("Residents see public notes; other notes are for the team only."),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="action_notes",
        verbose_name=_("author"),
    )
    created_at = models.DateTimeField(_("written at"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("progress note")
        verbose_name_plural = _("progress notes")
        ordering = ["action", "-noted_on", "-created_at"]
        constraints = [
            models.CheckConstraint(condition=Q(progress__lte=100), name="note_progress_percentage"),
        ]

    def __str__(self) -> str:
        return f"{self.action} {self.noted_on}"
