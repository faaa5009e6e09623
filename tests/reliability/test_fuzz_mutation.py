"""Mutation fuzzing of household files through the command line.

Every mutant is either a valid household (``kinfolio validate`` exits 0, then ``summary --json``
exits 0 with finite numbers, and ``plan`` (64 paths) and ``succession`` exit 0 with finite JSON or
2 with a message) or ``validate`` exits 2 with at least one message — never a traceback, never a
hang (each in-process run is under a 20 s alarm).

Counts: 450 byte mutants (flips, insertions, deletions, truncations, splices) and 600 structural
mutants (deleted keys, changed types, huge/negative/NaN/infinite numbers, Unicode, duplicated and
emptied lists, deep nesting) run in-process via ``cli.main``; 14 run as subprocesses checking the
real exit code and that stderr carries no "Traceback".
"""

from __future__ import annotations

import contextlib
import copy
import io
import json
import math
import os
import signal
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import cli
from household import DEMO_IDS, demo_path
from household.io import MAX_FILE_BYTES, problems

from .walk import numbers

ROOT = Path(__file__).resolve().parents[2]
SEEDS = [demo_path(d).read_bytes() for d in DEMO_IDS]
WEIRD_VALUES = [None, True, False, 0, -1, -1e308, 1e308, 10**400, 1e-320, "", "  ", "NaN",
                "Infinity", "名字" * 300, "\u0000", "\ud7ff", "😀", "<b>x</b>", "=1+1", [], {},
                [1, 2], {"a": 1}, "2026-02-30", "9999-99-99", "CNY", "p0", 0.5, 2, 1.0000001]
NUMBER_TEXT = ["NaN", "Infinity", "-Infinity", "1e999", "-1e999", "-0", "1e-400",
               "123456789012345678901234567890", "0x10", "1_000", ".5", "5.", "+1"]


class Hang(Exception):
    pass


@contextlib.contextmanager
def alarm(seconds: int):
    def on_alarm(signum, frame):
        raise Hang(f"no answer within {seconds} s")

    old = signal.signal(signal.SIGALRM, on_alarm)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


