from django.contrib.auth import views as auth
from django.urls import include, path, reverse_lazy

from koers.accounts import sso
from koers.web import (
    actions,
    chart_files,
    documents,
    editing,
    finances,
    legacy,
    peers,
    people,
    reminders,
    succession,
    views,
)
from koers.web.login import LoginView

app_name = "web"

# The pages of one plan, under /<municipality>/<framework>/.
plan_pages = [
    path("", views.overview, name="overview"),
    path("thema/<str:chapter>/", views.theme, name="theme"),
    path("opgave/<str:code>/", views.task, name="task"),
    path("opgave/<str:task>/indicator/<str:code>/", views.indicator, name="indicator"),
    path(
        "opgave/<str:task>/indicator/<str:code>/grafiek.<str:fmt>",
        chart_files.chart_file,
        name="chart_file",
    ),
    path("opgave/<str:task>/indicator/<str:code>/meting/", editing.measure, name="measure"),
    path("opgave/<str:task>/indicator/<str:code>/beoordeling/", editing.assess, name="assess"),
    path(
        "opgave/<str:task>/indicator/<str:code>/meting/<int:pk>/bevestigen/",
        editing.confirm,
        name="confirm",
    ),
    path("programma/<int:pk>/", views.programme, name="programme"),
    path("actie/<int:pk>/", editing.action, name="action"),
    path("resultaat/<int:pk>/", editing.result, name="result"),
    path("resultaat/<int:pk>/bewijs/", editing.evidence, name="evidence"),
    path("programma/<int:pk>/besteding/", editing.spending, name="spending"),
    path("programma/<int:pk>/volgende-periode/", succession.next_period, name="next_period"),
    path("zoeken/", views.search, name="search"),
    path("acties/", actions.action_list, name="actions"),
    path("financien/", finances.finances, name="finances"),
    path("vergelijkbare-gemeenten/", peers.peer_group, name="peer_group"),
    path("verantwoordelijken/", people.assign, name="responsibility"),
]

urlpatterns = [
    path("", views.home, name="home"),
    path("documenten/importeren/", documents.upload, name="document_upload"),
    path("documenten/importeren/controle/", documents.review, name="document_review"),
    path("inloggen/", LoginView.as_view(), name="login"),
    path("inloggen/gemeente/", sso.start, name="sso_start"),
    path("inloggen/gemeente/terug/", sso.callback, name="sso_callback"),
    path("uitloggen/", auth.LogoutView.as_view(), name="logout"),
    path("mijn-acties/", reminders.my_actions, name="my_actions"),
    path("toegankelijkheid/", views.accessibility, name="accessibility"),
    path("herinneringen/<str:token>/", reminders.reminder_preferences, name="reminder_preferences"),
    # Password reset by e-mail, for local accounts (staff with single sign-on have none).
    path(
        "wachtwoord-vergeten/",
        auth.PasswordResetView.as_view(
            template_name="web/password_reset.html",
            email_template_name="web/password_reset_email.txt",
            subject_template_name="web/password_reset_subject.txt",
            success_url=reverse_lazy("web:password_reset_done"),
        ),
        name="password_reset",
    ),
    path(
        "wachtwoord-vergeten/verstuurd/",
        auth.PasswordResetDoneView.as_view(template_name="web/password_reset_done.html"),
        name="password_reset_done",
    ),
    path(
        "wachtwoord-herstellen/<uidb64>/<token>/",
        auth.PasswordResetConfirmView.as_view(
            template_name="web/password_reset_confirm.html",
            success_url=reverse_lazy("web:password_reset_complete"),
        ),
        name="password_reset_confirm",
    ),
    path(
        "wachtwoord-herstellen/klaar/",
        auth.PasswordResetCompleteView.as_view(template_name="web/password_reset_complete.html"),
        name="password_reset_complete",
    ),
    # The addresses from before there were several plans lead to where the page is now.
    path("thema/<str:chapter>/", legacy.theme),
    path("opgave/<str:code>/", legacy.task),
    path("indicator/<str:code>/", legacy.indicator),
    path("programma/<int:pk>/", legacy.programme),
    path("actie/<int:pk>/", legacy.action),
    path("resultaat/<int:pk>/", legacy.result),
    path("zoeken/", legacy.search),
    path("rapportages/", legacy.reports),
    path("rapportages/<int:pk>/", legacy.report),
    path("rapportages/<int:pk>/weergave/", legacy.report_view),
    path("rapportages/<int:pk>/bestand/<str:fmt>/", legacy.report_file),
    path("<slug:municipality>/", views.municipality, name="municipality"),
    path("<slug:municipality>/<slug:framework>/", include(plan_pages)),
]
