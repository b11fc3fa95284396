"""The public pages in a real browser: Debian's Chromium driven by Playwright.

Every page type is checked with axe-core (vendored in tests/vendor) for WCAG 2.1 AA
violations, navigated by keyboard, and photographed into artifacts/screenshots/.
"""

import itertools
from pathlib import Path

import pytest
from conftest import load_heerde
from django.contrib.auth import get_user_model

from koers.accounts.models import Role
from koers.plans.models import Action, Municipality, Programme, Theme
from koers.reports.models import Report
from koers.reports.publishing import publish

from helpers import page_urls, plan_url, run_jobs

AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
SHOTS = Path(__file__).resolve().parents[1] / "artifacts" / "screenshots"
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# The screenshots of every page type are taken at these widths (artifacts/screenshots/).
DESKTOP, PHONE = 1366, 390


@pytest.fixture
def site(transactional_db, live_server, browser):
    load_heerde()
    # bypass_csp lets the test inject axe-core; the policy itself is tested in test_editing.
    context = browser.new_context(
        locale="nl-NL", viewport={"width": DESKTOP, "height": 900}, bypass_csp=True
    )
    page = context.new_page()
    yield live_server.url, page
    context.close()


def axe_violations(page) -> list[dict]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_AA
    )
    return [
        {"id": v["id"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"][:3]]}
        for v in result["violations"]
    ]


def shoot(page, name: str, full: bool = True) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=full)


def test_every_page_type_passes_axe(site):
    url, page = site
    programme = Programme.objects.get()
    pages = {
        "home": "/",
        **page_urls(),
        "login": "/inloggen/",
        "accessibility": "/toegankelijkheid/",
        **_report_pages(programme),
    }
    found = {}
    page.set_viewport_size({"width": DESKTOP, "height": 900})
    for name, path in pages.items():
        page.goto(url + path + ("&" if "?" in path else "?") + "peildatum=2024-01-01")
        shoot(page, f"{name}-{DESKTOP}")
        violations = axe_violations(page)
        if violations:
            found[name] = violations
    assert found == {}


def _report_pages(programme: Programme) -> dict[str, str]:
    """The report list, a published report's page and its print view (the HTML report)."""
    report = Report.objects.create(
        framework=programme.framework,
        programme=programme,
        reporting_date="2024-01-01",
        title="Voortgangsrapportage januari 2024",
    )
    publish(report, None)
    return {
        "reports": plan_url("reports:index"),
        "report": plan_url("reports:detail", report.pk),
        "report-print-view": plan_url("reports:view", report.pk),
    }


def test_drill_down_from_the_overview_to_a_task(site):
    url, page = site
    page.goto(url + "/?peildatum=2022-06-01")
    assert page.locator("html").get_attribute("lang") == "nl"
    page.get_by_role("link", name="Heerde", exact=True).click()
    page.get_by_role("link", name="6. Gelijke kansen").click()
    page.get_by_role(
        "link", name="6.3 Vergroten kansengelijkheid in het onderwijs en kinderopvang"
    ).click()
    assert page.get_by_role("heading", level=1).inner_text().startswith("Opgave 6.3")
    assert page.get_by_role("heading", name="Waar staan we?", exact=True).is_visible()
    shoot(page, "drill-down-task-6.3")


def test_the_language_switch_works_on_a_kept_page(site):
    """A visitor's page is kept whole and carries no CSRF token; the switch works without."""
    url, page = site
    task = url + plan_url("web:task", "3.1")
    page.goto(task)
    page.goto(task)  # the kept page
    page.get_by_role("button", name="English").click()
    assert page.url == task
    assert page.get_by_role("heading", name="Where do we stand?", exact=True).is_visible()
    page.get_by_role("button", name="Nederlands").click()
    assert page.get_by_role("heading", name="Waar staan we?", exact=True).is_visible()


def test_keyboard_only_skip_link_and_focus(site):
    url, page = site
    page.goto(url + "/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Direct naar de inhoud"
    assert page.locator(".koers-skip-link").is_visible()  # visible when focused
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "inhoud"
    # Tabbing on reaches the first link of the content.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('main') !== null")


def test_headings_are_in_order(site):
    url, page = site
    programme = Programme.objects.get()
    print_view = _report_pages(programme)["report-print-view"]
    plan = [plan_url("web:overview"), plan_url("web:programme", programme.pk)]
    for path in ["/", "/opgave/6.3/", *plan, print_view]:
        page.goto(url + path)
        levels = page.evaluate(
            "[...document.querySelectorAll('h1,h2,h3,h4,h5,h6')].map(h => +h.tagName[1])"
        )
        assert levels[0] == 1 and levels.count(1) == 1, path
        assert all(b - a <= 1 for a, b in itertools.pairwise(levels)), (path, levels)


def test_axe_finds_violations_when_there_are_some(browser):
    # The check above can fail: a page with an unlabelled image and field is caught.
    page = browser.new_page()
    page.set_content('<html lang="nl"><body><main><img src="x.png"><input></main></body></html>')
    ids = {v["id"] for v in axe_violations(page)}
    page.close()
    assert {"image-alt", "label"} <= ids


def test_editor_logs_in_updates_an_action_and_sees_status_and_history(site):
    url, page = site
    editor = get_user_model().objects.create_user("redacteur", password="geheim-wachtwoord-1")
    Role.objects.create(
        user=editor, kind="editor", municipality=Municipality.objects.get()
    ).themes.set(Theme.objects.filter(chapter="6"))
    action = Action.objects.get(ambition__task__code="6.3", code="2.1")

    page.goto(url + "/opgave/6.3/")
    page.get_by_role("link", name="Inloggen").click()
    page.get_by_label("Gebruikersnaam").fill("redacteur")
    page.get_by_label("Wachtwoord").fill("geheim-wachtwoord-1")
    page.get_by_role("button", name="Inloggen").click()
    assert page.url.endswith("/opgave/6.3/")

    page.get_by_role("link", name="2.1", exact=True).click()
    page.get_by_label("Status").select_option("in_progress")
    page.get_by_label("Voortgang (%)").fill("40")
    page.get_by_label("Notitie", exact=True).fill("Eerste bijeenkomst met de scholen gehouden.")
    shoot(page, "action-form")
    page.get_by_role("button", name="Update opslaan").click()

    assert page.get_by_text("De actie is bijgewerkt.").is_visible()
    # The 2023-2024 programme has ended: an action still in progress is late, at 40%.
    assert page.locator(".koers-status").first.inner_text().strip() == "te laat"
    assert "niet gereed (40%)" in page.content()
    history = page.get_by_role("table", name="Elke wijziging met wie en wanneer, nieuwste eerst")
    assert "niet gestart → in uitvoering" in history.inner_text()
    assert "redacteur" in history.inner_text()
    shoot(page, "action-updated")
    action.refresh_from_db()
    assert (action.status, action.progress) == ("in_progress", 40)
    assert axe_violations(page) == []


def test_charts_draw_in_the_browser_under_the_content_security_policy(
    transactional_db, live_server, browser
):
    load_heerde()
    context = browser.new_context(viewport={"width": 1280, "height": 900})  # CSP enforced
    page = context.new_page()
    problems = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.goto(live_server.url + "/indicator/3.1-eenzaamheid-65plus/")
    page.wait_for_selector("figure.koers-chart--live .koers-chart__live svg", timeout=15000)
    live = page.locator(".koers-chart__live svg").first
    assert "2020" in live.inner_html()  # the years on the axis
    assert not page.locator(".koers-chart__image").first.is_visible()
    shoot(page, "indicator-chart-live")
    context.close()
    assert problems == []


def test_without_javascript_the_server_chart_stays(transactional_db, live_server, browser):
    load_heerde()
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + "/indicator/3.1-eenzaamheid-65plus/")
    assert page.locator(".koers-chart__image svg").first.is_visible()
    context.close()


def test_editor_reviews_an_imported_document_beside_its_text(site):
    url, page = site
    editor = get_user_model().objects.create_user("beleid", password="geheim-wachtwoord-1")
    Role.objects.create(user=editor, kind="editor", municipality=Municipality.objects.get())
    page.goto(url + "/inloggen/")
    page.get_by_label("Gebruikersnaam").fill("beleid")
    page.get_by_label("Wachtwoord").fill("geheim-wachtwoord-1")
    page.get_by_role("button", name="Inloggen").click()
    page.get_by_role("link", name="Document importeren").click()
    seed = Path(__file__).resolve().parents[2] / "shared" / "seeds" / "003_12bc93806595a94c.txt"
    page.get_by_label("Document", exact=True).set_input_files(str(seed))
    page.get_by_role("button", name="Document lezen").click()
    assert page.get_by_text("Deze pagina ververst vanzelf.", exact=False).is_visible()
    run_jobs()  # the worker reads it; the job's page leads on to the review
    page.reload()
    page.get_by_role("link", name="Naar het resultaat").click()
    assert page.get_by_role("heading", name="Het voorgestelde plan", exact=True).is_visible()
    # The Heerde programme is loaded already: saving would add nothing, and is off.
    assert page.get_by_text("Niets nieuws: Koers bevat alles uit dit document al.").is_visible()
    assert page.get_by_role("button", name="Nieuwe onderdelen opslaan").is_disabled()
    # Each proposed item is a group of fields; "In de tekst" shows its line beside the form.
    action = page.get_by_role("group", name="Actie 1.2, opgave 6.1", exact=True)
    assert action.get_by_label("Tekst").input_value().startswith("We bieden")
    link = action.get_by_role("link", name="In de tekst")
    link.scroll_into_view_if_needed()
    form_top = page.evaluate("window.scrollY")
    link.click()
    line = page.locator(".koers-line--current")
    assert line.count() == 1 and line.inner_text().startswith("1.2")
    assert page.evaluate("window.scrollY") == form_top  # the form stayed where it was
    pane = page.locator(".koers-lines").bounding_box()
    shown = line.bounding_box()
    assert pane["y"] <= shown["y"] <= pane["y"] + pane["height"]
    # Working in a field shows its item's line too; a line leads back to its item.
    page.get_by_role("group", name="Actie 2.1, opgave 6.1", exact=True).get_by_label("Code").focus()
    assert page.locator(".koers-line--current").inner_text().startswith("2.1")
    page.locator(".koers-line-link").first.click()
    assert page.evaluate("location.hash") == "#onderdeel-1"
    assert page.locator("#onderdeel-1:target").is_visible()
    shoot(page, f"document-review-{DESKTOP}", full=False)
    assert axe_violations(page) == []
    page.set_viewport_size({"width": PHONE, "height": 800})
    page.reload()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    # On a phone the text stands above the form: the link goes to the line itself.
    page.get_by_role("group", name="Actie 1.2, opgave 6.1", exact=True).get_by_role(
        "link", name="In de tekst"
    ).click()
    assert page.evaluate("location.hash").startswith("#regel-")
    shoot(page, f"document-review-{PHONE}", full=False)
    assert axe_violations(page) == []


def test_editor_reviews_a_programme_budget_and_reads_a_result_on_its_page(site):
    url, page = site
    oostermeer = Municipality.objects.create(cbs_code="GM9901", name="Oostermeer")
    editor = get_user_model().objects.create_user("begroting", password="geheim-wachtwoord-1")
    Role.objects.create(user=editor, kind="editor", municipality=oostermeer)
    page.goto(url + "/inloggen/")
    page.get_by_label("Gebruikersnaam").fill("begroting")
    page.get_by_label("Wachtwoord").fill("geheim-wachtwoord-1")
    page.get_by_role("button", name="Inloggen").click()
    page.get_by_role("link", name="Document importeren").click()
    budget = Path(__file__).parent / "data" / "budgets" / "begroting-oostermeer-2025.txt"
    page.get_by_label("Document", exact=True).set_input_files(str(budget))
    page.get_by_role("button", name="Document lezen").click()
    run_jobs()
    page.reload()
    page.get_by_role("link", name="Naar het resultaat").click()
    assert page.get_by_text("als programmabegroting", exact=False).is_visible()
    result = page.get_by_role("group", name="Actie 1.1, opgave 3.1", exact=True)
    assert result.get_by_label("Toelichting").input_value().startswith("De wijkteams")
    shoot(page, f"budget-review-{DESKTOP}", full=False)
    assert axe_violations(page) == []
    page.get_by_role("button", name="Nieuwe onderdelen opslaan").click()
    action = Action.objects.get(ambition__programme__theme__chapter="3", code="1.1")
    page.goto(
        url + plan_url("web:action", action.pk, framework=action.ambition.programme.framework)
    )
    assert page.get_by_text("De wijkteams zijn vanaf 1 maart 2025", exact=False).is_visible()
    page.set_viewport_size({"width": PHONE, "height": 900})
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE
    shoot(page, f"budget-action-{PHONE}")
    assert axe_violations(page) == []
    page.goto(
        url
        + plan_url(
            "web:programme",
            action.ambition.programme.pk,
            framework=action.ambition.programme.framework,
        )
    )
    page.get_by_role("heading", name="In de programmabegroting").scroll_into_view_if_needed()
    assert page.get_by_text("€ 23.655.000,00").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE
    shoot(page, f"budget-programme-{PHONE}")
    page.set_viewport_size({"width": DESKTOP, "height": 900})
    shoot(page, f"budget-programme-{DESKTOP}")
    page.set_viewport_size({"width": PHONE, "height": 900})
    # A year later: the annual account, reviewed on a phone and saved.
    page.goto(url + "/documenten/importeren/")
    accounts = budget.parent / "jaarstukken-oostermeer-2025.txt"
    page.get_by_label("Document", exact=True).set_input_files(str(accounts))
    page.get_by_role("button", name="Document lezen").click()
    run_jobs()
    page.reload()
    page.get_by_role("link", name="Naar het resultaat").click()
    assert page.get_by_role("heading", name="De jaarstukken controleren").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE
    shoot(page, f"accounts-review-{PHONE}")
    assert axe_violations(page) == []
    page.set_viewport_size({"width": DESKTOP, "height": 900})
    shoot(page, f"accounts-review-{DESKTOP}")
    page.get_by_role("button", name="Voortgang opslaan").click()
    action.refresh_from_db()
    assert action.status == "done"


def test_api_documentation_renders_under_the_content_security_policy(
    transactional_db, live_server, browser
):
    context = browser.new_context(viewport={"width": 1280, "height": 900})  # CSP enforced
    page = context.new_page()
    problems = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.goto(live_server.url + "/api/v1/docs/")
    page.wait_for_selector(".opblock-tag", timeout=15000)
    assert page.get_by_text("/api/v1/frameworks/{framework_pk}/tasks/{code}/").first.is_visible()
    shoot(page, "api-docs")
    context.close()
    assert problems == []


def test_the_pages_of_owners_reminders_and_the_cycle_pass_axe(site):
    """Mijn acties, choosing who is responsible, the reminder choices, the reports page with
    the next reporting moment, and starting the next programme period; at desktop and phone
    width."""
    url, page = site
    from datetime import date

    from koers.plans import responsibility
    from koers.plans.models import Contact, Team
    from koers.reminders.services import preferences_token
    from koers.reports.models import ReportingMoment

    municipality = Municipality.objects.get()
    editor = get_user_model().objects.create_user("redacteur", password="geheim-wachtwoord-1")
    Role.objects.create(user=editor, kind="editor", municipality=municipality)
    team = Team.objects.create(municipality=municipality, name="Team Gelijke kansen")
    anna = Contact.objects.create(
        municipality=municipality, name="Anna de Vries", email="anna@heerde.nl", user=editor,
        team=team,
    )  # fmt: skip
    actions = list(Action.objects.filter(ambition__task__code="6.1"))
    responsibility.assign(editor, actions, responsible=anna, team=team)
    ReportingMoment.objects.create(
        municipality=municipality, kind="voorjaarsnota", title="Voorjaarsnota 2027",
        reporting_date=date(2027, 3, 31), deadline=date(2027, 5, 15),
    )  # fmt: skip
    page.goto(url + "/inloggen/")
    page.get_by_label("Gebruikersnaam").fill("redacteur")
    page.get_by_label("Wachtwoord").fill("geheim-wachtwoord-1")
    page.get_by_role("button", name="Inloggen").click()
    programme = Programme.objects.get()
    draft = Report.objects.create(
        framework=programme.framework, programme=programme, reporting_date="2024-06-01",
        title="Voortgang juni 2024",
    )  # fmt: skip
    pages = {
        "report-draft": plan_url("reports:detail", draft.pk),
        "publish-confirm": plan_url("reports:publish", draft.pk),
        "my-actions": "/mijn-acties/?peildatum=2027-04-20",
        "responsibility": plan_url("web:responsibility") + "?thema=6",
        "reminder-choices": f"/herinneringen/{preferences_token(anna)}/",
        "reports-next-moment": plan_url("reports:index") + "?peildatum=2027-04-20",
        "next-period": plan_url("web:next_period", programme.pk),
        "programme-with-people": plan_url("web:programme", programme.pk),
        # The forms an editor works in: a figure in the indicator's unit, an assessment of
        # a qualitative indicator, the update of an action.
        "measurement-form": plan_url("web:indicator", "3.1-eenzaamheid-65plus"),
        "assessment-form": plan_url("web:indicator", "7.2-aanpassingen-regelingen"),
        "action-update-form": plan_url(
            "web:action", Action.objects.filter(ambition__task__code="6.1").first().pk
        ),
    }
    found = {}
    for width in (DESKTOP, PHONE):
        page.set_viewport_size({"width": width, "height": 900})
        for name, path in pages.items():
            page.goto(url + path)
            shoot(page, f"{name}-{width}")
            violations = axe_violations(page)
            if violations:
                found[f"{name}-{width}"] = violations
    assert found == {}
    page.goto(url + pages["measurement-form"])
    assert page.get_by_label("Waarde (procent)").is_visible()
    page.goto(url + pages["assessment-form"])
    assert page.get_by_role("heading", name="Deze indicator beoordelen").is_visible()
    assert page.get_by_role("heading", name="Meting invoeren").count() == 0
    page.goto(url + pages["my-actions"])
    assert "Actie 1.1 van opgave 6.1" in page.content()
    assert page.get_by_role(
        "heading", name="De volgende rapportage vraagt om een toelichting"
    ).is_visible()


NARROW = (320, 360, 390)


def test_no_page_is_wider_than_a_phone_and_the_menu_folds_away(site):
    """Every page type at 320, 360 and 390 px: nothing wider than the screen (tables scroll
    in their own region), axe clean at the narrowest; the main menu opens from a button."""
    url, page = site
    editor = get_user_model().objects.create_user("redacteur", password="geheim-wachtwoord-1")
    Role.objects.create(user=editor, kind="editor", municipality=Municipality.objects.get())
    programme = Programme.objects.get()
    pages = {
        "home": "/",
        **page_urls(),
        "login": "/inloggen/",
        "accessibility": "/toegankelijkheid/",
        **_report_pages(programme),
    }
    too_wide, found = {}, {}
    for width in NARROW:
        page.set_viewport_size({"width": width, "height": 800})
        for name, path in pages.items():
            page.goto(url + path)
            scrolled = page.evaluate("document.documentElement.scrollWidth")
            if width == PHONE:
                shoot(page, f"{name}-{PHONE}")
                # Stacked table rows: each cell as tall as its text, not spilling over the next.
                overlaps = page.evaluate(
                    """() => [...document.querySelectorAll('.koers-stack tbody tr > *')]
                      .filter(cell => cell.scrollHeight > cell.clientHeight + 1).length"""
                )
                if overlaps:
                    too_wide[f"{name}@{width}: text spilling out of its cell"] = overlaps
            if scrolled > width:
                too_wide[f"{name}@{width}"] = scrolled
            if width == NARROW[0]:
                violations = axe_violations(page)
                if violations:
                    found[name] = violations
    assert too_wide == {}
    assert found == {}

    page.set_viewport_size({"width": 390, "height": 800})
    page.goto(url + pages["overview"])
    menu = page.get_by_role("button", name="Menu")
    search = page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Zoeken")
    assert menu.get_attribute("aria-expanded") == "false" and not search.is_visible()
    menu.focus()
    page.keyboard.press("Enter")
    assert menu.get_attribute("aria-expanded") == "true" and search.is_visible()
    shoot(page, "menu-open-390")
    page.set_viewport_size({"width": 1280, "height": 800})
    # The media query's change event comes after the resize.
    page.wait_for_function("document.querySelector('.koers-menu-button').hidden")
    assert not menu.is_visible() and search.is_visible()  # a desktop shows the menu itself


def test_charts_on_a_phone_are_readable_and_downloadable(site):
    """At 390 px the browser draws each chart at the width of the screen with 12 px text,
    a comparison as bars with their values; the chart and its figures download as files."""
    url, page = site
    page.set_viewport_size({"width": 390, "height": 800})
    for code, kind in [("3.1-eenzaamheid-65plus", "trend"), ("3.3-vrijwilligers", "bars")]:
        page.goto(url + plan_url("web:indicator", code))
        page.wait_for_selector("figure.koers-chart--live .koers-chart__live svg", timeout=15000)
        drawn = page.locator(".koers-chart__live svg").first
        box = drawn.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 390, code
        sizes = page.evaluate(
            """() => [...document.querySelectorAll('.koers-chart__live svg text')]
                .filter(t => t.textContent.trim())
                .map(t => parseFloat(getComputedStyle(t).fontSize))"""
        )
        assert sizes and min(sizes) >= 12, (code, sizes)
        texts = drawn.inner_html()
        if kind == "trend":
            assert all(f">{year}<" in texts for year in range(2016, 2021))
        else:
            assert ">38%<" in texts and ">25%<" in texts
        assert axe_violations(page) == []
        shoot(page, f"chart-{kind}-390")
    with page.expect_download() as download:
        page.get_by_role("link", name="Grafiek als PNG").click()
    assert download.value.suggested_filename.endswith(".png")
    assert Path(download.value.path()).read_bytes().startswith(b"\x89PNG")
    with page.expect_download() as download:
        page.get_by_role("link", name="Cijfers als CSV").click()
    text = Path(download.value.path()).read_text(encoding="utf-8-sig")
    assert "Heerde;jaar niet vermeld;38;procent" in text


def test_a_long_text_opens_by_keyboard(site):
    url, page = site
    page.set_viewport_size({"width": 390, "height": 800})
    page.goto(url + plan_url("web:task", "6.3"))
    more = page.locator("details.koers-more").first
    folded = more.get_by_role("heading", name="Recht op onderwijs")
    assert not folded.is_visible()
    more.locator("summary").focus()
    page.keyboard.press("Enter")
    assert folded.is_visible()
    assert axe_violations(page) == []
