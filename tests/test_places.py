"""helpers.places: labels use the glossary's 汉字 and pinyin, and say "unknown" rather than fill gaps."""

from __future__ import annotations

import pandas as pd
import pytest

from helpers import data
from helpers.places import place_label

PLACES = data.load("places")


def test_a_fully_known_place_gets_both_forms():
    row = PLACES.set_index("name_en").loc["Xinzhou"]
    assert place_label(PLACES, "Xinzhou") == f"Xinzhou ({row['name_zh']} {row['pinyin']})"


@pytest.mark.parametrize("name", list(PLACES["name_en"]))
def test_every_place_label_shows_exactly_what_the_glossary_knows(name):
    row = PLACES.set_index("name_en").loc[name]
    label = place_label(PLACES, name)
    for field, unknown in (("name_zh", "汉字 unknown"), ("pinyin", "pinyin unknown")):
        if pd.isna(row[field]):
            assert unknown in label
        else:
            assert row[field] in label and unknown not in label


def test_an_unknown_place_is_refused():
    with pytest.raises(KeyError):
        place_label(PLACES, "Atlantis")
