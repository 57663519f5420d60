"""`archdecide decide` (in process, tests/inprocess.py): the JSON contract, bad input, --strict."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from tests.conftest import TINY
from tests.inprocess import cli

CONTRACT = {"recommendation", "margin", "ranking", "excluded", "assumed", "ignored", "warnings",
            "sensitivity", "answers", "knowledge", "sizing", "tco"}


def decide(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return cli("decide", "--knowledge", str(TINY), *args, env=env, timeout=120)


@pytest.fixture
def answers(tmp_path: Path) -> Path:
    path = tmp_path / "answers.toml"
    path.write_text('[meta]\ntitle = "Pilot"\ndecision_makers = ["Ada"]\n\n'
                    '[answers]\nsensitivity = "secret"\nvolume = "2B"\n', encoding="utf-8")
    return path


def test_json_contract(answers: Path, clean_env: dict[str, str]) -> None:
    result = decide("--answers", str(answers), "--format", "json", env=clean_env)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert set(data) >= CONTRACT
    assert data["recommendation"] == data["ranking"][0]["architecture"]
    assert data["assumed"] == ["speed_need"]
    assert data["excluded"] == [{
        "architecture": "api", "reasons": ["secret data may not leave the premises"],
        "explanations": ["sensitivity = secret -> excludes api: secret data may not leave the "
                         "premises"],
        "paths": [["q:sensitivity", "o:sensitivity:secret", "a:api"]]}]
    for row in data["ranking"]:
        assert set(row) >= {"architecture", "score", "excluded", "reasons", "contributions"}
        assert sum(row["contributions"].values()) == pytest.approx(row["score"], abs=0.05)
    assert data["knowledge"]["id"] == "tiny" and len(data["knowledge"]["sha256"]) == 64
    assert data["meta"]["decision_makers"] == ["Ada"]
    assert [a["value"] for a in data["answers"]][:2] == ["secret", 2_000_000_000]


def test_set_overrides_the_file_and_output_is_byte_identical(answers: Path,
                                                             clean_env: dict[str, str]) -> None:
    one = decide("--answers", str(answers), "--set", "sensitivity=public", "--format", "json",
                 env=clean_env)
    two = decide("--answers", str(answers), "--set", "sensitivity=public", "--format", "json",
                 env=clean_env)
    assert one.returncode == 0 and one.stdout == two.stdout
    data = json.loads(one.stdout)
    assert data["recommendation"] == "api"
    assert data["ignored"] == ["volume"]


def test_every_bad_answer_is_listed(tmp_path: Path, clean_env: dict[str, str]) -> None:
    path = tmp_path / "bad.toml"
    path.write_text('[answers]\nsensitivity = "topsecret"\nvolume = -3\nspeed = "weeks"\n',
                    encoding="utf-8")
    result = decide("--answers", str(path), env=clean_env)
    assert result.returncode == 2
    lines = result.stderr.splitlines()
    assert any("answers.sensitivity" in ln and "public, internal, secret" in ln for ln in lines)
    assert any("answers.volume" in ln and "at least 0" in ln for ln in lines)
    assert any("answers.speed" in ln and "did you mean speed_need" in ln for ln in lines)
    assert all(str(path) in ln for ln in lines[:3])
    assert result.stdout == "" and "Traceback" not in result.stderr


@pytest.mark.parametrize(("content", "phrase"), [
    ("[answers\n", "TOML syntax error"),
    ("[answer]\nx = 1\n", "not a known section"),
    ("answers = 3\n", "expected a table"),
    ('[meta]\ntitle = 3\n', "meta.title"),
    ('[assumptions]\npue = "high"\n', "assumptions.pue"),
])
def test_malformed_answers_file(tmp_path: Path, clean_env: dict[str, str], content: str,
                                phrase: str) -> None:
    path = tmp_path / "a.toml"
    path.write_text(content, encoding="utf-8")
    result = decide("--answers", str(path), env=clean_env)
    assert result.returncode == 2, result.stderr
    assert phrase in result.stderr and str(path) in result.stderr
    assert "Traceback" not in result.stderr


def test_missing_answers_file(tmp_path: Path, clean_env: dict[str, str]) -> None:
    result = decide("--answers", str(tmp_path / "none.toml"), env=clean_env)
    assert result.returncode == 2 and "no such file" in result.stderr


def test_strict_makes_unanswered_questions_an_error(answers: Path,
                                                    clean_env: dict[str, str]) -> None:
    result = decide("--answers", str(answers), "--strict", env=clean_env)
    assert result.returncode == 2
    assert "answers.speed_need" in result.stderr and "--strict" in result.stderr
    ok = decide("--answers", str(answers), "--strict", "--set", "speed_need=weeks",
                env=clean_env)
    assert ok.returncode == 0, ok.stderr


def test_text_fits_80_columns_and_toml_parses(answers: Path, clean_env: dict[str, str]) -> None:
    import tomllib

    text = decide("--answers", str(answers), env=clean_env)
    assert text.returncode == 0
    assert "Recommendation:" in text.stdout
    assert max(len(line) for line in text.stdout.splitlines()) <= 80
    toml = decide("--answers", str(answers), "--format", "toml", env=clean_env)
    assert tomllib.loads(toml.stdout)["recommendation"] == json.loads(
        decide("--answers", str(answers), "--format", "json", env=clean_env).stdout
    )["recommendation"]


def test_bad_pack_exits_3(tmp_path: Path, clean_env: dict[str, str]) -> None:
    result = cli("decide", "--knowledge", str(tmp_path), env=clean_env, timeout=60)
    assert result.returncode == 3 and "no .toml files" in result.stderr



@pytest.mark.parametrize("bad", [("--tag", "bad tag"), ("--title", "   "), ("--tag", "X")])
@pytest.mark.parametrize("fmt", ["text", "json"])
def test_bad_save_options_exit_2_before_any_output(answers: Path, clean_env: dict[str, str],
                                                   tmp_path: Path, bad: tuple[str, str],
                                                   fmt: str) -> None:
    records = tmp_path / "records"
    result = decide("--answers", str(answers), "--save", "--format", fmt, "--records",
                    str(records), *bad, env=clean_env)
    assert result.returncode == 2
    assert result.stdout == ""  # not the whole report first, then the refusal
    [line] = result.stderr.splitlines()
    assert line.startswith("archdecide: --") and bad[0].lstrip("-") in line, line
    assert not records.exists()


def test_replaying_a_record_keeps_its_tags_and_review_date(answers: Path, tmp_path: Path,
                                                           clean_env: dict[str, str]) -> None:
    records = tmp_path / "records"
    first = decide("--answers", str(answers), "--save", "--tag", "claims", "--review-by",
                   "2027-06-01", "--records", str(records), env=clean_env)
    assert first.returncode == 0, first.stderr
    saved = Path(first.stdout.splitlines()[-1])  # the report, then the path
    again = decide("--answers", str(saved), "--save", "--title", "Again", "--tag", "q1",
                   "--records", str(records), "--format", "json", env=clean_env)
    assert again.returncode == 0, again.stderr
    import tomllib

    second = tomllib.loads(Path(again.stderr.strip()).read_text(encoding="utf-8"))
    assert second["tags"] == ["claims", "q1"]
    assert str(second["review_by"]) == "2027-06-01"


def test_what_an_unanswered_question_would_change_is_said_first(tmp_path: Path) -> None:
    """Issue 25's done-when: with only data_sensitivity answered, the text names what the
    recommendation depends on within its first five lines, and JSON's depends_on gives, for
    each unanswered question, the recommendation under each answer that changes it: checked
    here by deciding again with that answer given."""
    answers = tmp_path / "a.toml"
    answers.write_text('[answers]\ndata_sensitivity = "confidential"\n', encoding="utf-8")
    text = cli("decide", "--answers", str(answers), check=True).stdout.splitlines()
    head = " ".join(text[:5])
    assert "It depends on what you did not answer: network isolation" in head
    data = json.loads(cli("decide", "--answers", str(answers), "--format", "json",
                          check=True).stdout)
    depends = data["depends_on"]
    assert [d["question"] for d in depends] == data["decided_by_default"]
    assert depends and all(d["outcomes"] for d in depends)
    first = depends[0]
    for outcome in first["outcomes"]:
        value = outcome["answer"]
        given = ",".join(value) if isinstance(value, list) else str(value).lower()
        again = json.loads(cli("decide", "--answers", str(answers), "--set",
                               f"{first['question']}={given}", "--format", "json",
                               check=True).stdout)
        assert again["recommendation"] == outcome["recommendation"] != data["recommendation"]


def test_the_cost_table_heeds_exclusions_and_marks_the_recommendation(tmp_path: Path) -> None:
    answers = tmp_path / "a.toml"
    answers.write_text('[answers]\ndata_sensitivity = "regulated"\ncompliance = ["gdpr"]\n',
                       encoding="utf-8")
    data = json.loads(cli("decide", "--answers", str(answers), "--format", "json",
                          check=True).stdout)
    from archdecide.knowledge.loader import load_pack

    pack = load_pack()
    open_families = {pack.architectures[r["architecture"]].family for r in data["ranking"]
                     if not r["excluded"]}
    costs = {f: c["monthly_usd"] for f, c in data["tco"]["families"].items()
             if c["feasible"] and f in open_families}
    text = cli("decide", "--answers", str(answers), check=True).stdout
    head = " ".join(text.split("Cost for", 1)[1].split("family", 1)[0].split())
    assert f"cheapest of the options not excluded: {min(costs, key=costs.__getitem__)}" in head
    chosen = pack.architectures[data["recommendation"]].family
    rows = {line.split()[0]: line for line in text.splitlines()
            if line.startswith("  ") and line.split() and
            line.split()[0] in data["tco"]["families"]}
    assert rows[chosen].endswith("<- recommended")
    assert all(rows[f].endswith("(excluded)") for f in rows
               if f not in open_families and data["tco"]["families"][f]["feasible"])
    assert [line for line in text.splitlines() if len(line) > 80 and "http" not in line] == []
