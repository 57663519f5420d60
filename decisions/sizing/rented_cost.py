"""Families priced by the GPU-hour: rented cloud GPUs and sovereign cloud GPUs, at providers
eligible for what the answers require."""

from __future__ import annotations

from typing import TYPE_CHECKING

from archdecide.decisions.sizing.cost_model import FamilyCost

if TYPE_CHECKING:
    from archdecide.decisions.sizing.pricer import Pricer


def rented(p: Pricer, family: str, rate: float, provider: str) -> FamilyCost:
    gpus = p.sizing.total_gpus
    compute = gpus * rate * p.hours
    staff = p.a.get("staff_fte_cloud_gpu") * p.staff_month
    cost = compute + staff
    return FamilyCost(family, True, f"{gpus} x {p.gpu.name} from {provider} at "
                      f"${rate:.2f}/GPU-hour for {p.hours:.0f} h/month", cost,
                      p.per_mtok(cost), running_monthly_usd=cost, gpus=gpus,
                      breakdown={"gpu_hours": compute, "staff": staff})


def no_rental(p: Pricer, what: str, requires: tuple[str, ...]) -> str:
    if requires and any(price.gpu == p.gpu.id and not price.retired
                        for price in p.pack.cloud_gpu_prices.values()):
        return (f"no catalogued provider of {p.gpu.id} is eligible for "
                f"{', '.join(requires)}")
    return f"the catalog has no {what} price for {p.gpu.id}"


def cloud_gpu(p: Pricer) -> FamilyCost:
    found = p.a.cloud_price(p.gpu.id, ("on_demand",), p.requires) or \
        p.a.cloud_price(p.gpu.id, ("reserved",), p.requires)
    if found is None:
        return FamilyCost("cloud_gpu", False, "rented GPUs",
                          reason=no_rental(p, "rental", p.requires))
    return rented(p, "cloud_gpu", found[1], found[0])


def sovereign(p: Pricer) -> FamilyCost:
    needs = tuple(sorted({*p.requires, "eu_sovereign"}))
    found = p.a.cloud_price(p.gpu.id, ("sovereign", "on_demand", "reserved"), needs)
    if found is not None:
        return rented(p, "sovereign", found[1], found[0])
    others = tuple(r for r in p.requires if r != "eu_sovereign")
    base = p.a.cloud_price(p.gpu.id, ("on_demand",), others) or \
        p.a.cloud_price(p.gpu.id, ("reserved",), others)
    if base is None:
        return FamilyCost("sovereign", False, "sovereign cloud GPUs",
                          reason=no_rental(p, "rental", others))
    rate = base[1] * (1 + p.a.get("sovereign_premium"))
    return rented(p, "sovereign", rate, f"a sovereign cloud (no EU-sovereign price "
                        f"catalogued: {base[0]} + premium)")
