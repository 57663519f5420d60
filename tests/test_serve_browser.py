"""`archdecide serve` in a real headless Chromium, driven over the Chrome DevTools Protocol.

The installed `archdecide serve` runs as a subprocess; Chromium (Debian's `chromium`, which
.ci/run installs where it can) opens the page in two tabs. The test reads each tab's terminal
through xterm.js's own buffer, types with Input.dispatchKeyEvent as a person would, and checks
the effect where it lands: a draft per browser session in <state>/drafts/. Skips, saying so,
where no Chromium is installed. Every wait has a deadline; the server and the browser (with
every process they started) are killed whatever happens."""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import aiohttp  # textual-serve's own dependency: its websocket client speaks CDP here
import pytest

from tests.conftest import archdecide_exe

STEP = 20.0
"""Seconds any one thing may take: the server or the browser to start, a screen to appear."""
BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")

# textual-serve keeps its xterm.js Terminal in a closure. Every xterm addon it loads keeps the
# terminal as `this._terminal` in activate(): catch that assignment once, before the page's own
# script runs, and keep the terminal as window.__archdecideTerminal.
CATCH_TERMINAL = """
Object.defineProperty(Object.prototype, "_terminal", {
  configurable: true,
  get() { return undefined; },
  set(value) {
    Object.defineProperty(this, "_terminal",
                          {value, writable: true, configurable: true, enumerable: true});
    if (value && typeof value.loadAddon === "function" && value.buffer
        && !window.__archdecideTerminal) {
      window.__archdecideTerminal = value;
    }
  },
});
"""
# The visible screen, as xterm.js holds it after parsing what the wizard sent.
SCREEN = """
(() => {
  const term = window.__archdecideTerminal;
  if (!term) return null;
  const buffer = term.buffer.active, lines = [];
  for (let row = 0; row < term.rows; row++) {
    const line = buffer.getLine(buffer.viewportY + row);
    lines.push(line ? line.translateToString(true) : "");
  }
  return lines.join("\\n");
})()
"""
KEYS = {
    "Enter": {"key": "Enter", "code": "Enter", "windowsVirtualKeyCode": 13, "text": "\r"},
    "ArrowDown": {"key": "ArrowDown", "code": "ArrowDown", "windowsVirtualKeyCode": 40},
}


def find_browser() -> str | None:
    for name in BROWSERS:
        found = shutil.which(name)
        if found:
            return found
    return None


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def wait_for(what: str, check: Any, timeout: float = STEP) -> Any:
    deadline = time.monotonic() + timeout
    while True:
        found = check()
        if found:
            return found
        assert time.monotonic() < deadline, f"timed out after {timeout:.0f} s: {what}"
        time.sleep(0.1)


def kill_group(process: subprocess.Popen[bytes]) -> None:
    """End a process started with start_new_session, and everything it started."""
    for sig in (signal.SIGTERM, signal.SIGKILL):
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, sig)
        try:
            process.wait(timeout=5)
            return
        except subprocess.TimeoutExpired:
            continue


@contextlib.contextmanager
def started(args: list[str], log: Path, **kwargs: Any) -> Iterator[subprocess.Popen[bytes]]:
    with log.open("wb") as out:
        process = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=out,
                                   stderr=subprocess.STDOUT, start_new_session=True, **kwargs)
    try:
        yield process
    finally:
        kill_group(process)


