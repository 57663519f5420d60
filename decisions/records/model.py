"""DecisionRecord: the TOML architecture decision record (schema `archdecide.record/1`).

A record is a superset of MADR 4.0 plus everything needed to replay the decision: every answer
with its question prompt and option label, the assumptions given, the sizing/TCO figures, the
pack id/version/sha256 and the archdecide version. Records are read with tomllib and written
with tomli-w; `from_toml(to_toml(r)) == r` for every valid record.

`build_record(pack, evaluation_dict, ...)` turns the output of `Evaluation.to_dict()` (the JSON
contract of `archdecide decide`) into a record; pros, cons and consequences come from the pack's
architecture entries.
"""

from __future__ import annotations

import datetime as dt
import math
import tomllib
from collections.abc import Mapping
from typing import Annotated, Any, Literal

import tomli_w
from archdecide.decisions.records.listing import DOTTED_TABLES, SCHEMA_ID, SUMMARY_KEYS
from archdecide.decisions.records.listing import STATUSES as STATUSES  # re-exported
from archdecide.knowledge.pack import KnowledgePack
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from archdecide import __version__

Status = Literal["proposed", "accepted", "rejected", "deprecated", "superseded"]
AnswerValue = str | bool | int | float | tuple[str, ...]
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


class RecordWarning(_Model):
    kind: str
    message: str
    source: str = ""


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


class Links(_Model):
    supersedes: tuple[Annotated[int, Field(ge=1)], ...] = ()
    superseded_by: Annotated[int, Field(ge=1)] | None = None


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
    schema_: Literal["archdecide.record/1"] = Field(default=SCHEMA_ID, alias="schema")
    number: int = Field(ge=1)
    title: NonEmpty
    status: Status = "proposed"
    date: dt.date
    decision_makers: tuple[str, ...] = ()
    consulted: tuple[str, ...] = ()
    informed: tuple[str, ...] = ()
    context: str = ""
    drivers: tuple[Driver, ...] = ()
    considered: tuple[ConsideredOption, ...] = ()
    chosen: ChosenOption | None = Field(
        default=None, description="Absent when every option was excluded.")
    consequences: Consequences = Consequences()
    warnings: tuple[RecordWarning, ...] = ()
    sensitivity: tuple[str, ...] = Field(
        default=(), description="Summary: which single change would flip the decision.")
    answers: tuple[RecordedAnswer, ...] = ()
    assumed: tuple[str, ...] = Field(default=(), description="Questions answered by default.")
    assumptions: dict[str, float] = Field(
        default_factory=dict, description="Sizing/TCO constants overridden for this decision.")
    sizing: dict[str, Any] | None = None
    tco: dict[str, Any] | None = None
    pack: PackRef
    archdecide_version: NonEmpty
    links: Links = Links()

    @field_validator("sizing", "tco", mode="before")
    @classmethod
    def _tables(cls, value: Any) -> Any:
        return None if value is None else _free_form(value)

    @property
    def chosen_id(self) -> str | None:
        return self.chosen.id if self.chosen else None

    def given_answers(self) -> dict[str, AnswerValue]:
        """The answers the people gave (assumed defaults left out)."""
        return {a.question: a.value for a in self.answers if not a.assumed}

    def to_data(self) -> dict[str, Any]:
        """The record as TOML/JSON-ready data: no None values, `schema` first."""
        return _free_form(self.model_dump(by_alias=True, exclude_none=True))  # type: ignore[no-any-return]


def to_toml(record: DecisionRecord) -> str:
    """The record as TOML, summary first: schema, number, title, status, date, then [chosen]
    and [links] as dotted keys (`chosen.id = ...`), a blank line, then everything else. The
    summary is all `records list` reads (see decisions.record_head); tomllib reads the file
    into the same data as with plain tables."""
    data = record.to_data()
    head = {key: data.pop(key) for key in SUMMARY_KEYS if key in data}
    text = tomli_w.dumps(head)
    for table in DOTTED_TABLES:
        for key, value in data.pop(table, {}).items():
            text += f"{table}.{tomli_w.dumps({key: value})}"
    return f"{text}\n{tomli_w.dumps(data)}"


def to_json_data(record: DecisionRecord) -> dict[str, Any]:
    """The record as JSON data (dates as YYYY-MM-DD); validates against record_json_schema()."""
    return toml_data_to_json(record.to_data())


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
        raise RecordError(f"{source}: schema: expected {SCHEMA_ID!r} (got {schema!r}); "
                          "this is not an archdecide record")
    try:
        return DecisionRecord.model_validate(dict(data))
    except ValidationError as exc:
        raise RecordError(_describe(exc, source)) from None


def from_toml(text: str, source: str = "<record>") -> DecisionRecord:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise RecordError(f"{source}: TOML syntax error: {exc}") from None
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


# --------------------------------------------------------------------------- building


def default_title(pack: KnowledgePack, evaluation: Mapping[str, Any]) -> str:
    winner = evaluation.get("recommendation")
    if winner and winner in pack.architectures:
        return f"Deploy with {pack.architectures[winner].name}"
    return f"Decide: {pack.meta.name}"


