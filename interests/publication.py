"""What the public (and every email) may see of a register entry.

Sensitive interests (Localism Act 2011 s.32): with the Monitoring Officer's agreement the
published register says only that the member has an interest whose details are withheld —
not its category, not whose it is, not its dates. Every public form of the register (the
page, the CSV, the JSON) and every email goes through `public_entry`, so there is one place
that decides. An entry flagged sensitive is never shown in detail by any of them, agreed or not.
"""

import datetime as dt
from dataclasses import dataclass

from .models import RegisterEntry

WITHHELD_STATEMENT = (
    "The councillor has an interest whose details are withheld under section 32 of the "
    "Localism Act 2011 (sensitive interest)."
)


@dataclass(frozen=True)
class PublicEntry:
    withheld: bool
    kind: str = ""
    category: str = ""
    whose: str = ""
    name: str = ""
    details: str = ""
    starts_on: dt.date | None = None
    ends_on: dt.date | None = None

    @property
    def statement(self) -> str:
        return WITHHELD_STATEMENT if self.withheld else ""

    def as_json(self) -> dict:
        if self.withheld:
            return {"withheld": True, "statement": WITHHELD_STATEMENT}
        return {
            "withheld": False,
            "kind": self.kind,
            "category": self.category,
            "whose": self.whose,
            "name": self.name,
            "details": self.details,
            "from": self.starts_on.isoformat() if self.starts_on else None,
            "to": self.ends_on.isoformat() if self.ends_on else None,
        }


def public_entry(entry: RegisterEntry) -> PublicEntry:
    if entry.sensitive:
        return PublicEntry(withheld=True)
    return PublicEntry(
        withheld=False,
        kind=entry.kind_label,
        category=entry.get_category_display(),
        whose=entry.get_whose_display().replace("Yours", "The councillor's"),
        name=entry.name,
        details=entry.details,
        starts_on=entry.starts_on,
        ends_on=entry.ends_on,
    )


def entry_line(entry: RegisterEntry) -> str:
    """One line for an email or a notification: never the details of a sensitive interest."""
    shown = public_entry(entry)
    if shown.withheld:
        return "- An interest whose details are withheld on request (s.32)"
    whose = "" if entry.whose == RegisterEntry.Whose.MEMBER else " (spouse or partner)"
    return f"- {shown.category}{whose}: {shown.name}"


# Spreadsheets run a cell that begins with one of these as a formula (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(value) -> str:
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text
