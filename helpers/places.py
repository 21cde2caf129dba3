"""Place names for figures and text: English, 汉字 and pinyin from the ``places`` dataset.

Fields the dataset leaves empty (where the course is not certain of a name) are shown as unknown,
never filled in.
"""

from __future__ import annotations

import re

import pandas as pd

__all__ = ["place_label", "province_name"]

_JOINED_WORDS = re.compile(r"(?<=[a-z])(?=[A-Z])")  # "InnerMongolia": a capital right after a small letter


def province_name(name: str) -> str:
    """A province as figures show it: data sources that join words (GCAM's ``"InnerMongolia"``) are split
    (``"Inner Mongolia"``); other names are unchanged."""
    return _JOINED_WORDS.sub(" ", name)


def place_label(places: pd.DataFrame, name_en: str) -> str:
    """``"Xinzhou (忻州 Xīnzhōu)"`` from the ``places`` table; unknown parts are said to be unknown
    (``"Hequ (河曲, pinyin unknown)"``, ``"Nongfa (汉字 unknown, pinyin unknown)"``)."""
    row = places.loc[places["name_en"] == name_en]
    if len(row) != 1:
        raise KeyError(f"no single place {name_en!r} in the places table")
    zh, pinyin = row["name_zh"].iloc[0], row["pinyin"].iloc[0]
    if pd.notna(zh) and pd.notna(pinyin):
        return f"{name_en} ({zh} {pinyin})"
    zh = zh if pd.notna(zh) else "汉字 unknown"
    pinyin = pinyin if pd.notna(pinyin) else "pinyin unknown"
    return f"{name_en} ({zh}, {pinyin})"
