"""Pricer: one request sized on its GPU, with what every family's pricing reads (the monthly
tokens and hours, the amortisation life, a staff month, the API prices that stand for the
tokens). The families themselves are functions of a Pricer in token_cost, rented_cost,
owned_cost and seat_cost."""

from __future__ import annotations

from archdecide.decisions.sizing.api_choice import NoAPI, api_choice
from archdecide.decisions.sizing.assumptions import Assumptions
from archdecide.decisions.sizing.cost_model import HOURS_PER_MONTH
from archdecide.decisions.sizing.replica import SizingResult
from archdecide.decisions.sizing.request import SizingRequest
from archdecide.knowledge.pack import KnowledgePack
from archdecide.knowledge.schema import GPU, LLMModel


class Pricer:
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
        except NoAPI as exc:
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
