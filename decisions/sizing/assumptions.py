"""Resolve the numbers the sizing/TCO model uses: pack constants and prices, plus overrides.

Every number comes from the pack (a `[[constants]]` entry, a GPU purchase price, a cloud GPU-hour
price or an API price, each with a source and a date) unless an override replaces it. Overrides
come from an answers file's `[assumptions]` table or `--assume KEY=VALUE`; keys are:

    <constant id>                 e.g. mbu=0.65, pue=1.3
    <gpu_prices id>               purchase price of one GPU, USD      e.g. buy-h100-80gb=25000
    <cloud_gpu_prices id>         USD per GPU-hour                    e.g. rent-h100-nebius=2.9
    <api_prices id>.input / .output   USD per 1M tokens               e.g. api-gpt-4o.input=2

Outputs list each value used with its unit and source and date, or source "override".
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from archdecide.knowledge.numbers import is_number
from archdecide.knowledge.pack import KnowledgePack

REQUIRED: tuple[str, ...] = (
    "gpu_memory_utilization", "mbu", "mbu_sglang", "mbu_trtllm", "mbu_llamacpp", "mfu",
    "decode_layer_overhead_us", "tp_layer_comm_us", "kv_avg_fill", "runtime_overhead_gib",
    "activation_tokens", "activation_tokens_llamacpp", "expert_overhead_us", "ttft_overhead_ms",
    "ttft_overhead_ms_native", "logit_bytes", "activation_bytes_per_hidden", "failure_domains",
    "activation_reserve_fraction", "prefill_token_weight", "input_token_share",
    "default_monthly_tokens", "default_context_tokens", "default_concurrency",
    "default_peak_factor", "default_hours_per_day", "default_sensitive_share",
    "horizon_years", "amortisation_years", "electricity_usd_per_kwh", "pue",
    "server_overhead_usd_per_gpu", "server_power_factor", "avg_power_fraction",
    "facility_usd_per_kw_month", "staff_usd_per_fte_year", "staff_fte_onprem",
    "staff_fte_cloud_gpu", "staff_fte_edge", "air_gapped_overhead_fraction",
    "air_gapped_extra_fte", "sovereign_premium", "private_endpoint_premium", "edge_device_usd",
    "default_users", "staff_fte_gateway", "staff_fte_on_device",
)
"""Constant ids the model reads; a pack without one of them cannot be sized."""

RANGES: dict[str, tuple[float, float]] = {
    "gpu_memory_utilization": (0.05, 1.0), "mbu": (0.01, 1.0), "tp_efficiency": (0.1, 1.0),
    "mbu_sglang": (0.01, 1.0), "mbu_trtllm": (0.01, 1.0), "mbu_llamacpp": (0.01, 1.0),
    "mfu": (0.01, 1.0), "failure_domains": (2, 16),
    "logit_bytes": (1, 8),
    "kv_avg_fill": (0.0, 1.0), "input_token_share": (0.0, 1.0),
    "avg_power_fraction": (0.0, 1.0), "pue": (1.0, 5.0), "horizon_years": (0.1, 30),
    "amortisation_years": (0.1, 30), "default_sensitive_share": (0.0, 1.0),
    "default_hours_per_day": (0.01, 24), "default_peak_factor": (1, 100),
    "default_context_tokens": (1, 10_000_000), "default_concurrency": (1, 100_000),
}
"""Valid ranges of constants whose meaning bounds them; others must be within 0..LARGEST."""
LARGEST = 1e12
"""No constant or price is anywhere near this; above it the arithmetic would overflow."""


class SizingError(ValueError):
    """Bad sizing input or an unusable pack; the message is one sentence for the user."""


@dataclass(frozen=True)
class Assumption:
    id: str
    value: float
    unit: str
    source: str
    date: str
    overridden: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "value": _round(self.value), "unit": self.unit,
                "source": "override" if self.overridden else self.source,
                "date": "" if self.overridden else self.date}


def _round(value: float) -> float | int:
    if float(value).is_integer() and abs(value) < 1e15:
        return int(value)
    return float(f"{value:.6g}")


def suggest(name: str, known: Mapping[str, Any] | list[str], what: str) -> str:
    """'unknown X 'name'; did you mean a, b? (known: ...)' - one sentence."""
    ids = sorted(known)
    close = difflib.get_close_matches(name, ids, n=3, cutoff=0.5)
    hint = f"; did you mean {', '.join(close)}?" if close else ""
    shown = ", ".join(ids[:12]) + (", ..." if len(ids) > 12 else "")
    return f"unknown {what} {name!r}{hint} (known: {shown or 'none'})"


def override_keys(pack: KnowledgePack) -> list[str]:
    keys = (list(pack.constants) + list(pack.gpu_prices) + list(pack.cloud_gpu_prices)
            + list(pack.seat_prices))
    for api in pack.api_prices:
        keys += [f"{api}.input", f"{api}.output"]
    return keys


def check_overrides(pack: KnowledgePack, overrides: Mapping[str, float]) -> None:
    """Raise SizingError for an unknown key or a value outside its valid range."""
    if not overrides:
        return
    known = set(override_keys(pack))
    for key in sorted(overrides):
        value = overrides[key]
        if key not in known:
            raise SizingError(suggest(key, sorted(known), "assumption"))
        if not is_number(value):
            raise SizingError(f"assumption {key} must be a finite number (got {value!r})")
        low, high = RANGES.get(key, (0.0, LARGEST))
        if not low <= value <= high:
            raise SizingError(f"assumption {key} must be between {low:g} and {high:g} "
                              f"(got {value:g})")


IMPLIES = {"fedramp_high": ("fedramp_moderate",)}
"""An authorisation that covers another: FedRAMP High includes the Moderate baseline."""


def eligible(entry: Any, requires: tuple[str, ...]) -> bool:
    """Whether a price entry's provider signs or holds everything required."""
    held = set(entry.eligible)
    for tag in entry.eligible:
        held.update(IMPLIES.get(tag, ()))
    return set(requires) <= held


