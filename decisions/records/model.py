"""DecisionRecord: the TOML architecture decision record (schema `archdecide.record/1`).

A record is a superset of MADR 4.0 plus everything needed to replay the decision. A record
archdecide writes is concise (about 150 lines, what a reviewer reads in a pull request): the
MADR fields, the chosen option and why, the answers given and assumed as `id = value`
(`given`, `defaults`), the overridden assumptions, each criterion's weight, one line per
option (its score and monthly cost, or what excluded it), the sensitivity, the warnings, the
headline sizing and cost, the sources cited and the pack's id, version and sha256. What can
be derived again from the pack at that hash (question prompts and option labels, criterion
descriptions, each option's pros, cons and summary, the whole sizing and TCO) is not copied
in: decisions.records.expand recomputes it on demand. Records of earlier versions, which hold
all of it (`answers`, `drivers`, the full `sizing` and `tco`), keep reading unchanged;
`records upgrade` rewrites them concise, only when asked.

Records are read with tomllib and written with tomli-w; `from_toml(to_toml(r)) == r` for every
valid record. decisions.records.build turns an Evaluation into a record.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Mapping
from typing import Annotated, Any, Literal

import tomli_w
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from archdecide.decisions.meta import TAG_PATTERN
from archdecide.decisions.records.folder import DOTTED_TABLES, SCHEMA_ID, SUMMARY_KEYS
from archdecide.knowledge.reading import NotToml, parse_toml
from archdecide.knowledge.schema import AnswerValue

Status = Literal["proposed", "accepted", "rejected", "deprecated", "superseded"]
NonEmpty = Annotated[str, Field(min_length=1)]


class RecordError(ValueError):
    """A record file that cannot be read or is not valid. The message is one sentence naming
    the file, the key and what was expected."""


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", allow_inf_nan=False,
                              populate_by_name=True)


class Driver(_Model):
    """A decision driver: a criterion and the weight the answers gave it (0-10)."""

    criterion: NonEmpty
    name: NonEmpty
    weight: float
    description: str = ""


class ConsideredOption(_Model):
    id: NonEmpty
    name: NonEmpty
    score: float
    excluded: bool = False
    reasons: tuple[str, ...] = Field(default=(), description="Why it is excluded.")
    why_not: tuple[str, ...] = Field(default=(), description="Why it is not the choice.")
    pros: tuple[str, ...] = ()
    cons: tuple[str, ...] = ()
    contributions: dict[str, float] = Field(default_factory=dict,
                                            description="criterion -> points of the score")
    summary: str = Field(default="", description="What the architecture is, from the pack.")
    stack: tuple[str, ...] = Field(default=(), description="What it is built with.")
    prerequisites: tuple[str, ...] = Field(default=(), description="What must be in place.")
    fits_when: tuple[str, ...] = Field(default=(), description="When it is the right choice.")
    risky_when: tuple[str, ...] = Field(default=(), description="When it goes wrong.")
    monthly_usd: float | None = Field(
        default=None, description="Its family's monthly cost under the answers (USD), when "
                                  "the TCO was computed.")


class ChosenOption(_Model):
    id: NonEmpty
    name: NonEmpty
    rationale: str
    margin: float | None = Field(default=None, description="Points ahead of the runner-up.")
    runner_up: str | None = None


class Consequences(_Model):
    good: tuple[str, ...] = ()
    bad: tuple[str, ...] = ()
    neutral: tuple[str, ...] = ()
    notes: str | None = Field(default=None,
                              description="The deciders' own words on what follows.")


class RecordWarning(_Model):
    kind: str
    message: str
    source: str = ""


class Source(_Model):
    """A source the record's figures cite."""

    id: NonEmpty
    title: str = ""
    publisher: str = ""
    date: str = ""
    url: str = ""


class RecordedAnswer(_Model):
    question: NonEmpty
    prompt: str
    value: AnswerValue
    label: str = ""
    assumed: bool = Field(default=False, description="True: not answered, the default was used.")


