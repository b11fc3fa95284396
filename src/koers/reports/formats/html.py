"""The report as one self-contained HTML page: styles and charts inline, no scripts.

It is the print view in the browser and the source WeasyPrint turns into the PDF.
"""

from typing import Any

from django.template.loader import render_to_string
from django.utils import translation

from koers.monitor.charts import svg


def with_charts(content: dict[str, Any]) -> dict[str, Any]:
    """The content with each indicator's chart rendered to SVG (`chart_svg`)."""
    themes = [
        {
            **theme,
            "tasks": [
                {
                    **task,
                    "indicators": [
                        {**i, "chart_svg": svg(i["chart"]) if i.get("chart") else ""}
                        for i in task["indicators"]
                    ],
                }
                for task in theme["tasks"]
            ],
        }
        for theme in content["themes"]
    ]
    return {**content, "themes": themes}


def render_html(content: dict[str, Any]) -> str:
    with translation.override(content["language"]):
        return render_to_string("reports/report.html", {"r": with_charts(content)})
