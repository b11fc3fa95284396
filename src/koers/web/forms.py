"""Forms editors fill in on the pages; their messages are Dutch and stand by the field."""

from datetime import date
from typing import Any

from django import forms
from django.core.validators import FileExtensionValidator
from django.utils.translation import gettext_lazy as _

from koers.monitor.models import Assessment, Measurement
from koers.plans.models import Action


class VersionedForm(forms.Form):
    """Carries the version of the item as it was shown, to catch a second editor's save."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, current_version: int = 0, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.current_version = current_version

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if (data.get("version") or 0) != self.current_version:
            raise forms.ValidationError(
                _(
                    "Someone else changed this item after you opened it. Your changes have "
                    "not been saved; look at the new values and enter yours again."
                ),
                code="conflict",
            )
        return data


class ActionUpdateForm(VersionedForm):
    status = forms.ChoiceField(label=_("Status"), choices=Action.Status.choices)
    progress = forms.IntegerField(label=_("Progress (%)"), min_value=0, max_value=100)
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

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("status") == Action.Status.DONE and data.get("progress") != 100:
            self.add_error("progress", _("A finished action has progress 100%."))
        return data


MAX_EVIDENCE_BYTES = 10 * 1024 * 1024


class ResultForm(VersionedForm):
    has_stored_file = False  # set by the view when the result already has a file
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
        validators=[
            FileExtensionValidator(["pdf", "docx", "doc", "xlsx", "odt", "png", "jpg", "jpeg"])
        ],
    )

    def clean_evidence_file(self) -> Any:
        upload = self.cleaned_data.get("evidence_file")
        if upload and upload.size > MAX_EVIDENCE_BYTES:
            raise forms.ValidationError(_("The file is larger than 10 MB."))
        return upload

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("achieved"):
            has_file = bool(data.get("evidence_file")) or self.has_stored_file
            if not (data.get("evidence") or "").strip() and not has_file:
                self.add_error("evidence", _("An achieved result needs evidence."))
            if not data.get("achieved_on"):
                self.add_error("achieved_on", _("Say when the result was achieved."))
        return data


class AssessmentForm(forms.ModelForm):
    class Meta:
        model = Assessment
        fields = ["assessed_on", "verdict", "text", "assessed_by"]
        widgets = {
            "assessed_on": forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
            "text": forms.Textarea(attrs={"rows": 3}),
        }


class MeasurementForm(forms.ModelForm):
    replace = forms.BooleanField(
        label=_("Replace the figure already entered for this area and period"), required=False
    )

    class Meta:
        model = Measurement
        fields = ["area", "period", "value", "margin", "sample_size", "status", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 2})}