def answered(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as page:
            return bool(page.status == 200)
    except OSError:
        return False


class DevTools:
    """A minimal CDP client over one browser websocket, with flat sessions for the tabs."""

    def __init__(self, ws: Any) -> None:
        self.ws = ws
        self.next_id = 0
        self.pending: dict[int, asyncio.Future[dict[str, Any]]] = {}
        self.reader = asyncio.ensure_future(self._read())

    async def _read(self) -> None:
        async for message in self.ws:
            if message.type != aiohttp.WSMsgType.TEXT:
                break
            data = json.loads(message.data)
            future = self.pending.pop(data.get("id", -1), None)
            if future is not None and not future.done():
                future.set_result(data)
        for future in self.pending.values():
            if not future.done():
                future.set_exception(ConnectionError("the browser closed DevTools"))

    async def send(self, method: str, session: str | None = None,
                   **params: Any) -> dict[str, Any]:
        self.next_id += 1
        message: dict[str, Any] = {"id": self.next_id, "method": method, "params": params}
        if session is not None:
            message["sessionId"] = session
        future: asyncio.Future[dict[str, Any]] = asyncio.get_running_loop().create_future()
        self.pending[self.next_id] = future
        await self.ws.send_str(json.dumps(message))
        reply = await asyncio.wait_for(future, STEP)
        assert "error" not in reply, f"{method}: {reply['error']}"
        result: dict[str, Any] = reply.get("result", {})
        return result


class Tab:
    def __init__(self, devtools: DevTools, session: str) -> None:
        self.devtools = devtools
        self.session = session

    @classmethod
    async def open(cls, devtools: DevTools, url: str) -> Tab:
        target = await devtools.send("Target.createTarget", url="about:blank")
        attached = await devtools.send("Target.attachToTarget", targetId=target["targetId"],
                                       flatten=True)
        tab = cls(devtools, attached["sessionId"])
        await tab.send("Page.enable")
        await tab.send("Page.addScriptToEvaluateOnNewDocument", source=CATCH_TERMINAL)
        await tab.send("Emulation.setFocusEmulationEnabled", enabled=True)
        await tab.send("Page.navigate", url=url)
        return tab

    async def send(self, method: str, **params: Any) -> dict[str, Any]:
        return await self.devtools.send(method, self.session, **params)

    async def evaluate(self, expression: str) -> Any:
        result = await self.send("Runtime.evaluate", expression=expression, returnByValue=True)
        assert "exceptionDetails" not in result, result["exceptionDetails"]
        return result["result"].get("value")

    async def screen(self) -> str | None:
        """The terminal's visible text; None before the page made its xterm.js terminal."""
        screen = await self.evaluate(SCREEN)
        return None if screen is None else str(screen)

    async def expect(self, text: str) -> str:
        deadline = time.monotonic() + STEP
        while True:
            screen = await self.screen()
            if screen is not None and text in screen:
                return screen
            assert time.monotonic() < deadline, (
                f"{text!r} never appeared; the screen:\n{screen}" if screen is not None else
                "the page never made its xterm.js terminal (did textual-serve's page change?)")
            await asyncio.sleep(0.1)

    async def press(self, *keys: str) -> None:
        await self.evaluate("window.__archdecideTerminal.focus()")
        for name in keys:
            key = KEYS[name]
            await self.send("Input.dispatchKeyEvent", type="keyDown", **key)
            await self.send("Input.dispatchKeyEvent", type="keyUp",
                            **{k: v for k, v in key.items() if k != "text"})


def drafts_by_answer(drafts: Path) -> dict[str, str]:
    """{data_sensitivity's answer: draft id} for every draft with that answer."""
    found = {}
    for path in drafts.glob("*.json"):
        try:
            answers = json.loads(path.read_text(encoding="utf-8")).get("answers", {})
        except (OSError, ValueError):
            continue  # being written
        if "data_sensitivity" in answers:
            found[str(answers["data_sensitivity"])] = path.stem
    return found


async def drive(browser_ws: str, url: str, drafts: Path) -> dict[str, str]:
    """Two tabs: each shows the welcome screen, starts a decision, answers the first
    question with a different option (from the default, internal, down once: confidential;
    twice: regulated, as in test_wizard_e2e)."""
    async with aiohttp.ClientSession() as http, http.ws_connect(
            browser_ws, max_msg_size=0, timeout=aiohttp.ClientWSTimeout(ws_close=5)) as ws:
        devtools = DevTools(ws)
        try:
            tabs = [await Tab.open(devtools, url), await Tab.open(devtools, url)]
            for tab in tabs:
                welcome = await tab.expect("Start a new decision")
                assert "archdecide" in welcome.lower()
                await tab.press("Enter")
                await tab.expect("Question 1 of about")
            for downs, tab in enumerate(tabs, start=1):
                await tab.press(*["ArrowDown"] * downs, "Enter")
                await tab.expect("Question 2 of about")
            deadline = time.monotonic() + STEP
            while len(found := drafts_by_answer(drafts)) < 2:
                assert time.monotonic() < deadline, f"drafts: {found}"
                await asyncio.sleep(0.1)
            return found
        finally:
            devtools.reader.cancel()


def test_serve_in_headless_chromium(tmp_path: Path) -> None:
    browser = find_browser()
    if browser is None:
        pytest.skip("chromium is not installed (apt-get install -y chromium; .ci/run does it)")
    state, records, profile = tmp_path / "state", tmp_path / "records", tmp_path / "profile"
    env = {k: v for k, v in os.environ.items() if not k.startswith("ARCHDECIDE_")}
    env.update(ARCHDECIDE_STATE_DIR=str(state), ARCHDECIDE_RECORDS=str(records))
    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    browser_args = [browser, "--headless=new", "--remote-debugging-port=0",
                    "--remote-debugging-address=127.0.0.1", f"--user-data-dir={profile}",
                    "--no-first-run", "--no-default-browser-check", "--disable-extensions",
                    "--disable-background-networking", "--disable-sync", "--mute-audio",
                    "--window-size=1280,800", "about:blank"]
    if os.geteuid() == 0:
        browser_args.append("--no-sandbox")  # Chromium's sandbox refuses to run as root
    with started([archdecide_exe(), "serve", "--port", str(port)], tmp_path / "serve.log",
                 env=env, cwd=str(tmp_path)) as server, \
            started(browser_args, tmp_path / "chromium.log") as chromium:
        def serving() -> bool:
            assert server.poll() is None, (tmp_path / "serve.log").read_text()
            return answered(url)

        wait_for("serve answers", serving)
        active = profile / "DevToolsActivePort"

        def devtools_port() -> str | None:
            assert chromium.poll() is None, (tmp_path / "chromium.log").read_text()
            lines = active.read_text().split() if active.exists() else []
            return lines[0] if len(lines) == 2 else None

        debug = wait_for("Chromium's DevTools port", devtools_port)
        with urllib.request.urlopen(f"http://127.0.0.1:{debug}/json/version",
                                    timeout=STEP) as reply:
            browser_ws = json.load(reply)["webSocketDebuggerUrl"]
        found = asyncio.run(asyncio.wait_for(drive(browser_ws, url, state / "drafts"),
                                             4 * STEP))
    assert set(found) == {"confidential", "regulated"}, found
    assert found["confidential"] != found["regulated"]  # a draft of its own per browser session
    assert sorted(p.stem for p in (state / "drafts").glob("*.json")) == sorted(found.values())
