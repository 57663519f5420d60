"""Families priced by the person: seats of a bought staff assistant, and models on the users'
own devices (engineering staff only)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from archdecide.decisions.sizing.cost_model import FamilyCost

if TYPE_CHECKING:
    from archdecide.decisions.sizing.pricer import Pricer


def seat(p: Pricer) -> FamilyCost:
    prices = p.a.seat_prices(p.requires)
    if not prices:
        reason = ("no catalogued assistant is eligible for " + ", ".join(p.requires)
                  if p.requires else "the catalog has no seat prices")
        return FamilyCost("seat", False, "assistant seats", reason=reason)
    values = sorted(v for _, v in prices)
    mid = len(values) // 2
    price = values[mid] if len(values) % 2 else (values[mid - 1] + values[mid]) / 2
    users = p.request.users
    cost = users * price
    return FamilyCost("seat", True, f"{users:,} seats at ${price:,.2f} per user-month (median "
                      f"of {len(values)} assistants)", cost, p.per_mtok(cost),
                      running_monthly_usd=cost, breakdown={"seats": cost})


def on_device(p: Pricer) -> FamilyCost:
    staff = p.a.get("staff_fte_on_device") * p.staff_month
    return FamilyCost("on_device", True, "the users' own devices run the model; engineering "
                      "to package and update it", staff, p.per_mtok(staff),
                      running_monthly_usd=staff, breakdown={"staff": staff})
