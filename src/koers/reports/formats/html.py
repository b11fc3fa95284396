"""The report as one self-contained HTML page: styles and charts inline, no scripts.

It is the print view in the browser and the source WeasyPrint turns into the PDF.
"""

from typing import Any

from django.template.loader import render_to_string
from django.utils import translation

from koers.monitor.charts import svg
from koers.reports import structure
from koers.reports.overview import tasks_with_work


def with_charts(content: structure.Report) -> dict[str, Any]:
    """The content with each indicator's chart rendered to SVG (`chart_svg`), and whether
    an ambition's table needs a column for notes (`notes`)."""
    themes = [
        {
            **theme,
            "tasks": [
                {
                    **task,
                    "indicators": [
                        {**i, "chart_svg": _svg(i.get("chart"))} for i in task["indicators"]
                    ],
                    "programme_ambitions": [
                        {
                            **a,
                            "notes": any(x["latest_note"] for x in a["actions"]),
                        }
                        for a in task["programme_ambitions"]
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
    themes, left_out = tasks_with_work(content["summary"])
    with translation.override(content["language"]):
        return render_to_string(
            "reports/report.html",
            {"r": with_charts(content), "work": {"themes": themes, "left_out": left_out}},
        )
