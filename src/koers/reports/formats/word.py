"""The report as a Word document with real headings and tables, so that the griffie can
move it into the council's own template: heading 1 per theme, heading 2 per task.
"""

import io
from collections.abc import Collection, Mapping
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt, RGBColor

from koers.budgets.models import euros
from koers.dates import dutch_date as isodate
from koers.monitor.charts import png
from koers.monitor.status import format_value
from koers.reports import structure
from koers.reports.formats.text import flow
from koers.reports.overview import tasks_with_work

LIGHTS = {
    "achieved": "0B7A36",
    "done": "0B7A36",
    "on_track": "3FA34D",
    "on_schedule": "3FA34D",
    "at_risk": "B07F00",
    "off_track": "C40000",
    "late": "C40000",
    "missed": "C40000",
}


def render_docx(content: structure.Report) -> bytes:
    with translation.override(content["language"]):
        document = _Writer(content).write()
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _money(cents: int | None) -> str:
    return "" if cents is None else euros(cents)


def _a4_with_page_numbers(doc: Any) -> None:
    """A4 with Dutch margins, and "page N" centred in the footer of every page."""
    for section in doc.sections:
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.left_margin = section.right_margin = Mm(25)
        section.top_margin = section.bottom_margin = Mm(20)
        footer = section.footer.paragraphs[0]
        footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = footer.add_run()
        for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
            if kind:
                element = OxmlElement("w:fldChar")
                element.set(qn("w:fldCharType"), kind)
            else:
                element = OxmlElement("w:instrText")
                element.set(qn("xml:space"), "preserve")
                element.text = text
            run._r.append(element)