class PackRef(_Model):
    id: NonEmpty
    version: NonEmpty
    sha256: Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]


Tag = Annotated[str, Field(pattern=TAG_PATTERN)]


class StatusChange(_Model):
    """One step of a record's life: who set which status, when."""

    status: Status
    date: dt.date
    by: str = Field(default="", description="Who made the change (ARCHDECIDE_USER or the "
                                            "login name).")


Number = Annotated[int, Field(ge=1)]

TYPED_LINKS: dict[str, str] = {"amends": "amended_by", "amended_by": "amends",
                               "clarifies": "clarified_by", "clarified_by": "clarifies",
                               "relates_to": "relates_to"}
"""Each typed link and the field that holds it at the other end."""


class Links(_Model):
    supersedes: tuple[Number, ...] = ()
    superseded_by: Number | None = None
    amends: tuple[Number, ...] = ()
    amended_by: tuple[Number, ...] = ()
    clarifies: tuple[Number, ...] = ()
    clarified_by: tuple[Number, ...] = ()
    relates_to: tuple[Number, ...] = ()
    also_superseded_by: tuple[Number, ...] = Field(
        default=(), description="More successors, when a decision was split into several.")

    def successors(self) -> tuple[int, ...]:
        """Every record that supersedes this one."""
        first = () if self.superseded_by is None else (self.superseded_by,)
        return (*first, *self.also_superseded_by)


def _free_form(value: Any) -> Any:
    """TOML-safe copy of a free-form table: None dropped (TOML has no null), tuples as lists."""
    if isinstance(value, Mapping):
        return {str(k): _free_form(v) for k, v in value.items() if v is not None}
    if isinstance(value, list | tuple):
        return [_free_form(v) for v in value if v is not None]
    if isinstance(value, float) and not math.isfinite(value):
        raise ValueError("expected finite numbers (TOML records cannot keep inf or nan)")
    return value


class DecisionRecord(_Model):
    schema_: Literal["archdecide.record/1"] = Field(default="archdecide.record/1", alias="schema")
    number: int = Field(ge=1)
    title: NonEmpty
    status: Status = "proposed"
    date: dt.date
    tags: tuple[Tag, ...] = Field(default=(), description="Lowercase labels to find it by.")
    decision_makers: tuple[str, ...] = ()
    consulted: tuple[str, ...] = ()
    informed: tuple[str, ...] = ()
    context: str = ""
    ticket: str | None = Field(default=None,
                               description="A link to the ticket or issue of the decision.")
    drivers: tuple[Driver, ...] = ()
    considered: tuple[ConsideredOption, ...] = ()
    chosen: ChosenOption | None = Field(
        default=None, description="Absent when every option was excluded.")
    consequences: Consequences = Consequences()
    warnings: tuple[RecordWarning, ...] = ()
    sensitivity: tuple[str, ...] = Field(
        default=(), description="Summary: which single change would flip the decision.")
    answers: tuple[RecordedAnswer, ...] = Field(
        default=(), description="Earlier records: every answer with its prompt and label "
                                "(concise records keep `given` and `defaults`).")
    assumed: tuple[str, ...] = Field(default=(), description="Questions answered by default.")
    given: dict[str, AnswerValue] = Field(
        default_factory=dict, description="The answers the people gave: question id = value.")
    defaults: dict[str, AnswerValue] = Field(
        default_factory=dict, description="The questions left unanswered on the path and the "
                                          "default each took: question id = value.")
    weights: dict[str, float] = Field(
        default_factory=dict, description="Each criterion's weight (0-10) under the answers.")
    sources: tuple[Source, ...] = Field(default=(), description="What the figures cite.")
    assumptions: dict[str, float] = Field(
        default_factory=dict, description="Sizing/TCO constants overridden for this decision.")
    sizing: dict[str, Any] | None = None
    tco: dict[str, Any] | None = None
    pack: PackRef
    archdecide_version: NonEmpty
    links: Links = Links()
    review_by: dt.date | None = Field(
        default=None, description="When the decision is due for review (`records due`).")
    history: tuple[StatusChange, ...] = Field(
        default=(), description="Every status change, oldest first.")

    @field_validator("sizing", "tco", mode="before")
    @classmethod
    def _tables(cls, value: Any) -> Any:
        return None if value is None else _free_form(value)

    @property
    def chosen_id(self) -> str | None:
        return self.chosen.id if self.chosen else None

    @property
    def concise(self) -> bool:
        """Whether what can be derived from the pack is left out (the answers kept as `given`
        and `defaults`, not with their prompts and labels)."""
        return not self.answers

    def given_answers(self) -> dict[str, AnswerValue]:
        """The answers the people gave (assumed defaults left out)."""
        if self.answers:
            return {a.question: a.value for a in self.answers if not a.assumed}
        return dict(self.given)

    def assumed_answers(self) -> dict[str, AnswerValue]:
        """The questions that took their default, and the default."""
        if self.answers:
            return {a.question: a.value for a in self.answers if a.assumed}
        return dict(self.defaults)

    def answer_rows(self) -> tuple[RecordedAnswer, ...]:
        """Every answer, given then assumed for a concise record (whose prompts and labels
        are empty: decisions.records.expand fills them in from the pack)."""
        if self.answers:
            return self.answers
        return (*(RecordedAnswer(question=q, prompt="", value=v) for q, v in self.given.items()),
                *(RecordedAnswer(question=q, prompt="", value=v, assumed=True)
                  for q, v in self.defaults.items()))

    def to_data(self) -> dict[str, Any]:
        """The record as TOML/JSON-ready data: no None values, `schema` first."""
        return _free_form(self.model_dump(by_alias=True, exclude_none=True))  # type: ignore[no-any-return]


