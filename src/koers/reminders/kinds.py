"""The kinds of reminder (docs/reminders.md)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ReminderKind(models.TextChoices):
    ACTION_DUE = "action_due", _("an action's deadline is near")
    ACTION_LATE = "action_late", _("an action's deadline has passed")
    ACTION_QUIET = "action_quiet", _("an action has not been updated for a long time")
    FIGURE_EXPECTED = "figure_expected", _("an indicator's next figure is expected")
    FIGURE_OVERDUE = "figure_overdue", _("an indicator's figure is overdue")
    CONFIRMATION = "confirmation", _("a partner's figures wait for confirmation")
    EXPLANATION = "explanation", _("the next report needs an explanation")
