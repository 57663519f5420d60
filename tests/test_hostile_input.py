"""Hostile input, class by class (SECURITY.md): planted cache files, escape sequences in every
output path, a cross-origin websocket against a real `serve`, Markdown injection, oversized,
special and deeply nested files, NaN and Infinity, lint failures through `decide` and the
wizard, parallel status changes, bad environment values and broken drafts. Every command runs
as a real subprocess in a temporary HOME."""

from __future__ import annotations

import http.client
import json
import os
import pickle
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from archdecide.knowledge.loader import load_pack
from tests.conftest import TINY, archdecide_exe, save_record
from tests.inprocess import cli

TINY_PACK = load_pack(TINY)

ESC_TITLE = "Plan \x1b]52;c;cHduZWQ=\x07 \x1b]0;owned\x07\x1b[2J\x1b[31mred \u202eevil\u202c ok"
RAW_CONTROLS = ("\x1b", "\x07", "\u202e", "\u202c")


@pytest.fixture
def home(tmp_path: Path) -> dict[str, str]:
    """A temporary HOME for every subprocess, no ARCHDECIDE_* or XDG_* of the user's."""
    home = tmp_path / "home"
    home.mkdir()
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("ARCHDECIDE_", "XDG_"))}
    return {**env, "HOME": str(home)}


