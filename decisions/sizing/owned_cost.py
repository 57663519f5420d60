"""Families that buy hardware: own GPU servers, air-gapped servers, edge devices and the
hybrid's own share. Capex is amortised over the hardware's life; power, facility and staff
run monthly."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from archdecide.decisions.sizing.assumptions import SizingError
from archdecide.decisions.sizing.cost_model import FamilyCost
from archdecide.decisions.sizing.memory import usable_bytes
from archdecide.decisions.sizing.replica import SizingResult, size_on
from archdecide.knowledge.pack import KnowledgePack
from archdecide.knowledge.schema import GPU

if TYPE_CHECKING:
    from archdecide.decisions.sizing.pricer import Pricer


def edge_gpus(pack: KnowledgePack) -> list[GPU]:
    """The catalog's edge GPUs (not for a data centre), smallest memory first."""
    return sorted((g for g in pack.gpus.values() if not g.datacenter),
                  key=lambda g: (g.memory_gb, g.id))


def owned(p: Pricer, gpus: int, gpu: GPU, unit_capex: float, fte: float,
           pue: bool = True, facility: bool = True, record: bool = True
           ) -> tuple[float, float, dict[str, float]]:
    def get(key: str) -> float:
        if record:
            return p.a.get(key)
        return float(p.a.overrides.get(key, p.pack.constants[key].value))

    capex = gpus * unit_capex
    kw = gpus * gpu.power_w * (1.0 if gpu.device else get("server_power_factor")) / 1000
    energy_kwh = kw * get("avg_power_fraction") * p.hours
    power = energy_kwh * (get("pue") if pue else 1.0) * get("electricity_usd_per_kwh")
    rack = kw * get("facility_usd_per_kw_month") if facility else 0.0
    staff = fte * p.staff_month if fte else 0.0
    amortisation = capex / p.life
    breakdown = {"amortisation": amortisation, "power": power, "facility": rack,
                 "staff": staff}
    return capex, power + rack + staff, breakdown


def onprem_parts(p: Pricer, sizing: SizingResult, air_gapped: bool
                  ) -> tuple[float, float, dict[str, float]] | str:
    price = p.a.gpu_price(p.gpu.id)
    if price is None:
        return f"the catalog has no purchase price for {p.gpu.id}"
    unit = price + p.a.get("server_overhead_usd_per_gpu")
    fte = p.a.get("staff_fte_onprem")
    if air_gapped:
        unit *= 1 + p.a.get("air_gapped_overhead_fraction")
        fte += p.a.get("air_gapped_extra_fte")
    return owned(p, sizing.total_gpus, p.gpu, unit, fte)


def onprem(p: Pricer, air_gapped: bool = False) -> FamilyCost:
    family = "air_gapped" if air_gapped else "onprem"
    parts = onprem_parts(p, p.sizing, air_gapped)
    if isinstance(parts, str):
        return FamilyCost(family, False, "own GPU servers", reason=parts)
    capex, running, breakdown = parts
    cost = capex / p.life + running
    gpus = p.sizing.total_gpus
    what = "air-gapped GPU servers" if air_gapped else "own GPU servers"
    return FamilyCost(family, True, f"{gpus} x {p.gpu.name} in {what}", cost,
                      p.per_mtok(cost), capex, running, gpus, breakdown)


def edge(p: Pricer) -> FamilyCost:
    devices = edge_gpus(p.pack)
    if not devices:
        return FamilyCost("edge", False, "edge devices",
                          reason="the catalog has no edge (non-datacenter) GPU")
    priced = {price.gpu for price in p.pack.gpu_prices.values() if not price.retired}
    if any(d.id in priced for d in devices):
        devices = [d for d in devices if d.id in priced]  # no current price: not offered
    request = p.request.model_copy(update={"concurrency": 1, "tp": None, "ep": None})
    options: list[tuple[float, GPU, SizingResult, float]] = []
    reasons: list[str] = []
    weights = p.sizing.weights_bytes
    for device in devices:
        if weights > usable_bytes(device, p.a.get("gpu_memory_utilization")):
            reasons.append(f"{device.name} holds less than the {weights / 2**30:.1f} GiB "
                           "of weights")
            continue
        try:
            sizing = size_on(p.llm, device, request.model_copy(
                update={"gpu": device.id}), p.a)
        except SizingError as exc:
            reasons.append(str(exc))
            continue
        if sizing.gpus_per_replica > 1:
            reasons.append(f"{device.name} would need {sizing.gpus_per_replica} units")
            continue
        unit = device_price(p, device, record=False)
        options.append((unit * sizing.replicas, device, sizing, unit))
    if not options:
        return FamilyCost("edge", False, "edge devices", reason=(
            f"{p.llm.name} at {p.request.precision} fits no single edge device "
            f"({'; '.join(reasons[-2:])})"))
    def monthly(option: tuple[float, GPU, SizingResult, float]) -> tuple[float, str]:
        _, device, sizing, unit = option
        capex, running, _ = owned(p, sizing.replicas, device, unit, 0.0, pue=False,
                                        facility=False, record=False)
        return capex / p.life + running, device.id

    _, device, sizing, unit = min(options, key=monthly)
    unit = device_price(p, device)
    count = sizing.replicas
    capex, running, breakdown = owned(p,
        count, device, unit, p.a.get("staff_fte_edge"), pue=False, facility=False)
    cost = capex / p.life + running
    return FamilyCost("edge", True, f"{count} x {device.name} at ${unit:,.0f} each, one "
                      "stream each", cost, p.per_mtok(cost), capex, running, count,
                      breakdown)


def device_price(p: Pricer, device: GPU, record: bool = True) -> float:
    """A whole device at its price; a card plus a host computer (`edge_device_usd`).
    Without a current price, the whole device costs `edge_device_usd`."""
    if record:
        price = p.a.gpu_price(device.id)
        host = p.a.get("edge_device_usd")
    else:
        entry = next((e for e in p.pack.gpu_prices.values()
                      if e.gpu == device.id and not e.retired), None)
        price = None if entry is None else float(p.a.overrides.get(entry.id, entry.usd))
        host = float(p.a.overrides.get("edge_device_usd",
                                       p.pack.constants["edge_device_usd"].value))
    if price is None:
        return host
    return price if device.device else price + host


def hybrid(p: Pricer) -> FamilyCost:
    if p.no_api:
        return FamilyCost("hybrid", False, "sensitive share on own GPUs, the rest on an API",
                          reason=p.no_api)
    share = p.request.sensitive_share
    api_tokens = p.tokens * (1 - share)
    api_cost = p.api_monthly(api_tokens)
    if share <= 0:
        return FamilyCost("hybrid", True, "no sensitive traffic: all on the API", api_cost,
                          p.per_mtok(api_cost), running_monthly_usd=api_cost,
                          breakdown={"api_tokens": api_cost})
    request = p.request.model_copy(
        update={"monthly_tokens": math.ceil(p.tokens * share)})
    sizing = size_on(p.llm, p.gpu, request, p.a)
    parts = onprem_parts(p, sizing, air_gapped=False)
    if isinstance(parts, str):
        return FamilyCost("hybrid", False, "sensitive share on own GPUs", reason=parts)
    capex, running, breakdown = parts
    running += api_cost
    breakdown["api_tokens"] = api_cost
    cost = capex / p.life + running
    return FamilyCost("hybrid", True, f"{share:.0%} sensitive on {sizing.total_gpus} x "
                      f"{p.gpu.name} on premises, the rest on the API", cost,
                      p.per_mtok(cost), capex, running, sizing.total_gpus, breakdown)
