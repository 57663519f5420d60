"""Total cost of ownership per architecture family, break-even months and 0-5 TCO ratings.

`compute_tco(pack, inputs, overrides)` sizes the request (decisions.sizing) and prices it for
every family the schema knows (`Architecture.family`):

    api               tokens x API price (input/output shares), tier chosen by model size
    private_endpoint  api x (1 + private_endpoint_premium)
    cloud_gpu         GPUs x cheapest on-demand $/GPU-hour x hours (24x7 or hours_per_day) + staff
    sovereign         a sovereign price for the GPU if catalogued, else cloud x (1 + premium)
    onprem            capex (GPUs + servers) / amortisation + power x PUE x $/kWh + facility + staff
    air_gapped        onprem with capex x (1 + air_gapped_overhead_fraction) and extra staff
    edge              one device per single-stream replica on the catalog's edge GPU
    hybrid            sensitive share on own GPUs (onprem), the rest on the API

Owned hardware (onprem, air_gapped, edge, hybrid's own part) is bought in month 1 and again at
the end of each amortisation life; the cumulative-cost list is cash out per month.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from archdecide.decisions.sizing.assumptions import Assumption, Assumptions, SizingError
from archdecide.decisions.sizing.memory import (
    SizingRequest,
    SizingResult,
    _r,
    build_request,
    lookup_gpu,
    lookup_model,
    size_on,
)
from archdecide.knowledge.pack import KnowledgePack
from archdecide.knowledge.schema import GPU, LLMModel, SizingInputs

HOURS_PER_MONTH = 730
FAMILIES: tuple[str, ...] = ("api", "private_endpoint", "cloud_gpu", "sovereign", "onprem",
                             "air_gapped", "edge", "hybrid")
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
            "monthly_usd": _money(self.monthly_usd),
            "usd_per_mtok": None if self.usd_per_mtok is None else _r(self.usd_per_mtok),
            "capex_usd": _money(self.capex_usd),
            "running_monthly_usd": _money(self.running_monthly_usd),
            "gpus": self.gpus,
            "breakdown": {k: _money(v) for k, v in self.breakdown.items()},
            "cumulative_usd": [_money(v) for v in self.cumulative_usd],
        }
        if self.reason:
            out["reason"] = self.reason
        if self.break_even_vs_api is not None:
            out["break_even_vs_api"] = self.break_even_vs_api.to_dict()
        if self.break_even_vs_cloud is not None:
            out["break_even_vs_cloud"] = self.break_even_vs_cloud.to_dict()
        return out


def _money(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


@dataclass(frozen=True)
class TCOReport:
    sizing: SizingResult
    families: dict[str, FamilyCost]
    horizon_months: int
    api_price: str
    assumptions: tuple[Assumption, ...]

    def cheapest(self) -> str | None:
        costs = {f: c.monthly_usd for f, c in self.families.items()
                 if c.feasible and c.monthly_usd is not None}
        return min(costs, key=lambda f: (costs[f], FAMILIES.index(f))) if costs else None

    def to_dict(self) -> dict[str, Any]:
        """{"sizing": ..., "tco": ...}: JSON-safe, rounded, deterministic."""
        sizing = self.sizing.to_dict()
        sizing["assumptions"] = [a.to_dict() for a in self.assumptions]
        return {"sizing": sizing, "tco": {
            "horizon_months": self.horizon_months,
            "monthly_tokens": self.sizing.request.monthly_tokens,
            "api_price": self.api_price,
            "cheapest": self.cheapest(),
            "families": {f: self.families[f].to_dict() for f in FAMILIES if f in self.families},
        }}


# --------------------------------------------------------------------------- helpers


def api_price_for(pack: KnowledgePack, model: LLMModel) -> str:
    """The API price entry the api family is priced at: a tier matching the model's size
    (>= 300B frontier, >= 25B strong, else small), the median blended price within it."""
    wanted = "frontier" if model.params_b >= 300 else "strong" if model.params_b >= 25 else "small"
    order = [wanted] + [t for t in ("strong", "frontier", "small", "open_hosted") if t != wanted]
    for tier in order:
        entries = sorted((p for p in pack.api_prices.values() if p.tier == tier),
                         key=lambda p: (p.input_usd_per_mtok + p.output_usd_per_mtok, p.id))
        if entries:
            return entries[(len(entries) - 1) // 2].id
    raise SizingError(f"knowledge pack {pack.id} has no API prices")


def edge_gpu(pack: KnowledgePack) -> GPU | None:
    """The catalog's edge GPU: the non-datacenter GPU with the most memory."""
    edge = [g for g in pack.gpus.values() if not g.datacenter]
    return max(edge, key=lambda g: (g.memory_gb, g.id)) if edge else None


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


