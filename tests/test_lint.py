"""One broken mini-pack per lint rule: each is caught, named by file and key, and the
`validate` command turns errors into exit 3."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from archdecide.decisions.engine.lint import lint
from archdecide.knowledge.loader import load_pack
from archdecide.knowledge.pack import KnowledgePack
from tests.conftest import TINY
from tests.inprocess import cli


def mutate(tmp_path: Path, *edits: tuple[str, str, str]) -> KnowledgePack:
    pack = tmp_path / "pack"
    shutil.copytree(TINY, pack)
    for file, old, new in edits:
        text = (pack / file).read_text(encoding="utf-8")
        assert old in text, old
        text = text + new if old == "" else text.replace(old, new, 1)  # "" appends
        (pack / file).write_text(text, encoding="utf-8")
    return load_pack(pack)


def codes(pack: KnowledgePack) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for issue in lint(pack):
        out.setdefault(issue.code, []).append(issue.key)
    return out


def test_tiny_pack_is_clean(tiny: KnowledgePack) -> None:
    assert lint(tiny) == []


def test_cycle(tmp_path: Path) -> None:
    pack = mutate(tmp_path, ("questions.toml", 'next = [ { to = "end" } ]',
                             'next = [ { to = "sensitivity" } ]'))
    issues = [i for i in lint(pack) if i.code == "flow-cycle"]
    assert len(issues) == 1 and issues[0].severity == "error"
    assert "sensitivity -> " in issues[0].message and issues[0].file.endswith("questions.toml")


def test_unreachable(tmp_path: Path) -> None:
    pack = mutate(tmp_path, ("questions.toml",
                             'next = [\n  { to = "volume", when = { question = "sensitivity", '
                             'is = "secret" } },\n  { to = "speed_need" },\n]',
                             'next = [ { to = "speed_need" } ]'))
    assert codes(pack)["unreachable"] == ["questions.volume"]


def test_dead_end_without_default_edge(tmp_path: Path) -> None:
    pack = mutate(tmp_path, ("questions.toml", '  { to = "speed_need" },\n]',
                             '  { to = "speed_need", when = { question = "sensitivity", '
                             'is = "public" } },\n]'))
    assert codes(pack)["dead-end"] == ["questions.sensitivity.next"]


def test_dead_end_no_path_to_end(tmp_path: Path) -> None:
    extra = ('\n[[questions]]\nid = "limbo"\nkind = "boolean"\nprompt = "?"\nwhy = "w. w."\n'
             'default = true\nnext = [ { to = "limbo2" } ]\n'
             '\n[[questions]]\nid = "limbo2"\nkind = "boolean"\nprompt = "?"\nwhy = "w. w."\n'
             'default = true\nnext = [ { to = "limbo" } ]\n')
    pack = mutate(tmp_path, ("questions.toml", '  { to = "speed_need" },\n]',
                             '  { to = "limbo", when = { question = "sensitivity", '
                             'is = "public" } },\n  { to = "speed_need" },\n]'),
                  ("questions.toml", "", extra))
    found = codes(pack)
    assert "flow-cycle" in found
    assert "questions.limbo.next" in found["dead-end"]


def test_read_before_asked(tmp_path: Path) -> None:
    # speed_need's edge reads volume, which is only asked when sensitivity = secret
    pack = mutate(tmp_path, ("questions.toml", 'next = [ { to = "end" } ]',
                             'next = [ { to = "end", when = { question = "volume", gte = 5 } },'
                             ' { to = "end" } ]'))
    issues = [i for i in lint(pack) if i.code == "read-before-asked"]
    assert [i.key for i in issues] == ["questions.speed_need.next[0].when"]
    assert "'volume'" in issues[0].message


def test_reading_an_always_asked_question_is_fine(tmp_path: Path) -> None:
    pack = mutate(tmp_path, ("questions.toml", 'next = [ { to = "end" } ]',
                             'next = [ { to = "end", when = { question = "sensitivity", '
                             'is = "public" } }, { to = "end" } ]'))
    assert "read-before-asked" not in codes(pack)


def test_option_without_effect(tmp_path: Path) -> None:
    pack = mutate(tmp_path, ("questions.toml", 'effects = { weights = { speed = 1 } }\n', ""))
    assert codes(pack)["no-effect"] == ["questions.sensitivity.options.public"]


def test_architecture_that_never_wins(tmp_path: Path) -> None:
    extra = ('\n[[architectures]]\nid = "worse"\nname = "Worse"\nsummary = "s"\n'
             'family = "onprem"\ninternet_dependent = false\ndata_leaves_premises = false\n'
             'pros = ["p"]\ncons = ["c"]\n'
             'ratings.cost = { score = 0, rationale = "r" }\n'
             'ratings.control = { score = 0, rationale = "r" }\n'
             'ratings.speed = { score = 0, rationale = "r" }\n')
    pack = mutate(tmp_path, ("architectures.toml", "[[glossary]]", extra + "\n[[glossary]]"))
    issues = [i for i in lint(pack) if i.code == "never-wins"]
    assert [i.key for i in issues] == ["architectures.worse"]
    assert "(exact)" in issues[0].message and issues[0].severity == "warning"


def test_search_bound_is_reported_when_exhaustive_is_too_big(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import archdecide.decisions.engine.never_wins as winnability

    pack = mutate(tmp_path, ("architectures.toml", 'ratings.speed = { score = 1',
                             'ratings.speed = { score = 0'))
    monkeypatch.setattr(winnability, "EXACT_LIMIT", 1)  # force the search path
    issues = lint(pack)
    assert all(i.code != "never-wins" or "a bound" in i.message for i in issues)
    winners = {a for a in pack.architectures} - {i.key.split(".")[1] for i in issues}
    assert {"api", "rented", "onprem"} >= winners and "api" in winners


def test_validate_exits_3_on_lint_errors(tmp_path: Path, clean_env: dict[str, str]) -> None:
    mutate(tmp_path, ("questions.toml", 'next = [ { to = "end" } ]',
                      'next = [ { to = "sensitivity" } ]'))
    result = cli("validate", str(tmp_path / "pack"), env=clean_env, timeout=60)
    assert result.returncode == 3
    assert "[flow-cycle]" in result.stderr and "Traceback" not in result.stderr


def test_stale_prices_warn_and_retired_ones_do_not(tmp_path: Path) -> None:
    import datetime as dt

    from archdecide.knowledge.loader import bundled_pack_path

    folder = tmp_path / "pack"
    shutil.copytree(bundled_pack_path(), folder)
    prices = folder / "prices.toml"
    text = prices.read_text(encoding="utf-8")
    text = text.replace('id = "buy-h100-80gb"\ngpu = "h100-80gb"\nusd = 30000\n'
                        'source = "cat-aiinframap-2026"\ndate = "2026-06"',
                        'id = "buy-h100-80gb"\ngpu = "h100-80gb"\nusd = 30000\n'
                        'source = "cat-aiinframap-2026"\ndate = "2025"')
    prices.write_text(text, encoding="utf-8")
    pack = load_pack(folder)
    stale = [i for i in lint(pack, today=dt.date(2026, 12, 1)) if i.code == "stale-price"]
    assert [i.key for i in stale] == ["gpu_prices.buy-h100-80gb.date"]
    assert "23 months" in stale[0].message
    # the same pack a year earlier is fresh; retired entries (2023, 2024) never warn
    assert not [i for i in lint(pack, today=dt.date(2025, 6, 1)) if i.code == "stale-price"]
