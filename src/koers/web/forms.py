"""Forms editors fill in on the pages; their messages are Dutch and stand by the field."""

from datetime import date
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from koers.budgets.models import BudgetLine
from koers.forms import VersionedForm
from koers.monitor.models import Area, Assessment, Measurement
from koers.monitor.periods import validate_period
from koers.plans.models import Action


class ActionUpdateForm(VersionedForm):
    status = forms.ChoiceField(label=_("Status"), choices=Action.Status.choices)
    progress = forms.IntegerField(
        label=_("Progress (%)"), widget=forms.NumberInput(attrs={"min": 0, "max": 100})
    )
    noted_on = forms.DateField(
        label=_("Date of the note"),
        initial=date.today,
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
    )
    text = forms.CharField(
        label=_("Note"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What happened, and what comes next."),
    )
    public = forms.BooleanField(label=_("Residents may read this note"), required=False)


class ResultForm(VersionedForm):
    achieved = forms.BooleanField(label=_("Achieved"), required=False)
    achieved_on = forms.DateField(
        label=_("Achieved on"),
        required=False,
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
    )
    evidence = forms.CharField(
        label=_("Evidence"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("A link to a report or minutes, or a description of the evidence."),
    )
    evidence_file = forms.FileField(
        label=_("Evidence file"),
        required=False,
        help_text=_("PDF, Word, Excel or an image, at most 10 MB."),
    )


class AssessmentForm(forms.ModelForm):
    class Meta:
        model = Assessment
        fields = ["assessed_on", "verdict", "text", "assessed_by"]
        widgets = {
            "assessed_on": forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
            "text": forms.Textarea(attrs={"rows": 3}),
        }

    def validate_unique(self) -> None:
        """One assessment per date is the service's rule, with its message."""


class MeasurementForm(forms.ModelForm):
    replace = forms.BooleanField(
        label=_("Replace the figure already entered for this area and period"), required=False
    )

    class Meta:
        model = Measurement
        fields = ["area", "period", "category", "value", "margin", "sample_size", "status", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args: Any, indicator: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        area = self.fields["area"]
        area.empty_label = None
        category = self.fields["category"]
        category.queryset = category.queryset.select_related("dimension")
        category.empty_label = _("everyone (no group)")
        if indicator is None:
            return
        # The value in the indicator's unit; the municipality's own area comes first.
        self.fields["value"].label = _("Value (%(unit)s)") % {"unit": indicator.get_unit_display()}
        home = Area.objects.filter(
            municipality_id=indicator.task.framework.municipality_id,
            kind=Area.Kind.MUNICIPALITY,
        ).first()
        if home is not None and not self.is_bound:
            self.initial.setdefault("area", home.pk)

    def clean_period(self) -> str:
        """Read the period as the monitor writes periods; the service checks its range."""
        period = self.cleaned_data["period"].strip()
        validate_period(period)
        return period

    def _post_clean(self) -> None:
        """The figure is checked by the monitor's services, not by the model form."""


class SpendingForm(forms.Form):
    """Money spent on one of the programme's budget lines, in euros."""

    budget_line = forms.ModelChoiceField(queryset=BudgetLine.objects.none(), label=_("Budget line"))
    spent_on = forms.DateField(
        label=_("Date"), widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
    )
    amount = forms.DecimalField(
        label=_("Amount in euros"),
        max_digits=15,
        decimal_places=2,
        localize=True,
        help_text=_("For example 1250,50; a correction is a negative amount."),
    )
    description = forms.CharField(label=_("Description"), max_length=300, required=False)
    # The service says what is wrong by the model's field names.
    field_of = {"amount_cents": "amount"}

    def __init__(self, *args: Any, lines: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["budget_line"]
        field.queryset = BudgetLine.objects.filter(pk__in=[line.pk for line in lines])
        field.label_from_instance = lambda line: (
            f"{line.task.code} {line.resource or line.description}"[:90]
        )
