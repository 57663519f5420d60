"""The save form has MADR's fields, and they reach the record and its MADR export."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input, TextArea

from archdecide.decisions.records.madr import to_madr
from archdecide.decisions.records.store import read_record
from archdecide.knowledge.pack import KnowledgePack
from archdecide.tui.app import ArchdecideApp
from archdecide.tui.screens.save import SaveScreen
from tests.conftest import only_draft, started


@pytest.fixture(autouse=True)
def state(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("ARCHDECIDE_STATE_DIR", str(tmp_path / "state"))
    monkeypatch.setenv("ARCHDECIDE_RECORDS", str(tmp_path / "records"))
    return tmp_path / "state"


async def test_madr_fields_reach_the_record_and_the_export(tiny: KnowledgePack, tmp_path: Path,
                                                           state: Path) -> None:
    app = ArchdecideApp(tiny)
    async with started(app) as pilot:
        app.answer("sensitivity", "secret")
        app.push_screen(SaveScreen())
        await pilot.pause()
        await pilot.press(*"Claims", "tab", *"Handlers", "tab", *"Ada", "tab", *"Sec",
                          "tab", *"Staff", "tab", *"Budget", "tab")
        app.screen.query_one("#ticket", Input).value = "https://tracker.example/INFRA-1"
        await pilot.pause()
        assert app.screen.query_one("#context", TextArea).text == "Handlers"
        kept = only_draft(state)["meta"]  # every keystroke is in the draft already
        assert kept["consequences"] == "Budget" and kept["informed"] == ["Staff"]  # type: ignore[index]
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert str(app.screen.query_one("#outcome").render()).startswith("Saved:")
    [path] = (tmp_path / "records").glob("*.toml")
    record = read_record(path)
    assert record.title == "Claims" and record.context == "Handlers"
    assert record.decision_makers == ("Ada",) and record.consulted == ("Sec",)
    assert record.informed == ("Staff",) and record.consequences.notes == "Budget"
    assert record.ticket == "https://tracker.example/INFRA-1"
    madr = to_madr(record)
    consequences = madr.split("### Consequences", 1)[1]
    assert consequences.lstrip().startswith("Budget")
    assert "* Ticket: <https://tracker.example/INFRA-1>" in madr


def test_a_ticket_that_is_not_a_web_address_is_plain_text(tiny: KnowledgePack,
                                                          tmp_path: Path) -> None:
    from archdecide.decisions.engine.evaluation import evaluate
    from archdecide.decisions.meta import Meta
    from archdecide.decisions.records.store import save_new_record

    ev = evaluate(tiny, {"sensitivity": "secret"})
    for ticket in ("javascript:alert(1)", "INFRA-1 <b>x</b>", "https://a.example/x> <y"):
        folder = tmp_path / ticket.replace("/", "_").replace(":", "_")
        path = save_new_record(ev, Meta(title="T", ticket=ticket), folder)
        madr = to_madr(read_record(path))
        line = next(x for x in madr.splitlines() if x.startswith("* Ticket:"))
        assert "<" not in line.removeprefix("* Ticket:").replace("\\<", ""), line


async def test_the_records_browser_changes_status_supersedes_and_exports(
        tiny: KnowledgePack, tmp_path: Path) -> None:
    from textual.widgets import DataTable

    from tests.conftest import save_record

    folder = tmp_path / "records"
    first = save_record(tiny, folder, "First", sensitivity="secret")
    save_record(tiny, folder, "Second", sensitivity="internal")
    app = ArchdecideApp(tiny)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("down", "enter")  # Browse decision records
        await pilot.pause()
        await pilot.press("enter")  # the first record
        await pilot.pause()
        await pilot.press("a")
        await pilot.pause()
        assert read_record(first).status == "accepted"
        assert "Record 0001 is accepted." in str(app.screen.query_one("#recheck").render())
        await pilot.press("s")
        await pilot.pause()
        await pilot.press("2", "enter")
        await pilot.pause()
        assert read_record(first).status == "superseded"
        assert read_record(first).links.superseded_by == 2
        body = str(app.screen.query_one("#record-body").render())
        assert "Status history" in body and "accepted" in body and "superseded" in body
        await pilot.press("x")
        await pilot.pause()
        [md] = folder.glob("0001-*.md")
        assert "# First" in md.read_text(encoding="utf-8")
        await pilot.press("r")  # superseded cannot become rejected: one sentence, no change
        await pilot.pause()
        assert "can become rejected only from" in str(app.screen.query_one("#recheck").render())
        await pilot.press("escape")
        await pilot.pause()
        table = app.screen.query_one("#records-list", DataTable)
        assert str(table.get_row_at(0)[1]) == "superseded"
