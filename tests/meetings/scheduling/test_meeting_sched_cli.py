"""Command line, generator, and the official checker on the shared real instances."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from innobelt.meetings.scheduling import generate, load_instance, parse_instance
from innobelt.meetings.scheduling.cli import main
from innobelt.meetings.scheduling.generator import main as generator_main
from innobelt.meetings.scheduling.instance import dump_schedule
from innobelt.meetings.scheduling.solver import schedule_meetings


def shared_meetings() -> Path:
    """shared/benchmarks/meetings: $INNOBELT_SHARED, else the sibling of the repository."""
    root = os.environ.get("INNOBELT_SHARED")
    shared = Path(root) if root else Path(__file__).resolve().parents[3].parent / "shared"
    return shared / "benchmarks" / "meetings"


SHARED = shared_meetings()
needs_shared = pytest.mark.skipif(
    not (SHARED / "check_schedule.py").is_file(),
    reason=f"shared benchmark folder absent ({SHARED}); set INNOBELT_SHARED to run these")

SMALL = {"name": "small",
         "slots": [{"id": "s1", "tables": 1}, {"id": "s2", "tables": 1}],
         "participants": [{"id": p} for p in "abcd"],
         "requests": [{"a": "a", "b": "b", "weight": 2}, {"a": "c", "b": "d", "weight": 1},
                      {"a": "a", "b": "c", "weight": 1}]}


@pytest.fixture
def small_file(tmp_path):
    path = tmp_path / "small.json"
    path.write_text(json.dumps(SMALL), encoding="utf-8")
    return path


def test_cli_writes_schedule_and_prints_figures(small_file, tmp_path, capsys):
    out = tmp_path / "sched.json"
    code = main(["schedule-meetings", str(small_file), "--out", str(out), "--time-limit", "10"])
    assert code == 0
    printed = capsys.readouterr().out
    for word in ("value 3", "bound 3", "gap 0.00%", "time", "method highs"):
        assert word in printed
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert doc["value"] == 3 and doc["bound"] == 3 and doc["gap"] == 0
    assert doc["method"] == "highs" and doc["fallback"] is False
    assert sorted((m["a"], m["b"]) for m in doc["meetings"]) == [("a", "b"), ("c", "d")]
    assert all(m["table"] == 1 for m in doc["meetings"])


def test_cli_greedy_and_fairness_options(small_file, tmp_path, capsys):
    out = tmp_path / "g.json"
    assert main([str(small_file), "--out", str(out), "--greedy", "fcfs"]) == 0
    assert "method greedy" in capsys.readouterr().out
    assert json.loads(out.read_text(encoding="utf-8"))["method"] == "greedy"
    assert main([str(small_file), "--fairness", "first", "--time-limit", "5"]) == 0
    assert "value 3" in capsys.readouterr().out


def test_cli_keep_file(small_file, tmp_path, capsys):
    keep = tmp_path / "keep.json"
    keep.write_text(json.dumps({"meetings": [{"a": "a", "b": "c", "slot": "s2"}]}),
                    encoding="utf-8")
    out = tmp_path / "k.json"
    assert main([str(small_file), "--keep", str(keep), "--out", str(out)]) == 0
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert {"a": "a", "b": "c", "slot": "s2", "table": 1} in doc["meetings"]
    assert doc["value"] == 3   # a-c kept in s2 (1) + a-b in s1 (2); c-d finds no table


@pytest.mark.parametrize("content, message", [
    ('{"slots": [', "malformed JSON"),
    (json.dumps({**SMALL, "requests": [{"a": "a", "b": "x", "weight": 1}]}),
     "unknown participant 'x'"),
    (json.dumps({**SMALL, "fixed": [{"a": "b", "b": "d", "slot": "s1"}]}),
     "does not match any request"),
])
def test_cli_exit_2_on_bad_instance(tmp_path, capsys, content, message):
    path = tmp_path / "bad.json"
    path.write_text(content, encoding="utf-8")
    out = tmp_path / "never.json"
    assert main([str(path), "--out", str(out)]) == 2
    assert message in capsys.readouterr().err
    assert not out.exists()


def test_cli_exit_2_on_missing_file_and_bad_args(tmp_path, capsys):
    assert main([str(tmp_path / "nope.json")]) == 2
    assert "no such file" in capsys.readouterr().err
    assert main(["--time-limit"]) == 2


def test_python_dash_m_runs_the_cli(small_file, tmp_path):
    out = tmp_path / "m.json"
    proc = subprocess.run([sys.executable, "-m", "innobelt.meetings.scheduling",
                           str(small_file), "--out", str(out), "--time-limit", "10"],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert "value 3" in proc.stdout and out.is_file()
    bad = tmp_path / "bad.json"
    bad.write_text("{", encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "innobelt.meetings.scheduling", str(bad)],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2 and "malformed JSON" in proc.stderr


def test_generator_is_seeded_and_valid(tmp_path):
    a = generate(300, 12, regime="people", seed=3)
    assert a == generate(300, 12, regime="people", seed=3)
    assert a != generate(300, 12, regime="people", seed=4)
    inst = parse_instance(a)
    assert len(inst.participants) == 300 and len(inst.slots) == 12
    assert all(p.max_meetings == 8 for p in inst.participants)
    assert inst.slots[0].tables == 90                   # tables for 60 % of participants
    assert 2500 < len(inst.requests) <= 3000
    assert {r.weight for r in inst.requests} <= {1, 2, 3, 4, 5}
    unavailable = sum(len(p.unavailable) for p in inst.participants) / (300 * 12)
    assert 0.06 < unavailable < 0.14
    asked = {}
    for r in inst.requests:
        asked[r.b] = asked.get(r.b, 0) + 1
    assert max(asked.values()) > 50                     # Zipf-like popularity
    t = parse_instance(generate(300, 12, regime="tables", seed=3))
    assert t.slots[0].tables == 30


def test_generator_cli(tmp_path, capsys):
    out = tmp_path / "gen.json"
    assert generator_main(["--regime", "tables", "--participants", "300", "--slots", "12",
                           "--seed", "1", "--out", str(out)]) == 0
    inst = load_instance(out)
    assert len(inst.participants) == 300
    assert main(["generate", "--participants", "1", "--slots", "3", "--out",
                 str(tmp_path / "x.json")]) == 2


def test_generated_event_solved_to_proven_optimum():
    inst = parse_instance(generate(300, 12, regime="people", seed=5))
    r = schedule_meetings(inst, time_limit=20)
    assert r.status == "optimal" and r.value == r.bound and r.gap == 0
    assert r.method == "highs" and not r.fallback


@needs_shared
@pytest.mark.parametrize("name, optimum", [
    ("tic-12.fixed040-Forb", 123),
    ("tic-13.forb0003", 179),
    ("forum-13.fixed020-Forb", 154),
])
def test_check_schedule_accepts_real_instances(tmp_path, name, optimum):
    inst_path = SHARED / f"{name}.json"
    out = tmp_path / f"{name}.schedule.json"
    assert main([str(inst_path), "--out", str(out), "--time-limit", "20"]) == 0
    proc = subprocess.run([sys.executable, str(SHARED / "check_schedule.py"), str(inst_path),
                           str(out)], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stdout.startswith(f"value {optimum} ")
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert (doc["value"], doc["bound"], doc["gap"]) == (optimum, optimum, 0)


@needs_shared
def test_people_bound_shared_instance_optimum(tmp_path):
    inst = load_instance(SHARED / "people-bound-1000x16.json")
    r = schedule_meetings(inst, time_limit=30)
    assert (r.value, r.bound, r.status) == (5418, 5418, "optimal")
    out = tmp_path / "pb.json"
    dump_schedule(out, inst, r)
    proc = subprocess.run([sys.executable, str(SHARED / "check_schedule.py"),
                           str(SHARED / "people-bound-1000x16.json"), str(out)],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0 and proc.stdout.startswith("value 5418 ")
