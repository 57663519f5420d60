"""The decision graph is the engine: the walk follows its flow edges, the questions left are
its longest path, and every explanation `decide` gives is a path of its edges, checked
against `archdecide graph --format json` (what anyone else would check it against)."""

from __future__ import annotations

import itertools
import json
import shutil
import tomllib
from pathlib import Path

import networkx as nx
import pytest
import tomli_w
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from archdecide.decisions.engine.conditions import holds
from archdecide.decisions.engine.evaluation import evaluate
from archdecide.decisions.engine.evaluation_json import to_json
from archdecide.decisions.engine.export import to_json as graph_json
from archdecide.decisions.engine.flow import path_values
from archdecide.decisions.engine.graph import decision_graph, question_flow, questions_left
from archdecide.decisions.engine.never_wins import candidates
from archdecide.knowledge.loader import load_pack
from archdecide.knowledge.pack import KnowledgePack
from archdecide.knowledge.schema import END
from tests.conftest import ROOT, TINY
from tests.inprocess import cli

BUNDLED = load_pack()
PROFILES = sorted((ROOT / "tests" / "profiles").glob("*.toml"))


def _answers(pack: KnowledgePack) -> st.SearchStrategy[dict[str, object]]:
    per_question = {qid: st.sampled_from(candidates(pack, q))
                    for qid, q in pack.questions.items()}
    return st.fixed_dictionaries({}, optional=per_question)


def _all_paths(data: dict[str, object]) -> list[list[str]]:
    out: list[list[str]] = []
    for row in data["excluded"]:  # type: ignore[attr-defined]
        assert row["paths"], row
        out += row["paths"]
    for change in data["weight_changes"]:  # type: ignore[attr-defined]
        assert change["paths"], change
        out += change["paths"]
    for row in data["ranking"]:  # type: ignore[attr-defined]
        for paths in row["contribution_paths"].values():
            out += paths
    return out


def test_decide_paths_are_edges_of_graph_json(tmp_path: Path, clean_env: dict[str, str]
                                              ) -> None:
    graph = cli("graph", "--format", "json", env=clean_env, timeout=120, check=True)
    g = nx.node_link_graph(json.loads(graph.stdout), edges="edges")
    checked = 0
    for profile in PROFILES[::3]:
        answers = tmp_path / profile.name  # the profile's [answers] alone: an answers file
        answers.write_text(tomli_w.dumps({"answers": tomllib.loads(
            profile.read_text(encoding="utf-8"))["answers"]}), encoding="utf-8")
        result = cli("decide", "--answers", str(answers),
                                 "--format", "json",
                                env=clean_env, timeout=120)
        assert result.returncode == 0, result.stderr
        data = json.loads(result.stdout)
        for path in _all_paths(data):
            assert nx.is_path(g, path), (profile.name, path)
            checked += 1
        for row in data["excluded"]:  # an exclusion ends at its architecture
            assert all(p[-1] == f"a:{row['architecture']}" for p in row["paths"])
            assert g.edges[row["paths"][0][-2], row["paths"][0][-1]]["kind"] == "excludes"
    assert checked > 50


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_answers(BUNDLED))
def test_every_explanation_is_a_path_and_ends_where_it_should(answers: dict[str, object]
                                                              ) -> None:
    g = nx.node_link_graph(graph_json(BUNDLED), edges="edges")
    data = to_json(evaluate(BUNDLED, answers, with_sensitivity=False))
    for path in _all_paths(data):
        assert nx.is_path(g, path), path
        assert g.nodes[path[0]]["kind"] == "question"
    for change in data["weight_changes"]:
        assert all(p[-1] == f"c:{change['criterion']}" for p in change["paths"])
    for row in data["ranking"]:
        for cid, paths in row["contribution_paths"].items():
            assert all(p[-2:] == [f"c:{cid}", f"a:{row['architecture']}"] for p in paths)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_answers(BUNDLED))
