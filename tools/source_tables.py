"""Reading the shared data sources: one CSV, one value, a sample quoted in PROVENANCE.md, parts against totals.

Shared by the dataset builders (tools/build_external_datasets.py, tools/build_context_datasets.py).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

# Tolerance (Mt CO2, i.e. 1 tonne) for "the parts reproduce the total" checks.
SUM_TOLERANCE_MT = 1e-6


def read_source(source_dir: Path, filename: str, **kwargs: object) -> pd.DataFrame:
    """Read one CSV from the shared data-sources folder."""
    return pd.read_csv(source_dir / filename, **kwargs)


def value_at(df: pd.DataFrame, column: str, **keys: object) -> float:
    """Return the single value of ``column`` in the row matching all ``keys`` (column=value)."""
    mask = pd.Series(True, index=df.index)
    for key, wanted in keys.items():
        mask &= df[key] == wanted
    matches = df.loc[mask, column]
    assert len(matches) == 1, f"expected one row for {keys}, found {len(matches)}"
    return float(matches.iloc[0])


def assert_sample(df: pd.DataFrame, column: str, expected: float, ndigits: int, **keys: object) -> None:
    """Assert that a value, rounded to ``ndigits``, equals a sample quoted in PROVENANCE.md."""
    actual = value_at(df, column, **keys)
    assert round(actual, ndigits) == expected, f"{column} at {keys}: {actual} != sample {expected}"


def split_total(df: pd.DataFrame, category: str, total_label: str, value_columns: list[str]) -> pd.DataFrame:
    """Drop the total rows of a long table after checking that the parts reproduce them.

    ``category`` is the column naming the parts; ``total_label`` is its value on the total rows.
    """
    is_total = df[category] == total_label
    totals = df[is_total].set_index("year")[value_columns]
    parts = df[~is_total].groupby("year")[value_columns].sum()
    assert totals.index.is_unique
    assert set(totals.index) == set(parts.index)
    worst = (parts - totals.loc[parts.index]).abs().max().max()
    assert worst < SUM_TOLERANCE_MT, f"parts do not reproduce '{total_label}': max diff {worst}"
    return df[~is_total].reset_index(drop=True)
