"""A set of named tables, each made on first use: notebooks read from the store only what they show."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd


class LazyTables(Mapping[str, "pd.DataFrame"]):
    """Tables by name, each made by `make(name)` the first time it is asked for, then kept."""

    def __init__(self, names: Iterable[str], make: Callable[[str], pd.DataFrame]) -> None:
        self._names = list(names)
        self._make = make
        self._made: dict[str, pd.DataFrame] = {}

    def __getitem__(self, name: str) -> pd.DataFrame:
        if name not in self._made:
            if name not in self._names:
                raise KeyError(name)
            self._made[name] = self._make(name)
        return self._made[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._names)

    def __len__(self) -> int:
        return len(self._names)

    def __contains__(self, name: object) -> bool:
        return name in self._names