def _texts(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    return tuple(str(v) for v in value)


def _sensitivity_summary(sensitivity: Any) -> tuple[str, ...]:
    if not isinstance(sensitivity, Mapping):
        return ()
    out: list[str] = []
    for items in sensitivity.values():
        if isinstance(items, list):
            out.extend(str(item["text"]) for item in items
                       if isinstance(item, Mapping) and item.get("text"))
    return tuple(out)


def _rationale(pack: KnowledgePack, evaluation: Mapping[str, Any], winner: str) -> str:
    ranking = evaluation.get("ranking", [])
    row = next((r for r in ranking if r["architecture"] == winner), None)
    eligible = [r for r in ranking if not r.get("excluded")]
    parts = [f"it scores highest ({row['score']:g} of 100) of the {len(eligible)} option"
             f"{'s' if len(eligible) != 1 else ''} that are not excluded" if row else
             "it is the highest-ranked option"]
    runner = evaluation.get("runner_up")
    margin = evaluation.get("margin")
    if runner and margin is not None and runner in pack.architectures:
        parts.append(f"{margin:g} points ahead of {pack.architectures[runner].name}")
    if row and row.get("contributions"):
        top = sorted(row["contributions"].items(), key=lambda kv: (-kv[1], kv[0]))[:2]
        names = [f"{pack.criteria[c].name if c in pack.criteria else c} ({v:g})"
                 for c, v in top]
        parts.append("carried by " + " and ".join(names))
    excluded = evaluation.get("excluded", [])
    if excluded:
        parts.append(f"{len(excluded)} option{'s' if len(excluded) != 1 else ''} excluded by "
                     "the answers")
    return ", ".join(parts)


def build_record(pack: KnowledgePack, evaluation: Mapping[str, Any], *, number: int,
                 date: dt.date, meta: Mapping[str, Any] | None = None,
                 title: str | None = None,
                 assumptions: Mapping[str, float] | None = None) -> DecisionRecord:
    """A new (proposed) record from `Evaluation.to_dict()` of an evaluation with `pack`.

    meta: the [meta] table of an answers file (title, decision_makers, consulted, informed,
    context); `title` wins over meta's. assumptions: the sizing/TCO constants given (default:
    evaluation["assumptions_given"] when present)."""
    meta = dict(meta or evaluation.get("meta") or {})
    if assumptions is None:
        assumptions = evaluation.get("assumptions_given") or {}
    weights: Mapping[str, float] = evaluation.get("weights", {})
    drivers = tuple(
        Driver(criterion=cid, name=pack.criteria[cid].name if cid in pack.criteria else cid,
               weight=float(w),
               description=pack.criteria[cid].description if cid in pack.criteria else "")
        for cid, w in sorted(weights.items(), key=lambda kv: (-kv[1], kv[0])) if w > 0)
    considered = []
    for row in evaluation.get("ranking", []):
        arch = pack.architectures.get(row["architecture"])
        considered.append(ConsideredOption(
            id=row["architecture"], name=row.get("name") or row["architecture"],
            score=float(row["score"]), excluded=bool(row.get("excluded")),
            reasons=_texts(row.get("reasons")), why_not=_texts(row.get("why_not")),
            pros=arch.pros if arch else (), cons=arch.cons if arch else (),
            contributions={k: float(v) for k, v in (row.get("contributions") or {}).items()}))
    winner = evaluation.get("recommendation")
    chosen = None
    consequences = Consequences()
    if winner:
        arch = pack.architectures.get(winner)
        margin = evaluation.get("margin")
        chosen = ChosenOption(id=winner, name=arch.name if arch else winner,
                              rationale=_rationale(pack, evaluation, winner),
                              margin=None if margin is None else float(margin),
                              runner_up=evaluation.get("runner_up"))
        if arch:
            consequences = Consequences(good=arch.pros, bad=arch.cons,
                                        neutral=arch.consequences)
    answers = tuple(RecordedAnswer(
        question=a["question"], prompt=a.get("prompt", ""),
        value=tuple(a["value"]) if isinstance(a["value"], list) else a["value"],
        label=a.get("label", ""), assumed=bool(a.get("assumed")))
        for a in evaluation.get("answers", []))
    knowledge = evaluation.get("knowledge") or {}
    return DecisionRecord(
        number=number,
        title=title or meta.get("title") or default_title(pack, evaluation),
        status="proposed", date=date,
        decision_makers=_texts(meta.get("decision_makers")),
        consulted=_texts(meta.get("consulted")), informed=_texts(meta.get("informed")),
        context=meta.get("context") or (
            f"Which way of deploying fits our answers to the {pack.meta.name} questionnaire "
            f"(knowledge pack {pack.id} {pack.version})?"),
        drivers=drivers, considered=tuple(considered), chosen=chosen,
        consequences=consequences,
        warnings=tuple(RecordWarning(kind=w.get("kind", "warning"), message=w["message"],
                                     source=w.get("source", ""))
                       for w in evaluation.get("warnings", [])),
        sensitivity=_sensitivity_summary(evaluation.get("sensitivity")),
        answers=answers, assumed=_texts(evaluation.get("assumed")),
        assumptions={k: float(v) for k, v in assumptions.items()},
        sizing=evaluation.get("sizing"), tco=evaluation.get("tco"),
        pack=PackRef(id=knowledge.get("id", pack.id),
                     version=knowledge.get("version", pack.version),
                     sha256=knowledge.get("sha256", pack.sha256)),
        archdecide_version=__version__,
    )
