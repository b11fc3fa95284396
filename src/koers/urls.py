from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt
from django.views.i18n import set_language

from koers.operations import views as operations
from koers.operations.health import health

admin.site.site_header = _("Koers administration")
admin.site.site_title = _("Koers")
admin.site.index_title = _("Policy monitor for the social domain")

urlpatterns = [
    path("gezondheid/", health, name="health"),
    path("taken/<uuid:pk>/", operations.job, name="job"),
    path("taken/<uuid:pk>/bestand/", operations.job_file, name="job_file"),
    # The language switch asks no CSRF token: a forged request can only switch the language,
    # and without a token in it a page is the same for every visitor (koers.web.kept_pages).
    path("i18n/setlang/", csrf_exempt(set_language), name="set_language"),
    path("admin/", admin.site.urls),
    path("<slug:municipality>/<slug:framework>/rapportages/", include("koers.reports.urls")),
    path("api/v1/", include("koers.api.urls")),
    path("", include("koers.web.urls")),
]
