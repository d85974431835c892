"""Services for a council's protocol profile: create it from a preset, reload its clauses."""

from __future__ import annotations

import copy

from django.db import transaction

from accounts.models import Council
from casework.models import ProtocolClause, ProtocolProfile
from casework.presets import SETTING_NAMES, get_preset


def profile_apply_preset(*, profile: ProtocolProfile, preset: str) -> ProtocolProfile:
    """Set the profile's preset, title, every setting and its sources from the preset (does not save)."""
    chosen = get_preset(preset)
    profile.preset = chosen.key
    profile.title = chosen.title
    for name in SETTING_NAMES:
        setattr(profile, name, copy.deepcopy(chosen.settings[name]))
    profile.sources = copy.deepcopy(chosen.sources)
    return profile


@transaction.atomic
def profile_create_from_preset(*, council: Council, preset: str) -> ProtocolProfile:
    """Give a council its protocol profile from a preset, with the protocol's clauses loaded.

    Raises ValueError if the council already has a profile or the preset is unknown.
    """
    get_preset(preset)  # an unknown preset fails before anything is written
    if ProtocolProfile.objects.filter(council=council).exists():
        raise ValueError(f"{council} already has a protocol profile.")
    profile = profile_apply_preset(profile=ProtocolProfile(council=council), preset=preset)
    profile.full_clean()
    profile.save()
    profile_reload_clauses(profile=profile)
    return profile


@transaction.atomic
def profile_reload_clauses(*, profile: ProtocolProfile) -> int:
    """Replace the profile's clauses with those parsed from its preset's text; returns how many."""
    parsed = get_preset(profile.preset).clauses()
    profile.clauses.all().delete()
    ProtocolClause.objects.bulk_create(
        [
            ProtocolClause(
                profile=profile,
                number=clause.number,
                anchor=clause.anchor,
                heading=clause.heading[:300],
                text=clause.text,
                position=clause.position,
            )
            for clause in parsed
        ]
    )
    return len(parsed)
