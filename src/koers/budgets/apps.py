from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _install_lists(sender: AppConfig, using: str = "default", **kwargs: Any) -> None:
    """The Iv3 lists that come with Koers are in every database, like Django's own
    permissions: after every `migrate`, and after a flush (which empties them too)."""
    from koers.budgets import iv3
    from koers.budgets.models import Taakveld, TaakveldList

    for found in iv3.shipped():
        iv3.install(found, TaakveldList, Taakveld, using=using)


class BudgetsConfig(AppConfig):
    name = "koers.budgets"
    verbose_name = _("Budgets")

    def ready(self) -> None:
        post_migrate.connect(_install_lists, sender=self, dispatch_uid="koers-iv3-lists")
