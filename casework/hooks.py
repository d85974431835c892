"""Where later apps plug into the core without the core importing them.

casework sits below interests and complaints (ARCHITECTURE, "Layout and layering"), yet routing
must treat a declared relationship as a conflict and an enquiry must suggest a declaration when
its text mentions something on the councillor's register. Those apps register functions here
in their AppConfig.ready(); casework calls whatever is registered.
"""

from collections.abc import Callable

from accounts.models import Council, User

# (case) -> {user_id: "why they are conflicted"}
ConflictProvider = Callable[..., dict[int, str]]
# (councillor, council, text) -> ["a sentence suggesting a declaration", ...]
InterestSuggester = Callable[..., list[str]]

_conflict_providers: list[ConflictProvider] = []
_interest_suggesters: list[InterestSuggester] = []


def register_conflict_provider(provider: ConflictProvider) -> None:
    if provider not in _conflict_providers:
        _conflict_providers.append(provider)


def register_interest_suggester(suggester: InterestSuggester) -> None:
    if suggester not in _interest_suggesters:
        _interest_suggesters.append(suggester)


def extra_conflicts(case) -> dict[int, str]:
    found: dict[int, str] = {}
    for provider in _conflict_providers:
        for user_id, reason in provider(case).items():
            found.setdefault(user_id, reason)
    return found


def suggest_interests(*, councillor: User, council: Council, text: str) -> list[str]:
    suggestions: list[str] = []
    for suggester in _interest_suggesters:
        suggestions.extend(suggester(councillor=councillor, council=council, text=text))
    return list(dict.fromkeys(suggestions))
