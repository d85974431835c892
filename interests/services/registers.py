"""Keeping a register: drafts, entries, submission, and the Monitoring Officer's review.

Every version is kept. A councillor edits only a draft; submitting it fulfils the open
obligations and sends it to the Monitoring Officer of the principal council, who returns it
with comments or accepts it. Accepting publishes it: the public register shows the latest
accepted version. A returned version stays as it was; the correction is a new version.
"""

import datetime as dt

from django.db import IntegrityError, transaction
from django.db.models import Max

from accounts.models import User
from casework.models import DomainError

from ..models import Category, Register, RegisterEntry, RegisterVersion
from ..publication import entry_line
from .common import (
    fmt,
    is_councillor,
    monitoring_officer_for,
    register_event,
    register_open,
    require_monitoring_officer,
    tell,
    today,
)
from .obligations import obligation_open_change, obligations_fulfil

Status = RegisterVersion.Status
Withholding = RegisterEntry.Withholding

ENTRY_FIELDS = (
    "category",
    "whose",
    "name",
    "details",
    "starts_on",
    "ends_on",
    "aware_on",
    "sensitive",
    "sensitive_reasons",
)


def _move(version: RegisterVersion, to: str, **changes) -> None:
    """Move a version along the table of allowed moves, claiming it with a conditional update."""
    current = Status(version.status)
    to = Status(to)
    if to not in RegisterVersion.TRANSITIONS[current]:
        raise DomainError(f"Version {version.number} is {current.label.lower()} and cannot become {to.label.lower()}.")
    claimed = RegisterVersion.objects.filter(pk=version.pk, status=current).update(status=to, **changes)
    if not claimed:
        version.refresh_from_db()
        raise DomainError(f"Version {version.number} was changed by someone else: it is now {version.get_status_display().lower()}.")
    version.status = to
    for name, value in changes.items():
        setattr(version, name, value)


def _own(register: Register, actor: User) -> None:
    if register.councillor_id != actor.pk:
        raise DomainError("Only the councillor can change their own register.")


def current_draft(register: Register) -> RegisterVersion | None:
    return register.versions.filter(status=Status.DRAFT).first()


