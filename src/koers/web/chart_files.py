"""An indicator's chart as PNG or SVG, and the figures it draws as CSV.

The files show what the page shows on the same reporting date, to the same reader: the
figures come from the plan as `plan_page` read it (unconfirmed figures for insiders only).
"""

import csv
import io
from datetime import date
from decimal import Decimal

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.text import slugify
from django.utils.translation import gettext as _

from koers.cells import csv_cell
from koers.monitor.charts import figures, plan_chart, png
from koers.monitor.models import Indicator
from koers.monitor.tree import Plan
from koers.web.plans import plan_page
from koers.web.views import find_indicator

CONTENT_TYPES = {"png": "image/png", "svg": "image/svg+xml", "csv": "text/csv; charset=utf-8"}


@plan_page
def chart_file(
    request: HttpRequest, plan: Plan, on: date, task: str, code: str, fmt: str
) -> HttpResponse:
    if fmt not in CONTENT_TYPES:
        raise Http404(_("Charts are available as PNG, SVG and CSV."))
    indicator = find_indicator(plan, task, code)
    if fmt == "csv":
        data = _csv(indicator, plan)
    else:
        chart = plan_chart(indicator, plan)
        if chart is None:
            raise Http404(_("This indicator has no figures to draw."))
        data = png(chart["spec"]) if fmt == "png" else chart["svg"].encode()
    response = HttpResponse(data, content_type=CONTENT_TYPES[fmt])
    code = indicator.code.replace(".", "-")  # slugify drops dots: 3.1 would become 31
    name = slugify(f"{code} {on.isoformat()}")
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


def _csv(indicator: Indicator, plan: Plan) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")  # as Dutch spreadsheets open it
    writer.writerow([_("Indicator"), _("Area"), _("Period"), _("Value"), _("Unit")])
    unit = indicator.get_unit_display()
    for f in figures(indicator, plan.framework):
        value = format(Decimal(str(f.value)).normalize(), "f").replace(".", ",")
        row = [indicator.name, f.area, f.period or _("year not stated"), value, unit]
        writer.writerow([csv_cell(cell) for cell in row])
    return ("\ufeff" + out.getvalue()).encode()
