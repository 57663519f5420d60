"""The `size` command: CliRunner on size_command, and one real subprocess."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from archdecide.tui.commands.size import size_command
from tests.test_sizing_memory import build_catalog_pack

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def pack_dir(tmp_path_factory: pytest.TempPathFactory) -> str:
    folder = tmp_path_factory.mktemp("cli_pack") / "pack"
    build_catalog_pack(folder)
    return str(folder)


def run(pack_dir: str, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(size_command, [*args, "--knowledge", pack_dir])
    return result.exit_code, result.stdout, result.stderr


def test_json_keys(pack_dir: str) -> None:
    code, out, _ = run(pack_dir, "--model", "llama-3.1-8b", "--precision", "bf16",
                       "--format", "json")
    assert code == 0
    data = json.loads(out)
    for key in ("weights_gib", "kv_bytes_per_token", "kv_cache_gib", "overhead_gib",
                "total_gib", "gpu", "gpus_per_replica", "decode_tokens_per_s", "inputs",
                "assumptions"):
        assert key in data
    assert data["kv_bytes_per_token"] == 131072
    assert data["gpu"] == "h100-80gb" and data["gpus_per_replica"] == 1
    assert {"id", "value", "unit", "source", "date"} <= set(data["assumptions"][0])


def test_text_output_says_gib(pack_dir: str) -> None:
    code, out, _ = run(pack_dir, "--model", "llama-3.1-70b", "--precision", "int4",
                       "--gpu", "h100-80gb", "--monthly-tokens", "500M", "--tco")
    assert code == 0
    assert "GiB = 2^30 bytes" in out and "break-even" in out and "Assumptions" in out


def test_help_mentions_gib_and_params_units() -> None:
    out = CliRunner().invoke(size_command, ["--help"]).stdout
    assert "2^30" in out and "70B" in out


def test_custom_model_in_billions_or_counts(pack_dir: str) -> None:
    outs = []
    for params in ("70", "70B", "70e9", "70000000000"):
        code, out, _ = run(pack_dir, "--params", params, "--layers", "80", "--kv-heads", "8",
                           "--head-dim", "128", "--precision", "bf16", "--format", "json")
        assert code == 0
        outs.append(json.loads(out)["weights_gib"])
    assert len(set(outs)) == 1 and outs[0] == pytest.approx(70e9 * 2 / 2**30, rel=1e-3)


@pytest.mark.parametrize(("args", "needle"), [
    (["--model", "llama-3-8b", "--precision", "bf16"], "did you mean llama-3.1-8b"),
    (["--model", "llama-3.1-8b", "--precision", "bf16", "--gpu", "h10"], "unknown GPU"),
    (["--model", "llama-3.1-8b", "--precision", "bf16", "--context", "0"], "1<=x<=10000000"),
    (["--model", "llama-3.1-8b", "--precision", "bf16", "--concurrency", "-3"], "x<=100000"),
    (["--params", "0", "--layers", "2", "--kv-heads", "1", "--head-dim", "64",
      "--precision", "bf16"], "between 0.001 and 100000"),
    (["--params", "1e30", "--layers", "2", "--kv-heads", "1", "--head-dim", "64",
      "--precision", "bf16"], "between 0.001 and 100000"),
    (["--params", "7", "--precision", "bf16"], "--layers"),
    (["--model", "llama-3.1-8b", "--precision", "int3"], "int3"),
    (["--model", "llama-3.1-8b", "--precision", "bf16", "--assume", "pue=abc"], "number"),
    (["--model", "llama-3.1-8b", "--precision", "bf16", "--assume", "mbu=7"], "between"),
])
def test_bad_input_exits_2(pack_dir: str, args: list[str], needle: str) -> None:
    code, out, err = run(pack_dir, *args)
    assert code == 2
    assert needle in out + err


def test_broken_pack_exits_3(tmp_path: Path) -> None:
    (tmp_path / "pack.toml").write_text("[pack]\nid = 'x'\n", encoding="utf-8")
    result = CliRunner().invoke(size_command, ["--model", "llama-3.1-8b", "--precision",
                                               "bf16", "--knowledge", str(tmp_path)])
    assert result.exit_code == 3
    assert "pack.toml" in result.stderr


def test_subprocess_headless(pack_dir: str) -> None:
    code = ("import sys, json\n"
            "from archdecide.tui.commands.size import size_command\n"
            "try:\n"
            f"    size_command(['--model','llama-3.1-8b','--precision','bf16','--format','json',"
            f"'--knowledge',{pack_dir!r}])\n"
            "except SystemExit as exc:\n"
            "    assert exc.code in (0, None), exc.code\n"
            "print('TEXTUAL' if 'textual' in sys.modules else 'HEADLESS')\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            cwd=ROOT, timeout=120)
    assert result.returncode == 0, result.stderr
    body, marker = result.stdout.rsplit("\n", 2)[0], result.stdout.strip().splitlines()[-1]
    assert marker == "HEADLESS"
    assert json.loads(body)["weights_gib"] == pytest.approx(14.96, abs=0.01)


def test_new_flags_and_keys(pack_dir: str) -> None:
    code, out, _ = run(pack_dir, "--model", "gpt-oss-120b", "--precision", "mxfp4",
                       "--context", "32768", "--concurrency", "1", "--engine", "sglang",
                       "--availability", "critical", "--requires", "hipaa_baa",
                       "--monthly-tokens", "1B", "--tco", "--format", "json")
    assert code == 0, out
    data = json.loads(out)
    for key in ("layout", "kv_capacity_tokens", "max_concurrent_sequences", "ttft_ms",
                "decode_bound", "decode_physical_limit_tokens_per_s", "replicas_for_load",
                "spare_replicas", "availability", "engine"):
        assert key in data
    assert data["engine"] == "sglang" and data["gpus_per_replica"] == 1
    assert data["replicas"] == data["replicas_for_load"] + data["spare_replicas"]
    assert data["spare_replicas"] >= 1
    assert data["decode_tokens_per_s"] <= data["decode_physical_limit_tokens_per_s"]
    assert "hipaa_baa" in data["tco"]["api_price_basis"]
    assert data["tco"]["prices_as_of"]


def test_layout_flags_are_checked(pack_dir: str) -> None:
    code, _, err = run(pack_dir, "--model", "llama-3.1-8b", "--precision", "bf16",
                       "--tp", "2", "--ep", "2")
    assert code == 2 and "--tp or --ep" in err
    code, _, err = run(pack_dir, "--model", "llama-3.1-8b", "--precision", "bf16",
                       "--ep", "2")
    assert code == 2 and "mixture-of-experts" in err and "Traceback" not in err
    code, out, _ = run(pack_dir, "--model", "llama-3.1-8b", "--precision", "bf16",
                       "--tp", "2", "--format", "json")
    assert code == 0 and json.loads(out)["gpus_per_replica"] == 2


def test_every_figure_names_where_it_comes_from() -> None:
    """The sources of the model, the GPU and each value used (not overridden) are listed once
    each, with the title and address the pack gives them; an override drops its source."""
    from archdecide.knowledge.loader import load_pack

    pack = load_pack(None)
    args = ["--model", "llama-3.1-70b", "--precision", "int4", "--gpu", "h100-80gb",
            "--format", "json"]
    result = CliRunner().invoke(size_command, args, env={"ARCHDECIDE_KNOWLEDGE": None})
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    listed = [s["id"] for s in data["sources"]]
    cited = [pack.models["llama-3.1-70b"].source, pack.gpus["h100-80gb"].source,
             *(a["source"] for a in data["assumptions"])]
    assert listed == list(dict.fromkeys(cited)) and len(listed) > 2
    for shown in data["sources"]:
        source = pack.sources[shown["id"]]
        assert (shown["title"], shown["url"], shown["date"]) == \
            (source.title, source.url, source.date)
    assert data["model_license"] == pack.models["llama-3.1-70b"].license
    # a constant that is the only figure from its source: overriding it drops the source
    alone = [a for a in data["assumptions"] if a["id"] in pack.constants
             and cited.count(a["source"]) == 1]
    assert alone, "no constant of this sizing has a source of its own"
    over = CliRunner().invoke(size_command, [*args, "--assume", f"{alone[0]['id']}=0.5"],
                              env={"ARCHDECIDE_KNOWLEDGE": None})
    assert over.exit_code == 0, over.output
    still = [s["id"] for s in json.loads(over.stdout)["sources"]]
    assert still == [i for i in listed if i != alone[0]["source"]]

    text = CliRunner().invoke(size_command, args[:-2], env={"ARCHDECIDE_KNOWLEDGE": None})
    assert "Sources:" in text.stdout and f"[{listed[0]}]" in text.stdout
    assert f"licence of the weights: {data['model_license']}" in text.stdout


def test_size_tco_text_fits_80_columns_but_for_addresses() -> None:
    from tests.inprocess import cli as run

    out = run("size", "--model", "gpt-oss-120b", "--precision", "mxfp4", "--gpu", "h100-80gb",
              "--tco", check=True).stdout
    wide = [line for line in out.splitlines() if len(line) > 80]
    assert wide and all(line.strip().startswith("http") for line in wide)  # only addresses
