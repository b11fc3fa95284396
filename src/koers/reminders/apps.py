from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RemindersConfig(AppConfig):
    """Reminders by e-mail: one digest per person with what is due, late or waiting."""

    name = "koers.reminders"
    verbose_name = _("reminders")
