"""The administration saves versioned items too: each save moves the version on, so that an
editor who opened the item before an administrator changed it is told, not overwritten."""

from typing import Any

from django.contrib import admin

from koers.concurrency import Versioned, claim


class VersionedAdmin(admin.ModelAdmin):
    """A ModelAdmin whose saves, and its inlines' saves, claim the next version."""

    def save_model(self, request: Any, obj: Any, form: Any, change: bool) -> None:
        if change and isinstance(obj, Versioned):
            claim(obj, None)
        super().save_model(request, obj, form, change)

    def save_formset(self, request: Any, form: Any, formset: Any, change: bool) -> None:
        for obj in formset.save(commit=False):
            if obj.pk is not None and isinstance(obj, Versioned):
                claim(obj, None)
            obj.save()
        for obj in formset.deleted_objects:
            obj.delete()
        formset.save_m2m()