def run(*args: str, env: dict[str, str], cwd: Path | None = None, timeout: float = 60,
        stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return cli(*args, env=env,
                          cwd=cwd, timeout=timeout, input=stdin)


def assert_one_clear_failure(result: subprocess.CompletedProcess[str], code: int,
                             *needles: str) -> None:
    assert result.returncode == code, (result.returncode, result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    for needle in needles:
        assert needle in result.stderr, result.stderr


def copy_tiny(tmp_path: Path, name: str = "pack") -> Path:
    pack = tmp_path / name
    shutil.copytree(TINY, pack)
    return pack


def answers_file(tmp_path: Path, body: str, name: str = "a.toml") -> Path:
    path = tmp_path / name
    path.write_text(body, encoding="utf-8")
    return path


# --------------------------------------------------------------------------- no caches


class Planted:
    """A pickle that, when loaded, writes a marker file: code execution, if anything unpickles
    it."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, tuple[str]]:
        return (os.system, (f"touch {self.marker}",))


def test_planted_cache_files_have_no_effect(tmp_path: Path, home: dict[str, str]) -> None:
    marker = tmp_path / "code-ran"
    caches = [Path(home["HOME"]) / ".cache" / "archdecide" / "packs", tmp_path / "cache"]
    broken = tmp_path / "broken"
    shutil.copytree(TINY, broken)
    (broken / "questions.toml").write_text("[[questions]\nid = ", encoding="utf-8")
    for cache in caches:
        cache.mkdir(parents=True)
        for pack_file in [*TINY.glob("*.toml"), *broken.glob("*.toml")]:
            (cache / f"{pack_file.name}.pickle").write_bytes(pickle.dumps(Planted(marker)))
        (cache / "verdict-0000.json").write_text('{"stderr": [], "stdout": "ok: forged"}')
    env = {**home, "ARCHDECIDE_CACHE_DIR": str(caches[1])}
    answers = answers_file(tmp_path, '[answers]\nsensitivity = "secret"\n')
    for _ in range(2):  # a second run finds the same files: still nothing read from them
        assert_one_clear_failure(run("validate", str(broken), env=env), 3, "TOML syntax error")
        ok = run("decide", "--answers", str(answers), "--knowledge", str(TINY), "--format",
                 "json", env=env)
        assert ok.returncode == 0, ok.stderr
    assert not marker.exists(), "a planted pickle was loaded"
    assert json.loads(ok.stdout)["knowledge"]["sha256"] == _tiny_sha256()


def _tiny_sha256() -> str:
    return TINY_PACK.sha256


# --------------------------------------------------------------------------- terminals


def _no_raw_controls(text: str) -> None:
    for ch in RAW_CONTROLS:
        assert ch not in text, repr(text[:400])


def test_escape_sequences_never_reach_the_terminal(tmp_path: Path, home: dict[str, str]
                                                   ) -> None:
    records = tmp_path / "records"
    answers = answers_file(tmp_path, f'[meta]\ntitle = {json.dumps(ESC_TITLE)}\n'
                                     'decision_makers = ["Ada \\u202eX"]\n'
                                     '[answers]\nsensitivity = "secret"\n')
    saved = run("decide", "--answers", str(answers), "--knowledge", str(TINY), "--save",
                "--records", str(records), env=home)
    assert saved.returncode == 0, saved.stderr
    outputs = [saved]
    for args in (["records", "list"], ["records", "show", "1"], ["records", "check"],
                 ["records", "recheck", "1", "--knowledge", str(TINY)]):
        result = run(*args, "--records", str(records), env=home)
        assert result.returncode == 0, result.stderr
        outputs.append(result)
    listed = outputs[1].stdout
    assert "\\x1b]52;c;cHduZWQ=\\x07" in listed and "<U+202E>evil" in listed
    for result in outputs:
        _no_raw_controls(result.stdout + result.stderr)
    as_json = run("records", "list", "--format", "json", "--records", str(records), env=home)
    _no_raw_controls(as_json.stdout)
    assert json.loads(as_json.stdout)[0]["title"] == ESC_TITLE  # JSON keeps the exact text
    shown = run("records", "show", "1", "--format", "json", "--records", str(records), env=home)
    _no_raw_controls(shown.stdout)
    assert json.loads(shown.stdout)["decision_makers"] == ["Ada \u202eX"]
    stored = next(records.glob("0001-*.toml")).read_text(encoding="utf-8")
    assert "\\u001B]52" in stored or "\\u001b]52" in stored  # the record keeps it exactly


def test_error_messages_that_quote_input_are_escaped(tmp_path: Path, home: dict[str, str]
                                                     ) -> None:
    answers = answers_file(tmp_path, '[answers]\nsensitivity = "\\u001b[2J\\u202epublic"\n'
                                     '"\\u001b]0;x\\u0007" = 1\n')
    result = run("decide", "--answers", str(answers), "--knowledge", str(TINY), env=home)
    assert_one_clear_failure(result, 2, "answers.sensitivity")
    _no_raw_controls(result.stderr)
    pack = copy_tiny(tmp_path)
    (pack / "bad\x1b[2Jname\u202e.toml").write_text("x = ", encoding="utf-8")
    result = run("validate", str(pack), env=home)
    assert_one_clear_failure(result, 3, "TOML syntax error")
    _no_raw_controls(result.stderr)
    assert "\\x1b[2J" in result.stderr and "<U+202E>" in result.stderr


async def test_wizard_records_browser_shows_titles_escaped(tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch
                                                           ) -> None:
    from textual.widgets import DataTable

    from archdecide.tui.app import ArchdecideApp

    tiny = TINY_PACK
    folder = tmp_path / "records"
    monkeypatch.setenv("ARCHDECIDE_RECORDS", str(folder))
    monkeypatch.setenv("ARCHDECIDE_STATE_DIR", str(tmp_path / "state"))
    save_record(tiny, folder, ESC_TITLE, sensitivity="secret")
    app = ArchdecideApp(tiny)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("down", "enter")  # Browse decision records
        await pilot.pause()
        table = app.screen.query_one("#records-list", DataTable)
        cells = [str(c) for c in table.get_row_at(0)]
        _no_raw_controls(" ".join(cells))
        assert any("\\x1b]52" in c for c in cells)
        await pilot.press("enter")
        await pilot.pause()
        body = str(app.screen.query_one("#record-body").render())
        _no_raw_controls(body)
        assert "<U+202E>evil" in body


# --------------------------------------------------------------------------- serve


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _handshake(port: int, origin: str | None) -> int:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    headers = {"Connection": "Upgrade", "Upgrade": "websocket", "Sec-WebSocket-Version": "13",
               "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ=="}
    if origin is not None:
        headers["Origin"] = origin
    conn.request("GET", "/ws?width=80&height=24", headers=headers)
    status = conn.getresponse().status
    conn.close()
    return status


def test_serve_refuses_other_origins_and_loads_nothing_from_outside(
        tmp_path: Path, home: dict[str, str]) -> None:
    port = _free_port()
    server = subprocess.Popen([archdecide_exe(), "serve", "--port", str(port), "--knowledge",
                               str(TINY)], cwd=tmp_path, env=home, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, text=True)
    try:
        page = ""
        for _ in range(100):
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
                conn.request("GET", "/")
                page = conn.getresponse().read().decode()
                break
            except OSError:
                time.sleep(0.1)
        assert "textual" in page.lower()
        external = [line for line in page.splitlines()
                    if ("http://" in line or "https://" in line) and "xmlns" not in line
                    and f"127.0.0.1:{port}" not in line]
        assert external == [], external
        assert _handshake(port, "http://evil.example") == 403
        assert _handshake(port, f"http://127.0.0.1:{port}.evil.example") == 403
        assert _handshake(port, None) == 403
        assert _handshake(port, f"http://127.0.0.1:{port}") == 101
    finally:
        server.terminate()
        server.wait(timeout=20)


def test_serve_warns_off_loopback_and_checks_public_url(home: dict[str, str]) -> None:
    result = run("serve", "--public-url", "javascript:alert(1)", env=home)
    assert_one_clear_failure(result, 2, "--public-url")


def test_the_page_runs_only_its_own_scripts_and_connects_only_to_its_server() -> None:
    import base64
    import hashlib
    import re

    from archdecide.tui.commands.serve import TEMPLATES

    page = (TEMPLATES / "app_index.html").read_text(encoding="utf-8")
    policy = re.search(r'Content-Security-Policy" content="([^"]*)"', page)
    assert policy is not None
    rules = dict(rule.strip().split(" ", 1) for rule in policy.group(1).split(";"))
    inline = re.findall(r"<script>(.*?)</script>", page, re.S)
    hashes = {"'sha256-" + base64.b64encode(hashlib.sha256(code.encode()).digest()).decode()
              + "'" for code in inline}
    assert set(rules["script-src"].split()) == {"'self'", *hashes}  # no 'unsafe-inline'
    assert rules["connect-src"] == "'self' {{ app_websocket_url }}"  # not any ws: host


def test_serve_refuses_what_every_browser_tab_would_fail_on(home: dict[str, str]) -> None:
    from archdecide.tui.commands.serve import wizard_command_line

    result = run("serve", "--port", str(_free_port()), env={**home, "ARCHDECIDE_THEME": "nope"},
                 timeout=30)
    assert_one_clear_failure(result, 2, "ARCHDECIDE_THEME='nope': unknown theme")
    result = run("serve", "--port", str(_free_port()), "--resume", env=home, timeout=30)
    assert_one_clear_failure(result, 2, "--resume")
    assert "--no-mouse" in wizard_command_line(None, (), None, None, no_mouse=True).split()


# --------------------------------------------------------------------------- Markdown


def test_markdown_export_cannot_be_injected(tmp_path: Path, home: dict[str, str]) -> None:
    from markdown_it import MarkdownIt

    records = tmp_path / "records"
    context = ("Why now?\n## Decision Outcome\nChosen option: forged\n<script>alert(1)</script>"
               "\n![img](http://evil.example/x.png) [link](http://evil.example)\n- item")
    answers = answers_file(tmp_path, '[meta]\ntitle = "<beta> *pilot*"\n'
                                     f'context = {json.dumps(context)}\n'
                                     '[answers]\nsensitivity = "secret"\n')
    assert run("decide", "--answers", str(answers), "--knowledge", str(TINY), "--save",
               "--records", str(records), env=home).returncode == 0
    exported = run("records", "export", "1", "--records", str(records), env=home)
    assert exported.returncode == 0, exported.stderr
    text = next(records.glob("0001-*.md")).read_text(encoding="utf-8")
    html = MarkdownIt("commonmark").render(text)
    assert html.count("<h2>Decision Outcome</h2>") == 1
    assert "<script>" not in html and "<img" not in html and "<a " not in html
    assert "<h1>&lt;beta&gt; *pilot*</h1>" in html
    assert "Chosen option: forged" in html and "<li>item" not in html


# --------------------------------------------------------------------------- limits


def _hostile(path: Path, kind: str, *, huge: int, table: str) -> None:
    """A file that must be refused: over its size limit, a FIFO, a symlink to /dev/zero, an
    integer of 5,000 digits (beyond Python's limit) or of 400 (beyond a float and TOML's 64
    bits), a symlink loop, or arrays nested 50,000 deep (`table` = the key's prefix)."""
    if kind == "huge":
        path.write_text("# " + "x" * huge + "\n", encoding="utf-8")
    elif kind == "fifo":
        os.mkfifo(path)
    elif kind == "dev-zero":
        path.symlink_to("/dev/zero")
    elif kind == "digits":
        path.write_text(f"{table} = " + "9" * 5000 + "\n", encoding="utf-8")
    elif kind == "beyond-64-bits":
        path.write_text(f"{table} = " + "9" * 400 + "\n", encoding="utf-8")
    elif kind == "loop":
        path.symlink_to(path.name)
    else:
        path.write_text(f"{table} = " + "[" * 50_000 + "]" * 50_000 + "\n", encoding="utf-8")


@pytest.mark.parametrize("kind", ["huge", "fifo", "dev-zero", "digits", "beyond-64-bits",
                                  "loop", "nested"])
def test_hostile_answers_files_get_exit_2_and_one_sentence(tmp_path: Path,
                                                           home: dict[str, str],
                                                           kind: str) -> None:
    path = tmp_path / "a.toml"
    _hostile(path, kind, huge=2_000_000, table="[answers]\nvolume")
    result = run("decide", "--answers", str(path), "--knowledge", str(TINY), env=home,
                 timeout=30)
    assert_one_clear_failure(result, 2, str(path))
    assert len(result.stderr.splitlines()) == 2  # the problem, then the summary line


@pytest.mark.parametrize("kind", ["huge", "fifo", "dev-zero", "digits", "beyond-64-bits",
                                  "loop", "nested"])
def test_hostile_pack_files_get_exit_3(tmp_path: Path, home: dict[str, str], kind: str) -> None:
    pack = copy_tiny(tmp_path)
    path = pack / "extra.toml"
    _hostile(path, kind, huge=6_000_000, table="x")
    result = run("validate", str(pack), env=home, timeout=30)
    assert_one_clear_failure(result, 3, "extra.toml")


def test_a_pack_is_bounded_as_a_whole_not_only_file_by_file(tmp_path: Path,
                                                             home: dict[str, str]) -> None:
    pack = copy_tiny(tmp_path)
    for n in range(6):  # each under the 5 MB of a file, 29 MB together
        (pack / f"filler-{n}.toml").write_text("# " + "x" * 4_800_000 + "\n", encoding="utf-8")
    result = run("validate", str(pack), env=home, timeout=60)
    assert_one_clear_failure(result, 3, "more than the 20,000,000 allowed for a whole pack")


def test_special_files_in_the_records_folder_are_skipped(tmp_path: Path,
                                                         home: dict[str, str]) -> None:
    records = tmp_path / "records"
    answers = answers_file(tmp_path, '[meta]\ntitle = "Real"\n[answers]\nsensitivity = "secret"\n')
    assert run("decide", "--answers", str(answers), "--knowledge", str(TINY), "--save",
               "--records", str(records), env=home).returncode == 0
    os.mkfifo(records / "0002-fifo.toml")
    (records / "0003-zero.toml").symlink_to("/dev/zero")
    (records / "0004-huge.toml").write_text("# " + "x" * 1_100_000, encoding="utf-8")
    os.mkfifo(records / ".0005.lock")
    (records / "0006-loop.toml").symlink_to("0006-loop.toml")
    (records / "loop").symlink_to("loop")
    listed = run("records", "list", "--records", str(records), env=home, timeout=30)
    assert listed.returncode == 0, listed.stderr
    assert "Real" in listed.stdout
    for name in ("0002-fifo.toml: is a FIFO", "0003-zero.toml: is a device",
                 "0004-huge.toml: is 1,100,002 bytes", "0006-loop.toml: cannot be read"):
        assert name in listed.stderr, listed.stderr
    checked = run("records", "check", "--records", str(records), env=home, timeout=30)
    assert checked.returncode == 2 and "0002-fifo.toml: is a FIFO" in checked.stdout
    (records / "0007-gone.toml").symlink_to("missing-target.toml")
    here = run("records", "list", "--records", "records", env=home, cwd=tmp_path, timeout=30)
    assert "records/0007-gone.toml" in here.stderr, here.stderr
    assert "missing-target" not in here.stderr, "a link is named by its target"
    saved = run("decide", "--answers", str(answers), "--knowledge", str(TINY), "--save",
                "--records", str(records), env=home, timeout=30)
    assert saved.returncode == 0, saved.stderr


# --------------------------------------------------------------------------- numbers


@pytest.mark.parametrize(("body", "extra", "needle"), [
    ("[answers]\nvolume = nan\n", [], "answers.volume"),
    ("[answers]\nvolume = inf\n", [], "answers.volume"),
    ("[answers]\n[assumptions]\npue = inf\n", [], "assumptions.pue"),
    ("[answers]\n", ["--assume", "pue=nan"], "pue"),
    ("[answers]\n", ["--set", "volume=inf"], "volume"),
])
def test_nan_and_infinity_are_refused(tmp_path: Path, home: dict[str, str], body: str,
                                      extra: list[str], needle: str) -> None:
    path = answers_file(tmp_path, '[answers]\nsensitivity = "secret"\n' + body.replace(
        "[answers]\n", ""))
    result = run("decide", "--answers", str(path), *extra, env=home)
    assert_one_clear_failure(result, 2, needle)


@pytest.mark.parametrize(("assume", "needle"), [("pue=0.5", "pue"), ("mbu=-1", "mbu"),
                                                ("electricity_usd_per_kwh=-0.1",
                                                 "electricity_usd_per_kwh")])
def test_impossible_overrides_are_exit_2_in_decide(tmp_path: Path, home: dict[str, str],
                                                    assume: str, needle: str) -> None:
    path = answers_file(tmp_path, '[answers]\ndata_sensitivity = "regulated"\n')
    result = run("decide", "--answers", str(path), "--assume", assume, env=home)
    assert_one_clear_failure(result, 2, needle)


def test_nan_in_a_pack_is_exit_3(tmp_path: Path, home: dict[str, str]) -> None:
    pack = copy_tiny(tmp_path)
    (pack / "nan.toml").write_text(
        '[[criteria]]\nid = "odd"\nname = "Odd"\ndescription = "d"\ndefault_weight = nan\n',
        encoding="utf-8")
    result = run("validate", str(pack), env=home)
    assert_one_clear_failure(result, 3, "criteria.odd.default_weight")


def test_json_output_is_strict(tmp_path: Path, home: dict[str, str]) -> None:
    path = answers_file(tmp_path, '[answers]\ndata_sensitivity = "regulated"\n')
    result = run("decide", "--answers", str(path), "--format", "json", env=home)
    assert result.returncode == 0, result.stderr
    json.loads(result.stdout, parse_constant=lambda c: pytest.fail(f"non-strict JSON: {c}"))


# --------------------------------------------------------------------------- one verdict


def _cyclic(tmp_path: Path) -> Path:
    pack = copy_tiny(tmp_path)
    questions = pack / "questions.toml"
    text = questions.read_text(encoding="utf-8")
    questions.write_text(text.replace('next = [ { to = "end" } ]',
                                      'next = [ { to = "sensitivity" } ]', 1), encoding="utf-8")
    return pack


def test_a_pack_validate_rejects_is_rejected_by_every_command(tmp_path: Path,
                                                               home: dict[str, str]) -> None:
    pack = _cyclic(tmp_path)
    validated = run("validate", str(pack), env=home)
    assert_one_clear_failure(validated, 3, "flow-cycle")
    answers = answers_file(tmp_path, "[answers]\n")
    for args in (["decide", "--answers", str(answers)],
                 ["size", "--model", "llama-3.1-8b", "--precision", "bf16", "--gpu", "l4-24gb"]):
        result = run(*args, "--knowledge", str(pack), env=home)
        assert_one_clear_failure(result, 3)
        assert result.stderr == validated.stderr, (result.stderr, validated.stderr)


def test_the_wizard_exits_3_on_a_lint_failure_instead_of_loading(tmp_path: Path,
                                                                   home: dict[str, str]
                                                                   ) -> None:
    import pexpect

    pack = _cyclic(tmp_path)
    child = pexpect.spawn(archdecide_exe(), ["--knowledge", str(pack)], env={
        **home, "TERM": "xterm-256color", "ARCHDECIDE_STATE_DIR": str(tmp_path / "s")},
        dimensions=(24, 80), timeout=30, encoding="utf-8")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 3
    assert "flow-cycle" in (child.before or "")


def test_sighup_while_loading_ends_the_wizard(tmp_path: Path, home: dict[str, str]) -> None:
    import pexpect

    child = pexpect.spawn(archdecide_exe(), env={
        **home, "TERM": "xterm-256color", "ARCHDECIDE_STATE_DIR": str(tmp_path / "s")},
        dimensions=(24, 80), timeout=30, encoding="utf-8")
    child.expect("archdecide")
    child.kill(1)  # SIGHUP, whether or not the pack has loaded yet
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0 or child.signalstatus is None, (child.exitstatus,
                                                                  child.signalstatus)
    assert not child.isalive()


# --------------------------------------------------------------------------- records


def test_ten_parallel_supersedes_leave_consistent_links(tmp_path: Path,
                                                        home: dict[str, str]) -> None:
    records = tmp_path / "records"
    for _ in range(11):
        save_record(TINY_PACK, records, "T", sensitivity="secret")
    procs = [subprocess.Popen([archdecide_exe(), "records", "supersede", "1", "--by", str(n),
                               "--records", str(records)], env=home, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True) for n in range(2, 12)]
    for proc in procs:
        proc.communicate(timeout=120)
    checked = run("records", "check", "--records", str(records), env=home)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    data = json.loads(run("records", "list", "--format", "json", "--records", str(records),
                          env=home).stdout)
    old = data[0]
    assert old["status"] == "superseded"
    by = old["links"]["superseded_by"]
    assert [r["number"] for r in data if 1 in r["links"]["supersedes"]] == [by]


def test_check_reports_cycles_rejected_successors_and_missing_links(
        tmp_path: Path, home: dict[str, str]) -> None:
    records = tmp_path / "records"
    for _ in range(3):
        save_record(TINY_PACK, records, "T", sensitivity="secret")
    files = sorted(records.glob("*.toml"))

    def edit(path: Path, old: str, new: str) -> None:
        text = path.read_text(encoding="utf-8")
        assert old in text, old
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    # 1 and 2 supersede each other; 3 is rejected and supersedes 1 as well; 2 links to 9
    edit(files[0], 'status = "proposed"', 'status = "superseded"')
    edit(files[0], "links.supersedes = []", "links.supersedes = [2]\nlinks.superseded_by = 2")
    edit(files[1], 'status = "proposed"', 'status = "superseded"')
    edit(files[1], "links.supersedes = []", "links.supersedes = [1, 9]\nlinks.superseded_by = 1")
    edit(files[2], 'status = "proposed"', 'status = "rejected"')
    checked = run("records", "check", "--records", str(records), env=home)
    assert checked.returncode == 2
    out = checked.stdout
    assert "supersede cycle" in out and "record 0009 does not exist" in out
    repaired = run("records", "reject", "1", "--records", str(records), env=home)
    assert "Traceback" not in repaired.stderr


def test_exporting_over_a_hand_edited_markdown_file_needs_force(tmp_path: Path,
                                                                home: dict[str, str]) -> None:
    records = tmp_path / "records"
    answers = answers_file(tmp_path, '[meta]\ntitle = "T"\n[answers]\nsensitivity = "secret"\n')
    assert run("decide", "--answers", str(answers), "--knowledge", str(TINY), "--save",
               "--records", str(records), env=home).returncode == 0
    assert run("records", "export", "1", "--records", str(records), env=home).returncode == 0
    assert run("records", "export", "1", "--records", str(records), env=home).returncode == 0
    md = next(records.glob("0001-*.md"))
    md.write_text(md.read_text(encoding="utf-8") + "\nA note by hand.\n", encoding="utf-8")
    refused = run("records", "export", "1", "--records", str(records), env=home)
    assert_one_clear_failure(refused, 2, "--force")
    assert "A note by hand." in md.read_text(encoding="utf-8")
    forced = run("records", "export", "1", "--force", "--records", str(records), env=home)
    assert forced.returncode == 0 and "A note by hand." not in md.read_text(encoding="utf-8")


# --------------------------------------------------------------------------- environment


def test_bad_environment_values_name_the_variable(tmp_path: Path, home: dict[str, str]) -> None:
    a_file = tmp_path / "a-file"
    a_file.write_text("", encoding="utf-8")
    result = run("records", "list", env={**home, "ARCHDECIDE_RECORDS": str(a_file)})
    assert_one_clear_failure(result, 2, "ARCHDECIDE_RECORDS")
    result = run("validate", env={**home, "ARCHDECIDE_KNOWLEDGE": str(a_file)})
    assert_one_clear_failure(result, 3, "ARCHDECIDE_KNOWLEDGE")  # the pack decide would use
    result = run("decide", "--answers", str(answers_file(tmp_path, "[answers]\n")),
                 env={**home, "ARCHDECIDE_KNOWLEDGE": str(tmp_path / "missing")})
    assert_one_clear_failure(result, 3, "missing")
    result = run("records", "list", "--records", str(tmp_path / "r"),
                 env={**home, "ARCHDECIDE_THEME": "no-such-theme"})
    assert result.returncode == 0  # only the wizard reads the theme
    result = run(env={**home, "ARCHDECIDE_THEME": "no-such-theme"})
    assert_one_clear_failure(result, 2, "ARCHDECIDE_THEME='no-such-theme'")
    for command in (["records", "list"], ["records", "export", "--all"]):
        result = run(*command, env={**home, "ARCHDECIDE_RECORDS": "/dev/zero"})
        assert_one_clear_failure(result, 2, "ARCHDECIDE_RECORDS='/dev/zero': is not a folder")


def test_debug_zero_means_off(tmp_path: Path, home: dict[str, str]) -> None:
    code = ("import os, sys; from archdecide.tui.process import guarded; "
            "guarded(lambda: 1 / 0)")
    for value, traceback in (("0", False), ("", False), ("1", True)):
        result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                                env={**home, "ARCHDECIDE_DEBUG": value}, timeout=60)
        assert ("Traceback" in result.stderr) is traceback, (value, result.stderr)


# --------------------------------------------------------------------------- drafts


async def test_a_broken_draft_is_moved_aside_and_the_user_told(tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch
                                                               ) -> None:
    from archdecide.tui.app import ArchdecideApp

    state = tmp_path / "state"
    state.mkdir()
    monkeypatch.setenv("ARCHDECIDE_STATE_DIR", str(state))
    for content in ('{"pack_id": "tiny", "answers": {"volume": 1e999}, "meta": {}}',
                    '{"pack_id": "tiny", "answers": {"volume": ' + "9" * 400 + '}, "meta": {}}',
                    '{"pack_id": "tiny", "answers": {}, "meta": {"colour": "red"}}',
                    "not json at all"):
        (state / "draft.json").write_text(content, encoding="utf-8")
        app = ArchdecideApp(TINY_PACK)
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            assert not (state / "draft.json").exists()
            assert list(state.glob("draft.json.broken-*")), content
            assert app.draft_problem is not None and "was moved to" in app.draft_problem
        for moved in state.glob("draft.json.broken-*"):
            assert moved.read_text(encoding="utf-8") == content
            moved.unlink()


def test_the_wizards_options_before_a_command_are_refused_not_ignored(tmp_path: Path,
                                                                     home: dict[str, str]
                                                                     ) -> None:
    answers = answers_file(tmp_path, '[answers]\nsensitivity = "secret"\n')
    result = run("--knowledge", str(copy_tiny(tmp_path)), "decide", "--answers", str(answers),
                 env=home)
    assert result.returncode == 2 and "--knowledge before a command" in result.stderr
    assert "Recommendation" not in result.stdout  # not run on the bundled pack instead
    assert run("decide", "--answers", str(answers), "--knowledge", str(TINY),
               env=home).returncode == 0
