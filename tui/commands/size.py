"""`archdecide size`: memory, GPUs and decode speed of one model (and optionally its TCO).

Headless: imports neither Textual nor Rich. Exit 0 ok, 2 bad input, 3 invalid knowledge pack.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

import click

from archdecide.tui.commands.common import echo, echo_json, fail, knowledge_options, load_or_exit

PRECISIONS = ("fp32", "bf16", "fp16", "fp8", "int8", "int4", "mxfp4", "nvfp4", "q8_0", "q6_k",
              "q5_k_m", "q4_k_m", "q4_0")
KV_PRECISIONS = ("fp16", "bf16", "fp8", "int8", "fp4")
REQUIRES = ("hipaa_baa", "fedramp_moderate", "fedramp_high", "eu_sovereign")
_PARAMS = re.compile(r"^\s*([0-9][0-9_,]*(?:\.[0-9]+)?(?:e[+-]?[0-9]+)?)\s*([kmbt]?)\s*$", re.I)
_SCALE = {"": 1.0, "k": 1e3, "m": 1e6, "b": 1e9, "t": 1e12}

HELP = """Size one model: weights, KV cache, overhead, GPUs per replica and decode speed.

Give a catalog model with --model, or describe one with --params, --layers, --kv-heads and
--head-dim. Memory is printed in GiB (2^30 bytes); GPU memory in the catalog is in GB (1e9
bytes). --params is in billions unless written with a unit: 70, 70B, 70e9 and 70000000000 all
mean 70 billion. With --monthly-tokens the output adds the replicas needed, and with --tco the
monthly cost of every architecture family.

--engine picks the serving engine class (its measured efficiency), --tp/--ep force a layout,
--availability adds spare replicas, --requires keeps only eligible providers' prices.

