from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from koers.accounts.models import Role


@admin.register(Role)
class RoleAdmin(SimpleHistoryAdmin):
    list_display = ["user", "kind"]
    list_filter = ["kind", "themes"]
    search_fields = ["user__username", "user__first_name", "user__last_name"]
    filter_horizontal = ["themes"]
