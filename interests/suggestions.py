"""casework.hooks interest suggester: text that mentions something on the councillor's register.

000 4.3(a): a councillor raises an issue in which they have an interest only in writing, stating its
existence and nature. When an enquiry or a request mentions an employer, a body or a place on the
councillor's published register, the portal suggests declaring it. Sensitive interests are never
used: a suggestion may be shown on a case that staff can read.
"""

import re

from django.utils import timezone

from accounts.models import Council, User

from .models import Register, RegisterEntry

MIN_PHRASE = 4
# "Land at 4 Mill Lane" is mentioned as "Mill Lane": the leading words and number are dropped.


def _phrases(name: str) -> list[str]:
    phrases = [name.strip()]
    for part in name.split(","):
        part = part.strip()
        phrases.append(part)
        trimmed = re.sub(r"^(?:land and buildings|land|house|property|premises|plot)\s+(?:at|on|in)\s+", "", part, flags=re.I)
        trimmed = re.sub(r"^\d+[a-zA-Z]?\s+", "", trimmed)
        phrases.append(trimmed)
    return [p for p in dict.fromkeys(phrases) if len(p) >= MIN_PHRASE and re.search(r"[A-Za-z]", p)]


def _mentions(text: str, phrase: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(phrase)}(?!\w)", text, flags=re.IGNORECASE) is not None


def register_suggestions(*, councillor: User, council: Council, text: str) -> list[str]:
    if not text or not text.strip():
        return []
    version_id = (
        Register.objects.filter(council=council, councillor=councillor).values_list("published_version_id", flat=True).first()
    )
    if not version_id:
        return []
    today = timezone.localdate()
    suggestions = []
    for entry in RegisterEntry.objects.filter(version_id=version_id, sensitive=False).order_by("category", "pk"):
        if not entry.is_current(today):
            continue
        if any(_mentions(text, phrase) for phrase in _phrases(entry.name)):
            whose = " (your spouse or partner's)" if entry.whose == RegisterEntry.Whose.PARTNER else ""
            suggestions.append(
                f"Your register of interests lists “{entry.name}”{whose} under "
                f"{entry.get_category_display().lower()}. If this concerns it, declare the interest, "
                "stating its existence and nature."
            )
    return suggestions