ROWS: dict[str, type[BaseModel]] = {"considered": ConsideredOption, "warnings": RecordWarning,
                                    "sources": Source, "history": StatusChange}
"""Arrays of small tables written one inline table per line (`{ id = "api", score = 61.2 }`,
keys left out where they hold their default), not as `[[considered]]` blocks of one line per
key: a reviewer reads an option per line."""
OMITTED_WHEN_EMPTY = ("drivers", "answers", "assumed", "given", "defaults", "weights", "sources")
"""Keys a concise record leaves out when empty (the MADR fields are always written)."""


def _without_defaults(model: type[BaseModel], row: Mapping[str, Any]) -> dict[str, Any]:
    fields = model.model_fields
    return {k: v for k, v in row.items() if k not in fields or fields[k].is_required()
            or v != _plain(fields[k].get_default(call_default_factory=True))}


def _plain(value: Any) -> Any:
    return list(value) if isinstance(value, tuple) else value


def _scalar(value: Any) -> str:
    """One TOML value on one line, as tomli-w writes it."""
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_scalar(v) for v in value) + "]"
    if isinstance(value, Mapping):
        return _inline(value)
    return tomli_w.dumps({"v": value})[4:-1]


def _inline(table: Mapping[str, Any]) -> str:
    return "{ " + ", ".join(f"{tomli_w.dumps({k: 0})[:-5]} = {_scalar(v)}"
                            for k, v in table.items()) + " }"


def _rows(key: str, rows: list[dict[str, Any]]) -> str:
    if not rows:
        return f"{key} = []\n"
    return f"{key} = [\n" + "".join(f"    {_inline(row)},\n" for row in rows) + "]\n"