def _cumulative(monthly: float, capex: float, life_months: int, horizon: int) -> tuple[float, ...]:
    if capex <= 0:
        return tuple(monthly * m for m in range(1, horizon + 1))
    running = monthly - capex / life_months
    return tuple(capex * math.ceil(m / life_months) + running * m for m in range(1, horizon + 1))


# --------------------------------------------------------------------------- families


class _Pricer:
    def __init__(self, pack: KnowledgePack, llm: LLMModel, gpu: GPU, request: SizingRequest,
                 sizing: SizingResult, a: Assumptions) -> None:
        self.pack, self.llm, self.gpu, self.request, self.sizing, self.a = (
            pack, llm, gpu, request, sizing, a)
        self.tokens = request.monthly_tokens
        self.hours = request.hours_per_day / 24 * HOURS_PER_MONTH
        self.life = max(1, round(a.get("amortisation_years") * 12))
        self.staff_month = a.get("staff_usd_per_fte_year") / 12
        self.api_id = api_price_for(pack, llm)

    def per_mtok(self, monthly: float, tokens: float | None = None) -> float | None:
        tokens = self.tokens if tokens is None else tokens
        return monthly / tokens * 1e6 if tokens > 0 else None

    def api_monthly(self, tokens: float) -> float:
        price_in, price_out = self.a.api_price(self.api_id)
        share = self.a.get("input_token_share")
        return tokens / 1e6 * (share * price_in + (1 - share) * price_out)

    def api(self) -> FamilyCost:
        cost = self.api_monthly(self.tokens)
        name = self.pack.api_prices[self.api_id].model
        return FamilyCost("api", True, f"{name} API ({self.api_id})", cost, self.per_mtok(cost),
                          breakdown={"tokens": cost})

    def private_endpoint(self) -> FamilyCost:
        base = self.api_monthly(self.tokens)
        premium = base * self.a.get("private_endpoint_premium")
        cost = base + premium
        return FamilyCost("private_endpoint", True, "API tokens through a private endpoint",
                          cost, self.per_mtok(cost),
                          breakdown={"tokens": base, "private_endpoint_premium": premium})

    def _rented(self, family: str, rate: float, provider: str) -> FamilyCost:
        gpus = self.sizing.total_gpus
        compute = gpus * rate * self.hours
        staff = self.a.get("staff_fte_cloud_gpu") * self.staff_month
        cost = compute + staff
        return FamilyCost(family, True, f"{gpus} x {self.gpu.name} from {provider} at "
                          f"${rate:.2f}/GPU-hour for {self.hours:.0f} h/month", cost,
                          self.per_mtok(cost), running_monthly_usd=cost, gpus=gpus,
                          breakdown={"gpu_hours": compute, "staff": staff})

    def cloud_gpu(self) -> FamilyCost:
        found = self.a.cloud_price(self.gpu.id) or self.a.cloud_price(self.gpu.id, "reserved")
        if found is None:
            return FamilyCost("cloud_gpu", False, "rented GPUs",
                              reason=f"the catalog has no rental price for {self.gpu.id}")
        return self._rented("cloud_gpu", found[1], found[0])

    def sovereign(self) -> FamilyCost:
        found = self.a.cloud_price(self.gpu.id, "sovereign")
        if found is not None:
            return self._rented("sovereign", found[1], found[0])
        base = self.a.cloud_price(self.gpu.id) or self.a.cloud_price(self.gpu.id, "reserved")
        if base is None:
            return FamilyCost("sovereign", False, "sovereign cloud GPUs",
                              reason=f"the catalog has no rental price for {self.gpu.id}")
        rate = base[1] * (1 + self.a.get("sovereign_premium"))
        return self._rented("sovereign", rate, f"a sovereign cloud ({base[0]} + premium)")

    def _owned(self, gpus: int, gpu: GPU, unit_capex: float, fte: float,
               pue: bool = True, facility: bool = True) -> tuple[float, float, dict[str, float]]:
        capex = gpus * unit_capex
        kw = gpus * gpu.power_w * self.a.get("server_power_factor") / 1000
        energy_kwh = kw * self.a.get("avg_power_fraction") * self.hours
        power = energy_kwh * (self.a.get("pue") if pue else 1.0) * self.a.get(
            "electricity_usd_per_kwh")
        rack = kw * self.a.get("facility_usd_per_kw_month") if facility else 0.0
        staff = fte * self.staff_month
        amortisation = capex / self.life
        breakdown = {"amortisation": amortisation, "power": power, "facility": rack,
                     "staff": staff}
        return capex, power + rack + staff, breakdown

    def _onprem_parts(self, sizing: SizingResult, air_gapped: bool
                      ) -> tuple[float, float, dict[str, float]] | str:
        price = self.a.gpu_price(self.gpu.id)
        if price is None:
            return f"the catalog has no purchase price for {self.gpu.id}"
        unit = price + self.a.get("server_overhead_usd_per_gpu")
        fte = self.a.get("staff_fte_onprem")
        if air_gapped:
            unit *= 1 + self.a.get("air_gapped_overhead_fraction")
            fte += self.a.get("air_gapped_extra_fte")
        return self._owned(sizing.total_gpus, self.gpu, unit, fte)

    def onprem(self, air_gapped: bool = False) -> FamilyCost:
        family = "air_gapped" if air_gapped else "onprem"
        parts = self._onprem_parts(self.sizing, air_gapped)
        if isinstance(parts, str):
            return FamilyCost(family, False, "own GPU servers", reason=parts)
        capex, running, breakdown = parts
        cost = capex / self.life + running
        gpus = self.sizing.total_gpus
        what = "air-gapped GPU servers" if air_gapped else "own GPU servers"
        return FamilyCost(family, True, f"{gpus} x {self.gpu.name} in {what}", cost,
                          self.per_mtok(cost), capex, running, gpus, breakdown)

    def edge(self) -> FamilyCost:
        device = edge_gpu(self.pack)
        if device is None:
            return FamilyCost("edge", False, "edge devices",
                              reason="the catalog has no edge (non-datacenter) GPU")
        request = self.request.model_copy(update={"gpu": device.id, "concurrency": 1})
        try:
            sizing = size_on(self.llm, device, request, self.a)
        except SizingError as exc:
            return FamilyCost("edge", False, "edge devices", reason=str(exc))
        if sizing.gpus_per_replica > 1:
            return FamilyCost("edge", False, "edge devices", reason=(
                f"one replica needs {sizing.gpus_per_replica} x {device.name} "
                f"({sizing.total_bytes / 2**30:.1f} GiB); an edge device has one GPU"))
        devices = sizing.replicas
        capex, running, breakdown = self._owned(
            devices, device, self.a.get("edge_device_usd"),
            self.a.get("staff_fte_edge"), pue=False, facility=False)
        cost = capex / self.life + running
        return FamilyCost("edge", True, f"{devices} edge device(s) with {device.name}, one "
                          "stream each", cost, self.per_mtok(cost), capex, running, devices,
                          breakdown)

    def hybrid(self) -> FamilyCost:
        share = self.request.sensitive_share
        api_tokens = self.tokens * (1 - share)
        api_cost = self.api_monthly(api_tokens)
        if share <= 0:
            return FamilyCost("hybrid", True, "no sensitive traffic: all on the API", api_cost,
                              self.per_mtok(api_cost), running_monthly_usd=api_cost,
                              breakdown={"api_tokens": api_cost})
        request = self.request.model_copy(
            update={"monthly_tokens": math.ceil(self.tokens * share)})
        sizing = size_on(self.llm, self.gpu, request, self.a)
        parts = self._onprem_parts(sizing, air_gapped=False)
        if isinstance(parts, str):
            return FamilyCost("hybrid", False, "sensitive share on own GPUs", reason=parts)
        capex, running, breakdown = parts
        running += api_cost
        breakdown["api_tokens"] = api_cost
        cost = capex / self.life + running
        return FamilyCost("hybrid", True, f"{share:.0%} sensitive on {sizing.total_gpus} x "
                          f"{self.gpu.name} on premises, the rest on the API", cost,
                          self.per_mtok(cost), capex, running, sizing.total_gpus, breakdown)


