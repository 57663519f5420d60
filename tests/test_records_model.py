"""DecisionRecord: TOML round trip (property), JSON Schema, building from an evaluation,
clear errors for bad files."""

from __future__ import annotations

import datetime as dt
import tomllib
from pathlib import Path

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from archdecide import __version__
from archdecide.decisions.engine.answers import check_answers
from archdecide.decisions.engine.evaluation import Evaluation, evaluate
from archdecide.decisions.meta import Meta
from archdecide.decisions.records.build import build_record
from archdecide.decisions.records.model import (
    SCHEMA_ID,
    DecisionRecord,
    RecordError,
    from_toml,
    record_json_schema,
    to_json_data,
    to_toml,
    toml_data_to_json,
)
from archdecide.knowledge.pack import KnowledgePack
from tests.conftest import save_record

NASTY = ['"', "'", '"""', "'''", "\\", "\\n", "\n", "\r\n", "\t", "\x00", "\x1b[31m", "\x7f",
         "\u2028", "é", "日本語", "🦙", "[table]", "[[array]]", "# not a comment", "a = 1",
         "key.dotted", "${HOME}", "---", "   ", "\ufeff"]
text = st.one_of(st.text(max_size=40), st.sampled_from(NASTY),
                 st.lists(st.sampled_from(NASTY), max_size=4).map("".join))
nonempty = text.filter(lambda s: s != "")
finite = st.floats(allow_nan=False, allow_infinity=False)
int64 = st.integers(min_value=-(2**63), max_value=2**63 - 1)
texts = st.lists(text, max_size=3).map(tuple)
scalar = st.one_of(text, finite, int64, st.booleans())
free_form = st.recursive(
    st.dictionaries(text, scalar, max_size=3),
    lambda inner: st.dictionaries(text, st.one_of(scalar, inner, st.lists(scalar, max_size=3),
                                                  st.lists(inner, min_size=1, max_size=2)),
                                  max_size=3),
    max_leaves=10)
answer_value = st.one_of(text, st.booleans(), int64, finite, texts)


@st.composite
def records(draw: st.DrawFn) -> DecisionRecord:
    option = st.fixed_dictionaries({
        "id": nonempty, "name": nonempty, "score": finite, "excluded": st.booleans(),
        "reasons": texts, "why_not": texts, "pros": texts, "cons": texts,
        "contributions": st.dictionaries(text, finite, max_size=3)})
    data = {
        "schema": SCHEMA_ID,
        "number": draw(st.integers(min_value=1, max_value=10**9)),
        "title": draw(nonempty),
        "status": draw(st.sampled_from(["proposed", "accepted", "rejected", "deprecated",
                                        "superseded"])),
        "date": draw(st.dates()),
        "decision_makers": draw(texts), "consulted": draw(texts), "informed": draw(texts),
        "context": draw(text),
        "drivers": draw(st.lists(st.fixed_dictionaries({
            "criterion": nonempty, "name": nonempty, "weight": finite, "description": text}),
            max_size=2)),
        "considered": draw(st.lists(option, max_size=3)),
        "chosen": draw(st.none() | st.fixed_dictionaries({
            "id": nonempty, "name": nonempty, "rationale": text,
            "margin": st.none() | finite, "runner_up": st.none() | text})),
        "consequences": {"good": draw(texts), "bad": draw(texts), "neutral": draw(texts)},
        "warnings": draw(st.lists(st.fixed_dictionaries(
            {"kind": text, "message": text, "source": text}), max_size=2)),
        "sensitivity": draw(texts),
        "answers": draw(st.lists(st.fixed_dictionaries({
            "question": nonempty, "prompt": text, "value": answer_value, "label": text,
            "assumed": st.booleans()}), max_size=4)),
        "assumed": draw(texts),
        "assumptions": draw(st.dictionaries(text, finite, max_size=3)),
        "sizing": draw(st.none() | free_form),
        "tco": draw(st.none() | free_form),
        "pack": {"id": draw(nonempty), "version": draw(nonempty),
                 "sha256": draw(st.text("0123456789abcdef", min_size=64, max_size=64))},
        "archdecide_version": draw(nonempty),
        "links": {"supersedes": draw(st.lists(st.integers(1, 10**6), max_size=3)),
                  "superseded_by": draw(st.none() | st.integers(1, 10**6))},
    }
    return DecisionRecord.model_validate(data)


