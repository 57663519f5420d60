"""Total cost of ownership per architecture family, break-even months and 0-5 TCO ratings.

`compute_tco(pack, inputs, overrides)` sizes the request (decisions.sizing) and prices it for
every family the schema knows (`Architecture.family`):

    api               tokens x API price (input/output shares): like for like, the median
                      hosted price of the same open model across providers; the closed
                      frontier tier when the quality answer asks for frontier models
    private_endpoint  api x (1 + private_endpoint_premium)
    cloud_gpu         GPUs x cheapest on-demand $/GPU-hour x hours (24x7 or hours_per_day) + staff
    sovereign         a sovereign price for the GPU if catalogued, else cloud x (1 + premium)
    onprem            capex (GPUs + servers) / amortisation + power x PUE x $/kWh + facility + staff
    air_gapped        onprem with capex x (1 + air_gapped_overhead_fraction) and extra staff
    edge              one device per single-stream replica: the cheapest catalogued edge
                      device that holds the model
    hybrid            sensitive share on own GPUs (onprem), the rest on the API
    seat              users x the median seat price of the catalogued staff assistants
    gateway           the tokens at the API price plus a platform team for the gateway
    on_device         the users' devices run the model: engineering staff only

Owned hardware (onprem, air_gapped, edge, hybrid's own part) is bought in month 1 and again at
the end of each amortisation life; the cumulative-cost list is cash out per month. Rented GPUs
and APIs are priced only at providers eligible for what the answers require (a HIPAA BAA, a
FedRAMP level, EU sovereignty); with none eligible the family is not possible, and says why.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from typing import Any

from archdecide.decisions.sizing.assumptions import (
    Assumption,
    Assumptions,
    SizingError,
    eligible,
)
from archdecide.decisions.sizing.freshness import oldest
from archdecide.decisions.sizing.memory import usable_bytes
from archdecide.decisions.sizing.replica import SizingResult, size_on
from archdecide.decisions.sizing.request import (
    SizingRequest,
    build_request,
    lookup_gpu,
    lookup_model,
)
from archdecide.decisions.sizing.rounding import r as _r
from archdecide.decisions.sizing.sources import cited_sources, source_dict
from archdecide.knowledge.pack import KnowledgePack
from archdecide.knowledge.schema import GPU, APIPrice, LLMModel, SizingInputs, Source

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


# --------------------------------------------------------------------------- helpers


@dataclass(frozen=True)
class APIChoice:
    ids: tuple[str, ...]
    """The price entries the api family averages (one for a tier, the providers' median)."""
    basis: str
    """How they were chosen, in words, for the output and the record."""





def _median(entries: list[APIPrice]) -> list[APIPrice]:
    """The median entry by blended price, three input tokens to one output token (the two
    middle ones, averaged, when the count is even)."""
    ordered = sorted(entries, key=lambda p: (3 * p.input_usd_per_mtok + p.output_usd_per_mtok,
                                             p.id))
    mid = len(ordered) // 2
    return ordered[mid - 1:mid + 1] if len(ordered) % 2 == 0 else [ordered[mid]]


def api_choice(pack: KnowledgePack, model: LLMModel, request: SizingRequest) -> APIChoice:
    """Like for like: an open model's API price is its hosted price (median over eligible
    providers). The closed frontier tier when asked (comparator closed_frontier) or when the
    model is not hosted by an eligible provider: then a tier by size."""
    prices = [p for p in pack.api_prices.values()
              if not p.retired and eligible(p, request.requires)]
    needs = f" eligible for {', '.join(request.requires)}" if request.requires else ""
    note = ""
    if request.comparator == "closed_frontier":
        frontier = [p for p in prices if p.tier == "frontier"]
        if frontier:
            chosen = _median(frontier)
            return APIChoice(tuple(p.id for p in chosen), "closed frontier tier: median of "
                             f"{len(frontier)} frontier API{'s' if len(frontier) > 1 else ''}"
                             f"{needs}")
        note = f"closed frontier asked for, but no frontier API is{needs or ' priced'}; "
    hosted = [p for p in prices if p.hosts == model.id]
    if hosted and model.open_weights:
        chosen = _median(hosted)
        providers = sorted({p.provider for p in hosted})
        return APIChoice(tuple(p.id for p in chosen), f"{note}like for like: {model.name} "
                         f"hosted, median of {len(hosted)} provider price"
                         f"{'s' if len(hosted) > 1 else ''} ({', '.join(providers)}){needs}")
    wanted = "frontier" if model.params_b >= 300 else "strong" if model.params_b >= 25 else "small"
    order = [wanted] + [t for t in ("strong", "frontier", "small") if t != wanted]
    for tier in order:
        entries = [p for p in prices if p.tier == tier]
        if entries:
            chosen = _median(entries)
            return APIChoice(tuple(p.id for p in chosen), f"{note}closed {tier} tier (no hosted "
                             f"price for {model.name}{needs}; {tier} by model size when "
                             f"available): median of {len(entries)}")
    if request.requires:
        raise _NoAPI(f"no catalogued API is eligible for {', '.join(request.requires)}")
    raise SizingError(f"knowledge pack {pack.id} has no API prices")


class _NoAPI(SizingError):
    """No API price is eligible for the answers' requirements."""


def edge_gpus(pack: KnowledgePack) -> list[GPU]:
    """The catalog's edge GPUs (not for a data centre), smallest memory first."""
    return sorted((g for g in pack.gpus.values() if not g.datacenter),
                  key=lambda g: (g.memory_gb, g.id))


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
        return tuple([monthly * m for m in range(1, horizon + 1)])
    running = monthly - capex / life_months
    return tuple([capex * math.ceil(m / life_months) + running * m
                  for m in range(1, horizon + 1)])


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
        self.requires = request.requires
        self.api_ids: tuple[str, ...] = ()
        self.api_basis = ""
        self.no_api = ""
        try:
            choice = api_choice(pack, llm, request)
            self.api_ids, self.api_basis = choice.ids, choice.basis
        except _NoAPI as exc:
            self.no_api = str(exc)
            self.api_basis = f"none: {exc}"

    def per_mtok(self, monthly: float, tokens: float | None = None) -> float | None:
        tokens = self.tokens if tokens is None else tokens
        return monthly / tokens * 1e6 if tokens > 0 else None

    def api_monthly(self, tokens: float) -> float:
        prices = [self.a.api_price(i) for i in self.api_ids]
        price_in = sum(p[0] for p in prices) / len(prices)
        price_out = sum(p[1] for p in prices) / len(prices)
        share = self.a.get("input_token_share")
        return tokens / 1e6 * (share * price_in + (1 - share) * price_out)

    def dedicated_hosting(self, family: str) -> FamilyCost | None:
        """A fine-tuned model on a managed service runs on dedicated capacity (Bedrock
        Provisioned Throughput, Azure OpenAI's hourly hosting of fine-tunes): the replicas'
        GPU-hours plus the managed premium, never less than the tokens would cost."""
        if not self.request.fine_tuned:
            return None
        rented = self.cloud_gpu()
        if not rented.feasible or rented.monthly_usd is None:
            return None
        hours = rented.breakdown["gpu_hours"]
        premium = hours * self.a.get("private_endpoint_premium")
        tokens = self.api_monthly(self.tokens)
        if hours + premium >= tokens:
            cost, breakdown = hours + premium, {"dedicated_hours": hours,
                                                "private_endpoint_premium": premium}
        else:
            cost, breakdown = tokens, {"tokens": tokens}
        return FamilyCost(family, True, f"the fine-tuned model on dedicated managed capacity "
                          f"({rented.gpus} GPUs' hours + premium), not per token", cost,
                          self.per_mtok(cost), running_monthly_usd=cost, gpus=rented.gpus,
                          breakdown=breakdown)

    def api(self) -> FamilyCost:
        if self.no_api:
            return FamilyCost("api", False, "a public API", reason=self.no_api)
        hosted = self.dedicated_hosting("api")
        if hosted is not None:
            return hosted
        cost = self.api_monthly(self.tokens)
        entries = [self.pack.api_prices[i] for i in self.api_ids]
        names = " / ".join(f"{p.model} from {p.provider}" for p in entries)
        return FamilyCost("api", True, f"{names} ({', '.join(self.api_ids)}; "
                          f"{self.api_basis})", cost, self.per_mtok(cost),
                          breakdown={"tokens": cost})

    def private_endpoint(self) -> FamilyCost:
        if self.no_api:
            return FamilyCost("private_endpoint", False, "API tokens through a private endpoint",
                              reason=self.no_api)
        hosted = self.dedicated_hosting("private_endpoint")
        if hosted is not None:
            return hosted
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

    def _no_rental(self, what: str, requires: tuple[str, ...]) -> str:
        if requires and any(p.gpu == self.gpu.id and not p.retired
                            for p in self.pack.cloud_gpu_prices.values()):
            return (f"no catalogued provider of {self.gpu.id} is eligible for "
                    f"{', '.join(requires)}")
        return f"the catalog has no {what} price for {self.gpu.id}"

    def cloud_gpu(self) -> FamilyCost:
        found = self.a.cloud_price(self.gpu.id, ("on_demand",), self.requires) or \
            self.a.cloud_price(self.gpu.id, ("reserved",), self.requires)
        if found is None:
            return FamilyCost("cloud_gpu", False, "rented GPUs",
                              reason=self._no_rental("rental", self.requires))
        return self._rented("cloud_gpu", found[1], found[0])

    def sovereign(self) -> FamilyCost:
        needs = tuple(sorted({*self.requires, "eu_sovereign"}))
        found = self.a.cloud_price(self.gpu.id, ("sovereign", "on_demand", "reserved"), needs)
        if found is not None:
            return self._rented("sovereign", found[1], found[0])
        others = tuple(r for r in self.requires if r != "eu_sovereign")
        base = self.a.cloud_price(self.gpu.id, ("on_demand",), others) or \
            self.a.cloud_price(self.gpu.id, ("reserved",), others)
        if base is None:
            return FamilyCost("sovereign", False, "sovereign cloud GPUs",
                              reason=self._no_rental("rental", others))
        rate = base[1] * (1 + self.a.get("sovereign_premium"))
        return self._rented("sovereign", rate, f"a sovereign cloud (no EU-sovereign price "
                            f"catalogued: {base[0]} + premium)")

    def _owned(self, gpus: int, gpu: GPU, unit_capex: float, fte: float,
               pue: bool = True, facility: bool = True, record: bool = True
               ) -> tuple[float, float, dict[str, float]]:
        def get(key: str) -> float:
            if record:
                return self.a.get(key)
            return float(self.a.overrides.get(key, self.pack.constants[key].value))

        capex = gpus * unit_capex
        kw = gpus * gpu.power_w * (1.0 if gpu.device else get("server_power_factor")) / 1000
        energy_kwh = kw * get("avg_power_fraction") * self.hours
        power = energy_kwh * (get("pue") if pue else 1.0) * get("electricity_usd_per_kwh")
        rack = kw * get("facility_usd_per_kw_month") if facility else 0.0
        staff = fte * self.staff_month if fte else 0.0
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
        devices = edge_gpus(self.pack)
        if not devices:
            return FamilyCost("edge", False, "edge devices",
                              reason="the catalog has no edge (non-datacenter) GPU")
        priced = {p.gpu for p in self.pack.gpu_prices.values() if not p.retired}
        if any(d.id in priced for d in devices):
            devices = [d for d in devices if d.id in priced]  # no current price: not offered
        request = self.request.model_copy(update={"concurrency": 1, "tp": None, "ep": None})
        options: list[tuple[float, GPU, SizingResult, float]] = []
        reasons: list[str] = []
        weights = self.sizing.weights_bytes
        for device in devices:
            if weights > usable_bytes(device, self.a.get("gpu_memory_utilization")):
                reasons.append(f"{device.name} holds less than the {weights / 2**30:.1f} GiB "
                               "of weights")
                continue
            try:
                sizing = size_on(self.llm, device, request.model_copy(
                    update={"gpu": device.id}), self.a)
            except SizingError as exc:
                reasons.append(str(exc))
                continue
            if sizing.gpus_per_replica > 1:
                reasons.append(f"{device.name} would need {sizing.gpus_per_replica} units")
                continue
            unit = self._device_price(device, record=False)
            options.append((unit * sizing.replicas, device, sizing, unit))
        if not options:
            return FamilyCost("edge", False, "edge devices", reason=(
                f"{self.llm.name} at {self.request.precision} fits no single edge device "
                f"({'; '.join(reasons[-2:])})"))
        def monthly(option: tuple[float, GPU, SizingResult, float]) -> tuple[float, str]:
            _, device, sizing, unit = option
            capex, running, _ = self._owned(sizing.replicas, device, unit, 0.0, pue=False,
                                            facility=False, record=False)
            return capex / self.life + running, device.id

        _, device, sizing, unit = min(options, key=monthly)
        unit = self._device_price(device)
        count = sizing.replicas
        capex, running, breakdown = self._owned(
            count, device, unit, self.a.get("staff_fte_edge"), pue=False, facility=False)
        cost = capex / self.life + running
        return FamilyCost("edge", True, f"{count} x {device.name} at ${unit:,.0f} each, one "
                          "stream each", cost, self.per_mtok(cost), capex, running, count,
                          breakdown)

    def _device_price(self, device: GPU, record: bool = True) -> float:
        """A whole device at its price; a card plus a host computer (`edge_device_usd`).
        Without a current price, the whole device costs `edge_device_usd`."""
        if record:
            price = self.a.gpu_price(device.id)
            host = self.a.get("edge_device_usd")
        else:
            entry = next((p for p in self.pack.gpu_prices.values()
                          if p.gpu == device.id and not p.retired), None)
            price = None if entry is None else float(self.a.overrides.get(entry.id, entry.usd))
            host = float(self.a.overrides.get("edge_device_usd",
                                              self.pack.constants["edge_device_usd"].value))
        if price is None:
            return host
        return price if device.device else price + host

    def hybrid(self) -> FamilyCost:
        if self.no_api:
            return FamilyCost("hybrid", False, "sensitive share on own GPUs, the rest on an API",
                              reason=self.no_api)
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


    def seat(self) -> FamilyCost:
        prices = self.a.seat_prices(self.requires)
        if not prices:
            reason = ("no catalogued assistant is eligible for " + ", ".join(self.requires)
                      if self.requires else "the catalog has no seat prices")
            return FamilyCost("seat", False, "assistant seats", reason=reason)
        values = sorted(v for _, v in prices)
        mid = len(values) // 2
        price = values[mid] if len(values) % 2 else (values[mid - 1] + values[mid]) / 2
        users = self.request.users
        cost = users * price
        return FamilyCost("seat", True, f"{users:,} seats at ${price:,.2f} per user-month (median "
                          f"of {len(values)} assistants)", cost, self.per_mtok(cost),
                          running_monthly_usd=cost, breakdown={"seats": cost})

    def gateway(self) -> FamilyCost:
        """The tokens at the API price (each use case routed to an adequate model) plus the
        platform team that runs the gateway. Self-hosted models behind it are optional; when
        the data requires them, the hybrid family prices that split."""
        if self.no_api:
            return FamilyCost("gateway", False, "a gateway over providers and own models",
                              reason=self.no_api)
        api_cost = self.api_monthly(self.tokens)
        staff = self.a.get("staff_fte_gateway") * self.staff_month
        cost = api_cost + staff
        return FamilyCost("gateway", True, "the tokens through a gateway to several providers, "
                          "and its platform team", cost, self.per_mtok(cost),
                          running_monthly_usd=cost,
                          breakdown={"api_tokens": api_cost, "staff": staff})

    def on_device(self) -> FamilyCost:
        staff = self.a.get("staff_fte_on_device") * self.staff_month
        return FamilyCost("on_device", True, "the users' own devices run the model; engineering "
                          "to package and update it", staff, self.per_mtok(staff),
                          running_monthly_usd=staff, breakdown={"staff": staff})


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


def _pricer(pack: KnowledgePack, inputs: SizingInputs | SizingRequest | Mapping[str, Any]
            | None, overrides: Mapping[str, float] | None, model: LLMModel | None) -> _Pricer:
    """The request sized on its GPU, ready to price any family."""
    a = Assumptions(pack, overrides)
    request = build_request(pack, inputs, a)
    llm = model if model is not None else lookup_model(pack, request.model)
    gpu = lookup_gpu(pack, request.gpu)
    return _Pricer(pack, llm, gpu, request, size_on(llm, gpu, request, a), a)


PRICERS: dict[str, Callable[[_Pricer], FamilyCost]] = {
    "api": _Pricer.api, "private_endpoint": _Pricer.private_endpoint,
    "cloud_gpu": _Pricer.cloud_gpu, "sovereign": _Pricer.sovereign, "onprem": _Pricer.onprem,
    "air_gapped": lambda p: p.onprem(air_gapped=True), "edge": _Pricer.edge,
    "hybrid": _Pricer.hybrid, "seat": _Pricer.seat, "gateway": _Pricer.gateway,
    "on_device": _Pricer.on_device}
"""One pricing per family, in FAMILIES order."""


def compute_tco(pack: KnowledgePack, inputs: SizingInputs | SizingRequest
                | Mapping[str, Any] | None, overrides: Mapping[str, float] | None = None, *,
                model: LLMModel | None = None) -> TCOReport:
    """Size the request and price every family. Pure: same inputs -> identical report."""
    p = _pricer(pack, inputs, overrides, model)
    a, request = p.a, p.request
    horizon = max(1, round(a.get("horizon_years") * 12))
    raw = {family: price(p) for family, price in PRICERS.items()}
    api_cost = raw["api"].monthly_usd
    cloud_cost = raw["cloud_gpu"].monthly_usd if raw["cloud_gpu"].feasible else None
    families = {f: _finish(c, api_cost, cloud_cost, p.life, horizon) for f, c in raw.items()}
    price_ids = {*pack.gpu_prices, *pack.cloud_gpu_prices}
    price_ids.update(f"{api}.{side}" for api in pack.api_prices for side in ("input", "output"))
    basis = p.api_basis
    if request.fine_tuned and "dedicated_hours" in families["api"].breakdown:
        basis = ("the fine-tuned model on dedicated managed capacity (GPU-hours + premium); "
                 f"per token it would be {basis}")
    used = tuple(a.used())
    cited = cited_sources(pack, (p.llm.source, p.gpu.source,
                                 *(u.source for u in used if not u.overridden)))
    return TCOReport(p.sizing, families, horizon, p.api_ids[0] if p.api_ids else "none", basis,
                     used, frozenset(price_ids), p.api_ids, cited)


def family_costs(pack: KnowledgePack, inputs: Mapping[str, Any], families: Collection[str],
                 overrides: Mapping[str, float] | None = None) -> dict[str, FamilyCost]:
    """The monthly cost of the named families only, as `compute_tco` prices them but without
    the cumulative cost and break-evens: all the TCO ratings read. Sensitivity replays use it,
    since most of them leave 3 or 4 of the 11 families eligible."""
    p = _pricer(pack, inputs, overrides, None)
    return {f: PRICERS[f](p) for f in FAMILIES if f in families}


def tco_ratings(costs: Mapping[str, FamilyCost], families: Mapping[str, str]
                ) -> dict[str, float]:
    """architecture id -> TCO rating 0-5 from its family's monthly cost.

    The cheapest feasible family among those asked about rates 5; another rates
    5 x (cheapest + 1) / (cost + 1) (dollars per month; the +1 keeps a zero-cost option from
    dividing by zero), so twice the cost rates about 2.5. Infeasible or unknown families
    rate 0. Rounded to 2 decimals."""
    wanted = set(families.values())
    monthly = {f: c.monthly_usd for f, c in costs.items()
               if f in wanted and c.feasible and c.monthly_usd is not None}
    if not monthly:
        return {arch: 0.0 for arch in sorted(families)}
    low = min(monthly.values())
    out: dict[str, float] = {}
    for arch in sorted(families):
        cost = monthly.get(families[arch])
        out[arch] = 0.0 if cost is None else round(5 * (low + 1) / (cost + 1), 2)
    return out
