"""Forms of the report pages: a new draft, its key message and the explanation of a task."""

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
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
    )

    def __init__(self, *args: Any, framework: Framework, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The subjects of this plan only: a report belongs to the plan whose pages it is on.
        self.framework = framework
        choices: list[tuple[str, str]] = [(f"framework-{framework.pk}", framework.title)]
        for programme in framework.programmes.order_by("start_year", "title"):
            choices.append((f"programme-{programme.pk}", programme.title))
        subject = self.fields["subject"]
        assert isinstance(subject, forms.ChoiceField)
        subject.choices = choices

    def scope(self) -> tuple[Framework, Programme | None]:
        """The framework of the chosen subject, and the programme if it is one."""
        kind, pk = self.cleaned_data["subject"].split("-")
        if kind == "programme":
            programme = Programme.objects.select_related("framework", "theme").get(
                pk=int(pk), framework=self.framework
            )
            return programme.framework, programme
        return self.framework, None


class ExplanationForm(VersionedForm):
    text = forms.CharField(
        label=_("Explanation"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Blank lines part paragraphs."),
    )


class KeyMessageForm(VersionedForm):
    text = forms.CharField(
        label=_("Key message"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "What the council should take from this report, in a few sentences. It opens "
            "the summary for the council. Blank lines part paragraphs; lines starting with "
            "“- ” make a list."
        ),
    )
