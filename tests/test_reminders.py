"""Reminders on the Heerde demo with a few people: one digest each through a real SMTP
server, exactly their items, nothing twice, their choices honoured; "Mijn acties" shows
the same items."""

import html
import re
from datetime import date, timedelta

import pytest
from django.test import Client

from koers.monitor.models import Indicator
from koers.monitor.tree import NodeKind, cached_trees
from koers.plans import responsibility
from koers.plans.models import Action, ActionNote, Contact, Framework, Partner
from koers.reminders import rules
from koers.reminders.kinds import ReminderKind
from koers.reminders.models import Digest, Sent
from koers.reminders.services import send_reminders
from koers.reports.models import ReportingMoment

from helpers import user

pytestmark = pytest.mark.django_db
ON = date(2026, 12, 2)  # a Wednesday, week 49


def body(message) -> str:
    return message.get_payload(decode=True).decode()


def codes_in(text: str) -> set[str]:
    return set(re.findall(r"Actie (\S+) van opgave", text))


@pytest.fixture
def people(heerde):
    framework = Framework.objects.get()
    municipality = framework.municipality
    anna_user = user("anna", "editor", themes=["6"])
    anna = Contact.objects.create(
        municipality=municipality, name="Anna de Vries", email="anna@heerde.nl", user=anna_user
    )
    bert = Contact.objects.create(
        municipality=municipality,
        name="Bert Jansen",
        email="bert@stip-heerde.nl",
        organisation=Partner.objects.first(),
    )
    actions = {
        a.code: a for a in Action.objects.filter(ambition__task__code="6.1", ambition__number="2")
    }
    # Anna: 2.1 due in ten days, 2.2 late, 2.3 done; all updated last week.
    actions["2.1"].deadline = ON + timedelta(days=10)
    actions["2.1"].status = Action.Status.IN_PROGRESS
    actions["2.3"].status = Action.Status.DONE
    actions["2.3"].progress = 100
    for code in ("2.1", "2.2", "2.3"):
        actions[code].save()
        ActionNote.objects.create(
            action=actions[code],
            noted_on=ON - timedelta(days=7),
            text="Overleg gevoerd",
            status=actions[code].status,
            progress=actions[code].progress,
        )
    editor = user("chef", "editor")
    responsibility.assign(editor, [actions[c] for c in ("2.1", "2.2", "2.3")], responsible=anna)
    # Bert: 2.4 has no deadline and was never updated since the programme began.
    responsibility.assign(editor, [actions["2.4"]], responsible=bert)
    # Bert delivers the figures of one indicator whose next figure is overdue.
    trees = cached_trees(framework, ON)
    overdue = [
        n.pk
        for n in trees[0].walk()
        if n.kind == NodeKind.INDICATOR and n.status.next_due and n.status.next_due < ON
    ]
    indicator = Indicator.objects.get(pk=overdue[0])
    responsibility.assign(editor, [indicator], data_supplier=bert)
    moment = ReportingMoment.objects.create(
        municipality=municipality,
        kind=ReportingMoment.Kind.SPRING,
        title="Voorjaarsnota 2027",
        reporting_date=date(2026, 12, 15),
        deadline=ON + timedelta(days=20),
    )
    return {"anna": anna, "bert": bert, "indicator": indicator, "moment": moment}


def test_one_digest_each_with_exactly_their_items_and_nothing_twice(people, smtp):
    outcome = send_reminders(ON)
    assert outcome.sent == 2
    by_address = {m["To"]: m for m in smtp.messages}
    assert set(by_address) == {"anna@heerde.nl", "bert@stip-heerde.nl"}
    anna = body(by_address["anna@heerde.nl"])
    assert codes_in(anna) == {"2.1", "2.2"}
    assert "De deadline is 12 december 2026, over 10 dagen." in anna
    assert "De deadline 31 december 2024 is verstreken" in anna
    # Anna edits theme 6: the spring memorandum asks for its explanations.
    assert "Voorjaarsnota 2027: thema 6" in anna
    assert "opgaven zonder toelichting: 6.1, 6.2, 6.3, 6.4." in anna
    assert people["indicator"].name not in anna
    bert = body(by_address["bert@stip-heerde.nl"])
    assert codes_in(bert) == {"2.4"}
    assert "Geen update sinds 1 januari 2023." in bert
    assert people["indicator"].name in bert
    assert "Voorjaarsnota" not in bert  # Bert edits no theme
    # Each item links to the form that resolves it.
    action = Action.objects.get(ambition__task__code="6.1", ambition__number="2", code="2.4")
    assert "http://localhost:8000/heerde/" in bert and f"/actie/{action.pk}/" in bert
    assert by_address["anna@heerde.nl"]["Subject"].startswith("Koers: ")
    assert (
        by_address["anna@heerde.nl"]["List-Unsubscribe"]
        .strip()
        .startswith("<http://localhost:8000/herinneringen/")
    )
    assert Digest.objects.filter(error="").count() == 2

    # The scheduler runs again the same day and later the same week: nothing new.
    assert send_reminders(ON).sent == 0
    assert send_reminders(ON + timedelta(days=3)).sent == 0
    assert len(smtp.messages) == 2


