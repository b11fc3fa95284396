from django.contrib import admin
from rest_framework.authtoken.admin import TokenAdmin
from rest_framework.authtoken.models import TokenProxy

from koers.accounts.models import Role
from koers.admin_scope import MunicipalityScoped, ScopedAdmin


@admin.register(Role)
class RoleAdmin(ScopedAdmin):
    list_display = ["user", "kind", "municipality"]
    list_filter = ["kind", "municipality", "themes"]
    search_fields = ["user__username", "user__first_name", "user__last_name"]
    filter_horizontal = ["themes"]


# API tokens are keys to a municipality's data: an administrator limited to one
# municipality sees those of its users only.
admin.site.unregister(TokenProxy)


@admin.register(TokenProxy)
class ScopedTokenAdmin(MunicipalityScoped, TokenAdmin):
    pass
