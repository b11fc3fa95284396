from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    default = True
    name = "koers.accounts"
    verbose_name = _("Roles")


class KoersAdminConfig(admin_apps.AdminConfig):
    default = False
    default_site = "koers.accounts.admin_site.AdminSite"
