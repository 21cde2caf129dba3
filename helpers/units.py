"""Units that the article and Chinese statistics use: 万 (wan, 10^4), 亿 (yi, 10^8), yuan and US dollars.

Amounts are plain numbers in the base unit (yuan, USD, people) unless a name says otherwise.
"""

from __future__ import annotations

__all__ = ["WAN", "YI", "from_wan", "from_yi", "implied_rate", "to_wan", "to_yi", "usd_to_yuan", "yuan_to_usd"]

WAN = 10_000  # 万: ten thousand
YI = 100_000_000  # 亿: a hundred million (= 10,000 wan)
MU_PER_HECTARE = 15  # 亩 (mǔ): the Chinese land unit, 1/15 hectare (about 667 m²) by definition


def to_wan(amount: float) -> float:
    """Express ``amount`` in 万 (units of 10,000)."""
    return amount / WAN


def from_wan(amount_wan: float) -> float:
    """Convert an amount given in 万 (10,000s) to the base unit."""
    return amount_wan * WAN


def to_yi(amount: float) -> float:
    """Express ``amount`` in 亿 (units of 100 million)."""
    return amount / YI


def from_yi(amount_yi: float) -> float:
    """Convert an amount given in 亿 (100 millions) to the base unit."""
    return amount_yi * YI


def implied_rate(yuan: float, usd: float) -> float:
    """Exchange rate in yuan per US dollar implied by a pair of equal amounts (e.g. 30,000 yuan = $4,630)."""
    if yuan <= 0 or usd <= 0:
        raise ValueError("both amounts must be positive")
    return yuan / usd


def yuan_to_usd(yuan: float, yuan_per_usd: float) -> float:
    """Convert yuan to US dollars at a stated rate (yuan per dollar)."""
    if yuan_per_usd <= 0:
        raise ValueError("the exchange rate must be positive")
    return yuan / yuan_per_usd


def usd_to_yuan(usd: float, yuan_per_usd: float) -> float:
    """Convert US dollars to yuan at a stated rate (yuan per dollar)."""
    if yuan_per_usd <= 0:
        raise ValueError("the exchange rate must be positive")
    return usd * yuan_per_usd
