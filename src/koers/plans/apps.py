from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "koers.plans"
    verbose_name = _("Plans")

    def ready(self) -> None:
        from koers.plans import versions

        versions.connect()