SCHEMA = record_json_schema()
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(records())
def test_toml_round_trip(record: DecisionRecord) -> None:
    text = to_toml(record)
    assert from_toml(text) == record
    assert to_toml(from_toml(text)) == text


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(records())
def test_toml_converted_to_json_validates_against_the_schema(record: DecisionRecord) -> None:
    data = toml_data_to_json(tomllib.loads(to_toml(record)))
    VALIDATOR.validate(data)


def test_schema_is_a_valid_json_schema() -> None:
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    assert "schema" in SCHEMA["required"]
    with pytest.raises(jsonschema.ValidationError):
        VALIDATOR.validate({"schema": SCHEMA_ID, "number": 1})


def _evaluation(pack: KnowledgePack, raw: dict[str, object],
                assumptions: dict[str, float] | None = None) -> Evaluation:
    answers, problems = check_answers(pack, raw)
    assert not problems
    return evaluate(pack, answers, assumptions)


def test_build_record_from_an_evaluation(tiny: KnowledgePack) -> None:
    ev = _evaluation(tiny, {"sensitivity": "secret", "volume": "2B"}, {"power_usd_kwh": 0.2})
    record = build_record(ev, number=3, date=dt.date(2026, 11, 28),
                          meta=Meta(decision_makers=("Ada",), context="Why not?"), full=True)
    assert record.status == "proposed" and record.schema_ == SCHEMA_ID
    assert record.chosen is not None and record.chosen.id == ev.recommendation == "onprem"
    assert ev.margin is not None and record.chosen.margin == round(ev.margin, 2)
    assert record.chosen.runner_up == "rented"
    assert "61.82" in record.chosen.rationale
    assert record.consequences.good == tiny.architectures["onprem"].pros
    assert record.consequences.bad == tiny.architectures["onprem"].cons
    api = next(o for o in record.considered if o.id == "api")
    assert api.excluded and api.reasons == ("secret data may not leave the premises",)
    assert api.pros == ("Fast start",) and api.cons == ("Data leaves",)
    assert [d.criterion for d in record.drivers] == ["control", "cost", "speed"]
    assert [(a.question, a.label, a.assumed) for a in record.answers] == [
        ("sensitivity", "Secret", False), ("volume", "2,000,000,000 tokens/month", False),
        ("speed_need", "Months", True)]
    assert record.answers[0].prompt == "How sensitive is the data?"
    assert record.assumed == ("speed_need",)
    assert record.given_answers() == {"sensitivity": "secret", "volume": 2_000_000_000}
    assert record.assumptions == {"power_usd_kwh": 0.2}
    assert record.pack.sha256 == tiny.sha256 and record.archdecide_version == __version__
    assert record.decision_makers == ("Ada",) and record.context == "Why not?"
    assert record.sensitivity and all(isinstance(s, str) for s in record.sensitivity)
    assert from_toml(to_toml(record)) == record
    VALIDATOR.validate(to_json_data(record))


def test_the_saved_record_is_concise_and_expands_to_the_full_one(tiny: KnowledgePack) -> None:
    """What is saved leaves out what the pack derives again (prompts, labels, pros, cons,
    descriptions, the full sizing) and keeps what a reviewer and recheck read; expanding it
    with the same pack gives back the full record."""
    from archdecide.decisions.records.build import concise
    from archdecide.decisions.records.expand import NotThatPack, expand

    ev = _evaluation(tiny, {"sensitivity": "secret", "volume": "2B"}, {"power_usd_kwh": 0.2})
    meta = Meta(decision_makers=("Ada",), context="Why not?")
    full = build_record(ev, number=3, date=dt.date(2026, 11, 28), meta=meta, full=True)
    saved = build_record(ev, number=3, date=dt.date(2026, 11, 28), meta=meta)
    assert saved.concise and not full.concise and concise(full) == saved
    assert saved.given == {"sensitivity": "secret", "volume": 2_000_000_000}
    assert saved.defaults == {"speed_need": "months"}
    assert saved.given_answers() == full.given_answers()
    assert saved.assumed_answers() == full.assumed_answers() == {"speed_need": "months"}
    assert saved.weights == {d.criterion: d.weight for d in full.drivers}
    assert not saved.answers and not saved.drivers
    api = next(o for o in saved.considered if o.id == "api")
    assert api.excluded and api.reasons and not api.pros and not api.summary
    assert (saved.chosen, saved.sensitivity, saved.warnings) == (full.chosen, full.sensitivity,
                                                                 full.warnings)
    assert from_toml(to_toml(saved)) == saved
    assert len(to_toml(saved).splitlines()) < len(to_toml(full).splitlines())
    expanded = expand(saved, tiny)
    assert expanded.model_copy(update={"given": {}, "defaults": {}, "sources": ()}) == full
    assert concise(expanded) == saved
    older = saved.model_copy(update={"pack": saved.pack.model_copy(update={"sha256": "0" * 64})})
    with pytest.raises(NotThatPack, match="record 0003 was decided with knowledge pack tiny"):
        expand(older, tiny)


