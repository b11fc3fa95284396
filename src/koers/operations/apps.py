from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OperationsConfig(AppConfig):
    """Running Koers: the production server, the health check, backup and restore."""

    name = "koers.operations"
    verbose_name = _("operations")
