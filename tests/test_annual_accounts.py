"""Annual accounts (jaarstukken) read as progress on a plan Koers holds: progress notes with
the status each result's account gives, realised figures, saved through the services."""

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from test_document_pages import upload

from koers.imports.accounts import apply_accounts, plan_accounts
from koers.imports.document import detect_kind, read_document
from koers.imports.document.annual_accounts import Verdict, verdict
from koers.imports.document.apply import apply_import, plan_import
from koers.monitor.models import Measurement
from koers.plans.models import Action, ActionNote, Municipality

from helpers import user

BUDGETS = Path(__file__).parent / "data" / "budgets"
BUDGET = BUDGETS / "begroting-oostermeer-2025.txt"
ACCOUNTS = BUDGETS / "jaarstukken-oostermeer-2025.txt"


@pytest.mark.parametrize(
    ("explanation", "expected"),
    [
        ("Gerealiseerd. De wijkteams zijn in elk buurthuis.", Verdict.ACHIEVED),
        ("Status: afgerond", Verdict.ACHIEVED),
        ("(groen) Opgeleverd in mei.", Verdict.ACHIEVED),
        ("Deels gerealiseerd. Er kwamen 14 aanvragen binnen.", Verdict.PARTLY),
        ("Nog niet volledig afgerond; loopt door in 2026.", Verdict.PARTLY),
        ("Vertraagd. De inkoop ging later in.", Verdict.PARTLY),
        ("Niet gerealiseerd. Er is geen aanbieder gevonden.", Verdict.NOT_ACHIEVED),
        ("Vervallen door een besluit van de raad.", Verdict.CANCELLED),
        ("In drie kernen is een mantelzorgcafé geopend.", Verdict.UNSAID),
    ],
)
def test_the_first_words_of_a_result_say_what_became_of_it(explanation, expected):
    assert verdict(explanation) is expected


def test_an_annual_account_is_told_from_the_budget_and_read_as_progress():
    text = ACCOUNTS.read_text(encoding="utf-8")
    assert detect_kind(text) == "accounts"
    draft = read_document(text)
    assert draft.kind == "accounts"
    assert (draft.document["municipality"], draft.document["year"]) == ("Oostermeer", 2025)
    said = {(r["programme"], r["code"]): r["verdict"] for r in draft.document["results"]}
    assert said == {
        ("3", "1.1"): "achieved",
        ("3", "1.2"): "partly",
        ("3", "2.1"): "partly",
        ("3", "3.1"): "not_achieved",
        ("3", "3.2"): "unsaid",
        ("4", "1.1"): "achieved",
    }
    # The realised column, not the baseline or the target; "n.b." is no figure.
    assert [(f["name"], f["period"], f["value"]) for f in draft.document["figures"]] == [
        ("Inwoners die zich betrokken voelen bij hun buurt", "2025", "73"),
        ("Cliënttevredenheid Wmo (rapportcijfer)", "2025", "7.9"),
    ]


@pytest.fixture
def oostermeer(db):
    """The Oostermeer budget 2025 as Koers holds it after importing it."""
    Municipality.objects.create(cbs_code="GM9901", name="Oostermeer")
    draft = read_document(BUDGET.read_text(encoding="utf-8"))
    apply_import(plan_import(draft, origin=BUDGET.name), "begroting")
    return draft


def accounts():
    return read_document(ACCOUNTS.read_text(encoding="utf-8")).document


def test_saving_the_account_writes_notes_statuses_and_figures_once(oostermeer):
    editor = user("beleid", "editor")
    plan = plan_accounts(accounts())
    assert [(u.action.ambition.task.code, u.action.code) for u in plan.updates] == [
        ("3.1", "1.1"),
        ("3.1", "1.2"),
        ("3.2", "2.1"),
        ("3.3", "3.1"),
        ("4.1", "1.1"),
    ]
    assert [m["line"] for m in plan.unmatched] == [29]  # 3.2 is not in the budget
    assert apply_accounts(editor, plan) == 7
    done = Action.objects.get(ambition__task__code="3.1", code="1.1")
    assert (done.status, done.progress) == ("done", 100)
    note = done.notes.get()
    assert (note.noted_on, note.author) == (date(2025, 12, 31), editor)
    assert note.text.startswith("Gerealiseerd. Sinds 1 maart 2025")
    assert Action.objects.get(ambition__task__code="3.2", code="2.1").status == "in_progress"
    # Not achieved: the note says so, the status stays and the deadline judges.
    late = Action.objects.get(ambition__task__code="3.3", code="3.1")
    assert (late.status, late.notes.count()) == ("not_started", 1)
    figure = Measurement.objects.get(indicator__name__startswith="Inwoners die zich")
    assert (figure.period, figure.value, figure.area.code) == ("2025", Decimal(73), "GM9901")
    assert figure.history.get().history_user == editor
    # The same account again adds nothing.
    again = plan_accounts(accounts())
    assert again.new == [] and again.figures == []
    assert apply_accounts(editor, again) == 0
    assert ActionNote.objects.count() == 5


def test_a_figure_koers_holds_with_another_value_stays(oostermeer):
    editor = user("beleid", "editor")
    first = plan_accounts(accounts())
    first.figures[0].read["value"] = "71"
    apply_accounts(editor, first)
    plan = plan_accounts(accounts())
    assert plan.figures == []
    assert "de jaarstukken zeggen 73" in plan.differences[0]["message"]
    assert Measurement.objects.get(indicator__name__startswith="Inwoners").value == 71


def test_who_may_not_update_saves_nothing(oostermeer):
    viewer = user("raadslid", "viewer")
    with pytest.raises(PermissionDenied):
        apply_accounts(viewer, plan_accounts(accounts()))
    assert not ActionNote.objects.exists() and not Measurement.objects.exists()
    assert set(Action.objects.values_list("status", flat=True)) == {"not_started"}


def test_the_account_is_reviewed_and_saved_on_the_page(client, oostermeer):
    client.force_login(user("beleid", "editor"))
    review = client.get(upload(client, ACCOUNTS).url)
    page = review.content.decode()
    assert "De jaarstukken controleren" in page
    assert "Resultaat 3.2 van programma 3" in page  # not in the plan, said
    left = Action.objects.get(ambition__task__code="3.1", code="1.2")
    saved = client.post(
        reverse("web:document_review"), {"save": "1", "leave_out_action": [str(left.pk)]}
    )
    assert saved.status_code == 302
    assert not left.notes.exists()
    assert Action.objects.get(ambition__task__code="3.1", code="1.1").status == "done"
    assert Measurement.objects.count() == 2


def test_an_account_whose_vision_comes_before_its_goals():
    """Headings as some municipalities write them: "Waar gaat dit programma over?", "Wat
    is onze visie?" and a vision of several paragraphs before "Wat willen we bereiken?"."""
    text = (BUDGETS / "jaarstukken-wormerdam-2023.txt").read_text(encoding="utf-8")
    draft = read_document(text)
    assert (draft.kind, draft.document["year"]) == ("accounts", 2023)
    assert [(r["code"], r["verdict"]) for r in draft.document["results"]] == [
        ("1.1", "achieved"),
        ("2.1", "partly"),
    ]
    budget = read_document(text, "budget").document["frameworks"][0]["themes"][0]
    assert budget["introduction"].startswith("In dit programma worden de doelen")
    assert "In Wormerdam staat niemand aan de kant." in budget["introduction"]
    assert "visie?" not in budget["introduction"]
