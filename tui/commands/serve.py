"""`archdecide serve`: the same wizard in a browser, through textual-serve."""

from __future__ import annotations

import ipaddress
import shlex
import sys
from pathlib import Path

import click

from archdecide.tui.commands.wizard import wizard_options


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def wizard_command_line(knowledge: Path | None, overlays: tuple[Path, ...],
                        records: Path | None, theme: str | None) -> str:
    """The shell command textual-serve runs for each browser session."""
    args = [sys.executable, "-P", "-m", "archdecide", "wizard"]
    if knowledge is not None:
        args += ["--knowledge", str(knowledge)]
    for overlay in overlays:
        args += ["--overlay", str(overlay)]
    if records is not None:
        args += ["--records", str(records)]
    if theme:
        args += ["--theme", theme]
    return shlex.join(args)


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to bind; anything but loopback exposes the wizard WITHOUT "
                   "authentication.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@wizard_options
def serve_command(host: str, port: int, knowledge: Path | None = None,
                  overlays: tuple[Path, ...] = (), records: Path | None = None,
                  theme: str | None = None, no_mouse: bool = False,
                  resume: bool = False) -> None:
    """Serve the wizard in a browser (bound to loopback by default)."""
    from archdecide.tui.commands.common import load_or_exit

    load_or_exit(knowledge, tuple(overlays))  # fail here, not in every browser tab
    if not is_loopback(host):
        click.echo(f"archdecide: warning: serving on {host}:{port} with no authentication; "
                   "anyone who can reach this address can use the wizard and write records. "
                   "Prefer an SSH tunnel to 127.0.0.1.", err=True)
    from textual_serve.server import Server

    Server(wizard_command_line(knowledge, tuple(overlays), records, theme), host=host,
           port=port, title="archdecide").serve()
