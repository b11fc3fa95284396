"""What the forms of every app share: the version an editor saw, and a service's refusal
shown on the form."""

from django import forms
from django.core.exceptions import ValidationError
from django.http import QueryDict


class VersionedForm(forms.Form):
    """Carries the version of the item as it was shown; the service refuses a save when
    someone else saved in between (koers.concurrency)."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)


def _sentence(message: str) -> str:
    """Services word row messages for imports ("not a number"); a form shows sentences."""
    message = message[:1].upper() + message[1:]
    return message if message.endswith((".", "?", "!")) else message + "."


def show_errors(form: forms.Form, error: Exception) -> None:
    """A service's refusal on the form: field messages by their field, others on top."""
    if isinstance(error, ValidationError) and hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            field = getattr(form, "field_of", {}).get(field, field)  # the form's own name
            form.add_error(
                field if field in form.fields else None, [_sentence(m) for m in messages]
            )
    elif isinstance(error, ValidationError):
        form.add_error(None, error.messages)
    else:
        form.add_error(None, str(error))
    current = getattr(error, "current_version", None)
    if current is not None and "version" in form.fields:
        # Saving again after reading the new values is then a deliberate overwrite.
        data = form.data.copy() if isinstance(form.data, QueryDict) else dict(form.data)
        data[form.add_prefix("version")] = str(current)
        form.data = data
