from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from rest_framework.authtoken.admin import TokenAdmin
from rest_framework.authtoken.models import TokenProxy

from koers.accounts.models import Role, TokenLife
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


class TokenLifeInline(admin.StackedInline):
    model = TokenLife
    can_delete = False
    readonly_fields = ["last_used_at"]


@admin.register(TokenProxy)
class ScopedTokenAdmin(MunicipalityScoped, TokenAdmin):
    inlines = [TokenLifeInline]
    list_display = [*TokenAdmin.list_display, "valid_until", "last_used"]

    @admin.display(description=_("valid until"))
    def valid_until(self, token: TokenProxy) -> object:
        life = getattr(token, "life", None)
        return life.expires_on if life else None

    @admin.display(description=_("last used"))
    def last_used(self, token: TokenProxy) -> object:
        life = getattr(token, "life", None)
        return life.last_used_at if life else None
