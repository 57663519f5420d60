"""`archdecide serve`: the same wizard in a browser, through textual-serve.

Any web page open in the same browser can try to open a websocket to a local server, so the
websocket accepts only the served page's own origin (403 otherwise). Each browser session runs
its own wizard process with a draft of its own, and may save records only in the records folder
the server was started with (or below it). The page loads nothing from third parties."""

from __future__ import annotations

import ipaddress
import os
import shlex
import sys
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import click

from archdecide.tui.commands.common import echo
from archdecide.tui.commands.wizard import wizard_options

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


DEFAULT_PORTS = {"http": 80, "https": 443}


def origin_of(url: str) -> str:
    """scheme://host[:port] of a URL, as a browser sends it in the Origin header: lowercase,
    without user info, and without the scheme's default port (https://host:443 is sent as
    https://host)."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    if ":" in host:  # an IPv6 address keeps its brackets
        host = f"[{host}]"
    port = parts.port
    return f"{scheme}://{host}" + ("" if port in (None, DEFAULT_PORTS.get(scheme))
                                   else f":{port}")


def bind_problem(host: str, port: int) -> str | None:
    """Why the server could not listen on host:port (in use, not this machine's address, a
    privileged port), in words; None when it can."""
    import socket

    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except OSError as exc:
        return f"{host!r} is not an address of this machine ({exc.strerror or exc})"
    family, kind, proto, _, address = infos[0]
    with socket.socket(family, kind, proto) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(address)
        except OSError as exc:
            return str(exc.strerror or exc).lower()
    return None


def allowed_origins(public_url: str, host: str, port: int) -> frozenset[str]:
    """The page's own origin; on loopback also the other names of this machine's loopback."""
    origins = {origin_of(public_url)}
    if is_loopback(host):
        origins |= {f"http://{name}:{port}" for name in ("127.0.0.1", "localhost", "[::1]")}
    return frozenset(origins)


def wizard_command_line(knowledge: Path | None, overlays: tuple[Path, ...],
                        records: Path | None, theme: str | None,
                        records_root: Path | None = None, *, no_mouse: bool = False) -> str:
    """The shell command textual-serve runs for each browser session: never a module from the
    current folder (-P), a draft of its own, records only below `records_root`."""
    args = [sys.executable, "-P", "-m", "archdecide", "wizard", "--session-draft"]
    if knowledge is not None:
        args += ["--knowledge", str(knowledge)]
    for overlay in overlays:
        args += ["--overlay", str(overlay)]
    if records is not None:
        args += ["--records", str(records)]
    if records_root is not None:
        args += ["--records-root", str(records_root)]
    if theme:
        args += ["--theme", theme]
    if no_mouse:
        args.append("--no-mouse")
    return shlex.join(args)


def make_server(command: str, host: str, port: int, public_url: str | None) -> Any:
    """A textual-serve Server that refuses websockets from other origins."""
    from aiohttp import web
    from textual_serve.server import Server

    class OriginCheckedServer(Server):
        origins: frozenset[str] = frozenset()

        async def handle_websocket(  # type: ignore[override]
                self, request: web.Request) -> web.StreamResponse:
            origin = (request.headers.get("Origin") or "").lower()
            if origin not in self.origins:
                return web.Response(status=403, text="archdecide: this origin may not open "
                                                     "the wizard\n")
            return await super().handle_websocket(request)

    server = OriginCheckedServer(command, host=host, port=port, title="archdecide",
                                 public_url=public_url, templates_path=TEMPLATES)
    server.origins = allowed_origins(server.public_url, host, port)
    return server


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to bind; anything but loopback exposes the wizard WITHOUT "
                   "authentication.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.option("--public-url", metavar="URL", default=None,
              help="The address the browser uses (behind an SSH tunnel or a proxy), e.g. "
                   "http://localhost:9000; only this origin may open the wizard.")
@wizard_options
def serve_command(host: str, port: int, public_url: str | None,
                  knowledge: Path | None = None, overlays: tuple[Path, ...] = (),
                  records: Path | None = None, theme: str | None = None,
                  no_mouse: bool = False, resume: bool = False) -> None:
    """Serve the wizard in a browser (bound to loopback by default)."""
    from archdecide.decisions.records.folder import resolve_records_dir
    from archdecide.tui.commands.common import fail, load_or_exit

    if public_url is not None:
        parts = urlsplit(public_url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            fail(f"--public-url {public_url!r}: expected an http:// or https:// URL")
        public_url = public_url.rstrip("/")
    if resume:
        fail("--resume: each browser session keeps a draft of its own, so there is none to "
             "resume; expected serve without --resume")
    if theme:
        from textual.theme import BUILTIN_THEMES

        if theme not in BUILTIN_THEMES:  # fail here, not in every browser tab
            given = "ARCHDECIDE_THEME=" if os.environ.get("ARCHDECIDE_THEME") == theme \
                else "--theme "
            fail(f"{given}{theme!r}: unknown theme; expected one of "
                 + ", ".join(sorted(BUILTIN_THEMES)))
    load_or_exit(knowledge, tuple(overlays))  # fail here, not in every browser tab
    problem = bind_problem(host, port)
    if problem is not None:
        fail(f"--host {host} --port {port}: cannot listen there: {problem}")
    if not is_loopback(host):
        echo(f"archdecide: warning: serving on {host}:{port} with no authentication; "
             "anyone who can reach this address can use the wizard and write records. "
             "Prefer an SSH tunnel to 127.0.0.1.", err=True)
    root = resolve_records_dir(records).resolve()
    command = wizard_command_line(knowledge, tuple(overlays), root, theme, root,
                                  no_mouse=no_mouse)
    make_server(command, host, port, public_url).serve()