def test_sizing_and_tco_drop_none_and_keep_the_rest(tiny: KnowledgePack) -> None:
    built = build_record(_evaluation(tiny, {"sensitivity": "public"}), number=1,
                         date=dt.date(2026, 11, 28), meta=Meta())
    data = built.model_dump(by_alias=True)
    data["sizing"] = {"gpus": 2, "gpu": None, "vram": {"weights_gb": 16.1, "kv_gb": None},
                      "notes": ["a", None]}
    data["tco"] = None
    record = DecisionRecord.model_validate(data)
    assert record.sizing == {"gpus": 2, "vram": {"weights_gb": 16.1}, "notes": ["a"]}
    assert record.tco is None
    assert from_toml(to_toml(record)) == record


def test_every_option_excluded_has_no_chosen_option(tiny: KnowledgePack,
                                                    tmp_path: Path) -> None:
    path = save_record(tiny, tmp_path, "Nothing", none_chosen=True, sensitivity="public")
    record = from_toml(path.read_text(encoding="utf-8"))
    assert record.chosen is None and all(o.excluded for o in record.considered)
    assert from_toml(to_toml(record)) == record


@pytest.mark.parametrize(("text", "expected"), [
    ("x = ", "r.toml: TOML syntax error"),
    ('schema = "something/else"\n', "r.toml: schema: expected 'archdecide.record/1'"),
    ("title = 'x'\n", "r.toml: schema: expected 'archdecide.record/1' (got None)"),
])
def test_foreign_or_broken_files_get_one_sentence(text: str, expected: str) -> None:
    with pytest.raises(RecordError) as info:
        from_toml(text, "r.toml")
    assert str(info.value).startswith(expected)
    assert "\n" not in str(info.value)


def test_invalid_field_names_file_key_and_expectation(tiny: KnowledgePack) -> None:
    good = to_toml(build_record(_evaluation(tiny, {}), number=1, date=dt.date(2026, 11, 28),
                                meta=Meta()))
    bad_status = good.replace('status = "proposed"', 'status = "maybe"', 1)
    with pytest.raises(RecordError, match=r"^r\.toml: status: expected 'proposed', "
                                          r"'accepted'.*\(got 'maybe'\)$"):
        from_toml(bad_status, "r.toml")
    with pytest.raises(RecordError, match=r"^r\.toml: colour: is not a known key"):
        from_toml(good.replace("number = 1", 'number = 1\ncolour = "red"'), "r.toml")
    with pytest.raises(RecordError, match=r"^r\.toml: number: is required but missing$"):
        from_toml(good.replace("number = 1\n", ""), "r.toml")


def test_record_stores_the_oldest_price_date_and_the_api_basis(tmp_path: Path) -> None:
    from archdecide.knowledge.loader import bundled_pack_path, load_pack

    pack = load_pack(bundled_pack_path())
    path = save_record(pack, tmp_path, "Priced", model_quality="strong_open",
                       monthly_tokens=500_000_000)
    from archdecide.decisions.records.expand import expand

    data = tomllib.loads(path.read_text(encoding="utf-8"))
    tco = data["tco"]
    assert tco["prices_as_of"] and tco["api_price_basis"].startswith("like for like")
    sizing = expand(from_toml(path.read_text(encoding="utf-8")), pack).sizing or {}
    dates = [a["date"] for a in sizing["assumptions"]
             if a["unit"] in ("USD per GPU", "USD per GPU-hour", "USD per 1M tokens")]
    assert tco["prices_as_of"] in dates
