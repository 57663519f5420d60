"""Round trip: the wizard exports an answers file, `decide --answers` replays an answers file or
a record, and `compare A B` puts two decisions side by side. Real subprocesses, real files."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest
from textual.widgets import DataTable, Input

from archdecide.decisions.records.store import read_record
from archdecide.knowledge.pack import KnowledgePack
from archdecide.tui.app import ArchdecideApp
from archdecide.tui.screens.review import ReviewScreen
from tests.conftest import started
from tests.inprocess import cli


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ARCHDECIDE_")}
    return cli(*args,
                          env=env, timeout=120, check=False, cwd=cwd)


def answers_file(path: Path, body: str) -> Path:
    path.write_text(body, encoding="utf-8")
    return path


REGULATED = '[meta]\ntitle = "Claims"\n[answers]\ndata_sensitivity = "regulated"\n' \
            'monthly_tokens = 500_000_000\n[assumptions]\nhorizon_years = 2\n'
PUBLIC = '[answers]\ndata_sensitivity = "public"\nmonthly_tokens = 50_000_000\n'


def test_decide_replays_a_record_as_its_answers_file(tmp_path: Path) -> None:
    source = answers_file(tmp_path / "answers.toml", REGULATED)
    saved = run("decide", "--answers", str(source), "--save", "--records",
                str(tmp_path / "records"))
    assert saved.returncode == 0, saved.stderr
    [record] = (tmp_path / "records").glob("*.toml")
    direct = json.loads(run("decide", "--answers", str(source), "--format", "json").stdout)
    done = run("decide", "--answers", str(record), "--format", "json")
    assert done.returncode == 0, done.stderr
    replayed = json.loads(done.stdout)
    assert replayed["meta"]["title"] == "Claims"
    assert replayed["assumptions_given"] == {"horizon_years": 2.0}
    for key in ("recommendation", "ranking", "answers", "tco", "assumed"):
        assert replayed[key] == direct[key], key
    assert replayed["recommendation"] == read_record(record).chosen_id


def test_a_broken_record_or_one_of_another_pack_is_one_sentence(tmp_path: Path) -> None:
    broken = answers_file(tmp_path / "0001-x.toml", 'schema = "archdecide.record/1"\n'
                                                    'number = 0\n')
    done = run("decide", "--answers", str(broken))
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert str(broken) in done.stderr and done.stderr.count("\n") <= 2, done.stderr
    source = answers_file(tmp_path / "answers.toml", REGULATED)
    run("decide", "--answers", str(source), "--save", "--records", str(tmp_path / "r"))
    [record] = (tmp_path / "r").glob("*.toml")
    other = record.read_text(encoding="utf-8").replace('id = "llm_deployment"',
                                                       'id = "another_pack"')
    moved = answers_file(tmp_path / "other.toml", other)
    done = run("decide", "--answers", str(moved))
    assert done.returncode == 2 and "'another_pack'" in done.stderr, done.stderr


def test_compare_shows_what_differs(tmp_path: Path) -> None:
    first = answers_file(tmp_path / "a.toml", REGULATED)
    second = answers_file(tmp_path / "b.toml", PUBLIC)
    done = run("compare", str(first), str(second), "--format", "json")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    alone = [json.loads(run("decide", "--answers", str(p), "--format", "json").stdout)
             for p in (first, second)]
    assert data["a"]["recommendation"] == alone[0]["recommendation"]
    assert data["b"]["recommendation"] == alone[1]["recommendation"]
    assert data["same_recommendation"] is (alone[0]["recommendation"] ==
                                           alone[1]["recommendation"])
    differ = {d["question"]: d for d in data["answers"]}
    assert differ["data_sensitivity"]["a"]["value"] == "regulated"
    assert differ["data_sensitivity"]["b"]["value"] == "public"
    assert differ["monthly_tokens"]["b"]["value"] == 50_000_000
    scores = {r["architecture"]: r for r in data["scores"]}
    for side, result in zip(("a", "b"), alone, strict=True):
        for row in result["ranking"]:
            assert scores[row["architecture"]][side] == row["score"]
            assert scores[row["architecture"]][f"{side}_excluded"] == row["excluded"]
    same = json.loads(run("compare", str(first), str(first), "--format", "json").stdout)
    assert same["answers"] == [] and same["same_recommendation"] is True
    text = run("compare", str(first), str(second)).stdout
    assert "Answers that differ" in text and "Regulated" in text and "Public" in text


def test_compare_refuses_bad_input_in_one_line(tmp_path: Path) -> None:
    good = answers_file(tmp_path / "a.toml", PUBLIC)
    bad = answers_file(tmp_path / "b.toml", '[answers]\ndata_sensitivity = "top"\n')
    for args in ((str(good), str(bad)), (str(tmp_path / "missing.toml"), str(good))):
        done = run("compare", *args)
        assert done.returncode == 2 and "Traceback" not in done.stderr, done.stderr
        assert done.stdout == ""


@pytest.fixture()
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("ARCHDECIDE_STATE_DIR", str(tmp_path / "state"))
    monkeypatch.chdir(tmp_path)
    return tmp_path


async def test_the_wizard_exports_answers_that_decide_replays(bundled: KnowledgePack,
                                                              in_tmp: Path) -> None:
    app = ArchdecideApp(bundled)
    async with started(app) as pilot:
        app.answer("data_sensitivity", "regulated")
        app.answer("network_isolation", "private_only")
        app.meta["title"] = "Exported"
        app.switch_to(ReviewScreen())
        await pilot.pause()
        await pilot.press("x")
        await pilot.pause()
        field = app.screen.query_one("#export-path", Input)
        assert field.value == str(in_tmp / "answers.toml")
        await pilot.press("enter")
        await pilot.pause()
        assert "Written:" in str(app.screen.query_one("#export-outcome").render())
        await pilot.press("enter")  # a second time: the file exists, never overwritten
        await pilot.pause()
        assert "already exists" in str(app.screen.query_one("#export-outcome").render())
        wizard = app.evaluation().recommendation
    done = run("decide", "--answers", str(in_tmp / "answers.toml"), "--format", "json")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["recommendation"] == wizard and data["meta"]["title"] == "Exported"
    given = {a["question"]: a["value"] for a in data["answers"] if not a["assumed"]}
    assert given == {"data_sensitivity": "regulated", "network_isolation": "private_only"}


async def test_review_lists_prompts_and_keeps_the_cursor_on_the_edited_row(
        bundled: KnowledgePack, in_tmp: Path) -> None:
    app = ArchdecideApp(bundled)
    async with started(app) as pilot:
        app.answer("data_sensitivity", "internal")
        app.switch_to(ReviewScreen())
        await pilot.pause()
        table = app.screen.query_one("#answers", DataTable)
        first = str(table.get_row_at(0)[0])
        assert first.startswith("What is the most sensitive data") and first.endswith("…")
        assert "data_sensitivity" not in first
        await pilot.press("down", "down", "enter")  # the third row
        await pilot.pause()
        edited = app.last_edited
        assert edited is not None and edited != "data_sensitivity"
        await pilot.press("enter")  # keep the preselected answer
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        table = app.screen.query_one("#answers", DataTable)
        assert table.cursor_row == table.get_row_index(edited)


async def test_the_command_palette_carries_the_wizards_commands(bundled: KnowledgePack,
                                                                in_tmp: Path) -> None:
    from textual.command import CommandPalette

    from archdecide.tui.screens.question import QuestionScreen
    from archdecide.tui.screens.result import ResultScreen

    app = ArchdecideApp(bundled)
    async with started(app) as pilot:
        app.answer("data_sensitivity", "regulated")
        titles = [c.title for c in app.get_system_commands(app.screen)]
        for wanted in ("Review answers", "See the result", "Save the decision as a record",
                       "Export answers", "Glossary", "Decision records"):
            assert wanted in titles
        assert any(t.startswith("Go to question 1: What is the most sensitive") for t in titles)
        for query, screen in (("See the result", ResultScreen),
                              ("Go to question 2", QuestionScreen)):
            await pilot.press("ctrl+p")
            await pilot.pause()
            assert isinstance(app.screen, CommandPalette)
            for key in query:
                await pilot.press("space" if key == " " else key)
            await pilot.pause(0.5)
            await pilot.press("enter")
            await pilot.pause(0.3)
            assert isinstance(app.screen, screen), (query, app.screen)
        assert isinstance(app.screen, QuestionScreen) and app.screen.question_id == \
            app.session.path()[1]
