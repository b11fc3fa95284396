from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from koers.admin_scope import MunicipalityScoped, ScopedAdmin
from koers.budgets.models import BudgetLine, Spending


class SpendingInline(MunicipalityScoped, admin.TabularInline):
    model = Spending
    extra = 1


@admin.register(BudgetLine)
class BudgetLineAdmin(ScopedAdmin):
    list_display = ["task", "resource", "amount", "kind", "reserved_elsewhere", "programme"]
    list_filter = ["programme", "kind", "reserved_elsewhere", "task"]
    search_fields = ["resource", "description", "funding_source", "task__code"]
    list_select_related = ["task", "programme"]
    inlines = [SpendingInline]

    @admin.display(description=_("amount"), ordering="amount_cents")
    def amount(self, line: BudgetLine) -> str:
        return line.amount_euros
