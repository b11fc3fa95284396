"""Forms of the report pages: a new draft, and the explanation of one task."""

from datetime import date
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from koers.plans.models import Framework, Programme
from koers.web.forms import VersionedForm


class NewReportForm(forms.Form):
    subject = forms.ChoiceField(label=_("Subject"))
    reporting_date = forms.DateField(
        label=_("Reporting date"),
        initial=date.today,
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = []
        for framework in Framework.objects.order_by("start_year", "title"):
            choices.append((f"framework-{framework.pk}", framework.title))
        for programme in Programme.objects.order_by("start_year", "title"):
            choices.append((f"programme-{programme.pk}", programme.title))
        self.fields["subject"].choices = choices

    def scope(self) -> tuple[int, int | None, str]:
        """(framework id, programme id or None, subject title) of the chosen subject."""
        kind, pk = self.cleaned_data["subject"].split("-")
        if kind == "programme":
            programme = Programme.objects.get(pk=int(pk))
            return programme.framework_id, programme.pk, programme.title
        framework = Framework.objects.get(pk=int(pk))
        return framework.pk, None, framework.title


class ExplanationForm(VersionedForm):
    text = forms.CharField(
        label=_("Explanation"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Blank lines part paragraphs."),
    )
