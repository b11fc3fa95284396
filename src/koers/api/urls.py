from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from koers.api import opendata, views

app_name = "api"
router = DefaultRouter()
router.register("frameworks", views.FrameworkViewSet, basename="framework")
router.register("themes", views.ThemeViewSet, basename="theme")
router.register("tasks", views.TaskViewSet, basename="task")
router.register("ambitions", views.AmbitionViewSet, basename="ambition")
router.register("indicators", views.IndicatorViewSet, basename="indicator")
router.register("targets", views.TargetViewSet, basename="target")
router.register("areas", views.AreaViewSet, basename="area")
router.register("measurements", views.MeasurementViewSet, basename="measurement")
router.register("programmes", views.ProgrammeViewSet, basename="programme")
router.register("actions", views.ActionViewSet, basename="action")
router.register("results", views.ResultViewSet, basename="result")
router.register("budget-lines", views.BudgetLineViewSet, basename="budget-line")
router.register("taakvelden", views.TaakveldViewSet, basename="taakveld")
router.register("dimensions", views.DimensionViewSet, basename="dimension")
router.register("peer-groups", views.PeerGroupViewSet, basename="peer-group")
router.register("statuses", views.StatusViewSet, basename="status")
router.register("reports", views.ReportViewSet, basename="report")

framework_tasks = views.FrameworkTaskViewSet
urlpatterns = [
    path(
        "frameworks/<int:framework_pk>/tasks/",
        framework_tasks.as_view({"get": "list"}),
        name="framework-task-list",
    ),
    # A task by its code, with or without the final slash: /frameworks/1/tasks/6.3
    re_path(
        r"^frameworks/(?P<framework_pk>[0-9]+)/tasks/(?P<code>[^/]+)/?$",
        framework_tasks.as_view({"get": "retrieve"}),
        name="framework-task-detail",
    ),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
    path("open-data/", opendata.index, name="open-data-index"),
    path("open-data/<str:name>.<str:fmt>", opendata.dataset, name="open-data"),
    path("", include(router.urls)),
    # Anything else under /api/v1/ is a 404 in JSON, as the OpenAPI document says.
    re_path(r"^[\s\S]*$", views.not_found),  # any character, a line break too
]
