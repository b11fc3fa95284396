"""The scalar fields of each object in the Koers document (docs/export-format.md).

One list per object serves both directions, so that what the exporter writes is exactly
what the loader reads: export → import → export gives the same file.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop


class FieldError(ValueError):
    """A value that does not fit its field; the caller adds where it was found."""


MISSING = object()  # left out of a data file: the model's default applies


@dataclass(frozen=True)
class Field:
    key: str
    kind: str = "text"
    required: bool = False
    attr: str = ""
    # Left out of a document, a stored value is kept and a new object makes its own (the
    # address of a municipality's pages, made from its name).
    keep: bool = False

    @property
    def name(self) -> str:
        return self.attr or self.key

    def parse(self, data: dict) -> Any:
        if self.key not in data or data[self.key] is None:
            if self.required:
                raise FieldError(_("'%(field)s' is required") % {"field": self.key})
            return MISSING
        try:
            return _PARSE[self.kind](data[self.key])
        except (TypeError, ValueError, InvalidOperation) as error:
            raise FieldError(
                _("'%(field)s': %(value)r is not %(what)s")
                % {"field": self.key, "value": data[self.key], "what": _(_WHAT[self.kind])}
            ) from error

    def dump(self, obj: Any) -> Any:
        return _DUMP.get(self.kind, _same)(getattr(obj, self.name))


def _text(value: Any) -> str:
    if not isinstance(value, str | int | float) or isinstance(value, bool):
        raise TypeError
    return str(value).strip()


def _optional_text(value: Any) -> str | None:
    return _text(value) or None


def _integer(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise TypeError
    return int(value)


def _decimal(value: Any) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, int | float | str | Decimal):
        raise TypeError
    number = Decimal(str(value).strip())
    if not number.is_finite():
        raise ValueError
    return number


def _date(value: Any) -> date:
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        raise TypeError
    return date.fromisoformat(value)


def _boolean(value: Any) -> bool:
    if not isinstance(value, bool):
        raise TypeError
    return value


def _text_list(value: Any) -> list[str]:
    if not isinstance(value, list):
        raise TypeError
    return [_text(item) for item in value]


def decimal_string(value: Decimal | None) -> str | None:
    """A decimal without trailing zeros and never in exponent form: 42, 7.5, -5."""
    if value is None:
        return None
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in {"-0", ""} else text


def _same(value: Any) -> Any:
    return value


_PARSE = {
    "text": _text,
    "optional_text": _optional_text,
    "int": _integer,
    "decimal": _decimal,
    "date": _date,
    "bool": _boolean,
    "text_list": _text_list,
}
_WHAT = {
    "text": gettext_noop("text"),
    "optional_text": gettext_noop("text"),
    "int": gettext_noop("a whole number"),
    "decimal": gettext_noop("a number"),
    "date": gettext_noop("a date (YYYY-MM-DD)"),
    "bool": gettext_noop("true or false"),
    "text_list": gettext_noop("a list of texts"),
}
_DUMP = {
    "decimal": decimal_string,
    "date": lambda value: value.isoformat() if value else None,
    "text_list": list,
}

MUNICIPALITY = [
    Field("cbs_code", required=True),
    Field("name", required=True),
    Field("slug", keep=True),
]
AREA = [
    Field("code", required=True),
    Field("name", required=True),
    Field("kind", required=True),
    Field("cbs_code", "optional_text"),
]
SOURCE = [
    Field("code", required=True),
    Field("name", required=True),
    Field("publisher"),
    Field("frequency"),
    Field("anchor_year", "int"),
    Field("url"),
]
DIMENSION = [
    Field("code", required=True),
    Field("name", required=True),
    Field("exhaustive", "bool"),
    Field("order", "int"),
]
CATEGORY = [Field("code", required=True), Field("name", required=True), Field("order", "int")]
PARTNER = [Field("name", required=True), Field("kind")]
TEAM = [Field("name", required=True)]
CONTACT = [Field("name", required=True), Field("email"), Field("reminders", "bool")]
FRAMEWORK = [
    Field("title", required=True),
    Field("slug", keep=True),
    Field("start_year", "int", required=True),
    Field("end_year", "int", required=True),
    Field("published_on", "date"),
    Field("introduction"),
]
THEME = [Field("chapter", required=True), Field("title", required=True), Field("introduction")]
TASK = [
    Field("code", required=True),
    Field("title", required=True),
    Field("introduction"),
    Field("situation"),
]
AMBITION = [Field("text", required=True), Field("means", "text_list")]
INDICATOR = [
    Field("code", required=True),
    Field("name", required=True),
    Field("role"),
    Field("sentence"),
    Field("unit"),
    Field("direction"),
    Field("kind"),
    Field("frequency"),
]
TARGET = [
    Field("kind", required=True),
    Field("sentence"),
    Field("direction"),
    Field("value", "decimal"),
    Field("change", "decimal"),
    Field("change_unit"),
    Field("start_year", "int"),
    Field("target_year", "int"),
    Field("baseline_value", "decimal"),
    Field("baseline_period"),
    Field("baseline_note"),
]
TARGET_VALUE = [Field("year", "int", required=True), Field("value", "decimal", required=True)]
MEASUREMENT = [
    Field("period"),
    Field("value", "decimal", required=True),
    Field("margin", "decimal"),
    Field("sample_size", "int"),
    Field("status"),
    Field("note"),
    Field("confirmed", "bool"),
]
ASSESSMENT = [
    Field("assessed_on", "date", required=True),
    Field("verdict", required=True),
    Field("text"),
    Field("assessed_by"),
]
PROGRAMME = [
    Field("title", required=True),
    Field("start_year", "int", required=True),
    Field("end_year", "int", required=True),
    Field("introduction"),
]
PROGRAMME_AMBITION = [Field("number", required=True), Field("text", required=True)]
ACTION = [
    Field("code", required=True),
    Field("text", required=True),
    Field("explanation"),
    Field("status"),
    Field("planned_start", "date"),
    Field("deadline", "date"),
    Field("planned_text"),
    Field("progress", "int"),
    Field("updated_on", "date"),
]
NOTE = [
    Field("noted_on", "date", required=True),
    Field("text", required=True),
    Field("status", required=True),
    Field("progress", "int", required=True),
    Field("public", "bool"),
]
RESULT = [
    Field("code", required=True),
    Field("text", required=True),
    Field("achieved", "bool"),
    Field("achieved_on", "date"),
    Field("evidence"),
]
BUDGET_LINE = [
    Field("resource"),
    Field("description"),
    Field("amount_cents", "int"),
    Field("kind"),
    Field("funding_source"),
    Field("reserved_elsewhere", "bool"),
]
PROGRAMME_AMOUNT = [
    Field("year", "int", required=True),
    Field("taakveld"),
    Field("taakveld_name"),
    Field("income_cents", "int"),
    Field("expense_cents", "int"),
]
SPENDING = [
    Field("spent_on", "date", required=True),
    Field("amount_cents", "int", required=True),
    Field("description"),
]