def _finish(cost: FamilyCost, api: float | None, cloud: float | None, life: int,
            horizon: int) -> FamilyCost:
    if not cost.feasible or cost.monthly_usd is None:
        return cost
    updates: dict[str, Any] = {
        "cumulative_usd": _cumulative(cost.monthly_usd, cost.capex_usd, life, horizon)}
    if cost.family in OWNED and cost.capex_usd > 0:
        updates["break_even_vs_api"] = break_even(cost.capex_usd, cost.running_monthly_usd, api,
                                                  "the API", life)
        updates["break_even_vs_cloud"] = break_even(cost.capex_usd, cost.running_monthly_usd,
                                                    cloud, "renting cloud GPUs", life)
    return FamilyCost(**{**cost.__dict__, **updates})


def compute_tco(pack: KnowledgePack, inputs: SizingInputs | SizingRequest
                | Mapping[str, Any] | None, overrides: Mapping[str, float] | None = None, *,
                model: LLMModel | None = None) -> TCOReport:
    """Size the request and price every family. Pure: same inputs -> identical report."""
    a = Assumptions(pack, overrides)
    request = build_request(pack, inputs, a)
    llm = model if model is not None else lookup_model(pack, request.model)
    gpu = lookup_gpu(pack, request.gpu)
    sizing = size_on(llm, gpu, request, a)
    p = _Pricer(pack, llm, gpu, request, sizing, a)
    horizon = max(1, round(a.get("horizon_years") * 12))
    raw = {"api": p.api(), "private_endpoint": p.private_endpoint(), "cloud_gpu": p.cloud_gpu(),
           "sovereign": p.sovereign(), "onprem": p.onprem(),
           "air_gapped": p.onprem(air_gapped=True), "edge": p.edge(), "hybrid": p.hybrid()}
    api_cost = raw["api"].monthly_usd
    cloud_cost = raw["cloud_gpu"].monthly_usd if raw["cloud_gpu"].feasible else None
    families = {f: _finish(c, api_cost, cloud_cost, p.life, horizon) for f, c in raw.items()}
    return TCOReport(sizing, families, horizon, p.api_id, tuple(a.used()))


def tco_ratings(report: TCOReport, families: Mapping[str, str]) -> dict[str, float]:
    """architecture id -> TCO rating 0-5 from its family's monthly cost.

    The cheapest feasible family among those asked about rates 5; another rates
    5 x (cheapest + 1) / (cost + 1) (dollars per month; the +1 keeps a zero-cost option from
    dividing by zero), so twice the cost rates about 2.5. Infeasible or unknown families
    rate 0. Rounded to 2 decimals."""
    wanted = set(families.values())
    costs = {f: c.monthly_usd for f, c in report.families.items()
             if f in wanted and c.feasible and c.monthly_usd is not None}
    if not costs:
        return {arch: 0.0 for arch in sorted(families)}
    low = min(costs.values())
    out: dict[str, float] = {}
    for arch in sorted(families):
        cost = costs.get(families[arch])
        out[arch] = 0.0 if cost is None else round(5 * (low + 1) / (cost + 1), 2)
    return out
