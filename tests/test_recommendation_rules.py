"""Issue 15's engine behaviour: defaults that decide, strict defaults for sensitive data,
warnings only about architectures still in the running, the [volume] calculator, and the new
ids accepted by `decide`."""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import HealthCheck, given, settings

from archdecide.decisions.engine.answers import check_answers
from archdecide.decisions.engine.evaluation import evaluate
from archdecide.decisions.records.replay import read_answers_or_record
from archdecide.knowledge.loader import bundled_pack_path, load_pack
from tests.inprocess import cli
from tests.test_pack_profiles import answer_sets

PACK = load_pack(bundled_pack_path())


def ev(**raw: object):  # type: ignore[no-untyped-def]
    answers, problems = check_answers(PACK, raw)
    assert not problems, problems
    return evaluate(PACK, answers, None, with_sensitivity=True)


def test_a_default_that_flips_the_winner_is_reported() -> None:
    result = ev(use_case="workforce_assistant", users=3000)
    assert result.decided_by_default
    for qid in result.decided_by_default:
        assert qid in result.assumed
        assert any(f.question == qid and f.recommendation != result.recommendation
                   for f in result.sensitivity.defaults)
    answered = ev(**{s.question: s.value for s in result.core.steps})  # everything answered
    assert answered.decided_by_default == []


def test_sensitive_data_assumes_the_strict_options_and_says_why() -> None:
    result = ev(data_sensitivity="regulated")
    values = {s.question: s.value for s in result.core.steps}
    assert values["data_residency"] == "in_region"
    assert values["foreign_access"] == "must_prevent"
    reasons = {q: why for q, _, why in result.strict_defaults}
    assert "regulated" in reasons["data_residency"]
    us = ev(data_sensitivity="regulated", compliance=["hipaa"])
    assert {s.question: s.value for s in us.core.steps}["foreign_access"] == "acceptable"
    public = ev(data_sensitivity="public")
    assert {s.question: s.value for s in public.core.steps}["data_residency"] == "none"
    assert public.strict_defaults == []


def test_gdpr_warnings_only_when_gdpr_was_answered() -> None:
    hospital = ev(data_sensitivity="regulated", compliance=["hipaa"])
    assert not any("GDPR" in n.message for n in hospital.warnings())
    eu = ev(data_sensitivity="regulated", compliance=["gdpr"])
    assert any("GDPR" in n.message for n in eu.warnings())


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(answer_sets(PACK, {}))
def test_no_warning_about_architectures_that_are_all_excluded(answers: dict) -> None:
    result = evaluate(PACK, answers, None, with_sensitivity=False)
    running = {r.architecture for r in result.ranking if not r.excluded}
    shown = {n.message for n in result.warnings()}
    for item in result.core.applied:
        about = item.effects.warnings_about
        if about and not running.intersection(about):
            assert not shown.intersection(item.effects.warnings)


def test_volume_table_sets_users_and_monthly_tokens(tmp_path: Path) -> None:
    path = tmp_path / "a.toml"
    path.write_text('[answers]\nuse_case = "internal_application"\n'
                    "[volume]\nusers = 1000\nrequests_per_day = 20\ntokens_per_request = 2000\n",
                    encoding="utf-8")
    answers = read_answers_or_record(path).answers
    assert answers["users"] == 1000
    assert answers["monthly_tokens"] == round(1000 * 20 * 2000 * 365 / 12)
    path.write_text("[answers]\nmonthly_tokens = 5\n[volume]\nusers = 0\n", encoding="utf-8")
    done = cli("decide", "--answers", str(path), timeout=60)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert "volume.users: expected a positive number" in done.stderr
    assert "volume.requests_per_day: is missing" in done.stderr
    assert "either [volume] or answers.monthly_tokens" in done.stderr


def test_decide_accepts_the_new_ids_and_reports_decided_by_default(tmp_path: Path) -> None:
    path = tmp_path / "a.toml"
    path.write_text('[answers]\nuse_case = "workforce_assistant"\nscope = "many_use_cases"\n'
                    'cloud_commitment = "multi_cloud"\ndeployment_site = "central"\n'
                    'data_terms = "zero_retention"\nmodel_licence = "commercial_on_prem"\n'
                    'vendor_nationality = "any"\naccreditation = ["bsi_c5"]\nusers = 2000\n',
                    encoding="utf-8")
    done = cli("decide", "--answers", str(path), "--format",
                           "json", timeout=60)
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert isinstance(data["decided_by_default"], list)
    assert {"enterprise_assistant", "model_gateway", "on_device"} <= {
        r["architecture"] for r in data["ranking"]}
    text = cli("decide", "--answers", str(path), timeout=60).stdout
    if data["decided_by_default"]:
        assert "Decided by a default" in text


def test_answers_doc_lists_every_question_as_generated() -> None:
    from archdecide.decisions.answers_doc import render

    docs = (Path(__file__).resolve().parent.parent / "docs" / "answers.md").read_text(
        encoding="utf-8")
    assert render(PACK) in docs, "regenerate with: python -m archdecide.decisions.answers_doc"
    for qid in ("use_case", "scope", "cloud_commitment", "data_terms", "model_licence",
                "vendor_nationality", "accreditation"):
        assert f"### `{qid}`" in docs
    assert "`user_devices`" in docs


def test_decimal_commas_are_refused_and_the_calculator_computes_the_month() -> None:
    from archdecide.decisions.engine.answers import AnswerError, coerce, parse_number

    for good, value in (("1.5B", 1.5e9), ("1_500_000_000", 1.5e9), ("1500000000", 1.5e9),
                        ("2e9", 2e9), ("2,000,000", 2e6)):
        assert parse_number(good) == value
    for bad in ("1,5B", "12,34"):
        try:
            parse_number(bad)
        except AnswerError as exc:
            assert "ambiguous" in str(exc)
        else:
            raise AssertionError(bad)
    assert coerce(PACK.questions["monthly_tokens"], "1000 x 20 x 2000") == round(
        1000 * 20 * 2000 * 365 / 12)
    done = cli("decide", "--set", "monthly_tokens=1,5B", timeout=60)
    assert done.returncode == 2 and "ambiguous" in done.stderr and "Traceback" not in done.stderr
