"""Named drafts, one per decision, each held by one wizard at a time: real processes in real
pseudo-terminals, the real `drafts` command, real files and real flock locks."""

from __future__ import annotations

import json
import os
import signal
import subprocess
from pathlib import Path

import pexpect
import pytest

from archdecide.decisions.drafts import DraftLock
from archdecide.decisions.records.store import read_record
from archdecide.knowledge.pack import KnowledgePack
from archdecide.tui.app import ArchdecideApp
from archdecide.tui.screens.save import SaveScreen
from archdecide.tui.screens.welcome import WelcomeScreen
from tests.conftest import only_draft, write_draft
from tests.inprocess import cli
from tests.test_wizard_e2e import spawn

DOWN, ENTER = "\x1b[B", "\r"


def drafts_cli(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ARCHDECIDE_")}
    env["ARCHDECIDE_STATE_DIR"] = str(tmp_path / "state")
    return cli("drafts", *args,
                          env=env, timeout=60, check=False)


def listed(tmp_path: Path) -> list[dict[str, object]]:
    done = drafts_cli(tmp_path, "list", "--format", "json")
    assert done.returncode == 0, done.stderr
    data: list[dict[str, object]] = json.loads(done.stdout)
    return data


def quit_wizard(child: pexpect.spawn) -> None:
    child.send("\x11")  # ctrl+q
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0


def test_two_wizards_at_once_never_share_a_draft(tmp_path: Path) -> None:
    first = spawn(tmp_path)
    first.expect("Start a new decision")
    first.send(ENTER)
    first.expect("Question 1 of about")
    first.send(DOWN + ENTER)  # confidential
    first.expect("Question 2 of about")
    [row] = listed(tmp_path)
    assert row["status"] == "in use" and f"pid {first.pid}" in str(row["held_by"])
    assert row["answered"] == 1 and set(row) >= {"id", "title", "answered", "updated"}
    refused = drafts_cli(tmp_path, "discard", str(row["id"]))
    assert refused.returncode == 2 and "open in a wizard" in refused.stderr

    second = spawn(tmp_path)
    second.expect("in use:")  # offered, but it cannot be chosen
    second.send(ENTER)  # the highlighted row is "Start a new decision"
    second.expect("Question 1 of about")
    second.send(DOWN + DOWN + ENTER)  # regulated
    second.expect("Question 2 of about")
    quit_wizard(first)
    quit_wizard(second)

    rows = listed(tmp_path)
    assert [r["status"] for r in rows] == ["open", "open"]
    answers = sorted((only_answers(tmp_path / "state" / "drafts" / f"{r['id']}.json")
                      for r in rows), key=json.dumps)
    assert answers == [{"data_sensitivity": "confidential"},
                       {"data_sensitivity": "regulated"}]


def only_answers(path: Path) -> dict[str, object]:
    data: dict[str, object] = json.loads(path.read_text(encoding="utf-8"))["answers"]
    return data


SCREENS = {
    # screen: (keys from the second question, text that shows it is up)
    "question": ("", "Question 2 of about"),
    "review": ("\x12", "Review:"),
    "result": ("\x12c", "Recommended:"),
    "save": ("\x12cs", "Context and problem"),
    "glossary": ("\x07", "Glossary"),  # the footer's: the hang-up may come as it opens
    "what-if": ("\x12cw", "What if: pick"),
    "export dialog": ("\x12x", "Export the answers to"),
    "key help": ("\x1bOP", "Focus Next"),
}


@pytest.mark.parametrize(("screen", "sig"), [  # one handler: SIGTERM on a few screens
    *((screen, signal.SIGHUP) for screen in sorted(SCREENS)),
    ("question", signal.SIGTERM), ("save", signal.SIGTERM), ("what-if", signal.SIGTERM)])
def test_a_hang_up_on_any_screen_keeps_the_draft(tmp_path: Path, screen: str,
                                                 sig: int) -> None:
    keys, shown = SCREENS[screen]
    child = spawn(tmp_path)
    child.expect("Start a new decision")
    child.send(ENTER)
    child.expect("Question 1 of about")
    child.send(DOWN + ENTER)
    child.expect("Question 2 of about")
    for key in keys:
        child.send(key)
    if keys:
        child.expect(shown)
    if screen == "save":
        child.send("Kept title")
        child.expect("Kept title")
    os.kill(child.pid, sig)
    child.expect(pexpect.EOF)
    tail = child.before or ""
    child.close()
    assert child.exitstatus == 0, (child.exitstatus, child.signalstatus, tail[-3000:])
    draft = only_draft(tmp_path / "state")
    assert draft["answers"] == {"data_sensitivity": "confidential"}
    if screen == "save":
        assert draft["meta"]["title"] == "Kept title"  # type: ignore[index]


RECORD_SCREENS: dict[str, list[tuple[str, str]]] = {
    # screen: the keys from the records browser, each with the text that shows it is done
    "records browser": [],
    "a record": [(ENTER, "Considered options")],
    "learn tour": [(ENTER, "Considered options"), ("l", "Why this matters")],
}


@pytest.mark.parametrize(("screen", "sig"), [
    *((screen, signal.SIGHUP) for screen in sorted(RECORD_SCREENS)),
    ("learn tour", signal.SIGTERM)])
def test_a_hang_up_in_the_records_browser_keeps_every_draft(tmp_path: Path, sig: int,
                                                            screen: str) -> None:
    path = write_draft(tmp_path / "state", {"data_sensitivity": "regulated"},
                       pack_id="llm_deployment")
    before = path.read_bytes()
    answers = tmp_path / "answers.toml"
    answers.write_text('[answers]\ndata_sensitivity = "public"\n', encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith("ARCHDECIDE_")}
    cli("decide", "--answers", str(answers), "--save",
                    "--title", "Kept", "--records", str(tmp_path / "records"), env=env,
                   check=True, timeout=60)
    child = spawn(tmp_path)
    child.expect("Browse decision records")
    child.expect("architectures")  # the pack has loaded
    child.send(DOWN + ENTER)  # from the draft (highlighted first) to the records browser
    child.expect("Records in")
    for keys, shown in RECORD_SCREENS[screen]:
        child.send(keys)
        child.expect(shown)
    os.kill(child.pid, sig)
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert path.read_bytes() == before
    assert len(list((tmp_path / "state" / "drafts").glob("*.json"))) == 1


def test_the_single_draft_of_earlier_versions_becomes_a_named_draft(tmp_path: Path) -> None:
    state = tmp_path / "state"
    state.mkdir()
    (state / "draft.json").write_text(json.dumps({
        "pack_id": "llm_deployment", "answers": {"data_sensitivity": "regulated"},
        "meta": {"title": "Claims assistant"}}), encoding="utf-8")
    [row] = listed(tmp_path)
    assert row["title"] == "Claims assistant" and row["answered"] == 1
    assert not (state / "draft.json").exists()
    child = spawn(tmp_path)
    child.expect("Resume: Claims assistant · 1 answer")
    child.expect("architectures")
    child.send(ENTER)  # the newest draft is highlighted first
    child.expect("Question 2 of about")
    quit_wizard(child)


def test_discard_deletes_only_the_named_draft(tmp_path: Path) -> None:
    state = tmp_path / "state"
    keep = write_draft(state, {"a": "b"}, draft_id="20261201-120000-00aa")
    gone = write_draft(state, {"c": "d"}, draft_id="20261201-130000-00bb")
    done = drafts_cli(tmp_path, "discard", "20261201-130000-00bb")
    assert done.returncode == 0, done.stderr
    assert keep.exists() and not gone.exists()
    for bad in ("../../etc/passwd", "20261201-130000-00bb", "x"):
        refused = drafts_cli(tmp_path, "discard", bad)
        assert refused.returncode == 2 and refused.stderr.count("\n") == 1, refused.stderr
        assert "Traceback" not in refused.stderr
    lock = DraftLock.acquire(keep)
    assert lock is not None
    try:
        refused = drafts_cli(tmp_path, "discard", "20261201-120000-00aa")
        assert refused.returncode == 2 and f"pid {os.getpid()}" in refused.stderr
    finally:
        lock.release()
    assert keep.exists()


def test_a_broken_draft_is_named_by_list_and_left_alone(tmp_path: Path) -> None:
    path = write_draft(tmp_path / "state", {"a": "b"})
    path.write_text("{not json", encoding="utf-8")
    done = drafts_cli(tmp_path, "list", "--format", "json")
    assert done.returncode == 0 and json.loads(done.stdout) == []
    assert str(path) in done.stderr and "is not valid JSON" in done.stderr
    assert path.read_text(encoding="utf-8") == "{not json"


# --------------------------------------------------------------------------- saving twice


async def _save(app: ArchdecideApp, pilot: object, title: str) -> str:
    from textual.widgets import Input

    if not isinstance(app.screen, SaveScreen):
        app.push_screen(SaveScreen())
        await pilot.pause()  # type: ignore[attr-defined]
    app.screen.query_one("#title", Input).value = title
    await pilot.press("ctrl+s")  # type: ignore[attr-defined]
    await pilot.pause()  # type: ignore[attr-defined]
    return str(app.screen.query_one("#outcome").render())


async def test_saving_twice_points_to_the_record_and_a_change_supersedes_it(
        tiny: KnowledgePack, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    records = tmp_path / "records"
    monkeypatch.setenv("ARCHDECIDE_STATE_DIR", str(tmp_path / "state"))
    monkeypatch.setenv("ARCHDECIDE_RECORDS", str(records))
    app = ArchdecideApp(tiny)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.start_new()
        app.answer("sensitivity", "secret")
        first = await _save(app, pilot, "Serving")
        assert first.startswith("Saved:")
        [path] = records.glob("*.toml")
        again = await _save(app, pilot, "Serving")
        assert again.startswith("Not saved again") and path.name in again
        assert list(records.glob("*.toml")) == [path]
        app.pop_screen()
        app.answer("sensitivity", "internal")
        app.push_screen(SaveScreen())
        await pilot.pause()
        assert "Changed since it was saved" in str(app.screen.query_one("#outcome").render())
        third = await _save(app, pilot, "Serving")
        assert "It supersedes " + path.name in third
    newer = sorted(records.glob("*.toml"))[-1]
    assert read_record(path).status == "superseded"
    assert read_record(path).links.superseded_by == read_record(newer).number
    assert read_record(newer).links.supersedes == (read_record(path).number,)
    draft = only_draft(tmp_path / "state")
    assert draft["saved"]["record"] == str(newer)  # type: ignore[index]
    reopened = ArchdecideApp(tiny)  # a saved, unchanged decision is no longer offered
    async with reopened.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(reopened.screen, WelcomeScreen) and reopened.screen.drafts == {}
    [row] = listed(tmp_path)
    assert row["status"] == "saved" and row["record"] == str(newer)


def test_resuming_says_which_answers_the_pack_no_longer_takes(tmp_path: Path) -> None:
    path = write_draft(tmp_path / "state", {"data_sensitivity": "public",
                                            "monthly_tokens": "bogus"},
                       pack_id="llm_deployment")
    child = spawn(tmp_path, "--resume")
    child.expect("bogus")  # the toast on the question screen quotes it: not silence
    quit_wizard(child)
    assert '"bogus"' in path.read_text(encoding="utf-8") or \
        "monthly_tokens" not in only_answers(path)  # asked again, never silently replaced
