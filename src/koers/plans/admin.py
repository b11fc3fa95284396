from django.contrib import admin

from koers.admin_scope import MunicipalityScoped, ScopedAdmin
from koers.admin_versions import VersionedAdmin
from koers.plans import models


class ThemeInline(MunicipalityScoped, admin.TabularInline):
    model = models.Theme
    fields = ["chapter", "title", "order"]
    extra = 0
    show_change_link = True


class TaskInline(MunicipalityScoped, admin.TabularInline):
    model = models.Task
    fields = ["code", "title", "order"]
    extra = 0
    show_change_link = True


class AmbitionInline(MunicipalityScoped, admin.StackedInline):
    model = models.Ambition
    fields = ["order", "text", "means"]
    extra = 0


class ActionInline(MunicipalityScoped, admin.StackedInline):
    model = models.Action
    fields = ["code", "text", "status", "progress", "planned_start", "deadline", "owner"]
    extra = 0
    show_change_link = True


class ResultInline(MunicipalityScoped, admin.StackedInline):
    model = models.Result
    fields = ["code", "action", "text", "achieved", "achieved_on", "evidence"]
    extra = 0


@admin.register(models.Municipality)
class MunicipalityAdmin(ScopedAdmin):
    list_display = ["name", "cbs_code"]
    search_fields = ["name", "cbs_code"]


@admin.register(models.Partner)
class PartnerAdmin(ScopedAdmin):
    list_display = ["name", "kind"]
    list_filter = ["kind"]
    search_fields = ["name"]


@admin.register(models.Team)
class TeamAdmin(ScopedAdmin):
    list_display = ["name", "municipality"]
    list_filter = ["municipality"]
    search_fields = ["name"]


@admin.register(models.Contact)
class ContactAdmin(ScopedAdmin):
    """The people who are responsible or deliver figures; a user's account is linked here
    so that "Mijn acties" and the reminders find them."""

    list_display = ["name", "email", "organisation", "team", "user", "reminders"]
    list_filter = ["municipality", "organisation", "team", "reminders"]
    search_fields = ["name", "email"]
    list_select_related = ["organisation", "team", "user"]


@admin.register(models.Framework)
class FrameworkAdmin(ScopedAdmin):
    list_display = ["title", "municipality", "start_year", "end_year"]
    list_filter = ["municipality"]
    search_fields = ["title", "introduction"]
    inlines = [ThemeInline]


@admin.register(models.Theme)
class ThemeAdmin(ScopedAdmin):
    list_display = ["chapter", "title", "framework"]
    list_filter = ["framework"]
    search_fields = ["title", "introduction"]
    inlines = [TaskInline]


@admin.register(models.Task)
class TaskAdmin(ScopedAdmin):
    list_display = ["code", "title", "theme"]
    list_filter = ["framework", "theme"]
    search_fields = ["code", "title", "introduction", "situation"]
    list_select_related = ["theme"]
    inlines = [AmbitionInline]


@admin.register(models.Ambition)
class AmbitionAdmin(ScopedAdmin):
    list_display = ["__str__", "task", "order"]
    list_filter = ["task__theme"]
    search_fields = ["text", "task__code"]
    list_select_related = ["task"]


@admin.register(models.Programme)
class ProgrammeAdmin(ScopedAdmin):
    list_display = ["title", "theme", "start_year", "end_year"]
    list_filter = ["framework", "theme"]
    search_fields = ["title", "introduction"]


@admin.register(models.ProgrammeAmbition)
class ProgrammeAmbitionAdmin(VersionedAdmin, ScopedAdmin):
    list_display = ["__str__", "programme", "text"]
    list_filter = ["programme", "task"]
    search_fields = ["text", "task__code"]
    list_select_related = ["task", "programme"]
    inlines = [ActionInline, ResultInline]


class ActionNoteInline(MunicipalityScoped, admin.TabularInline):
    model = models.ActionNote
    extra = 0
    fields = ["noted_on", "status", "progress", "text", "public", "author"]


@admin.register(models.ActionNote)
class ActionNoteAdmin(ScopedAdmin):
    list_display = ["action", "noted_on", "status", "progress", "public", "author"]
    list_filter = ["status", "public", "action__ambition__task"]
    search_fields = ["text", "action__code", "action__text"]
    list_select_related = ["action", "author"]
    date_hierarchy = "noted_on"


@admin.register(models.Action)
class ActionAdmin(VersionedAdmin, ScopedAdmin):
    list_display = ["code", "text", "ambition", "status", "deadline", "owner", "responsible"]
    list_filter = [
        "status", "ambition__programme", "ambition__task", "owner", "partners", "responsible",
        "team",
    ]  # fmt: skip
    search_fields = ["code", "text", "planned_text"]
    list_select_related = ["ambition__task", "owner"]
    filter_horizontal = ["partners", "references"]
    inlines = [ActionNoteInline]


@admin.register(models.Result)
class ResultAdmin(VersionedAdmin, ScopedAdmin):
    list_display = ["code", "text", "ambition", "achieved"]
    list_filter = ["achieved", "ambition__programme", "ambition__task"]
    search_fields = ["code", "text", "evidence"]
    list_select_related = ["ambition__task"]
    filter_horizontal = ["references"]
