"""The records folder: slugs, numbering, atomic and exclusive creation under real concurrency,
a writer killed mid-write, unwritable folders, corrupt files, status changes and checks."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from archdecide.decisions.records.folder import NAME_RE, RecordStoreError, resolve_records_dir
from archdecide.decisions.records.model import from_toml
from archdecide.decisions.records.store import (
    HOLD_TEMP_ENV,
    check,
    find,
    save_revision,
    scan,
    set_status,
    slugify,
    supersede,
)
from archdecide.knowledge.pack import KnowledgePack
from tests.conftest import ROOT, TINY, save_record

TODAY = dt.date(2026, 11, 28)

WRITER = """
import sys, time
from pathlib import Path
from archdecide.knowledge.loader import load_pack
from archdecide.decisions.engine.answers import check_answers
from archdecide.decisions.engine.evaluation import evaluate
from archdecide.decisions.meta import Meta
from archdecide.decisions.records.store import save_new_record
pack = load_pack(sys.argv[1])
answers, _ = check_answers(pack, {"sensitivity": "secret"})
evaluation = evaluate(pack, answers, with_sensitivity=False)
start = float(sys.argv[4])
while time.time() < start:
    time.sleep(0.001)
print(save_new_record(evaluation, Meta(), Path(sys.argv[2]), sys.argv[3]))
"""


def _save(tiny: KnowledgePack, folder: Path, title: str, sensitivity: str = "secret") -> Path:
    return save_record(tiny, folder, title, decision_makers=("Ada",), today=TODAY,
                       sensitivity=sensitivity)


# --------------------------------------------------------------------------- names


@given(st.text())
def test_slug_is_safe(title: str) -> None:
    slug = slugify(title)
    assert 1 <= len(slug) <= 60
    assert "/" not in slug and "\\" not in slug and ".." not in slug
    assert NAME_RE.match(f"0001-{slug}.toml")


def test_slug_examples() -> None:
    assert slugify("Use Rented GPUs (H100) for 2027!") == "use-rented-gpus-h100-for-2027"
    assert slugify("Déploiement souverain à Paris") == "deploiement-souverain-a-paris"
    assert slugify("../../etc/passwd") == "etc-passwd"
    assert slugify("日本語") == "decision" and slugify("") == "decision"
    long = "Serve the claims assistant from rented GPUs in our own jurisdiction until audits end"
    assert slugify(long) == "-".join(long.lower().split())  # whole, as pyadr names files
    cut = slugify("word " * 60 + "unfinishedlastword")
    assert len(cut) <= 200 and cut.endswith("-word") and cut == "-".join(["word"] * 40)


def test_folder_resolution(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("ARCHDECIDE_RECORDS", raising=False)
    assert resolve_records_dir(None) == tmp_path / "docs" / "decisions"
    monkeypatch.setenv("ARCHDECIDE_RECORDS", "adr")
    assert resolve_records_dir(None) == Path("adr")
    assert resolve_records_dir(Path("x")) == Path("x")


# --------------------------------------------------------------------------- create


def test_numbers_follow_the_highest_and_any_slug_counts(tiny: KnowledgePack,
                                                        tmp_path: Path) -> None:
    folder = tmp_path / "decisions"
    first = _save(tiny, folder, "First")
    assert first.name == "0001-first.toml"
    (folder / "0041-Hand Written.toml").write_text("not a record", encoding="utf-8")
    second = _save(tiny, folder, "First")
    assert second.name == "0042-first.toml"
    record = from_toml(second.read_text(encoding="utf-8"))
    assert record.number == 42 and record.status == "proposed" and record.date == TODAY


def test_twenty_processes_get_twenty_distinct_numbers(tmp_path: Path) -> None:
    folder = tmp_path / "decisions"
    start = time.time() + 3
    procs = [subprocess.Popen([sys.executable, "-c", WRITER, str(TINY), str(folder),
                               f"Writer {i} " + ("same" if i % 2 else f"slug {i}"), str(start)],
                              cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              text=True) for i in range(20)]
    outputs = [p.communicate(timeout=120) for p in procs]
    assert all(p.returncode == 0 for p in procs), [err for _, err in outputs]
    paths = [Path(out.strip()) for out, _ in outputs]
    numbers = sorted(int(p.name[:4]) for p in paths)
    assert numbers == list(range(1, 21))
    listing = scan(folder)
    assert listing.problems == []
    assert sorted(s.number for s in listing.records) == list(range(1, 21))
    assert sorted(s.record.title for s in listing.records) == sorted(
        f"Writer {i} " + ("same" if i % 2 else f"slug {i}") for i in range(20))
    assert all(s.path.name == f"{s.number:04d}-{slugify(s.record.title)}.toml"
               for s in listing.records)
    assert sorted(os.listdir(folder)) == sorted(p.name for p in paths)  # no leftovers
    assert check(folder) == []


def test_a_writer_killed_mid_write_leaves_no_record(tiny: KnowledgePack,
                                                    tmp_path: Path) -> None:
    folder = tmp_path / "decisions"
    folder.mkdir()
    env = {**os.environ, HOLD_TEMP_ENV: "60"}
    proc = subprocess.Popen([sys.executable, "-c", WRITER, str(TINY), str(folder), "Doomed",
                             "0"], cwd=ROOT, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    deadline = time.time() + 60
    while not any(n.startswith(".tmp-") for n in os.listdir(folder)):
        assert time.time() < deadline and proc.poll() is None, "the writer never wrote"
        time.sleep(0.02)
    temp = next(n for n in os.listdir(folder) if n.startswith(".tmp-"))
    assert (folder / temp).stat().st_size > 0  # the temp file holds the whole record
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    assert [n for n in os.listdir(folder) if NAME_RE.match(n)] == []
    listing = scan(folder)  # ignores and cleans the dead writer's leftovers
    assert listing.records == [] and listing.problems == []
    assert os.listdir(folder) == []
    assert _save(tiny, folder, "Next").name == "0001-next.toml"


def test_an_unwritable_folder_is_one_sentence_and_loses_nothing(tiny: KnowledgePack,
                                                                 tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("keep me", encoding="utf-8")
    with pytest.raises(RecordStoreError) as info:
        _save(tiny, blocker / "decisions", "X")
    message = str(info.value)
    assert message.startswith(f"cannot write to the records folder {blocker / 'decisions'}")
    assert message.endswith("nothing was saved") and "\n" not in message
    assert blocker.read_text(encoding="utf-8") == "keep me"


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores folder permissions")
def test_a_read_only_folder_keeps_its_records(tiny: KnowledgePack, tmp_path: Path) -> None:
    folder = tmp_path / "decisions"
    first = _save(tiny, folder, "Kept")
    before = first.read_bytes()
    folder.chmod(0o555)
    try:
        with pytest.raises(RecordStoreError, match="cannot write to the records folder"):
            _save(tiny, folder, "Lost")
        with pytest.raises(RecordStoreError, match="cannot write to the records folder"):
            set_status(folder, 1, "accepted", TODAY)
    finally:
        folder.chmod(0o755)
    assert os.listdir(folder) == [first.name] and first.read_bytes() == before


# --------------------------------------------------------------------------- listing


def test_corrupt_and_foreign_files_are_reported_not_fatal(tiny: KnowledgePack,
                                                          tmp_path: Path) -> None:
    folder = tmp_path / "decisions"
    good = _save(tiny, folder, "Good")
    (folder / "0002-broken.toml").write_text("title = [", encoding="utf-8")
    (folder / "0003-foreign.toml").write_text('name = "other tool"\n', encoding="utf-8")
    (folder / "0004-binary.toml").write_bytes(b"\xff\xfe\x00")
    (folder / "notes.txt").write_text("hello", encoding="utf-8")
    (folder / "README.md").write_text("# Decisions", encoding="utf-8")
    (folder / "0001-good.md").write_text("# Good", encoding="utf-8")
    (folder / "sub").mkdir()
    listing = scan(folder)
    assert [s.path for s in listing.records] == [good]
    problems = "\n".join(listing.problems)
    assert len(listing.problems) == 3, problems
    assert "0002-broken.toml: TOML syntax error" in problems
    assert "0003-foreign.toml: schema: expected 'archdecide.record/1'" in problems
    assert "0004-binary.toml: is not valid UTF-8" in problems
    assert "notes.txt" not in problems  # not a .toml: not a record, and not a problem
    (folder / "0005-Bad Name.toml").write_text("x", encoding="utf-8")
    assert "0005-Bad Name.toml: does not match the record naming" in "\n".join(
        scan(folder).problems)
    (folder / "0005-Bad Name.toml").unlink()
    with pytest.raises(RecordStoreError, match=r"0002-broken\.toml: TOML syntax error"):
        find(folder, 2)
    with pytest.raises(RecordStoreError, match="no record 0009"):
        find(folder, 9)


def test_find_reads_only_the_files_numbered_n(tiny: KnowledgePack, tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    import archdecide.decisions.records.store as store

    folder = tmp_path / "decisions"
    for title in ("One", "Two", "Three"):
        _save(tiny, folder, title)
    (folder / "0004-broken.toml").write_text("title = [", encoding="utf-8")
    (folder / "0005-Bad Name.toml").write_text("", encoding="utf-8")
    shutil.copy(folder / "0002-two.toml", folder / "0002-from-another-branch.toml")
    (folder / "0003-three.toml").write_text(
        (folder / "0003-three.toml").read_text(encoding="utf-8").replace("number = 3",
                                                                          "number = 7"),
        encoding="utf-8")
    read: list[str] = []
    real = store.read_record

    def counting(path: Path) -> object:
        read.append(path.name)
        return real(path)

    monkeypatch.setattr(store, "read_record", counting)
    assert find(folder, 1).path.name == "0001-one.toml" and read == ["0001-one.toml"]
    assert find(folder, 3).record.number == 7  # the file name's number, as in scan()
    with pytest.raises(RecordStoreError, match=r"record 0002 is ambiguous in .* "
                                               r"\(0002-from-another-branch\.toml, "
                                               r"0002-two\.toml\); run `archdecide records "
                                               r"check`"):
        find(folder, 2)
    with pytest.raises(RecordStoreError, match=r"0004-broken\.toml: TOML syntax error.*; "
                                               "ignored$"):
        find(folder, 4)
    with pytest.raises(RecordStoreError, match=r"0005-Bad Name\.toml: does not match the "
                                               "record naming"):
        find(folder, 5)
    with pytest.raises(RecordStoreError, match="no record 0006 in"):
        find(folder, 6)
    assert sorted(read) == ["0001-one.toml", "0002-from-another-branch.toml",
                            "0002-two.toml", "0003-three.toml", "0004-broken.toml"]


# --------------------------------------------------------------------------- lifecycle


def test_status_changes_follow_the_lifecycle(tiny: KnowledgePack, tmp_path: Path) -> None:
    folder = tmp_path / "decisions"
    _save(tiny, folder, "One")
    stored, changed = set_status(folder, 1, "accepted", dt.date(2026, 12, 1))
    assert changed and stored.record.status == "accepted"
    assert find(folder, 1).record.status == "accepted"
    assert find(folder, 1).record.date == dt.date(2026, 12, 1)
    assert set_status(folder, 1, "accepted")[1] is False
    with pytest.raises(RecordStoreError, match="record 0001 is accepted; it can become "
                                               "rejected only from proposed"):
        set_status(folder, 1, "rejected")
    assert set_status(folder, 1, "deprecated")[0].record.status == "deprecated"
    assert [n for n in os.listdir(folder) if n.startswith(".")] == []


def test_supersede_updates_both_ends(tiny: KnowledgePack, tmp_path: Path) -> None:
    folder = tmp_path / "decisions"
    _save(tiny, folder, "Old")
    _save(tiny, folder, "New", "public")
    set_status(folder, 1, "accepted", TODAY)
    old, new = supersede(folder, 1, 2, TODAY)
    assert old.record.status == "superseded" and old.record.links.superseded_by == 2
    assert new.record.links.supersedes == (1,) and new.record.status == "proposed"
    assert find(folder, 1).record == old.record and find(folder, 2).record == new.record
    assert check(folder) == []
    with pytest.raises(RecordStoreError, match="cannot supersede itself"):
        supersede(folder, 2, 2)
    with pytest.raises(RecordStoreError, match="record 0001 is superseded"):
        supersede(folder, 2, 1)


def test_a_revision_supersedes_the_record_it_revises_in_the_same_folder(
        tiny: KnowledgePack, tmp_path: Path) -> None:
    from archdecide.decisions.engine.evaluation import evaluate
    from archdecide.decisions.meta import Meta

    folder, elsewhere = tmp_path / "decisions", tmp_path / "other"
    evaluation, meta = evaluate(tiny, {"sensitivity": "secret"}), Meta(title="Chat")
    first = save_revision(evaluation, meta, folder, None)
    assert (first.supersedes, first.note) == (None, "")
    second = save_revision(evaluation, meta, folder, first.path)
    assert second.supersedes == first.path and second.note == ""
    assert find(folder, 1).record.links.superseded_by == 2
    assert find(folder, 2).record.links.supersedes == (1,)
    moved = save_revision(evaluation, meta, elsewhere, second.path)
    assert moved.supersedes is None and "in another folder" in moved.note
    assert find(folder, 2).record.status == "proposed"  # left as it was
    assert check(folder) == []
    first.path.unlink()  # a record deleted since: nothing to supersede, no complaint
    assert save_revision(evaluation, meta, folder, first.path).note == ""


# --------------------------------------------------------------------------- check


def test_check_finds_duplicates_broken_links_and_bad_files(tiny: KnowledgePack,
                                                           tmp_path: Path) -> None:
    folder = tmp_path / "decisions"
    one = _save(tiny, folder, "One")
    two = _save(tiny, folder, "Two")
    supersede(folder, 1, 2, TODAY)
    # a merge of two branches: both created 0002
    text = two.read_text(encoding="utf-8").replace('title = "Two"', 'title = "Other two"')
    (folder / "0002-other-two.toml").write_text(text, encoding="utf-8")
    # a hand edit that broke a link, and a file whose number disagrees with its name
    (folder / "0003-three.toml").write_text(
        one.read_text(encoding="utf-8").replace("number = 1", "number = 3")
        .replace("superseded_by = 2", "superseded_by = 9"), encoding="utf-8")
    (folder / "0004-four.toml").write_text(
        two.read_text(encoding="utf-8").replace("number = 2", "number = 5")
        .replace("supersedes = [\n    1,\n]", "supersedes = []"), encoding="utf-8")
    (folder / "Decision 5.toml").write_text("", encoding="utf-8")
    problems = check(folder)
    joined = "\n".join(problems)
    assert any("number 0002 is used by 2 files (0002-other-two.toml, 0002-two.toml)" in p
               for p in problems), joined
    assert any("0003-three.toml: links.superseded_by: record 0009 does not exist" in p
               for p in problems), joined
    assert any("0004-four.toml: number: is 5 but the file name says 4" in p
               for p in problems), joined
    assert any("Decision 5.toml: does not match the record naming" in p for p in problems)
    assert all("\n" not in p for p in problems)


def test_check_finds_one_sided_links(tiny: KnowledgePack, tmp_path: Path) -> None:
    folder = tmp_path / "decisions"
    one = _save(tiny, folder, "One")
    _save(tiny, folder, "Two")
    one.write_text(one.read_text(encoding="utf-8").replace(
        "links.supersedes = []\n", "links.supersedes = []\nlinks.superseded_by = 2\n"),
        encoding="utf-8")
    problems = check(folder)
    assert any("0001-one.toml: status: is proposed but links.superseded_by is 0002" in p
               for p in problems), problems
    assert any("record 0002 does not list 0001 in links.supersedes" in p for p in problems)
