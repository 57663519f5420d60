"""What a cost is: one family's monthly cost and its parts (FamilyCost), the whole report
(TCOReport), break-even months and the cumulative cash out. No pricing here: see
decisions.sizing.tco and its families (token_cost, rented_cost, owned_cost, seat_cost)."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from archdecide.decisions.sizing.assumptions import Assumption
from archdecide.decisions.sizing.freshness import oldest
from archdecide.decisions.sizing.replica import SizingResult
from archdecide.decisions.sizing.rounding import r as _r
from archdecide.decisions.sizing.sources import source_dict
from archdecide.knowledge.schema import Source

HOURS_PER_MONTH = 730
FAMILIES: tuple[str, ...] = ("api", "private_endpoint", "cloud_gpu", "sovereign", "onprem",
                             "air_gapped", "edge", "hybrid", "seat", "gateway", "on_device")
OWNED: tuple[str, ...] = ("onprem", "air_gapped", "edge", "hybrid")


@dataclass(frozen=True)


class BreakEven:
    month: int | None
    reason: str

    def to_dict(self) -> dict[str, Any]:
        return {"month": self.month if self.month is not None else "never",
                "reason": self.reason}


@dataclass(frozen=True)


class FamilyCost:
    family: str
    feasible: bool
    description: str
    monthly_usd: float | None = None
    usd_per_mtok: float | None = None
    capex_usd: float = 0.0
    running_monthly_usd: float = 0.0
    gpus: int = 0
    breakdown: dict[str, float] = field(default_factory=dict)
    cumulative_usd: tuple[float, ...] = ()
    reason: str = ""
    break_even_vs_api: BreakEven | None = None
    break_even_vs_cloud: BreakEven | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "family": self.family, "feasible": self.feasible, "description": self.description,
            "monthly_usd": money(self.monthly_usd),
            "usd_per_mtok": None if self.usd_per_mtok is None else _r(self.usd_per_mtok),
            "capex_usd": money(self.capex_usd),
            "running_monthly_usd": money(self.running_monthly_usd),
            "gpus": self.gpus,
            "breakdown": {k: money(v) for k, v in self.breakdown.items()},
            "cumulative_usd": [money(v) for v in self.cumulative_usd],
        }
        if self.reason:
            out["reason"] = self.reason
        if self.break_even_vs_api is not None:
            out["break_even_vs_api"] = self.break_even_vs_api.to_dict()
        if self.break_even_vs_cloud is not None:
            out["break_even_vs_cloud"] = self.break_even_vs_cloud.to_dict()
        return out


def money(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


@dataclass(frozen=True)


class TCOReport:
    sizing: SizingResult
    families: dict[str, FamilyCost]
    horizon_months: int
    api_price: str
    api_basis: str
    assumptions: tuple[Assumption, ...]
    price_ids: frozenset[str] = frozenset()
    """Ids of the catalogued prices (purchase, rental, API input/output) among assumptions."""
    api_ids: tuple[str, ...] = ()
    """Every API price the api family averages (`api_price` is the first)."""
    sources: tuple[Source, ...] = ()
    """Where the figures come from: the sources of the model, the GPU and every value used
    that was not overridden, in the order first cited."""

    def prices_as_of(self) -> str | None:
        """The oldest date among the catalogued prices this report used (not overridden)."""
        return oldest(a.date for a in self.assumptions
                      if not a.overridden and a.id in self.price_ids)

    def cheapest(self) -> str | None:
        costs = {f: c.monthly_usd for f, c in self.families.items()
                 if c.feasible and c.monthly_usd is not None}
        return min(costs, key=lambda f: (costs[f], FAMILIES.index(f))) if costs else None

    def to_dict(self) -> dict[str, Any]:
        """{"sizing": ..., "tco": ...}: JSON-safe, rounded, deterministic."""
        sizing = self.sizing.to_dict()
        sizing["assumptions"] = [a.to_dict() for a in self.assumptions]
        sizing["sources"] = [source_dict(source) for source in self.sources]
        return {"sizing": sizing, "tco": {
            "horizon_months": self.horizon_months,
            "monthly_tokens": self.sizing.request.monthly_tokens,
            "api_price": self.api_price,
            "api_price_ids": list(self.api_ids),
            "api_price_basis": self.api_basis,
            "prices_as_of": self.prices_as_of(),
            "cheapest": self.cheapest(),
            "families": {f: self.families[f].to_dict() for f in FAMILIES if f in self.families},
        }}


def break_even(capex: float, running: float, alternative: float | None, name: str,
               life_months: int) -> BreakEven:
    """First month in which buying (capex up front + running) costs no more than `name`."""
    if alternative is None:
        return BreakEven(None, f"{name} is not available for this model and GPU")
    if running >= alternative:
        return BreakEven(None, f"the running cost of ${running:,.0f}/month (power, facility, "
                         f"staff) is not below {name} at ${alternative:,.0f}/month, so buying "
                         "never pays back")
    month = max(1, math.ceil(capex / (alternative - running) - 1e-9))
    if month > life_months:
        return BreakEven(None, f"buying would pay back only after {month} months, longer than "
                         f"the hardware's {life_months}-month life")
    return BreakEven(month, f"the ${capex:,.0f} purchase is recovered by saving "
                     f"${alternative - running:,.0f}/month against {name}")


def cumulative(monthly: float, capex: float, life_months: int, horizon: int) -> tuple[float, ...]:
    if capex <= 0:
        return tuple([monthly * m for m in range(1, horizon + 1)])
    running = monthly - capex / life_months
    return tuple([capex * math.ceil(m / life_months) + running * m
                  for m in range(1, horizon + 1)])
