"""Shared fixtures: the real seed documents, parsed once per test session."""

from __future__ import annotations

from pathlib import Path

import pytest

from analysis import load_plans
from analysis.load import PlanTables

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


@pytest.fixture(scope="session")
def plans() -> PlanTables:
    return load_plans(SEEDS)


@pytest.fixture(scope="session")
def items(plans: PlanTables):
    return plans.items.set_index("item_id")


def item_by_text(items, year: int, fragment: str):
    """The single item of a year whose text contains the fragment."""
    found = items[(items["year"] == year) & items["text"].str.contains(fragment, regex=False)]
    assert len(found) == 1, f"{fragment!r} matches {len(found)} items of {year}"
    return found.iloc[0]
