"""Forms of the report pages: a new draft, and the explanation of one task."""

from datetime import date
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from koers.forms import VersionedForm
from koers.plans.models import Framework, Programme


class NewReportForm(forms.Form):
    subject = forms.ChoiceField(label=_("Subject"))
    reporting_date = forms.DateField(
        label=_("Reporting date"),
        initial=date.today,
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices: list[tuple[str, str]] = []
        for framework in Framework.objects.order_by("start_year", "title"):
            choices.append((f"framework-{framework.pk}", framework.title))
        for programme in Programme.objects.order_by("start_year", "title"):
            choices.append((f"programme-{programme.pk}", programme.title))
        subject = self.fields["subject"]
        assert isinstance(subject, forms.ChoiceField)
        subject.choices = choices

    def scope(self) -> tuple[Framework, Programme | None]:
        """The framework of the chosen subject, and the programme if it is one."""
        kind, pk = self.cleaned_data["subject"].split("-")
        if kind == "programme":
            programme = Programme.objects.select_related("framework", "theme").get(pk=int(pk))
            return programme.framework, programme
        return Framework.objects.get(pk=int(pk)), None


class ExplanationForm(VersionedForm):
    text = forms.CharField(
        label=_("Explanation"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Blank lines part paragraphs."),
    )