Exit codes: 0 ok, 2 bad input, 3 invalid knowledge pack."""


def parse_params(text: str) -> float:
    """'70', '70B', '70e9', '8.03b', '405_000_000_000' -> billions of parameters."""
    from archdecide.decisions.engine.answers import AnswerError, parse_number

    try:
        parse_number(text.rstrip("bBmMkKtT") or "0")  # refuses a decimal comma ('1,5B')
    except AnswerError as exc:
        if "ambiguous" in str(exc):
            raise click.BadParameter(str(exc).replace(repr(text.rstrip("bBmMkKtT")),
                                                      repr(text)), param_hint="--params") from None
    match = _PARAMS.match(text)
    if not match:
        raise click.BadParameter(f"expected a parameter count such as 70, 70B or 70e9 (got "
                                 f"{text!r})", param_hint="--params")
    number = float(match.group(1).replace("_", "").replace(",", ""))
    suffix = match.group(2).lower()
    count = number * _SCALE[suffix] if suffix else (number if number >= 1e5 else number * 1e9)
    billions = count / 1e9
    if not 0.001 <= billions <= 100_000:
        raise click.BadParameter(f"expected between 0.001 and 100000 billion parameters (got "
                                 f"{text!r})", param_hint="--params")
    return billions


def _range(low: int, high: int) -> click.IntRange:
    return click.IntRange(low, high)


@click.command("size", help=HELP)
@click.option("--model", "model_id", metavar="ID", help="A model id from the catalog.")
@click.option("--params", metavar="N", help="Total parameters (billions unless suffixed).")
@click.option("--layers", type=_range(1, 1000), metavar="N", help="Transformer layers (1-1000).")
@click.option("--kv-heads", type=_range(1, 1024), metavar="N", help="KV heads (1-1024).")
@click.option("--head-dim", type=_range(1, 4096), metavar="N", help="Head dimension (1-4096).")
@click.option("--vocab", type=_range(1, 10_000_000), metavar="N",
              help="Vocabulary size; embeddings stay 16-bit under int4/int8/fp8.")
@click.option("--active-params", metavar="N", help="MoE: parameters active per token.")
@click.option("--experts", type=_range(2, 4096), metavar="E",
              help="MoE: routed experts per layer (with --active-params).")
@click.option("--experts-per-token", type=_range(1, 4096), metavar="K",
              help="MoE: experts each token uses per layer (with --active-params).")
@click.option("--precision", type=click.Choice(PRECISIONS), required=True,
              help="Weight format (GPTQ/AWQ int4, MXFP4, NVFP4, GGUF q*_*).")
@click.option("--kv-precision", type=click.Choice(KV_PRECISIONS), default="fp16",
              show_default=True, help="KV cache precision (fp4 is NVFP4 with FP8 scales).")
@click.option("--engine", type=click.Choice(["vllm", "sglang", "trtllm", "llamacpp"]),
              default="vllm", show_default=True,
              help="Serving engine class: its measured bandwidth use and start-up memory.")
@click.option("--tp", type=_range(1, 1024), metavar="N",
              help="Force tensor parallelism over N GPUs (1, 2, 4, 8 or a multiple of 8).")
@click.option("--ep", type=_range(2, 1024), metavar="N",
              help="Force expert parallelism over N GPUs (MoE models only).")
@click.option("--prompt-tokens", type=_range(1, 10_000_000), metavar="N",
              help="Prompt length for the time to first token (default: the context).")
@click.option("--availability", type=click.Choice(["standard", "high", "critical"]),
              default="standard", show_default=True,
              help="high adds one spare replica; critical spreads N+1 over failure domains.")
@click.option("--requires", "requires", multiple=True, type=click.Choice(REQUIRES),
              help="Price only providers that sign or hold this (repeatable).")
@click.option("--comparator", type=click.Choice(["like_for_like", "closed_frontier"]),
              default="like_for_like", show_default=True,
              help="Price the API family at the same open model's hosted price, or at the "
                   "closed frontier tier.")
@click.option("--context", "context", type=_range(1, 10_000_000), metavar="N",
              help="Context tokens per sequence (default: pack constant).")
@click.option("--concurrency", type=_range(1, 100_000), metavar="N",
              help="Concurrent sequences per replica (default: pack constant).")
@click.option("--gpu", "gpu_id", metavar="ID", help="GPU id from the catalog (default h100-80gb).")
@click.option("--monthly-tokens", metavar="N", help="Monthly tokens (input + output), e.g. 500M.")
@click.option("--peak-factor", type=click.FloatRange(1, 100), metavar="X",
              help="Peak / average traffic (1-100).")
@click.option("--hours-per-day", type=click.FloatRange(0.01, 24), metavar="H",
              help="Hours per day the service runs (0.01-24).")
@click.option("--sensitive-share", type=click.FloatRange(0, 1), metavar="S",
              help="Share of traffic kept on own hardware by the hybrid family (0-1).")
@click.option("--tco", "with_tco", is_flag=True, help="Also price every architecture family.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="Output format.")
@click.option("--assume", "assumes", multiple=True, metavar="KEY=VALUE",
              help="Override a constant or price by id (repeatable).")
@knowledge_options
def size_command(model_id: str | None, params: str | None, layers: int | None,
                 kv_heads: int | None, head_dim: int | None, vocab: int | None,
                 active_params: str | None, experts: int | None,
                 experts_per_token: int | None, precision: str, kv_precision: str,
                 engine: str, tp: int | None, ep: int | None, prompt_tokens: int | None,
                 availability: str, requires: tuple[str, ...], comparator: str,
                 context: int | None, concurrency: int | None, gpu_id: str | None,
                 monthly_tokens: str | None, peak_factor: float | None,
                 hours_per_day: float | None, sensitive_share: float | None, with_tco: bool,
                 fmt: str, assumes: tuple[str, ...], knowledge: Path | None,
                 overlays: tuple[Path, ...]) -> None:
    from archdecide.decisions.engine.answers import parse_number, parse_pairs
    from archdecide.decisions.sizing.assumptions import SizingError
    from archdecide.decisions.sizing.tco import compute_tco

    custom = model_id is None
    if model_id is not None and params is not None:
        raise click.UsageError("give either --model or --params, not both")
    if custom and (params is None or layers is None or kv_heads is None or head_dim is None):
        raise click.UsageError("give --model ID, or all of --params, --layers, --kv-heads and "
                               "--head-dim")
    try:
        overrides = {k: parse_number(v) for k, v in parse_pairs(assumes, "--assume").items()}
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--assume") from None
    if tp is not None and ep is not None:
        raise click.UsageError("give --tp or --ep, not both")
    inputs: dict[str, Any] = {"precision": precision, "kv_precision": kv_precision,
                              "engine": engine, "tp": tp, "ep": ep,
                              "prompt_tokens": prompt_tokens, "availability": availability,
                              "requires": tuple(sorted(set(requires))) or None,
                              "comparator": comparator,
                              "context_tokens": context, "concurrency": concurrency,
                              "gpu": gpu_id, "peak_factor": peak_factor,
                              "hours_per_day": hours_per_day, "sensitive_share": sensitive_share}
    if monthly_tokens is not None:
        try:
            tokens = parse_number(monthly_tokens)
        except ValueError as exc:
            raise click.BadParameter(str(exc), param_hint="--monthly-tokens") from None
        if not 0 <= tokens <= 1e16 or not float(tokens).is_integer():
            raise click.BadParameter(f"expected a whole number between 0 and 1e16 (got "
                                     f"{monthly_tokens!r})", param_hint="--monthly-tokens")
        inputs["monthly_tokens"] = int(tokens)
    model = None
    if custom:
        assert params is not None and layers is not None and kv_heads is not None
        assert head_dim is not None
        model = _custom_model(parse_params(params), layers, kv_heads, head_dim, vocab,
                              None if active_params is None else parse_params(active_params),
                              experts, experts_per_token)
        inputs["model"] = "custom"
    else:
        inputs["model"] = model_id
    pack = load_or_exit(knowledge, overlays)
    try:
        report = compute_tco(pack, inputs, overrides, model=model)
    except SizingError as exc:
        fail(str(exc))
    data = report.to_dict()
    out: dict[str, Any] = data["sizing"]
    if with_tco:
        out["tco"] = data["tco"]
    if fmt == "json":
        echo_json(out)
    else:
        echo(render(out), nl=False)


def _custom_model(params_b: float, layers: int, kv_heads: int, head_dim: int,
                  vocab: int | None, active_b: float | None, experts: int | None = None,
                  per_token: int | None = None) -> Any:
    """An LLMModel from the command line. hidden is estimated from params ~ 12 x layers x
    hidden^2 (only used for the embedding size when --vocab is given)."""
    from archdecide.knowledge.schema import LLMModel

    if active_b is not None and active_b > params_b:
        raise click.BadParameter("must not exceed --params", param_hint="--active-params")
    if (experts is not None or per_token is not None) and active_b is None:
        raise click.UsageError("--experts and --experts-per-token describe a mixture of "
                               "experts: give --active-params too")
    if active_b is not None and active_b < params_b:
        # Without the split, assume 64 routed experts and as many per token as the active
        # share needs; --experts/--experts-per-token give the real one.
        experts = experts or 64
        per_token = per_token or max(1, min(experts - 1, round(experts * active_b / params_b)))
        if per_token >= experts:
            raise click.BadParameter("must be below --experts", param_hint="--experts-per-token")
    hidden = max(1, round((params_b * 1e9 / (12 * layers)) ** 0.5))
    embedding = 2 * vocab * hidden / 1e9 if vocab else None
    if embedding is not None and embedding >= params_b:
        raise click.BadParameter("the embeddings (2 x vocab x hidden) would exceed --params",
                                 param_hint="--vocab")
    moe = active_b is not None and active_b < params_b
    return LLMModel(id="custom", name=f"custom {params_b:g}B", params_b=params_b,
                    active_params_b=active_b, embedding_params_b=embedding, layers=layers,
                    experts=experts if moe else None,
                    experts_per_token=per_token if moe else None,
                    hidden=hidden, heads=kv_heads, kv_heads=kv_heads, head_dim=head_dim,
                    vocab=vocab or 32000, max_context=10_000_000,
                    attention="gqa", license="unknown", source="command-line",
                    date="2026", note="described on the command line")


def render(data: dict[str, Any]) -> str:
    """Plain text for a terminal (no colour, 80 columns)."""
    from archdecide.decisions.sizing.sources import source_lines

    inp = data["inputs"]
    lines = [
        f"{data['model_name']} at {data['precision']} on {data['gpu_name']}",
        f"  context {inp['context_tokens']:,} tokens x {inp['concurrency']} concurrent "
        f"sequences, KV cache {data['kv_precision']}",
        f"  licence of the weights: {data['model_license']}",
        "",
        "Memory per replica (GiB = 2^30 bytes)",
        f"  weights          {data['weights_gib']:>10,.2f} GiB",
        f"  KV cache         {data['kv_cache_gib']:>10,.2f} GiB   "
        f"({data['kv_bytes_per_token']:,} bytes per token)",
        f"  overhead         {data['overhead_gib']:>10,.2f} GiB   (activations + runtime)",
        f"  total            {data['total_gib']:>10,.2f} GiB",
        "",
        f"GPUs per replica   {data['gpus_per_replica']} x {data['gpu_name']}   "
        f"({data['per_gpu_gib']:.2f} of {data['usable_gib_per_gpu']:.2f} usable GiB each)",
        f"  layout: {data['layout_text']}",
        f"KV cache capacity  {data['kv_capacity_gib']:,.2f} GiB = {data['kv_capacity_tokens']:,} "
        f"tokens, {data['max_concurrent_sequences']:,.2f} sequences of "
        f"{inp['context_tokens']:,}",
    ]
    if not data["fits_in_one_node"]:
        lines.append(f"  does not fit in one 8-GPU node: {data['nodes_per_replica']} nodes")
    lines += [
        f"Decode, one stream {data['decode_tokens_per_s']:,.1f} tokens/s ({data['engine']}, "
        f"{data['decode_bound']} bound; physical limit "
        f"{data['decode_physical_limit_tokens_per_s']:,.1f})",
        f"Decode, {inp['concurrency']} stream{'s' if inp['concurrency'] > 1 else ''} "
        f"{data['aggregate_tokens_per_s']:,.1f} tokens/s in total ({data['aggregate_bound']} "
        "bound)",
        f"First token        {data['ttft_ms']:,.0f} ms for a {data['prompt_tokens']:,}-token "
        "prompt",
        f"Replicas for {inp['monthly_tokens']:,} tokens/month at peak x{inp['peak_factor']:g}: "
        f"{data['replicas']} ({data['total_gpus']} GPUs; {data['spare_replicas']} spare for "
        f"{data['availability']} availability)",
    ]
    for note in data["notes"]:
        lines.append(f"Note: {note}")
    if "tco" in data:
        lines += ["", f"Monthly cost (USD) over {data['tco']['horizon_months']} months"
                  f"; API basis: {data['tco']['api_price_basis']}; prices as of "
                  f"{data['tco']['prices_as_of'] or 'n/a'} or later"]
        for family, cost in data["tco"]["families"].items():
            if not cost["feasible"]:
                lines.append(f"  {family:<17} not possible: {cost.get('reason', '')}")
                continue
            per = cost["usd_per_mtok"]
            per_text = f"  ${per:,.3f}/1M tokens" if per is not None else ""
            lines.append(f"  {family:<17}{cost['monthly_usd']:>12,.0f}{per_text}")
            for key in ("break_even_vs_api", "break_even_vs_cloud"):
                if key in cost:
                    month = cost[key]["month"]
                    vs = "API" if key.endswith("api") else "renting"
                    lines.append(f"    break-even vs {vs}: "
                                 + (f"month {month}" if month != "never"
                                    else f"never ({cost[key]['reason']})"))
    lines += ["", "Assumptions"]
    for a in data["assumptions"]:
        origin = "override" if a["source"] == "override" else f"{a['source']}, {a['date']}"
        lines.append(f"  {a['id']} = {a['value']:g} {a['unit']} ({origin})")
    lines += source_lines(data["sources"])
    return "\n".join(fit(lines)) + "\n"


def fit(lines: list[str], width: int = 80) -> list[str]:
    """Each line within `width` columns: a longer one wrapped at spaces, its continuation
    indented two more than the line (a word longer than the line, an address, stays whole)."""
    import textwrap

    out: list[str] = []
    for line in lines:
        if len(line) <= width:
            out.append(line)
            continue
        indent = line[:len(line) - len(line.lstrip())]
        out += textwrap.wrap(line.strip(), width, initial_indent=indent,
                             subsequent_indent=indent + "  ", break_on_hyphens=False,
                             break_long_words=False)
    return out


if __name__ == "__main__":  # pragma: no cover
    size_command(sys.argv[1:])
