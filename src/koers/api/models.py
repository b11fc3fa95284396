"""The licence under which Koers publishes its open data, chosen by the administrator."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class OpenDataLicence(models.Model):
    """One row: the licence of every open-data download and API response."""

    class Licence(models.TextChoices):
        CC0 = "CC0-1.0", _("CC0 1.0 (public domain)")
        CC_BY = "CC-BY-4.0", _("CC BY 4.0 (attribution)")

    URLS = {
        "CC0-1.0": "https://creativecommons.org/publicdomain/zero/1.0/",
        "CC-BY-4.0": "https://creativecommons.org/licenses/by/4.0/",
    }

    licence = models.CharField(
        _("licence"), max_length=20, choices=Licence.choices, default=Licence.CC0
    )
    attribution = models.CharField(
        _("attribution"),
        max_length=300,
        blank=True,
        help_text=_("For CC BY: how users must name the source, such as 'Gemeente Heerde'."),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("open data licence")
        verbose_name_plural = _("open data licence")

    def __str__(self) -> str:
        return self.get_licence_display()

    @property
    def url(self) -> str:
        return self.URLS[self.licence]

    @classmethod
    def current(cls) -> "OpenDataLicence":
        return cls.objects.first() or cls()