class _Writer:
    def __init__(self, content: structure.Report) -> None:
        self.r = content
        self.doc = Document()

    def write(self) -> Any:
        r, doc = self.r, self.doc
        props = doc.core_properties
        props.title = r["title"]
        props.author = _("Municipality of %(name)s") % {"name": r["municipality"]["name"]}
        props.subject = _("Progress report")
        props.language = "nl-NL" if r["language"] == "nl" else r["language"]
        _a4_with_page_numbers(doc)
        doc.add_heading(r["title"], level=0)
        scope = r["scope"]
        subject = scope["programme_title"] or scope["framework_title"]
        doc.add_paragraph(f"{subject} ({scope['start_year']}-{scope['end_year']})")
        doc.add_paragraph(f"{_('Reporting date')}: {isodate(r['reporting_date'])}")
        if r["state"] != "published":
            doc.add_paragraph(
                _("Draft: not yet published.")
                if r["state"] == "draft"
                else _("The current state, not a published report; without explanations.")
            )
        self._overview()
        self._summary()
        self._changes()
        for theme in r["themes"]:
            doc.add_heading(f"{_('Theme')} {theme['chapter']}. {theme['title']}", level=1)
            self._status(theme)
            for task in theme["tasks"]:
                self._task(task)
        self._sources()
        self._colophon()
        return doc

    # -- pieces ------------------------------------------------------------------------------

    def _status(self, item: Mapping[str, Any], paragraph: Any = None, reason: bool = True) -> None:
        paragraph = paragraph if paragraph is not None else self.doc.add_paragraph()
        light = paragraph.add_run("● ")
        light.font.color.rgb = RGBColor.from_string(LIGHTS.get(item["status"], "808080"))
        paragraph.add_run(item["status_label"]).bold = True
        if reason and item.get("reason"):
            paragraph.add_run(f" {item['reason']}")

    def _table(
        self,
        header: list[str],
        rows: list[list[Any]],
        numeric: Collection[int] = frozenset(),
        widths: list[float] | None = None,
        small: bool = False,
    ):
        """A table with a repeating header row; `widths` in cm (Word and LibreOffice give
        every column the same width otherwise, so a text column is squeezed like a count)."""
        table = self.doc.add_table(rows=1, cols=len(header))
        table.style = "Table Grid"
        for cell, text in zip(table.rows[0].cells, header, strict=True):
            cell.text = text
            cell.paragraphs[0].runs[0].bold = True
        _repeat_header(table.rows[0])
        for values in rows:
            cells = table.add_row().cells
            for i, (cell, value) in enumerate(zip(cells, values, strict=True)):
                if isinstance(value, dict):
                    self._status(value, cell.paragraphs[0], reason=False)
                else:
                    cell.text = "" if value is None else str(value)
                if i in numeric:
                    cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
        if widths:
            table.autofit = False
            # The grid (LibreOffice reads it) and each cell (Word reads those).
            for column, width in zip(table.columns, widths, strict=True):
                column.width = Cm(width)
            for row in table.rows:
                for cell, width in zip(row.cells, widths, strict=True):
                    cell.width = Cm(width)
        if small:
            for row in table.rows:
                for cell in row.cells:
                    for paragraph in cell.paragraphs:
                        for run in paragraph.runs:
                            run.font.size = Pt(8)
        return table

    def _overview(self) -> None:
        r, doc = self.r, self.doc
        overview = r["overview"]
        doc.add_heading(_("Summary for the council"), level=1)
        if overview["key_message"]:
            doc.add_heading(_("Key message"), level=2)
            for line, listed in flow(overview["key_message"]):
                doc.add_paragraph(line, style="List Bullet" if listed else None)
        doc.add_heading(_("In brief"), level=2)
        self._status(r)
        for point in overview["points"]:
            doc.add_paragraph(point, style="List Bullet")
        if overview["overdue"]:
            doc.add_paragraph(_("Figures that are overdue")).runs[0].bold = True
            self._table(
                [_("Indicator"), _("Expected figure"), _("Expected around"), _("Latest known")],
                [
                    [
                        f"{f['task']} {f['name']}",
                        f["period"],
                        isodate(f["due"]),
                        f["latest_period"] or _("none"),
                    ]
                    for f in overview["overdue"]
                ],
                widths=[8.5, 2.5, 2.5, 2.5],
            )

    def _summary(self) -> None:
        r, doc = self.r, self.doc
        doc.add_heading(_("Status per task"), level=1)
        rows: list[list[Any]] = []
        for theme in r["summary"]["themes"]:
            rows.append([f"{theme['chapter']}. {theme['title']}", theme])
            rows += [[f"{t['code']} {t['title']}", t] for t in theme["tasks"]]
        self._table([_("Task"), _("Status")], rows, widths=[11.0, 5.0])
        doc.add_heading(_("Actions and budget per task"), level=2)
        themes, left_out = tasks_with_work(r["summary"])
        if themes:
            rows = []
            for theme in themes:
                rows.append([f"{theme['chapter']}. {theme['title']}", *[""] * 9])
                rows += [self._work_row(f"{t['code']} {t['title']}", t) for t in theme["tasks"]]
            rows.append(self._work_row(_("Total"), r["summary"]))
            header = [
                _("Task"),
                _("done"),
                _("on schedule"),
                _("late"),
                _("not started"),
                _("cancelled"),
                _("total"),
                _("planned"),
                _("already reserved"),
                _("spent"),
            ]
            self._table(
                header,
                rows,
                numeric=set(range(1, 10)),
                widths=[3.4] + [1.25] * 6 + [1.7] * 3,
                small=True,
            )
        if left_out:
            doc.add_paragraph(
                ngettext(
                    "One task has no actions or budget in a programme yet; the table leaves "
                    "it out.",
                    "%(count)s tasks have no actions or budget in a programme yet; the table "
                    "leaves them out.",
                    left_out,
                )
                % {"count": left_out}
            )

    @staticmethod
    def _work_row(label: str, item: Mapping[str, Any]) -> list[Any]:
        a, b = item["actions"], item["budget"]
        return [
            label,
            a["done"],
            a["on_schedule"],
            a["late"],
            a["not_started"],
            a["cancelled"],
            a["total"],
            _money(b["planned_cents"]),
            _money(b["reserved_cents"]),
            _money(b["spent_cents"]),
        ]

    def _changes(self) -> None:
        c = self.r["changes"]
        self.doc.add_heading(_("What changed"), level=1)
        if not c["previous"]:
            self.doc.add_paragraph(
                _(
                    "This is the first published report on this subject; "
                    "there is nothing to compare with."
                )
                if self.r["state"] == "published"
                else _(
                    "No report on this subject has been published yet; "
                    "there is nothing to compare with."
                )
            )
            return
        self.doc.add_paragraph(
            _("Compared with the previous published report, “%(title)s” (reporting date %(date)s).")
            % {"title": c["previous"]["title"], "date": isodate(c["previous"]["reporting_date"])}
        )
        sections = [
            (
                _("Statuses that moved"),
                [
                    f"{s['code']} {s['title']}: {s['from_label']} → {s['to_label']}"
                    for s in c["statuses"]
                ],
                _("No status moved."),
            ),
            (
                _("New or corrected figures"),
                [
                    f"{m['indicator_name']}, {m['area_name']} {m['period']}: "
                    f"{format_value(m['value'], m['unit'])}"
                    for m in c["measurements"]
                ],
                _("No new figures."),
            ),
            (
                _("Actions completed"),
                [f"{a['task']} {a['code']}: {a['title']}" for a in c["actions_completed"]],
                _("No action was completed."),
            ),
            (
                _("Actions newly late"),
                [f"{a['task']} {a['code']}: {a['title']}" for a in c["actions_newly_late"]],
                _("No action became late."),
            ),
        ]
        for title, lines, nothing in sections:
            self.doc.add_heading(title, level=2)
            if not lines:
                self.doc.add_paragraph(nothing)
            for line in lines:
                self.doc.add_paragraph(line, style="List Bullet")

    def _task(self, task: structure.Task) -> None:
        doc = self.doc
        doc.add_heading(f"{task['code']} {task['title']}", level=2)
        self._status(task)
        if task["explanation"]:
            doc.add_heading(_("Explanation"), level=3)
            for block in task["explanation"].split("\n\n"):
                doc.add_paragraph(" ".join(block.split()))
        if task["ambitions"]:
            doc.add_heading(_("Ambitions"), level=3)
            for aim in task["ambitions"]:
                for line, listed in flow(aim["text"]):
                    doc.add_paragraph(line, style="List Bullet 2" if listed else "List Bullet")
                for mean in aim["means"]:
                    doc.add_paragraph(" ".join(mean.split()), style="List Bullet 2")
        if task["indicators"]:
            doc.add_heading(_("Indicators"), level=3)
            for indicator in task["indicators"]:
                self._indicator(indicator)
        if task["programme_ambitions"]:
            doc.add_heading(_("Actions and results"), level=3)
            for ambition in task["programme_ambitions"]:
                doc.add_paragraph(f"{_('Ambition')} {ambition['number']}: {ambition['text']}")
                # A column for notes only when there is one: no column of dashes.
                notes = any(a["latest_note"] for a in ambition["actions"])
                rows = [
                    [f"{_('Action')} {a['code']}", a["text"], a]
                    + (
                        [
                            f"{isodate(a['latest_note']['date'])}: {a['latest_note']['text']}"
                            if a["latest_note"]
                            else ""
                        ]
                        if notes
                        else []
                    )
                    for a in ambition["actions"]
                ] + [
                    [f"{_('Result')} {r['code']}", r["text"], r] + ([""] if notes else [])
                    for r in ambition["results"]
                ]
                header = [_("No."), _("What we do / how we show it"), _("Status")]
                self._table(
                    header + ([_("Latest note")] if notes else []),
                    rows,
                    widths=[2.6, 5.9, 3.5, 4.0] if notes else [2.6, 8.9, 4.5],
                )
        if task["budget_lines"]:
            doc.add_heading(_("Resources and capacity"), level=3)
            rows = [
                [
                    ": ".join(x for x in (line["resource"], line["description"]) if x)
                    + (f" ({_('taakveld')} {line['taakveld']})" if line.get("taakveld") else ""),
                    _money(line["amount_cents"]) or _("from regular budgets"),
                    _money(line["spent_cents"]),
                    line["kind_label"],
                ]
                for line in task["budget_lines"]
            ]
            self._table(
                [_("Resource or capacity"), _("Amount"), _("spent"), _("Kind")],
                rows,
                {1, 2},
                widths=[8.3, 2.7, 2.2, 2.8],
            )

    def _indicator(self, i: structure.Indicator) -> None:
        doc, unit = self.doc, i["unit"]
        doc.add_heading(i["name"], level=4)
        if i["sentence"]:
            doc.add_paragraph(f"“{' '.join(i['sentence'].split())}”").runs[0].italic = True
        self._status(i)

        def figure(point: Mapping[str, Any]) -> str:
            return (
                f"{format_value(point['value'], unit)} ({point['period'] or _('year not stated')})"
            )

        # Only rows that have something to say: no table of dashes.
        rows = [
            *([[_("Latest value"), figure(i["latest"])]] if i["latest"] else []),
            *([[_("Baseline"), figure(i["baseline"])]] if i["baseline"] else []),
            *([[_("Target"), " ".join(i["target"].split())]] if i["target"] else []),
            *([b["area_name"], figure(b)] for b in i["benchmarks"]),
        ]
        band = i.get("peer_band")
        if band:
            rows.append(
                [
                    _("Comparable municipalities"),
                    _(
                        "median %(median)s (%(low)s to %(high)s, %(count)s municipalities, "
                        "%(period)s)"
                    )
                    % {
                        "median": format_value(band["median"], unit),
                        "low": format_value(band["low"], unit),
                        "high": format_value(band["high"], unit),
                        "count": band["count"],
                        "period": band["period"] or _("year not stated"),
                    },
                ]
            )
        upcoming = i["next_measurement"]
        if upcoming:
            when = (
                f" ({_('expected around')} {isodate(upcoming['due'])})" if upcoming["due"] else ""
            )
            rows.append([_("Next measurement"), f"{upcoming['period']}{when}"])
        if rows:
            self._table(
                [_("Key figures: %(name)s") % {"name": i["name"]}, ""], rows, widths=[5.0, 11.0]
            )
        if not i["measurements"]:
            doc.add_paragraph(_("No figures yet."))
        chart = i.get("chart")
        if chart:
            doc.add_picture(io.BytesIO(png(chart)), width=Cm(15))
            _describe_picture(
                doc,
                _("Chart of %(name)s; the numbers are in the table below.") % {"name": i["name"]},
            )
        if i["measurements"]:
            rows = [
                [
                    m["area_name"],
                    m["period"] or _("year not stated"),
                    format_value(m["value"], unit),
                    m["source"] or _("not stated"),
                ]
                for m in i["measurements"]
            ]
            self._table(
                [_("Area"), _("Period"), _("Value"), _("Source")],
                rows,
                {2},
                widths=[4.0, 3.0, 2.5, 6.5],
            )
        for part in i.get("breakdowns") or []:
            doc.add_paragraph(
                _("%(name)s by %(dimension)s (%(period)s)")
                % {
                    "name": i["name"],
                    "dimension": part["dimension"].lower(),
                    "period": part["period"] or _("year not stated"),
                }
            )
            self._table(
                [part["dimension"], *part["areas"]],
                [
                    [
                        row["category"],
                        *(
                            _("not published") + "*"
                            if cell["withheld"]
                            else "\u2013"  # an en dash: no figure
                            if cell["value"] is None
                            else format_value(cell["value"], unit)
                            for cell in row["cells"]
                        ),
                    ]
                    for row in part["rows"]
                ],
                set(range(1, len(part["areas"]) + 1)),
            )
        withheld = i.get("withheld") or []
        if withheld:
            doc.add_paragraph(_("Not published:"))
        for w in withheld:
            where = ", ".join(
                part
                for part in (w["area_name"], w["period"] or _("year not stated"), w["category"])
                if part
            )
            doc.add_paragraph(f"{where}: {w['reason']}.", style="List Bullet")

    def _sources(self) -> None:
        self.doc.add_heading(_("Sources"), level=1)
        rows = [
            [
                s["name"],
                s["publisher"] or _("not stated"),
                ", ".join(s["periods"]) or _("year not stated"),
                s["figures"],
            ]
            for s in self.r["sources"]
        ]
        self._table(
            [_("Source"), _("Publisher"), _("Periods"), _("Figures")],
            rows,
            {3},
            widths=[6.0, 4.0, 4.0, 2.0],
        )

    def _colophon(self) -> None:
        c = self.r["colophon"]
        self.doc.add_heading(_("Colophon"), level=1)
        for label, value in [
            (_("Municipality"), c["municipality"]),
            (_("Subject"), c["subject"]),
            (_("Period"), c["period"]),
            (_("Reporting date"), isodate(c["reporting_date"])),
            (_("Made on"), isodate(c["generated_at"])),
            (_("Made with"), "Koers"),
        ]:
            paragraph = self.doc.add_paragraph()
            paragraph.add_run(f"{label}: ").bold = True
            paragraph.add_run(value)


def _repeat_header(row: Any) -> None:
    """Word repeats this row at the top of every page the table runs over."""
    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


def _describe_picture(doc: Any, text: str) -> None:
    """Alternative text for the picture just added, for screen readers."""
    drawings = doc.paragraphs[-1]._p.xpath(".//wp:docPr")
    if drawings:
        drawings[-1].set("descr", text)
