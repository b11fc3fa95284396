"""What every page shares: the footer with open data, API, accessibility and contact, the
reporting-date picker; and the smaller fixes of the pages: the theme's programmes, context
figures in search, the measurement form in the indicator's unit."""

import html
from datetime import date

import pytest
from django.test import Client

from koers.monitor.models import Area

from helpers import page_urls, plan_url, user

pytestmark = pytest.mark.django_db


def _page(client: Client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200, path
    return html.unescape(response.content.decode())


def test_every_page_links_open_data_the_api_and_the_accessibility_statement(heerde):
    client = Client()
    for name, path in {"home": "/", "login": "/inloggen/", **page_urls()}.items():
        page = _page(client, path)
        for link in (
            'href="/api/v1/open-data/"',
            'href="/api/v1/docs/"',
            'href="/toegankelijkheid/"',
        ):
            assert link in page, (name, link)


def test_the_accessibility_statement_names_the_contact(heerde, settings):
    settings.KOERS_CONTACT_EMAIL = "toegankelijkheid@heerde.nl"
    page = _page(Client(), "/toegankelijkheid/")
    assert "Toegankelijkheidsverklaring" in page and "WCAG 2.1" in page
    assert 'href="mailto:toegankelijkheid@heerde.nl"' in page


def test_the_reporting_date_is_chosen_in_a_date_field_that_keeps_the_other_choices(heerde):
    page = _page(Client(), plan_url("web:search") + "?q=taal&peildatum=2024-06-01")
    picker = 'type="date" id="peildatum" name="peildatum" value="2024-06-01"'
    assert picker in page

    assert '<input type="hidden" name="q" value="taal">' in page


def test_the_theme_page_links_its_programmes(heerde):
    page = _page(Client(), plan_url("web:theme", "6"))
    assert "Uitvoeringsprogramma's" in page
    assert "Uitvoeringsprogramma Thema 6 Gelijke kansen 2023-2024</a>" in page
    assert "Uitvoeringsprogramma's" not in _page(Client(), plan_url("web:theme", "3"))


def test_search_finds_context_figures_by_any_of_their_words(heerde):
    page = _page(Client(), plan_url("web:search") + "?q=peuters")
    assert "Contextcijfer" in page and "/indicator/6.3-peuters/" in page
    both = _page(Client(), plan_url("web:search") + "?q=kinderopvang+peuters")
    assert "/indicator/6.3-peuters-naar-kinderopvang/" in both
    # Every word must be there: two words find fewer figures than one.
    assert 0 < both.count("Contextcijfer") < page.count("Contextcijfer")


def test_the_figure_form_names_the_unit_and_starts_at_the_municipality(heerde):
    client = Client()
    client.force_login(user("redacteur", "editor"))
    page = _page(client, plan_url("web:indicator", "3.1-eenzaamheid-65plus"))
    assert "Waarde (procent)" in page
    home = Area.objects.get(kind="municipality")
    assert f'<option value="{home.pk}" selected>' in page
    assert "---------" not in page
    judged = _page(client, plan_url("web:indicator", "5.1-zicht-op-inwoners-met-dementie"))
    assert 'name="verdict"' in judged and 'name="value"' not in judged


def test_each_theme_has_a_status_bar_with_its_counts_in_words(heerde):
    from koers.monitor.tree import load_plan
    from koers.plans.models import Framework

    framework = Framework.objects.get()
    page = _page(Client(), plan_url("web:overview") + "?peildatum=2024-06-01")
    plan = load_plan(framework, date(2024, 6, 1), confirmed_only=True)
    for theme in plan.node.children:
        codes = [task.status.code for task in theme.children]
        words = ", ".join(f"{codes.count(c)} {label}" for c, label in _legend(codes))
        assert f"Opgaves: {words}" in page, theme.code
    assert page.count('<svg class="koers-bar__chart" aria-hidden="true"') == len(plan.node.children)
    theme_page = _page(Client(), plan_url("web:theme", "6") + "?peildatum=2024-06-01")
    assert theme_page.count("koers-bar__chart") == 1


def _legend(codes: list[str]) -> list[tuple[str, str]]:
    """The statuses present, good to bad as the reports tell them."""
    from koers.monitor.status import STATUS_LABELS, STATUS_ORDER

    return [(c, str(STATUS_LABELS[c])) for c in STATUS_ORDER if c in codes]


def test_the_task_page_opens_with_the_task_at_a_glance_and_the_documents_subheadings(heerde):
    page = _page(Client(), plan_url("web:task", "6.3") + "?peildatum=2024-06-01")
    assert "In het kort" in page
    glance = page[page.index("In het kort") : page.index("Waar staan we?")]
    assert "van 11 gereed" in glance and "€ 5.000,00 en reguliere budgetten" in glance
    assert "Volgend cijfer" in glance
    assert '<h3 class="utrecht-heading-3">Kinderopvang en voorschoolse educatie</h3>' in page


def test_only_short_lines_that_end_no_sentence_become_subheadings():
    from koers.web.templatetags.koers import prose

    text = "Peuters\n\nVan de 358 peuters gaat 72%.\n\nDit is een zin.\n\nLaatste regel"
    html_text = prose(text, 3)
    assert html_text.startswith('<h3 class="utrecht-heading-3">Peuters</h3>')
    assert '<p class="utrecht-paragraph">Dit is een zin.</p>' in html_text
    assert html_text.endswith('<p class="utrecht-paragraph">Laatste regel</p>')  # nothing follows
    assert "<h3" not in prose(text)  # without a level: paragraphs as before


def test_the_context_figures_of_a_task_are_one_table(heerde):
    from koers.monitor.models import Indicator

    page = _page(Client(), plan_url("web:task", "6.3"))
    figures = Indicator.objects.filter(task__code="6.3", role="context")
    assert figures.count() > 3
    assert page.count("Cijfers uit \u2018Waar staan we?\u2019, van elk de nieuwste periode") == 2
    assert all(f"/indicator/{f.code}/" in page for f in figures)
    assert all(f"Cijfers: {f.name}" not in page for f in figures)  # no table per figure


def test_a_single_figure_is_said_not_tabled_on_the_task_page(heerde):
    from koers.monitor.models import Indicator

    vve = Indicator.objects.get(task__code="6.3", name="Bereik van de VVE-doelgroep")
    assert vve.measurements.count() == 1
    page = _page(Client(), plan_url("web:task", "6.3"))
    section = page[page.index(f'id="indicator-{vve.pk}"') :]
    section = section[: section.index("</section>")]
    assert "83%" in section and "<table" not in section
    # Its own page has the table, under the heading "Cijfers" rather than a second title.
    own = _page(Client(), plan_url("web:indicator", vve.code))
    assert '<caption class="utrecht-table__caption koers-visually-hidden">Cijfers: Bereik' in own


def test_a_long_text_shows_its_start_and_folds_the_rest():
    from koers.web.templatetags.koers import FOLD_AFTER_WORDS, folded_prose

    first = " ".join(["begin"] * (FOLD_AFTER_WORDS - 1))
    middle, last = " ".join(["midden"] * 80), " ".join(["slot"] * 70)
    text = f"{first}\n\nTussenkop\n\n{middle}\n\nTweede kop\n\n{last}"
    html_text = folded_prose(text, 3)
    shown, folded = html_text.split('<details class="koers-more">')
    # The words run out at the heading: it is not left alone above the fold.
    assert shown.endswith(
        f'<h3 class="utrecht-heading-3">Tussenkop</h3><p class="utrecht-paragraph">{middle}</p>'
    )
    assert folded == (
        "<summary>Lees verder (nog 72 woorden)</summary>"
        f'<h3 class="utrecht-heading-3">Tweede kop</h3><p class="utrecht-paragraph">{last}</p>'
        "</details>"
    )


def test_a_short_rest_is_not_folded():
    from koers.web.templatetags.koers import FOLD_AFTER_WORDS, folded_prose, prose

    text = " ".join(["woord"] * FOLD_AFTER_WORDS) + "\n\n" + "kort slot van de tekst"
    assert folded_prose(text) == prose(text)
    assert "<details" not in folded_prose(text)


def test_the_task_page_folds_its_long_situation(heerde):
    page = _page(Client(), plan_url("web:task", "6.3"))
    situation = page.split(">Waar staan we?</h2>")[1].split("<h2")[0]
    assert '<details class="koers-more"><summary>Lees verder (nog ' in situation
    assert "Kinderopvang en voorschoolse educatie" in situation.split("<details")[0]
    assert "Recht op onderwijs" in situation.split("<details")[1]  # folded, not lost
