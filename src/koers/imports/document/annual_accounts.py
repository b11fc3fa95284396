"""An annual account (jaarstukken, jaarverslag) read as progress on a plan Koers holds.

Its programme chapters ask the budget's questions looking back: "Wat hebben we bereikt?",
"Wat hebben we daarvoor gedaan?" (the results, with what became of each) and "Wat heeft
het gekost?", with indicator tables that add "Realisatie 2025". The layout is the
programme budget's, so `programme_budget` reads it; this module turns what it read into
proposed updates: a progress note per result, with the status its first words give
("Gerealiseerd", "Deels gerealiseerd", "Vertraagd", "Niet gerealiseerd", "Vervallen"), and a
realised figure per indicator and year. Matching them to the plan's actions and indicators
is `koers.imports.accounts`. Pure functions; see docs/document-import.md.
"""

import re
from collections.abc import Sequence
from enum import StrEnum
from typing import Any

from koers.imports.document.pointers import SOURCE_LINE
from koers.imports.document.programme_budget import ProgrammeBudgetReader


class Verdict(StrEnum):
    """What the account says became of a result."""

    ACHIEVED = "achieved"
    PARTLY = "partly"  # partly done, running, delayed
    NOT_ACHIEVED = "not_achieved"
    CANCELLED = "cancelled"
    UNSAID = "unsaid"


# The first words of a result's explanation, or a "Status: ..." line.
_VERDICTS = (
    (Verdict.NOT_ACHIEVED, r"niet (gerealiseerd|behaald|afgerond|uitgevoerd|gehaald)"),
    (
        Verdict.PARTLY,
        r"(deels|gedeeltelijk|grotendeels|nog niet (volledig )?) ?"
        r"(gerealiseerd|afgerond|behaald|uitgevoerd)",
    ),
    (
        Verdict.PARTLY,
        r"(loopt( nog| door)?|in uitvoering|lopend|vertraagd|uitgesteld|doorlopend"
        r"|in voorbereiding)",
    ),
    (Verdict.CANCELLED, r"(vervallen|geschrapt|gestopt|ingetrokken|geannuleerd)"),
    (Verdict.ACHIEVED, r"(gerealiseerd|afgerond|behaald|opgeleverd|voltooid|gereed|uitgevoerd)"),
)  # fmt: skip
_LEAD = r"^(?:status\s*:\s*|stand\s*:\s*)?(?:\(?(?:groen|oranje|rood)\)?\s*[-:]?\s*)?"


def verdict(explanation: str) -> Verdict:
    """What became of a result, by the words its explanation starts with."""
    start = explanation.strip().lower()
    for found, words in _VERDICTS:
        if re.match(_LEAD + words + r"\b", start):
            return found
    return Verdict.UNSAID


def read_accounts(
    raw: str, partners: Sequence[str] = ()
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The proposed updates an annual account gives, and the reader's doubts."""
    reader = ProgrammeBudgetReader(raw, partners, placing=False)
    document, doubts = reader.read()
    framework = document["frameworks"][0]
    results = []
    for programme in framework["programmes"]:
        for ambition in programme["ambitions"]:
            for action in ambition["actions"]:
                note = action["explanation"] or action["text"]
                results.append(
                    {
                        "programme": programme["theme"],
                        "goal": ambition["number"],
                        "code": action["code"],
                        "text": action["text"],
                        "note": note,
                        "verdict": verdict(action["explanation"]).value,
                        "line": action[SOURCE_LINE],
                    }
                )
    names = document.get("municipalities") or []
    accounts = {
        "municipality": names[0]["name"] if names else None,
        "year": reader.year,
        "results": results,
        "figures": reader.realised,
    }
    return accounts, doubts
