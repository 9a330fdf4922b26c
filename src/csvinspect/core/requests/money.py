"""Cost of each request: the export's money column, or its quota units turned into money.

new-api and one-api bill in quota units; 500,000 quota = 1 USD unless the gateway was set up
otherwise, so the rate is a setting (issue 5), and so is the currency costs are shown in
(for example CNY at a configurable rate per USD, as the Chinese console displays).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

import numpy as np

from csvinspect.core.requests.columns import RoleColumns

DEFAULT_QUOTA_PER_USD = 500_000.0


@dataclass(frozen=True)
class MoneySettings:
    """How quota becomes money and which currency costs are shown in.

    ``display_currency`` None keeps every cost in the currency its column was written in;
    otherwise USD amounts (and quota) are converted at ``usd_rate`` units of
    ``display_currency`` per USD. The UI remembers these (``to_dict``/``from_dict``).
    """

    quota_per_usd: float = DEFAULT_QUOTA_PER_USD
    display_currency: str | None = None
    usd_rate: float = 1.0

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @staticmethod
    def from_dict(data: dict[str, Any]) -> MoneySettings:
        """Settings from remembered values; anything unusable falls back to the default."""
        default = MoneySettings()
        quota = _positive(data.get("quota_per_usd"), default.quota_per_usd)
        rate = _positive(data.get("usd_rate"), default.usd_rate)
        currency = data.get("display_currency")
        if not isinstance(currency, str) or not currency.strip():
            currency = None
        return MoneySettings(quota, currency.strip().upper() if currency else None, rate)


def _positive(value: Any, default: float) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return default
    return number if np.isfinite(number) and number > 0 else default


@dataclass(frozen=True)
class Costs:
    values: np.ndarray  # float64 per row, NaN = unknown
    currency: str | None
    source: str  # what the amounts were read from, for the report and the cards' tooltip


def request_costs(roles: RoleColumns, settings: MoneySettings) -> Costs:
    """Per-row cost: a money column first, then quota at the set rate, then a USD column."""
    n = roles.n
    if roles.has("cost"):
        values, currency = roles.money("cost")
        source = roles.get("cost").name  # type: ignore[union-attr]
        if roles.has("currency") and currency is None:
            currency = _most_common(roles.labels("currency"))
    elif roles.has("quota"):
        values = roles.numbers("quota") / settings.quota_per_usd
        currency = "USD"
        source = f"{roles.get('quota').name} ({settings.quota_per_usd:,.0f} = 1 USD)"  # type: ignore[union-attr]
    elif roles.has("cost_usd"):
        values, _ = roles.money("cost_usd")
        currency = "USD"
        source = roles.get("cost_usd").name  # type: ignore[union-attr]
    else:
        return Costs(np.full(n, np.nan), None, "")
    if settings.display_currency and currency == "USD" and settings.display_currency != "USD":
        values = values * settings.usd_rate
        currency = settings.display_currency
        source += f" at {settings.usd_rate:g} {currency}/USD"
    return Costs(np.asarray(values, dtype=np.float64), currency, source)


def _most_common(labels: Any) -> str | None:
    codes = labels.codes[labels.codes >= 0]
    if not len(codes):
        return None
    return str(labels.names[int(np.bincount(codes).argmax())]).upper()