def test_next_week_repeats_what_is_late_and_not_what_came_once(people, smtp):
    send_reminders(ON)
    smtp.messages.clear()
    send_reminders(ON + timedelta(days=7))
    anna = body(next(m for m in smtp.messages if m["To"] == "anna@heerde.nl"))
    # 2.2 is still late; 2.1's near deadline and the moment's explanations came once.
    assert codes_in(anna) == {"2.2"}
    assert "Voorjaarsnota" not in anna


def test_a_changed_choice_is_honoured_and_unsubscribing_stops_all(people, smtp):
    send_reminders(ON)
    bert_mail = next(m for m in smtp.messages if m["To"] == "bert@stip-heerde.nl")
    link = re.search(r"http://localhost:8000(/herinneringen/\S+/)", body(bert_mail)).group(1)
    client = Client()
    page = client.get(link)
    assert page.status_code == 200 and "Bert Jansen" in page.content.decode()
    assert Contact.objects.get(pk=people["bert"].pk).reminders  # opening changes nothing
    keep = [k.value for k in ReminderKind if k != ReminderKind.FIGURE_OVERDUE]
    assert client.post(link, {"kinds": keep, "save": ""}).status_code == 302
    smtp.messages.clear()
    send_reminders(ON + timedelta(days=7))
    bert = body(next(m for m in smtp.messages if m["To"] == "bert@stip-heerde.nl"))
    assert codes_in(bert) == {"2.4"}
    assert people["indicator"].name not in bert

    assert client.post(link, {"unsubscribe": ""}).status_code == 302
    smtp.messages.clear()
    send_reminders(ON + timedelta(days=14))
    assert [m["To"] for m in smtp.messages] == ["anna@heerde.nl"]
    assert Contact.history.filter(id=people["bert"].pk).first().history_change_reason == (
        "afgemeld voor herinneringen"
    )


def test_a_changed_link_is_refused(people):
    assert Client().get("/herinneringen/niet-geldig/").status_code == 404


def test_my_actions_shows_what_the_digest_lists(people, smtp):
    send_reminders(ON)
    mail = body(next(m for m in smtp.messages if m["To"] == "anna@heerde.nl"))
    client = Client()
    client.force_login(people["anna"].user)
    page = html.unescape(client.get(f"/mijn-acties/?peildatum={ON}").content.decode())
    assert "Mijn acties" in page
    titles = {t.strip() for t in re.findall(r"^- (.+)$", mail, re.M)}
    details = {d.strip() for d in re.findall(r"^  (\S.+)$", mail, re.M) if "http" not in d}
    assert len(titles) == 3 and all(t in page for t in titles | details)
    assert "2.3" not in codes_in(page)  # done: neither in the mail nor here
    assert Client().get("/mijn-acties/").status_code == 302  # residents log in first


def test_a_refusing_smtp_server_is_logged_and_tried_again(people, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 9  # nothing listens
    outcome = send_reminders(ON)
    assert outcome.sent == 0 and len(outcome.failed) == 2
    assert Digest.objects.exclude(error="").count() == 2
    assert not Sent.objects.exists()


@pytest.mark.parametrize(
    ("facts", "expected"),
    [
        (rules.ActionFacts("in_progress", ON + timedelta(days=14), ON), [ReminderKind.ACTION_DUE]),
        (rules.ActionFacts("in_progress", ON + timedelta(days=15), ON), []),
        (rules.ActionFacts("not_started", ON - timedelta(days=1), ON), [ReminderKind.ACTION_LATE]),
        (
            rules.ActionFacts("not_started", ON - timedelta(days=1), date(2020, 1, 1)),
            [ReminderKind.ACTION_LATE],
        ),
        (rules.ActionFacts("done", ON - timedelta(days=1), date(2020, 1, 1)), []),
        (rules.ActionFacts("cancelled", None, date(2020, 1, 1)), []),
        (rules.ActionFacts("in_progress", None, ON - timedelta(weeks=8)), []),
        (
            rules.ActionFacts("in_progress", None, ON - timedelta(weeks=8, days=1)),
            [ReminderKind.ACTION_QUIET],
        ),
    ],
)
def test_action_rules(facts, expected):
    assert [d.kind for d in rules.action_reminders(facts, ON, rules.Timing())] == expected


def test_periods_and_occasions():
    assert rules.period_of(ON, rules.Rhythm.WEEK) == "2026-W49"
    assert rules.period_of(date(2027, 1, 1), rules.Rhythm.WEEK) == "2026-W53"
    assert rules.period_of(ON, rules.Rhythm.MONTH) == "2026-12"
    late = rules.ActionFacts("in_progress", ON - timedelta(days=1), ON)
    week = rules.action_reminders(late, ON, rules.Timing())[0].occasion
    assert week != rules.action_reminders(late, ON + timedelta(days=7), rules.Timing())[0].occasion
    due = rules.ActionFacts("in_progress", ON + timedelta(days=10), ON)
    assert rules.action_reminders(due, ON, rules.Timing())[0].occasion == "2026-12-12"
    assert (
        rules.figure_reminders(("2028", ON + timedelta(days=5)), ON, rules.Timing())[0].occasion
        == "2028"
    )
    assert rules.figure_reminders(("2028", ON + timedelta(days=30)), ON, rules.Timing()) == []
    assert rules.explanation_reminders(ON + timedelta(days=29), "m", 3, ON, rules.Timing()) == []
    assert rules.explanation_reminders(ON + timedelta(days=28), "m", 0, ON, rules.Timing()) == []