def run_cli(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with alarm(20), contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        rc = cli.main(argv)
    return rc, out.getvalue(), err.getvalue()


def check_file(path: Path) -> str:
    """Validate one mutant in-process; returns "valid" or "invalid" or fails the test."""
    rc, _out, err = run_cli(["validate", str(path), "-q"])
    assert "Traceback" not in err
    if rc == 0:
        rc2, out2, err2 = run_cli(["summary", str(path), "--json"])
        assert rc2 == 0, err2
        doc = json.loads(out2)
        assert all(math.isfinite(v) for v in numbers(doc))
        deeper(path, doc)
        return "valid"
    assert rc == 2, (rc, err)
    assert err.strip(), "exit 2 without a message"
    assert all(line.strip() for line in err.strip().splitlines())
    return "invalid"


def deeper(path: Path, summary_doc: dict) -> None:
    """A valid mutant also goes through the planner (64 paths) and a death today: exit 0 with
    finite JSON, or exit 2 with a message (e.g. a rule set not encoded for that date)."""
    people = list(summary_doc.get("people", {}))
    runs = [["plan", str(path), "--paths", "64", "--seed", "3", "--json"]]
    if people:
        runs.append(["succession", str(path), "--deceased", people[0], "--json"])
    for argv in runs:
        rc, out, err = run_cli(argv)
        assert "Traceback" not in err
        assert rc in (0, 2), (argv, rc, err)
        if rc == 0:
            assert all(math.isfinite(v) for v in numbers(json.loads(out)))
        else:
            assert err.strip()


# ----------------------------------------------------------------------------- byte mutants
def byte_mutant(rng: np.random.Generator, data: bytes) -> bytes:
    b = bytearray(data)
    for _ in range(int(rng.integers(1, 6))):
        op = int(rng.integers(0, 5))
        i = int(rng.integers(0, max(1, len(b))))
        if op == 0 and b:  # flip bits
            b[i % len(b)] ^= 1 << int(rng.integers(0, 8))
        elif op == 1:  # insert random bytes
            b[i:i] = rng.integers(0, 256, size=int(rng.integers(1, 8)), dtype=np.uint8).tobytes()
        elif op == 2 and b:  # delete a run
            del b[i:i + int(rng.integers(1, 40))]
        elif op == 3:  # truncate
            b = b[:i]
        else:  # splice a piece of the file elsewhere
            j = int(rng.integers(0, max(1, len(b))))
            b[j:j] = b[i:i + int(rng.integers(1, 200))]
    return bytes(b)


def test_450_byte_mutants_are_valid_or_refused_with_a_message(tmp_path):
    rng = np.random.default_rng(np.random.SeedSequence(7001))
    outcome = {"valid": 0, "invalid": 0}
    for k in range(450):
        data = byte_mutant(rng, SEEDS[k % len(SEEDS)])
        path = tmp_path / f"m{k}.json"
        path.write_bytes(data)
        outcome[check_file(path)] += 1
    assert sum(outcome.values()) == 450
    assert outcome["invalid"] > 300  # most byte damage breaks the JSON or the format


# ----------------------------------------------------------------------------- structural mutants
def _paths(x, prefix=()):
    yield prefix
    if isinstance(x, dict):
        for k, v in x.items():
            yield from _paths(v, (*prefix, k))
    elif isinstance(x, list):
        for i, v in enumerate(x):
            yield from _paths(v, (*prefix, i))


def _get(x, path):
    for p in path:
        x = x[p]
    return x


def structural_mutant(rng: np.random.Generator, doc: dict) -> str:
    doc = copy.deepcopy(doc)
    for _ in range(int(rng.integers(1, 4))):
        paths = [p for p in _paths(doc) if p]
        path = paths[int(rng.integers(0, len(paths)))]
        parent, key = _get(doc, path[:-1]), path[-1]
        op = int(rng.integers(0, 7))
        if op == 0:  # delete the key or item
            del parent[key]
        elif op == 1:  # another type or an extreme value
            parent[key] = copy.deepcopy(WEIRD_VALUES[int(rng.integers(0, len(WEIRD_VALUES)))])
        elif op == 2 and isinstance(parent[key], (int, float)) and not isinstance(
                parent[key], bool):
            parent[key] = float(parent[key]) * float(rng.choice([-1, 1e12, 1e300, -1e-9, 0]))
        elif op == 3 and isinstance(parent[key], str):  # Unicode and markup in text
            parent[key] = parent[key] + rng.choice(["\u202e", "𠀋", "\x00", "\ufeff", "<i>",
                                                    "'; DROP TABLE households; --"])
        elif op == 4 and isinstance(parent[key], list):
            parent[key] = parent[key] * 2 if rng.random() < 0.5 else []
        elif op == 5 and isinstance(parent, dict):  # an unknown key beside it
            parent[f"{key}_typo"] = 1
        else:  # nest deeper
            parent[key] = [parent[key]]
    text = json.dumps(doc, ensure_ascii=bool(rng.random() < 0.5))
    if rng.random() < 0.25:  # numbers JSON does not allow, or odd number spellings
        marker = '"__NUM__"'
        text = text.replace('"' + str(doc.get("id")) + '"', marker, 1)
        text = text.replace(marker, NUMBER_TEXT[int(rng.integers(0, len(NUMBER_TEXT)))], 1)
    return text


def test_600_structural_mutants_are_valid_or_refused_with_a_message(tmp_path):
    rng = np.random.default_rng(np.random.SeedSequence(7002))
    docs = [json.loads(s) for s in SEEDS]
    outcome = {"valid": 0, "invalid": 0}
    for k in range(600):
        path = tmp_path / f"s{k}.json"
        path.write_text(structural_mutant(rng, docs[k % len(docs)]), encoding="utf-8")
        outcome[check_file(path)] += 1
    assert sum(outcome.values()) == 600
    assert outcome["valid"] > 0 and outcome["invalid"] > 0


def test_pathological_documents_are_refused_quickly(tmp_path):
    cases = {
        "deep.json": b"[" * 200_000 + b"]" * 200_000,
        "deep_obj.json": b'{"a":' * 100_000 + b"1" + b"}" * 100_000,
        "empty.json": b"",
        "bom.json": b"\xef\xbb\xbf",
        "utf16.json": '{"format": "kinfolio.household/1"}'.encode("utf-16"),
        "nul.json": b"\x00" * 1000,
        "number.json": b"1e999999999",
        "long_number.json": b"1" * 5000,
        "string.json": b'"' + b"x" * 1_000_000 + b'"',
        "dup.json": b'{"format": "kinfolio.household/1", "format": "x"}',
        "wide.json": json.dumps({"format": "kinfolio.household/1", "id": "w", "name": "w",
                                 "as_of": "2026-01-01", "base_currency": "CNY",
                                 "jurisdiction": "CN",
                                 "people": [{"id": "p"}] * 20_000}).encode(),
    }
    for name, data in cases.items():
        path = tmp_path / name
        path.write_bytes(data)
        assert check_file(path) == "invalid", name
    assert problems(b" " * (MAX_FILE_BYTES + 1))[0].message.startswith("file is larger")


SUBPROCESS_CASES = 14


@pytest.mark.parametrize("k", range(SUBPROCESS_CASES))
def test_14_subprocess_runs_exit_0_or_2_without_traceback(tmp_path, k):
    rng = np.random.default_rng(np.random.SeedSequence([7003, k]))
    seed = SEEDS[k % len(SEEDS)]
    if k < 5:
        data = byte_mutant(rng, seed)
    elif k < 12:
        data = structural_mutant(rng, json.loads(seed)).encode()
    elif k == 12:
        data = seed
    else:
        data = b"[" * 100_000
    path = tmp_path / "m.json"
    path.write_bytes(data)
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    r = subprocess.run([sys.executable, "-c", "import sys, cli; sys.exit(cli.main())",
                        "validate", str(path)], capture_output=True, text=True, timeout=60,
                       cwd=ROOT, env=env)
    assert r.returncode in (0, 2), r.stderr
    assert "Traceback" not in r.stderr
    if k == 12:
        assert r.returncode == 0
    if r.returncode == 2:
        assert r.stderr.strip()
