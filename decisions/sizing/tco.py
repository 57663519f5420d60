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

The families are priced in token_cost, rented_cost, owned_cost and seat_cost, each a function
of one Pricer (decisions.sizing.pricer); cost_model holds what a cost is.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from typing import Any

from archdecide.decisions.sizing.api_choice import APIChoice, api_choice
from archdecide.decisions.sizing.assumptions import Assumptions
from archdecide.decisions.sizing.cost_model import (
    FAMILIES,
    HOURS_PER_MONTH,
    OWNED,
    BreakEven,
    FamilyCost,
    TCOReport,
    break_even,
    cumulative,
)
from archdecide.decisions.sizing.owned_cost import edge, edge_gpus, hybrid, onprem
from archdecide.decisions.sizing.pricer import Pricer
from archdecide.decisions.sizing.rented_cost import cloud_gpu, sovereign
from archdecide.decisions.sizing.replica import size_on
from archdecide.decisions.sizing.request import (
    SizingRequest,
    build_request,
    lookup_gpu,
    lookup_model,
)
from archdecide.decisions.sizing.seat_cost import on_device, seat
from archdecide.decisions.sizing.sources import cited_sources
from archdecide.decisions.sizing.token_cost import api, gateway, private_endpoint
from archdecide.knowledge.pack import KnowledgePack
from archdecide.knowledge.schema import LLMModel, SizingInputs

__all__ = ["FAMILIES", "HOURS_PER_MONTH", "OWNED", "APIChoice", "BreakEven", "FamilyCost",
           "TCOReport", "api_choice", "break_even", "compute_tco", "edge_gpus", "family_costs",
           "pricer_for", "tco_ratings"]


def _finish(cost: FamilyCost, api: float | None, cloud: float | None, life: int,
            horizon: int) -> FamilyCost:
    if not cost.feasible or cost.monthly_usd is None:
        return cost
    updates: dict[str, Any] = {
        "cumulative_usd": cumulative(cost.monthly_usd, cost.capex_usd, life, horizon)}
    if cost.family in OWNED and cost.capex_usd > 0:
        updates["break_even_vs_api"] = break_even(cost.capex_usd, cost.running_monthly_usd, api,
                                                  "the API", life)
        updates["break_even_vs_cloud"] = break_even(cost.capex_usd, cost.running_monthly_usd,
                                                    cloud, "renting cloud GPUs", life)
    return FamilyCost(**{**cost.__dict__, **updates})


def pricer_for(pack: KnowledgePack, inputs: SizingInputs | SizingRequest | Mapping[str, Any]
            | None, overrides: Mapping[str, float] | None, model: LLMModel | None) -> Pricer:
    """The request sized on its GPU, ready to price any family."""
    a = Assumptions(pack, overrides)
    request = build_request(pack, inputs, a)
    llm = model if model is not None else lookup_model(pack, request.model)
    gpu = lookup_gpu(pack, request.gpu)
    return Pricer(pack, llm, gpu, request, size_on(llm, gpu, request, a), a)


PRICERS: dict[str, Callable[[Pricer], FamilyCost]] = {
    "api": api, "private_endpoint": private_endpoint, "cloud_gpu": cloud_gpu,
    "sovereign": sovereign, "onprem": onprem, "air_gapped": lambda p: onprem(p, air_gapped=True),
    "edge": edge, "hybrid": hybrid, "seat": seat, "gateway": gateway, "on_device": on_device}
"""One pricing per family, in FAMILIES order."""


def compute_tco(pack: KnowledgePack, inputs: SizingInputs | SizingRequest
                | Mapping[str, Any] | None, overrides: Mapping[str, float] | None = None, *,
                model: LLMModel | None = None) -> TCOReport:
    """Size the request and price every family. Pure: same inputs -> identical report."""
    p = pricer_for(pack, inputs, overrides, model)
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
    p = pricer_for(pack, inputs, overrides, None)
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
