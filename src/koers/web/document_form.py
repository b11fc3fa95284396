"""The review of an imported document as a form: one group of fields per proposed item.

Fields take their label, length and choices from the model the item becomes; what the
adviser changed goes to koers.imports.document.review, which applies it to the draft.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.apps import apps
from django.db import models
from django.utils.formats import number_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from koers.imports.document.review import DraftItem

# Texts of a paragraph or more get a larger box.
LONG_TEXTS = {"introduction", "situation"}
# Fields that name another item of the plan: the document gives its number or code.
NAMED = {"theme": "plans.Theme", "task": "plans.Task", "action": "plans.Action"}


class EuroField(forms.CharField):
    """An amount in euro as Dutch documents write it ("8.500", "8.500,00", "€ 8.500,-");
    the draft keeps whole cents."""

    def to_python(self, value: Any) -> int | None:  # type: ignore[override]
        text = (super().to_python(value) or "").replace("€", "").replace(" ", "").rstrip("-")
        if not text:
            return None
        try:
            amount = Decimal(text.replace(".", "").replace(",", ".").rstrip("."))
        except InvalidOperation:
            amount = Decimal(-1)
        if amount < 0 or amount != amount.quantize(Decimal("0.01")):
            raise forms.ValidationError(
                _("Write an amount in euro, such as 8.500 or 8.500,00."), code="invalid"
            )
        return int(amount * 100)

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, int):
            return number_format(Decimal(value) / 100, 2, use_l10n=True, force_grouping=True)
        return value

    def has_changed(self, initial: Any, data: Any) -> bool:
        try:
            return self.to_python(data) != initial
        except forms.ValidationError:
            return True


class LinesField(forms.CharField):
    """A list of short texts, one per line (the means of an ambition)."""

    widget = forms.Textarea(attrs={"rows": 3})

    def to_python(self, value: Any) -> list[str]:  # type: ignore[override]
        lines = (super().to_python(value) or "").splitlines()
        return [line.strip() for line in lines if line.strip()]

    def prepare_value(self, value: Any) -> Any:
        return "\n".join(value) if isinstance(value, list) else value

    def has_changed(self, initial: Any, data: Any) -> bool:
        return self.to_python(data) != (initial or [])


def legend(item: DraftItem) -> str:
    """What an item is called on the review: "Opgave 3.1", "Actie 1.2, opgave 6.1"."""
    model = apps.get_model(item.model)
    name = capfirst(str(model._meta.verbose_name))
    data = item.data
    if item.model in ("plans.Framework", "plans.Programme"):
        return name
    if item.model == "plans.Theme":
        return f"{name} {data.get('chapter') or item.position}"
    if item.model == "plans.Task":
        return f"{name} {data.get('code') or item.position}"
    if item.model == "budgets.ProgrammeAmount":
        if data.get("taakveld"):
            return _("%(name)s %(year)s, taakveld %(taakveld)s") % {"name": name, **data}
        return _("%(name)s %(year)s, whole programme") % {"name": name, **data}
    # Numbered within their task (in a programme: within an ambition of a task), so the
    # task is part of their name.
    parent = item.parent or {}
    task = data.get("task") or parent.get("task") or parent.get("code") or "?"
    number = data.get("number") or data.get("code") or item.position
    return _("%(name)s %(number)s, task %(task)s") % {"name": name, "number": number, "task": task}


def _form_field(item: DraftItem, key: str) -> forms.Field:
    model = apps.get_model(item.model)
    if key == "means":
        return LinesField(label=gettext_lazy("How we get there (one per line)"), required=False)
    if key == "amount_cents":
        return EuroField(label=gettext_lazy("Amount in euro"), required=False)
    if key in ("income_cents", "expense_cents"):
        label = (
            gettext_lazy("Income in euro")
            if key == "income_cents"
            else gettext_lazy("Expenses in euro")
        )
        return EuroField(label=label, required=False)
    if key == "partners":
        return LinesField(label=gettext_lazy("Partners (one per line)"), required=False)
    if key in NAMED:
        named = apps.get_model(NAMED[key])._meta
        label = capfirst(str(named.verbose_name))
        return forms.CharField(label=label, max_length=20, required=key != "action")
    stored = model._meta.get_field(key)
    # A date gets the browser's date picker.
    widget = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
    extra = {"widget": widget} if isinstance(stored, models.DateField) else {}
    made: forms.Field = stored.formfield(**extra)
    if isinstance(made.widget, forms.Textarea):
        made.widget.attrs.update(rows=8 if key in LONG_TEXTS else 4)
    if isinstance(made, forms.TypedChoiceField):
        made.choices = stored.choices  # the model's own, without "---------"
    return made


@dataclass
class ItemFields:
    """An item as the page shows it: its fields and its checkbox to leave it out."""

    item: DraftItem
    number: int  # its place on the review page, for its anchor
    legend: str
    fields: list[forms.BoundField]
    leave_out: forms.BoundField
    where: str = ""  # its place in the source: "pagina 4, regel 120"
    doubts: list[dict[str, Any]] = field(default_factory=list)

    @property
    def anchor(self) -> str:
        return f"onderdeel-{self.number}"


class DraftForm(forms.Form):
    """The fields of every item of a draft, named by the item's place on the page."""

    def __init__(self, data: Any = None, *, items: list[DraftItem]) -> None:
        super().__init__(data)
        self.items = items
        for n, item in enumerate(items):
            for key in item.fields:
                made = _form_field(item, key)
                value = item.data.get(key)
                made.initial = "" if value is None else value
                self.fields[f"{n}-{key}"] = made
            self.fields[f"{n}-leave_out"] = forms.BooleanField(
                label=gettext_lazy("Leave out, with everything under it"), required=False
            )

    def groups(self) -> list[ItemFields]:
        return [
            ItemFields(
                item,
                n,
                legend(item),
                [self[f"{n}-{key}"] for key in item.fields],
                self[f"{n}-leave_out"],
            )
            for n, item in enumerate(self.items)
        ]

    def corrections(self) -> tuple[dict[str, dict[str, Any]], set[str]]:
        """The changed values by item pointer, and the items left out; for a valid form."""
        changes: dict[str, dict[str, Any]] = {}
        left_out: set[str] = set()
        for name in self.changed_data:
            number, key = name.split("-", 1)
            item = self.items[int(number)]
            if key == "leave_out":
                left_out.add(item.pointer)
                continue
            value = self.cleaned_data[name]
            if isinstance(value, date):
                value = value.isoformat()  # the draft keeps to the export format
            if isinstance(value, str):
                value = value.replace("\r\n", "\n")  # as browsers send a text box
                if key in NAMED and not value:
                    value = None  # a result without its action
            if value == item.data.get(key):
                continue
            changes.setdefault(item.pointer, {})[key] = value
        return changes, left_out

    def error_list(self) -> list[tuple[str, str, str]]:
        """(field id, where, message) of each wrong field, for the summary above the form."""
        found = []
        for name, errors in self.errors.items():
            number, _key = name.split("-", 1)
            label = str(self[name].label)
            where = f"{legend(self.items[int(number)])}, {label[:1].lower()}{label[1:]}"
            found += [(self[name].id_for_label, where, str(e)) for e in errors]
        return found
