"""Access expectations by area, merged by tests/test_access_control.py.

Each module here may define:
- EXPECTATIONS: {url_name: row} — rows as in test_access_control (one Expect per role, plus
  "other_council" for council-scoped URLs, "method"/"data" for POST-only views, and
  "kwargs": {"reference": "{complaint.reference}"} to name this row's sample object);
- objects(cast, now) -> dict: sample objects the rows' kwargs name, made once per test.
Import the shared vocabulary from tests.access.vocabulary.
"""

import importlib
import pkgutil


def area_modules():
    return [
        importlib.import_module(f"{__name__}.{info.name}")
        for info in pkgutil.iter_modules(__path__)
        if info.name != "vocabulary"
    ]
