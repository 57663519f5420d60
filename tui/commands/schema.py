"""`archdecide schema knowledge|record`: JSON Schema of the file formats."""

from __future__ import annotations

import click

from archdecide.tui.terminal_text import json_text

SCHEMAS = ("knowledge", "record")


@click.command("schema")
@click.argument("what", type=click.Choice(SCHEMAS))
def schema_command(what: str) -> None:
    """Print the JSON Schema of a knowledge-pack file (every section optional) or of a
    decision record (`archdecide.record/1`)."""
    if what == "record":
        from archdecide.decisions.records.model import record_json_schema

        schema = record_json_schema()
    else:
        from archdecide.knowledge.schema import PackFile

        schema = PackFile.model_json_schema(by_alias=True)
        schema["$id"] = "archdecide.knowledge/1"
    schema.setdefault("$schema", "https://json-schema.org/draft/2020-12/schema")
    click.echo(json_text(schema, sort_keys=True))