def to_toml(record: DecisionRecord) -> str:
    """The record as TOML, summary first: schema, number, title, status, date, then [chosen]
    and [links] as dotted keys (`chosen.id = ...`; links only where there are some), a blank
    line, then everything else: values, then the ROWS one table per line, then the tables.
    The summary is all `records list` reads (see decisions.records.listing); tomllib reads the
    file into the same data as with plain tables."""
    data = record.to_data()
    head = {key: data.pop(key) for key in SUMMARY_KEYS if key in data}
    text = tomli_w.dumps(head)
    for table in DOTTED_TABLES:
        for key, value in data.pop(table, {}).items():
            if value == [] and table == "links" and key != "supersedes":
                continue  # the default: no link of this kind (what it supersedes is said)
            text += f"{table}.{tomli_w.dumps({key: value})}"
    for key in OMITTED_WHEN_EMPTY:
        if data.get(key) in ([], {}):
            del data[key]
    rows = {key: [_without_defaults(ROWS[key], row) for row in data.pop(key)]
            for key in ROWS if key in data}
    tables = {key: data.pop(key) for key in list(data) if isinstance(data[key], Mapping) or (
        isinstance(data[key], list) and data[key] and all(isinstance(v, Mapping)
                                                          for v in data[key]))}
    body = tomli_w.dumps(data) + "".join(_rows(k, v) for k, v in rows.items())
    return f"{text}\n{body}" + (f"\n{tomli_w.dumps(tables)}" if tables else "")


def to_json_data(record: DecisionRecord) -> dict[str, Any]:
    """The record as JSON data (dates as YYYY-MM-DD); validates against record_json_schema()."""
    data: dict[str, Any] = toml_data_to_json(record.to_data())
    return data


def toml_data_to_json(data: Any) -> Any:
    if isinstance(data, dict):
        return {k: toml_data_to_json(v) for k, v in data.items()}
    if isinstance(data, list):
        return [toml_data_to_json(v) for v in data]
    if isinstance(data, dt.date | dt.time):
        return data.isoformat()
    return data


def from_data(data: Mapping[str, Any], source: str = "<record>") -> DecisionRecord:
    if not isinstance(data, Mapping):
        raise RecordError(f"{source}: expected a table of record fields")
    schema = data.get("schema")
    if schema != SCHEMA_ID:
        newer = isinstance(schema, str) and re.fullmatch(r"archdecide\.record/([0-9]{1,6})",
                                                         schema)
        if newer and int(newer.group(1)) > int(SCHEMA_ID.rsplit("/", 1)[1]):
            raise RecordError(f"{source}: schema: {schema} was written by a newer archdecide; "
                              f"upgrade archdecide to read it (this one reads {SCHEMA_ID})")
        raise RecordError(f"{source}: schema: expected {SCHEMA_ID!r} (got {schema!r}); "
                          "this is not an archdecide record")
    try:
        return DecisionRecord.model_validate(dict(data))
    except ValidationError as exc:
        raise RecordError(_describe(exc, source)) from None


def from_toml(text: str, source: str = "<record>") -> DecisionRecord:
    try:
        data = parse_toml(text)
    except NotToml as exc:
        raise RecordError(f"{source}: {exc}") from None
    return from_data(data, source)


def _describe(exc: ValidationError, source: str) -> str:
    errors = exc.errors()
    first = errors[0]
    key = ".".join(str(p) for p in first["loc"]) or "(top level)"
    kind = first["type"]
    if kind == "missing":
        what = "is required but missing"
    elif kind == "extra_forbidden":
        what = "is not a known key of a record (a typo?)"
    else:
        what = f"expected {first['msg'][0].lower()}{first['msg'][1:]}".replace(
            "expected input should be", "expected")
        if "input" in first and not isinstance(first["input"], dict | list):
            what += f" (got {first['input']!r})"
    more = f"; and {len(errors) - 1} more problem{'s' if len(errors) > 2 else ''}" \
        if len(errors) > 1 else ""
    return f"{source}: {key}: {what}{more}"


def record_json_schema() -> dict[str, Any]:
    """The JSON Schema of a record as JSON data (`archdecide schema record`)."""
    schema = DecisionRecord.model_json_schema(by_alias=True, mode="serialization")
    schema["$id"] = "urn:archdecide:schema:record:1"
    required = schema.setdefault("required", [])
    if "schema" not in required:
        required.insert(0, "schema")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "archdecide decision record (archdecide.record/1)"
    return schema
