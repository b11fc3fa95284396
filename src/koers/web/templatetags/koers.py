"""Template filters for statuses, numbers and money in Dutch notation."""

import re
from decimal import Decimal
from typing import Any

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import ngettext

from koers.addresses import plan_reverse
from koers.budgets.models import euros
from koers.dates import dutch_date
from koers.monitor.status import STATUS_LABELS, STATUS_RANK, format_value

register = template.Library()


@register.filter
def status_label(code: str) -> str:
    label = STATUS_LABELS.get(code)
    return str(label) if label is not None else code


@register.filter
def measure(value: Decimal | None, unit: str) -> str:
    return "" if value is None else format_value(value, unit)


@register.filter
def money(cents: int | None) -> str:
    return "" if cents is None else euros(cents)


register.filter("isodate", dutch_date)


@register.simple_tag
def status_bar(nodes: list[Any], label: str) -> str:
    """The statuses of some tasks as one bar of coloured parts (an SVG, without inline
    styles for the content security policy) with the counts in words beside it: the bar
    is for the eye, the words are what a screen reader reads."""
    codes = [node.status.code for node in nodes]
    if not codes:
        return ""
    order = sorted(set(codes), key=lambda code: STATUS_RANK.get(code, 99))
    counts = [(code, codes.count(code)) for code in order]
    parts, x = [], 0.0
    for code, count in counts:
        width = 100 * count / len(codes)
        parts.append(
            f'<rect class="koers-bar--{code}" x="{x:.2f}%" y="0" '
            f'width="{width:.2f}%" height="100%"/>'
        )
        x += width
    words = ", ".join(f"{count} {conditional_escape(status_label(code))}" for code, count in counts)
    chart = (
        '<svg class="koers-bar__chart" aria-hidden="true" focusable="false" width="100%" '
        f'height="16">{"".join(parts)}</svg>'
    )
    text = f'<p class="utrecht-paragraph koers-bar__words">{conditional_escape(label)}: {words}</p>'
    return mark_safe(f'<div class="koers-bar">{chart}{text}</div>')


@register.filter(needs_autoescape=True)
def prose(text: str, level: int | None = None, autoescape: bool = True) -> str:
    """Text as the documents hold it: blank lines part paragraphs, "- " lines make a list.

    Single line breaks are those of the PDF's columns, not the author's, and are joined.
    With a heading `level` (`|prose:3`), a short line of its own without closing
    punctuation, followed by more text, is the document's sub-heading and is shown as one.
    """
    return mark_safe("".join(html for html, _words in _prose_blocks(text, level, autoescape)))


# Long texts show their first words; the rest opens on request (a <details>, which works
# without JavaScript and says to screen readers whether it is open).
FOLD_AFTER_WORDS = 120
FOLD_AT_LEAST_WORDS = 60


@register.simple_tag
def folded_prose(text: str, level: int | None = None) -> str:
    """`prose`, with everything after the first paragraphs behind "Lees verder" when the
    text is long: an adviser reading top-down sees the start of each part of the page."""
    blocks = _prose_blocks(text, level, True)
    shown, words = 0, 0
    while shown < len(blocks) and words < FOLD_AFTER_WORDS:
        words += blocks[shown][1]
        shown += 1
    while shown < len(blocks) and blocks[shown - 1][0].startswith("<h"):
        shown += 1  # never a heading left alone above the fold
    rest = sum(w for _html, w in blocks[shown:])
    if rest < FOLD_AT_LEAST_WORDS:
        return mark_safe("".join(html for html, _words in blocks))
    label = ngettext("Read on (%(count)s more word)", "Read on (%(count)s more words)", rest) % {
        "count": rest
    }
    return mark_safe(
        "".join(html for html, _words in blocks[:shown])
        + f'<details class="koers-more"><summary>{conditional_escape(label)}</summary>'
        + "".join(html for html, _words in blocks[shown:])
        + "</details>"
    )


def _prose_blocks(text: str, level: int | None, autoescape: bool) -> list[tuple[str, int]]:
    """Each block of `prose` as HTML, with the number of words it holds."""
    escape = conditional_escape if autoescape else (lambda value: value)
    html: list[tuple[str, int]] = []
    blocks = [b for b in re.split(r"\n\s*\n", (text or "").strip()) if b.strip()]
    for number, block in enumerate(blocks):
        lines = [line.strip() for line in block.splitlines() if line.strip()]
        if not lines:
            continue
        words = len(" ".join(lines).split())
        if level and number + 1 < len(blocks) and is_subheading(lines):
            heading = f'<h{level} class="utrecht-heading-{level}">{escape(lines[0])}</h{level}>'
            html.append((heading, words))
        elif lines[0].startswith("- "):
            items, current = [], []
            for line in lines:
                if line.startswith("- ") and current:
                    items.append(" ".join(current))
                    current = []
                current.append(line.removeprefix("- "))
            items.append(" ".join(current))
            listed = "".join(
                f'<li class="utrecht-unordered-list__item">{escape(item)}</li>' for item in items
            )
            html.append((f'<ul class="utrecht-unordered-list">{listed}</ul>', words))
        else:
            html.append((f'<p class="utrecht-paragraph">{escape(" ".join(lines))}</p>', words))
    return html


def is_subheading(lines: list[str]) -> bool:
    """One short line that does not end a sentence: "Kinderopvang en voorschoolse educatie"."""
    line = lines[0]
    return (
        len(lines) == 1
        and 3 <= len(line) <= 90
        and not line.startswith("- ")
        and line[-1] not in ".:;,?!…"
        and line[0].isupper()
    )


@register.simple_tag(takes_context=True)
def plan_url(context: template.Context, name: str, *args: Any) -> str:
    """`{% plan_url 'web:task' code %}`: the address of a page of the plan being shown."""
    return plan_reverse(context["framework"], name, *args)