def test_the_walk_takes_the_first_flow_edge_whose_condition_holds(answers: dict[str, object]
                                                                  ) -> None:
    g = decision_graph(BUNDLED)
    values = path_values(BUNDLED, answers)
    order = [*values, END]
    for here, there in itertools.pairwise(order):
        value = values[here]
        target = END if there == END else f"q:{there}"
        option = f"o:{here}:{value}" if isinstance(value, str) else None
        branch = [v for v in g.succ.get(option, {}) if g.edges[option, v]["kind"] == "flow"] \
            if option in g else []
        if branch:
            assert branch == [target]
            continue
        edges = sorted((d["order"], v, d["condition"]) for v, d in g.succ[f"q:{here}"].items()
                       if d["kind"] == "flow")
        first = next(v for _, v, cond in edges if cond is None or holds(cond, values))
        assert first == target


def test_questions_left_is_the_longest_path_to_the_end() -> None:
    flow = question_flow(decision_graph(BUNDLED))
    for qid in BUNDLED.questions:
        longest = max(len(p) - 1 for p in nx.all_simple_paths(flow, f"q:{qid}", END))
        assert questions_left(decision_graph(BUNDLED), qid) == longest, qid


def test_graph_json_has_the_engine_graph_and_no_objects() -> None:
    data = graph_json(BUNDLED)
    json.dumps(data)  # plain data only
    g = nx.node_link_graph(data, edges="edges")
    engine = decision_graph(BUNDLED)
    assert set(g.nodes) == set(engine.nodes) and set(g.edges) == set(engine.edges)
    kinds = {d["kind"] for _, _, d in g.edges(data=True)}
    assert kinds == {"offers", "flow", "weights", "excludes", "rates", "reads", "fits"}


def test_two_next_edges_to_the_same_question_keep_their_order(tmp_path: Path) -> None:
    """A DiGraph keeps one edge per pair: a later edge to the same target must still be tried
    in its place (here: secret -> volume, else public -> end, else volume)."""
    pack_dir = tmp_path / "pack"
    shutil.copytree(TINY, pack_dir)
    questions = pack_dir / "questions.toml"
    text = questions.read_text(encoding="utf-8")
    old = ('next = [\n  { to = "volume", when = { question = "sensitivity", is = "secret" } },\n'
           '  { to = "speed_need" },\n]')
    assert old in text
    questions.write_text(text.replace(old, (
        'next = [\n  { to = "volume", when = { question = "sensitivity", is = "secret" } },\n'
        '  { to = "end", when = { question = "sensitivity", is = "public" } },\n'
        '  { to = "volume" },\n]')), encoding="utf-8")
    pack = load_pack(pack_dir)
    assert list(path_values(pack, {"sensitivity": "secret"})) == ["sensitivity", "volume",
                                                                 "speed_need"]
    assert list(path_values(pack, {"sensitivity": "public"})) == ["sensitivity"]
    assert list(path_values(pack, {"sensitivity": "internal"})) == ["sensitivity", "volume",
                                                                   "speed_need"]


def test_text_output_renders_paths_in_words(clean_env: dict[str, str], tmp_path: Path) -> None:
    answers = tmp_path / "a.toml"
    answers.write_text('[answers]\nsensitivity = "secret"\n', encoding="utf-8")
    result = cli("decide", "--answers", str(answers),
                             "--knowledge", str(TINY),
                            env=clean_env, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "sensitivity = secret -> excludes api: secret data may not leave" in result.stdout


@pytest.mark.parametrize("qid", ["sensitivity", "volume", "speed_need"])
def test_questions_left_on_the_tiny_pack(tiny: KnowledgePack, qid: str) -> None:
    expected = {"sensitivity": 3, "volume": 2, "speed_need": 1}
    assert questions_left(decision_graph(tiny), qid) == expected[qid]


def test_engine_doc_pictures_the_flow_the_graph_command_prints(clean_env: dict[str, str]) -> None:
    """docs/engine.md's Mermaid picture is what `archdecide graph --format mermaid` prints for the
    bundled pack, so a question added to the flow cannot leave the picture behind."""
    printed = cli("graph", "--format", "mermaid", env=clean_env, check=True).stdout
    doc = (ROOT / "docs" / "engine.md").read_text(encoding="utf-8")
    block = doc.split("```mermaid\n", 1)[1].split("```", 1)[0]
    assert block.strip() == printed.strip(), (
        "docs/engine.md's Mermaid block differs from `archdecide graph --format mermaid`")
