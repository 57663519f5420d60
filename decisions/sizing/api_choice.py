"""Which API price stands for the tokens: like for like where the open model is hosted, else
a closed tier (decisions.sizing.tco's api family and every family that buys tokens)."""

from __future__ import annotations

import weakref
from dataclasses import dataclass

from archdecide.decisions.sizing.assumptions import SizingError, eligible
from archdecide.decisions.sizing.request import SizingRequest
from archdecide.knowledge.pack import KnowledgePack
from archdecide.knowledge.schema import APIPrice, LLMModel


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


_CHOICES: weakref.WeakKeyDictionary[
    KnowledgePack, dict[tuple[str, tuple[str, ...], str], APIChoice | SizingError]
] = weakref.WeakKeyDictionary()
"""Each pack's choices by (model, requirements, comparator), kept as long as the pack: the
sensitivity analysis prices ~40 variants of one request, all with the same choice."""


def api_choice(pack: KnowledgePack, model: LLMModel, request: SizingRequest) -> APIChoice:
    """_choose, remembered for the pack (it reads nothing else of the request)."""
    known = _CHOICES.setdefault(pack, {})
    key = (model.id, tuple(request.requires), request.comparator)
    found = known.get(key)
    if found is None:
        try:
            found = _choose(pack, model, request)
        except SizingError as exc:
            found = exc
        known[key] = found
    if isinstance(found, SizingError):
        raise type(found)(str(found))  # a new one each time: no traceback kept growing
    return found


def _choose(pack: KnowledgePack, model: LLMModel, request: SizingRequest) -> APIChoice:
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
        raise NoAPI(f"no catalogued API is eligible for {', '.join(request.requires)}")
    raise SizingError(f"knowledge pack {pack.id} has no API prices")


class NoAPI(SizingError):
    """No API price is eligible for the answers' requirements."""
