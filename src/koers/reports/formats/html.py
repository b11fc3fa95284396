"""The report as one self-contained HTML page: styles and charts inline, no scripts.

It is the print view in the browser and the source WeasyPrint turns into the PDF.
"""

from typing import Any

from django.template.loader import render_to_string
from django.utils import translation

from koers.monitor.charts import svg
from koers.reports import structure


def with_charts(content: structure.Report) -> dict[str, Any]:
    """The content with each indicator's chart rendered to SVG (`chart_svg`)."""
    themes = [
        {
            **theme,
            "tasks": [
                {
                    **task,
                    "indicators": [
                        {**i, "chart_svg": _svg(i.get("chart"))} for i in task["indicators"]
                    ],
                }
                for task in theme["tasks"]
            ],
        }
        for theme in content["themes"]
    ]
    return {**content, "themes": themes}


def _svg(spec: dict[str, Any] | None) -> str:
    return svg(spec) if spec else ""


def render_html(content: structure.Report) -> str:
    with translation.override(content["language"]):
        return render_to_string("reports/report.html", {"r": with_charts(content)})