@transaction.atomic
def draft_start(*, council, councillor: User, now: dt.datetime) -> RegisterVersion:
    """The councillor's draft: the one already open, or a new version copying the latest one.

    A returned version is copied with its entries so the councillor can correct it; an accepted
    one so they can record a change. Nothing can change while a version is under review.
    """
    if not is_councillor(user=councillor, council=council, on=today(now)):
        raise DomainError(f"Only a councillor of {council.name} keeps a register there.")
    register = register_open(council=council, councillor=councillor, now=now, actor=councillor)
    draft = current_draft(register)
    if draft:
        return draft
    if register.versions.filter(status=Status.SUBMITTED).exists():
        raise DomainError(
            "Your register is with the Monitoring Officer for review. You can change it once it is accepted or returned."
        )
    base = register.versions.order_by("-number").first()
    number = (register.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    try:
        with transaction.atomic():
            draft = RegisterVersion.objects.create(register=register, number=number, based_on=base, created_at=now)
    except IntegrityError:  # a double click started it already
        return current_draft(register)
    if base is not None:
        RegisterEntry.objects.bulk_create(
            [
                RegisterEntry(version=draft, lineage=e.lineage, **{f: getattr(e, f) for f in ENTRY_FIELDS},
                              withholding=e.withholding)
                for e in base.entries.all()
            ]
        )
    register_event(
        register,
        summary=f"Version {number} started"
        + (f", copying version {base.number} ({base.get_status_display().lower()})." if base else "."),
        at=now,
        actor=councillor,
        data={"version": number},
    )
    return draft


def _published_entry(register: Register, lineage) -> RegisterEntry | None:
    if register.published_version_id is None:
        return None
    return register.published_version.entries.filter(lineage=lineage).first()


def _changed_since_published(register: Register, entry: RegisterEntry) -> bool:
    published = _published_entry(register, entry.lineage)
    return published is None or not entry.same_as(published)


@transaction.atomic
def entry_save(
    *,
    version: RegisterVersion,
    actor: User,
    now: dt.datetime,
    entry: RegisterEntry | None = None,
    **fields,
) -> RegisterEntry:
    """Add an interest to the draft, or change one in it.

    After the first registration has been accepted, every new or changed interest says when the
    councillor became aware of it, and a 28-day change obligation is opened from that day.
    """
    register = version.register
    _own(register, actor)
    if not version.is_draft:
        raise DomainError(f"Version {version.number} is {version.get_status_display().lower()}: only a draft can change.")
    unknown = set(fields) - set(ENTRY_FIELDS)
    if unknown:
        raise TypeError(f"Unknown entry fields: {sorted(unknown)}")
    if fields.get("category") not in Category.values:
        raise DomainError("Choose one of the seven statutory categories or an other registrable interest.")
    if fields.get("starts_on") and fields.get("ends_on") and fields["ends_on"] < fields["starts_on"]:
        raise DomainError("The end date cannot be before the start date.")
    if fields.get("sensitive") and not (fields.get("sensitive_reasons") or "").strip():
        raise DomainError("Say why the details should be withheld.")
    if not fields.get("sensitive"):
        fields["sensitive_reasons"] = ""
    is_new = entry is None
    if is_new:
        entry = RegisterEntry(version=version)
    elif entry.version_id != version.pk:
        raise DomainError("That entry is not in your draft.")
    before = None if is_new else RegisterEntry(**{f: getattr(entry, f) for f in ENTRY_FIELDS})
    for name, value in fields.items():
        setattr(entry, name, value)
    if not entry.sensitive:
        entry.withholding = Withholding.NONE
    elif is_new or not entry.same_as(before) or entry.withholding in (Withholding.NONE, Withholding.REFUSED):
        # A changed sensitive interest needs the Monitoring Officer's agreement afresh.
        entry.withholding = Withholding.REQUESTED
    changed = register.published_version_id is not None and _changed_since_published(register, entry)
    if changed and entry.aware_on is None:
        raise DomainError("Say when you became aware of this change: it must be registered within 28 days.")
    if not changed:
        entry.aware_on = None
    entry.save()
    if changed:
        obligation_open_change(register=register, version=version, aware_on=entry.aware_on, now=now, actor=actor)
    register_event(
        register,
        summary=f"Version {version.number}: {'added' if is_new else 'changed'} an entry "
        f"({entry.kind_label.lower()}{', details to be withheld' if entry.sensitive else ''}).",
        at=now,
        actor=actor,
        data={"version": version.number, "entry": str(entry.lineage)},
    )
    return entry


@transaction.atomic
def entry_remove(*, entry: RegisterEntry, actor: User, now: dt.datetime) -> None:
    version = entry.version
    _own(version.register, actor)
    if not version.is_draft:
        raise DomainError(f"Version {version.number} is {version.get_status_display().lower()}: only a draft can change.")
    kind = entry.kind_label.lower()
    entry.delete()
    register_event(
        version.register,
        summary=f"Version {version.number}: removed an entry ({kind}).",
        at=now,
        actor=actor,
        data={"version": version.number},
    )


@transaction.atomic
def version_submit(
    *, version: RegisterVersion, actor: User, now: dt.datetime, confirmation: bool = False
) -> RegisterVersion:
    """Send the draft to the Monitoring Officer; it fulfils every open obligation (met, or late)."""
    register = version.register
    _own(register, actor)
    entries = list(version.entries.all())
    _move(version, Status.SUBMITTED, submitted_at=now, confirmation=confirmation)
    fulfilled = obligations_fulfil(register=register, version=version, actor=actor, now=now)
    withheld = sum(1 for e in entries if e.sensitive)
    what = "confirmed unchanged" if confirmation else "submitted for review"
    summary = (
        f"Version {version.number} {what}: {len(entries)} entr{'y' if len(entries) == 1 else 'ies'}"
        + (f", {withheld} asking for details to be withheld (s.32)" if withheld else "")
        + "."
        + "".join(f" {line}." for line in fulfilled)
    )
    event = register_event(register, summary=summary, at=now, actor=actor, data={"version": version.number})
    listing = "\n".join(entry_line(e) for e in entries) or "- No interests to register."
    tell(
        case=register.case,
        recipients=[monitoring_officer_for(register.case)],
        event=event,
        subject=f"Register of interests to review: {register.councillor}",
        body=f"{register.councillor} has {what} version {version.number} of their register of interests at "
        f"{register.council.name}:\n{listing}",
        now=now,
    )
    return version


@transaction.atomic
def register_confirm(*, council, councillor: User, now: dt.datetime) -> RegisterVersion:
    """The annual review: confirm the published register is still right, as a new version with no changes."""
    register = register_open(council=council, councillor=councillor, now=now, actor=councillor)
    if register.published_version_id is None:
        raise DomainError("There is no published register to confirm yet: add your interests and submit them.")
    draft = current_draft(register)
    if draft is not None:
        published = {e.lineage: e for e in register.published_version.entries.all()}
        entries = list(draft.entries.all())
        unchanged = len(entries) == len(published) and all(
            e.lineage in published and e.same_as(published[e.lineage]) for e in entries
        )
        if not unchanged:
            raise DomainError("Your draft has changes: submit the draft instead of confirming.")
    else:
        draft = draft_start(council=council, councillor=councillor, now=now)
    return version_submit(version=draft, actor=councillor, now=now, confirmation=True)


def _apply_withholding(version: RegisterVersion, decisions: dict[int, bool]) -> list[RegisterEntry]:
    """Record the Monitoring Officer's decision on each request to withhold details (s.32)."""
    sensitive = [e for e in version.entries.all() if e.sensitive]
    for entry in sensitive:
        if entry.pk in decisions:
            entry.withholding = Withholding.AGREED if decisions[entry.pk] else Withholding.REFUSED
            entry.save(update_fields=["withholding"])
    return sensitive


@transaction.atomic
def version_return(
    *,
    version: RegisterVersion,
    reviewer: User,
    now: dt.datetime,
    comments: str,
    withholding: dict[int, bool] | None = None,
) -> RegisterVersion:
    register = version.register
    require_monitoring_officer(user=reviewer, council=register.council, on=today(now))
    if not comments.strip():
        raise DomainError("Say what the councillor needs to correct.")
    _move(version, Status.RETURNED, reviewed_at=now, reviewed_by=reviewer, review_comments=comments.strip())
    sensitive = _apply_withholding(version, withholding or {})
    agreed = sum(1 for e in sensitive if e.withholding == Withholding.AGREED)
    refused = sum(1 for e in sensitive if e.withholding == Withholding.REFUSED)
    decided = [f"{n} request{'s' if n != 1 else ''} to withhold details {what}"
               for n, what in ((agreed, "agreed"), (refused, "refused")) if n]
    event = register_event(
        register,
        summary=f"Version {version.number} returned to the councillor with comments"
        + (f"; {' and '.join(decided)} (s.32)" if decided else "")
        + ".",
        at=now,
        actor=reviewer,
        data={"version": version.number},
    )
    tell(
        case=register.case,
        recipients=[register.councillor],
        event=event,
        subject="Your register of interests has been returned",
        body=f"{reviewer} has returned version {version.number} of your register of interests at "
        f"{register.council.name} with these comments:\n\n{comments.strip()}\n\nCorrect it and submit it again.",
        now=now,
    )
    return version


@transaction.atomic
def version_accept(
    *,
    version: RegisterVersion,
    reviewer: User,
    now: dt.datetime,
    withholding: dict[int, bool] | None = None,
    comments: str = "",
) -> RegisterVersion:
    """Accept and publish. Every request to withhold details must be agreed first (s.32)."""
    register = version.register
    require_monitoring_officer(user=reviewer, council=register.council, on=today(now))
    withholding = withholding or {}
    sensitive = [e for e in version.entries.all() if e.sensitive]
    undecided = [e for e in sensitive if e.pk not in withholding and e.withholding != Withholding.AGREED]
    if undecided:
        raise DomainError("Decide each request to withhold details before accepting.")
    refused = [e for e in sensitive if withholding.get(e.pk, e.withholding == Withholding.AGREED) is False]
    if refused:
        raise DomainError(
            "You refused to withhold the details of "
            f"{len(refused)} interest{'s' if len(refused) != 1 else ''}: return the submission instead, so the "
            "councillor can decide what is published."
        )
    _move(version, Status.ACCEPTED, reviewed_at=now, reviewed_by=reviewer, review_comments=comments.strip())
    _apply_withholding(version, withholding)
    entries = list(version.entries.all())
    Register.objects.filter(pk=register.pk).update(published_version=version, published_at=now)
    register.published_version, register.published_at = version, now
    event = register_event(
        register,
        summary=f"Version {version.number} accepted and published"
        + (f"; details of {len(sensitive)} sensitive interest{'s' if len(sensitive) != 1 else ''} withheld (s.32)"
           if sensitive else "")
        + ".",
        at=now,
        actor=reviewer,
        data={"version": version.number},
    )
    current = [e for e in entries if e.is_current(today(now))]
    listing = "\n".join(entry_line(e) for e in current) or "- No interests registered."
    tell(
        case=register.case,
        recipients=[register.councillor],
        event=event,
        subject="Your register of interests is published",
        body=f"{reviewer} accepted version {version.number} of your register of interests at "
        f"{register.council.name} on {fmt(today(now))}. The public register now shows:\n{listing}"
        + (f"\n\nComments: {comments.strip()}" if comments.strip() else ""),
        now=now,
    )
    return version
