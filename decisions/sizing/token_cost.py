"""Families priced by the token: the public API, a private endpoint (the API plus its premium,
or dedicated capacity for a fine-tuned model) and a gateway over several providers."""

from __future__ import annotations

from typing import TYPE_CHECKING

from archdecide.decisions.sizing.cost_model import FamilyCost
from archdecide.decisions.sizing.rented_cost import cloud_gpu

if TYPE_CHECKING:
    from archdecide.decisions.sizing.pricer import Pricer


def dedicated_hosting(p: Pricer, family: str) -> FamilyCost | None:
    """A fine-tuned model on a managed service runs on dedicated capacity (Bedrock
    Provisioned Throughput, Azure OpenAI's hourly hosting of fine-tunes): the replicas'
    GPU-hours plus the managed premium, never less than the tokens would cost."""
    if not p.request.fine_tuned:
        return None
    rented = cloud_gpu(p)
    if not rented.feasible or rented.monthly_usd is None:
        return None
    hours = rented.breakdown["gpu_hours"]
    premium = hours * p.a.get("private_endpoint_premium")
    tokens = p.api_monthly(p.tokens)
    if hours + premium >= tokens:
        cost, breakdown = hours + premium, {"dedicated_hours": hours,
                                            "private_endpoint_premium": premium}
    else:
        cost, breakdown = tokens, {"tokens": tokens}
    return FamilyCost(family, True, f"the fine-tuned model on dedicated managed capacity "
                      f"({rented.gpus} GPUs' hours + premium), not per token", cost,
                      p.per_mtok(cost), running_monthly_usd=cost, gpus=rented.gpus,
                      breakdown=breakdown)


def api(p: Pricer) -> FamilyCost:
    if p.no_api:
        return FamilyCost("api", False, "a public API", reason=p.no_api)
    hosted = dedicated_hosting(p, "api")
    if hosted is not None:
        return hosted
    cost = p.api_monthly(p.tokens)
    entries = [p.pack.api_prices[i] for i in p.api_ids]
    names = " / ".join(f"{e.model} from {e.provider}" for e in entries)
    return FamilyCost("api", True, f"{names} ({', '.join(p.api_ids)}; "
                      f"{p.api_basis})", cost, p.per_mtok(cost),
                      breakdown={"tokens": cost})


def private_endpoint(p: Pricer) -> FamilyCost:
    if p.no_api:
        return FamilyCost("private_endpoint", False, "API tokens through a private endpoint",
                          reason=p.no_api)
    hosted = dedicated_hosting(p, "private_endpoint")
    if hosted is not None:
        return hosted
    base = p.api_monthly(p.tokens)
    premium = base * p.a.get("private_endpoint_premium")
    cost = base + premium
    return FamilyCost("private_endpoint", True, "API tokens through a private endpoint",
                      cost, p.per_mtok(cost),
                      breakdown={"tokens": base, "private_endpoint_premium": premium})


def gateway(p: Pricer) -> FamilyCost:
    """The tokens at the API price (each use case routed to an adequate model) plus the
    platform team that runs the gateway. Self-hosted models behind it are optional; when
    the data requires them, the hybrid family prices that split."""
    if p.no_api:
        return FamilyCost("gateway", False, "a gateway over providers and own models",
                          reason=p.no_api)
    api_cost = p.api_monthly(p.tokens)
    staff = p.a.get("staff_fte_gateway") * p.staff_month
    cost = api_cost + staff
    return FamilyCost("gateway", True, "the tokens through a gateway to several providers, "
                      "and its platform team", cost, p.per_mtok(cost),
                      running_monthly_usd=cost,
                      breakdown={"api_tokens": api_cost, "staff": staff})