class Assumptions:
    """The resolved numbers, remembering which ones were read (for the output listing)."""

    def __init__(self, pack: KnowledgePack, overrides: Mapping[str, float] | None = None) -> None:
        overrides = dict(overrides or {})
        check_overrides(pack, overrides)
        missing = [c for c in REQUIRED if c not in pack.constants]
        if missing:
            raise SizingError(f"knowledge pack {pack.id} lacks the sizing constant"
                              f"{'s' if len(missing) > 1 else ''} {', '.join(missing)}")
        self.pack = pack
        self.overrides = overrides
        self._used: dict[str, Assumption] = {}
        self._constants: dict[str, Assumption] = {}
        """What get() recorded, to answer a constant read again without recording anew."""
        self.reads: list[str] | None = None
        """When a list: every constant get() is asked for, in order (see replica._replica)."""

    def _record(self, key: str, value: float, unit: str, source: str, date: str) -> float:
        if key in self.overrides:
            item = Assumption(key, float(self.overrides[key]), unit, source, date, True)
        else:
            item = Assumption(key, float(value), unit, source, date)
        self._used[key] = item
        return item.value

    def get(self, key: str) -> float:
        if self.reads is not None:
            self.reads.append(key)
        known = self._constants.get(key)
        if known is not None and self._used.get(key) is known:  # still the recorded value
            return known.value
        c = self.pack.constants[key]
        value = self._record(key, c.value, c.unit, c.source, c.date)
        self._constants[key] = self._used[key]
        return value

    def gpu_price(self, gpu_id: str) -> float | None:
        """Purchase price of one GPU (the first catalog entry for it), or None."""
        entry = next((p for p in self.pack.gpu_prices.values()
                      if p.gpu == gpu_id and not p.retired), None)
        if entry is None:
            return None
        return self._record(entry.id, entry.usd, "USD per GPU", entry.source, entry.date)

    def cloud_price(self, gpu_id: str, kinds: tuple[str, ...] = ("on_demand",),
                    requires: tuple[str, ...] = ()) -> tuple[str, float] | None:
        """(provider, USD/GPU-hour): the cheapest price of those kinds after overrides, among
        the offers eligible for every requirement."""
        entries = [p for p in self.pack.cloud_gpu_prices.values()
                   if p.gpu == gpu_id and p.kind in kinds and not p.retired
                   and eligible(p, requires)]
        if not entries:
            return None
        def value(p: Any) -> float:
            return float(self.overrides.get(p.id, p.usd_per_gpu_hour))
        best = min(entries, key=lambda p: (value(p), p.id))
        price = self._record(best.id, best.usd_per_gpu_hour, "USD per GPU-hour", best.source,
                             best.date)
        return best.provider, price

    def api_price(self, api_id: str) -> tuple[float, float]:
        """(input, output) USD per 1M tokens of an API price entry."""
        a = self.pack.api_prices[api_id]
        unit = "USD per 1M tokens"
        return (self._record(f"{api_id}.input", a.input_usd_per_mtok, unit, a.source, a.date),
                self._record(f"{api_id}.output", a.output_usd_per_mtok, unit, a.source, a.date))

    def seat_prices(self, requires: tuple[str, ...] = ()) -> list[tuple[str, float]]:
        """(product, USD per user-month) of every current, eligible seat price, recorded."""
        out = []
        for p in self.pack.seat_prices.values():
            if p.retired or not eligible(p, requires):
                continue
            out.append((f"{p.product} ({p.provider})", self._record(
                p.id, p.usd_per_user_month, "USD per user-month", p.source, p.date)))
        return out

    def used(self) -> list[Assumption]:
        return [self._used[k] for k in sorted(self._used)]
